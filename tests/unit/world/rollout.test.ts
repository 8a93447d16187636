/**
 * Rollouts on the World: CrashLoopBackOff's documented sequence, a bad rollout held at
 * maxSurge/maxUnavailable so the old pods keep serving, the progress deadline, and rollback.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario, type Scenario } from "../../../shared/sim/scenario/index.ts";
import type { WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const scenario = (name: string): Scenario => loadScenario(readFileSync(`${folder}${name}.yaml`, "utf8"));

function settled(name: string, seed = 1) {
  const trace: WorldTraceRecord[] = [];
  const s = scenario(name);
  const world = new World({ ...s, faults: [] }, seed, { trace: (r) => trace.push(r) });
  world.advanceTo(120_000);
  return { world, trace, s };
}

describe("a crash-looping rollout", () => {
  it("restarts its containers after 10, 20, 40, 80, 160, 300, 300 s (CrashLoopBackOff)", () => {
    const { world, trace, s } = settled("zone-down");
    const d = s.cluster.deployments[0];
    if (d === undefined) throw new Error("no deployment");
    expect(
      world.inject({ kind: "badRollout", deployment: d.name, image: "corp/broken:1", failure: "crashLoop" }),
    ).toEqual({
      accepted: true,
    });
    world.advanceTo(120_000 + 20 * 60_000);
    const restarts = trace.filter((r) => r.kind === "container.restart");
    const firstPod = restarts[0]?.pod;
    const delays = restarts.filter((r) => r.pod === firstPod).map((r) => r.backOffMs);
    expect(delays.slice(0, 7)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  });

  it("is held back by maxSurge and maxUnavailable: the old pods keep serving, then the deadline passes", () => {
    const { world, trace, s } = settled("zone-down");
    const d = s.cluster.deployments[0];
    if (d === undefined) throw new Error("no deployment");
    const replicas = d.replicas;
    world.inject({ kind: "badRollout", deployment: d.name, image: "corp/broken:1", failure: "crashLoop" });
    world.advanceTo(120_000 + 5 * 60_000);
    // 25 % surge (rounded up) new pods at most; 25 % unavailable (rounded down) old pods gone at most.
    const surge = Math.ceil(replicas / 4);
    const unavailable = Math.floor(replicas / 4);
    const pods = world.podList().filter((p) => p.deployment === d.name && !p.deleting);
    const broken = pods.filter((p) => p.containers[0]?.image === "corp/broken:1");
    expect(broken.length).toBeLessThanOrEqual(surge + unavailable);
    expect(broken.every((p) => !p.ready)).toBe(true);
    expect(world.deploymentStatus(d.name)?.readyReplicas).toBeGreaterThanOrEqual(replicas - unavailable);
    expect(trace.some((r) => r.kind === "rollout.stalled")).toBe(false);
    // progressDeadlineSeconds 600 without progress: Progressing=False.
    world.advanceTo(120_000 + 11 * 60_000);
    expect(trace.find((r) => r.kind === "rollout.stalled")?.deployment).toBe(d.name);
    expect(world.recentEvents().some((e) => e.reason === "ProgressDeadlineExceeded")).toBe(true);
  });

  it("rolls back to the previous template, and every replica is ready again", () => {
    const { world, s } = settled("zone-down");
    const d = s.cluster.deployments[0];
    if (d === undefined) throw new Error("no deployment");
    expect(world.apply({ type: "rolloutUndo", deployment: d.name, toRevision: null }).accepted).toBe(false);
    world.inject({
      kind: "badRollout",
      deployment: d.name,
      image: "corp/broken:1",
      failure: "readinessFails",
    });
    world.advanceTo(300_000);
    expect(world.apply({ type: "rolloutUndo", deployment: d.name, toRevision: null })).toEqual({
      accepted: true,
    });
    world.advanceTo(600_000);
    const live = world.podList().filter((p) => p.deployment === d.name && !p.deleting);
    expect(live.every((p) => p.containers[0]?.image !== "corp/broken:1")).toBe(true);
    expect(world.deploymentStatus(d.name)).toEqual({ replicas: d.replicas, readyReplicas: d.replicas });
  });

  it("a healthy rollout replaces every pod without dropping below replicas − maxUnavailable", () => {
    const { world, trace, s } = settled("zone-down");
    const d = s.cluster.deployments[0];
    if (d === undefined) throw new Error("no deployment");
    const image = d.template.containers[0]?.image ?? "";
    expect(world.apply({ type: "setImage", deployment: d.name, image: `${image}-next` })).toEqual({
      accepted: true,
    });
    let lowest = d.replicas;
    for (let t = 121_000; t <= 600_000; t += 1_000) {
      world.advanceTo(t);
      lowest = Math.min(lowest, world.deploymentStatus(d.name)?.readyReplicas ?? 0);
    }
    expect(lowest).toBeGreaterThanOrEqual(d.replicas - Math.floor(d.replicas / 4));
    const live = world.podList().filter((p) => p.deployment === d.name && !p.deleting);
    expect(live.every((p) => p.containers[0]?.image === `${image}-next`)).toBe(true);
    expect(world.deploymentStatus(d.name)?.readyReplicas).toBe(d.replicas);
    expect(trace.some((r) => r.kind === "rollout")).toBe(true);
  });
});
