/**
 * Memory on the World: a container over its limit is OOM-killed and crash-loops; a node short of
 * memory goes MemoryPressure, is tainted, and its kubelet evicts the pod furthest over its
 * request first.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import type { WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const scenario = loadScenario(readFileSync(`${folder}kubelets-bad-day.yaml`, "utf8"));
const GiB = 1024 ** 3;

function world() {
  const trace: WorldTraceRecord[] = [];
  const w = new World({ ...scenario, faults: [] }, 1, { trace: (r) => trace.push(r) });
  w.advanceTo(120_000);
  return { w, trace };
}

describe("memory", () => {
  it("a deployment leaking past its 768 Mi limit is OOM-killed and restarts on CrashLoopBackOff", () => {
    const { w, trace } = world();
    expect(w.inject({ kind: "oomBomb", target: { deployment: "api" }, memoryBytes: GiB })).toEqual({
      accepted: true,
    });
    w.advanceTo(120_000 + 10 * 60_000);
    const restarts = trace.filter((r) => r.kind === "container.restart" && r.reason === "OOMKilled");
    const first = restarts[0]?.pod;
    expect(first).toBeDefined();
    expect(
      restarts
        .filter((r) => r.pod === first)
        .map((r) => r.backOffMs)
        .slice(0, 4),
    ).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(w.deploymentStatus("api")?.readyReplicas).toBeLessThan(w.deploymentStatus("api")?.replicas ?? 0);
  });

  it("a pod without a limit filling a node: MemoryPressure, a taint, and the hog evicted first", () => {
    const { w, trace } = world();
    const node = w.nodeList()[0];
    if (node === undefined) throw new Error("no node");
    const onNode = w.podList().filter((p) => p.nodeName === node.name);
    const before = onNode.length;
    // Enough to leave 50 Mi: under the kubelet's memory.available<100Mi, short of the kernel's OOM.
    const used = onNode.reduce((sum, p) => sum + p.memoryUsageBytes, 0);
    const memoryBytes = node.allocatable.memoryBytes - used - 50 * 1024 ** 2;
    expect(w.inject({ kind: "oomBomb", target: { node: node.name }, memoryBytes })).toEqual({
      accepted: true,
    });
    w.advanceTo(140_000);
    const pressure = trace.find(
      (r) => r.kind === "node.condition" && r.type === "MemoryPressure" && r.status === "True",
    );
    expect(pressure?.node).toBe(node.name);
    expect(
      w
        .nodeList()
        .find((n) => n.name === node.name)
        ?.taints.some((t) => t.key === "node.kubernetes.io/memory-pressure"),
    ).toBe(true);
    // The hog uses far more than it requested (nothing): it goes first, with the kubelet's message.
    const evicted = trace.filter((r) => r.kind === "pod.evicted");
    expect(evicted[0]?.pod).toBe("memory-hog-1");
    expect(w.recentEvents().find((e) => e.reason === "Evicted")?.message).toBe(
      "The node was low on resource: memory.",
    );
    // Memory is back: no more evictions, and the condition clears after the 5 min transition period.
    w.advanceTo(140_000 + 6 * 60_000);
    expect(trace.filter((r) => r.kind === "pod.evicted").length).toBe(1);
    const cleared = trace.find(
      (r) => r.kind === "node.condition" && r.type === "MemoryPressure" && r.status === "False",
    );
    expect((cleared?.t ?? 0) - (pressure?.t ?? 0)).toBeGreaterThanOrEqual(300_000);
    expect(w.podList().filter((p) => p.nodeName === node.name && p.phase === "Running").length).toBe(before);
  });
});

describe("disk", () => {
  it("a filled filesystem: DiskPressure, its taint, and the kubelet evicting one pod per 10 s pass", () => {
    const { w, trace } = world();
    const node = w.nodeList().find((n) => w.podList().filter((p) => p.nodeName === n.name).length >= 2);
    if (node === undefined) throw new Error("no node with two pods");
    expect(w.inject({ kind: "diskFill", node: node.name, fraction: 0.95 })).toEqual({ accepted: true });
    w.advanceTo(150_000);
    expect(
      trace.find((r) => r.kind === "node.condition" && r.type === "DiskPressure" && r.status === "True")
        ?.node,
    ).toBe(node.name);
    expect(
      w
        .nodeList()
        .find((n) => n.name === node.name)
        ?.taints.some((t) => t.key === "node.kubernetes.io/disk-pressure"),
    ).toBe(true);
    const evicted = trace.filter((r) => r.kind === "pod.evicted" && r.node === node.name);
    expect(evicted.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < evicted.length; i++) {
      expect((evicted[i]?.t ?? 0) - (evicted[i - 1]?.t ?? 0)).toBe(10_000);
    }
    expect(w.recentEvents().find((e) => e.reason === "Evicted")?.message).toBe(
      "The node was low on resource: ephemeral-storage.",
    );
  });
});
