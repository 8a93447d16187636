/**
 * The pod sandbox (shared/sim/kubelet/podSandbox.ts): a pod's IP belongs to its sandbox, the pause
 * container the runtime starts before the app's, so it survives the app's crash loop and changes
 * only with a new sandbox.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { nodePodCidr, sandboxIp } from "../../../shared/sim/kubelet/podSandbox.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { World } from "../../../shared/sim/world/world.ts";

const file = fileURLToPath(new URL("../../../shared/scenarios/kubelets-bad-day.yaml", import.meta.url));
const scenario = loadScenario(readFileSync(file, "utf8"));

describe("pod IPs", () => {
  it("come from the node's /24 of 10.244.0.0/16, in order from .2", () => {
    expect(nodePodCidr(3)).toBe("10.244.3.0/24");
    expect(sandboxIp("10.244.3.0/24", 0)).toBe("10.244.3.2");
    expect(sandboxIp("10.244.3.0/24", 252)).toBe("10.244.3.254");
    expect(sandboxIp("10.244.3.0/24", 253)).toBe("10.244.3.2");
  });

  it("are unique in the cluster as the round finds it", () => {
    const world = new World(scenario, 1);
    const ips = world.podList().map((p) => p.podIP);
    expect(ips.every((ip) => /^10\.244\.\d+\.\d+$/.test(ip))).toBe(true);
    expect(new Set(ips).size).toBe(ips.length);
  });
});

describe("Kubelet's Bad Day", () => {
  it("an OOMKilled pod in CrashLoopBackOff keeps its IP through every restart", () => {
    const world = new World(scenario, 1);
    const before = new Map(
      world
        .podList()
        .filter((p) => p.deployment === "thumbnailer")
        .map((p) => [p.name, p.podIP]),
    );
    world.advanceTo(5 * 60_000);
    const crashing = world.podList().filter((p) => before.has(p.name) && p.restartCount >= 2);
    expect(crashing.length).toBeGreaterThan(0);
    for (const pod of crashing) {
      expect(pod.lastTermination).toBe("OOMKilled");
      expect(pod.podIP).toBe(before.get(pod.name));
    }
  }, 60_000);

  it("a node that reboots gives its pods new sandboxes: SandboxChanged, and new IPs", () => {
    const world = new World({ ...scenario, faults: [] }, 1);
    world.advanceTo(30_000);
    const node = "node-1";
    const before = new Map(
      world
        .podList()
        .filter((p) => p.nodeName === node)
        .map((p) => [p.name, p.podIP]),
    );
    expect(before.size).toBeGreaterThan(0);
    world.inject({ kind: "killNode", node });
    world.advanceTo(40_000);
    world.inject({ kind: "restartNode", node });
    world.advanceTo(45_000);
    const after = world.podList().filter((p) => before.has(p.name));
    expect(after.length).toBe(before.size);
    for (const pod of after) expect(pod.podIP).not.toBe(before.get(pod.name));
    expect(world.recentEvents().filter((e) => e.reason === "SandboxChanged").length).toBe(before.size);
  }, 60_000);
});
