/**
 * Noisy Neighbour (shared/scenarios/noisy-neighbour.yaml): finance's report job (6 cores requested,
 * no limits, a higher PriorityClass, memory that grows) lands beside under-requested checkout pods.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import type { WorldCommand, WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { isSloSample } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const file = fileURLToPath(new URL("../../../shared/scenarios/noisy-neighbour.yaml", import.meta.url));
const scenario = loadScenario(readFileSync(file, "utf8"));
const MiB = 1024 ** 2;
const guaranteedCheckout: WorldCommand = {
  type: "setResources",
  deployment: "checkout",
  requests: { milliCPU: 1000, memoryBytes: 512 * MiB },
  limits: { milliCPU: 1000, memoryBytes: 512 * MiB },
};

function play(at: number | null, until: number) {
  const trace: WorldTraceRecord[] = [];
  const world = new World(scenario, 1, { trace: (r) => trace.push(r) });
  if (at !== null) {
    world.advanceTo(at);
    expect(world.apply(guaranteedCheckout)).toEqual({ accepted: true });
  }
  world.advanceTo(until);
  const evicted = trace.filter((r) => r.kind === "pod.evicted").map((r) => String(r.pod));
  const checkout = trace.filter(isSloSample).filter((r) => r.service === "checkout");
  return { world, evicted, checkout };
}

describe("Noisy Neighbour", () => {
  it("left alone: CFS shares starve the checkout pods beside the job, and the kubelet evicts checkout before the job", () => {
    const { evicted, checkout, world } = play(null, 9 * 60_000);
    // From the job's start, the pods sharing its node get a third of a core for 0.75 core of work.
    const starved = checkout.filter((r) => r.t > 130_000 && r.t < 300_000);
    expect(Math.max(...starved.map((r) => r.availability))).toBeLessThan(0.95);
    // Under MemoryPressure both exceed their requests; the job's PriorityClass ranks checkout first.
    expect(evicted[0]).toMatch(/^checkout-/);
    expect(evicted.findIndex((p) => p.startsWith("report-builder-"))).toBeGreaterThan(0);
    expect(world.objectiveStatus().recoveredAtMs).toBeNull();
  }, 60_000);

  it("with Guaranteed checkout pods (requests = limits), checkout keeps its CPU and is never the one evicted", () => {
    const { evicted, checkout, world } = play(130_000, 9 * 60_000);
    expect(evicted.some((p) => p.startsWith("checkout-"))).toBe(false);
    expect(evicted.some((p) => p.startsWith("report-builder-"))).toBe(true);
    expect(checkout.filter((r) => r.t > 240_000).every((r) => r.availability === 1)).toBe(true);
    expect(world.objectiveStatus().recoveredAtMs).not.toBeNull();
  }, 60_000);

  it("refuses limits below the requests, as the API server validates them", () => {
    const world = new World(scenario, 1);
    expect(
      world.apply({
        type: "setResources",
        deployment: "report-builder",
        requests: {},
        limits: { milliCPU: 2000 },
      }),
    ).toMatchObject({
      accepted: false,
      reason: expect.stringContaining("must be less than or equal to cpu limit"),
    });
  });

  it("a memory hog that fills a node is taken by the kernel's OOM killer, by oom_score", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World({ ...scenario, faults: [] }, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(30_000);
    world.inject({ kind: "oomBomb", target: { node: "node-1" }, memoryBytes: 16 * 1024 * MiB });
    world.advanceTo(60_000);
    const oom = trace.find((r) => r.kind === "node.oom");
    expect(oom?.pod).toMatch(/^memory-hog-/);
    expect(world.recentEvents().some((e) => e.reason === "SystemOOM")).toBe(true);
  }, 60_000);
});
