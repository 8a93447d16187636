/**
 * Lost Leader (shared/scenarios/lost-leader.yaml): the first control-plane machine dies at 2:00 and
 * the only kube-controller-manager with it (the standbys' manifests were never put back); a worker
 * dies at 4:00. What stops, what keeps running, and how a standby brought back takes the Lease.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultLeaderElection } from "../../../shared/sim/controllers/leaderElection.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { isSloSample, type WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const file = fileURLToPath(new URL("../../../shared/scenarios/lost-leader.yaml", import.meta.url));
const scenario = loadScenario(readFileSync(file, "utf8"));
const shopAvailability = (trace: WorldTraceRecord[], from: number, to: number) =>
  trace.filter(isSloSample).filter((r) => r.service === "shop" && r.t >= from && r.t < to);

describe("Lost Leader", () => {
  it("starts with one controller-manager: the standbys' static pods are stopped", () => {
    const world = new World(scenario, 1);
    expect(world.controlPlaneLoad().stoppedProcesses).toEqual([
      "kube-controller-manager@apiserver-2",
      "kube-controller-manager@apiserver-3",
    ]);
    expect(world.controlPlaneLoad().controllerManagerLeader).toBe("apiserver-1");
  });

  it("left alone: the scheduler hands over, the controller-manager does not, and the dead node's pods keep getting traffic", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World(scenario, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(150_000);
    // A standby kube-scheduler takes the Lease once it is leaseDuration old.
    const elected = trace.find((r) => r.kind === "leader.elected" && r.component === "kube-scheduler");
    expect(elected?.t).toBeGreaterThan(120_000 + defaultLeaderElection.leaseDurationMs - 2_000);
    expect(elected?.t).toBeLessThan(120_000 + defaultLeaderElection.leaseDurationMs + 8_000);
    expect(world.controlPlaneLoad().controllerManagerLeader).toBe("");
    // What keeps running: the pods serve.
    expect(shopAvailability(trace, 125_000, 240_000).every((r) => r.availability === 1)).toBe(true);
    world.advanceTo(600_000);
    // What stops: nobody marks the dead node NotReady, replaces its pods or scales for the ramp.
    expect(world.nodeList().find((n) => n.name === "node-b-1")?.ready).toBe("True");
    expect(trace.some((r) => r.kind === "pod.created" && r.t > 120_000)).toBe(false);
    expect(trace.some((r) => r.kind === "hpa.rescale" && r.t > 120_000)).toBe(false);
    const afterDeath = shopAvailability(trace, 250_000, 600_000);
    expect(Math.max(...afterDeath.map((r) => r.availability))).toBeLessThan(0.9);
    expect(world.objectiveStatus().recoveredAtMs).toBeNull();
  }, 60_000);

  it("a standby put back starts at the kubelet's next look, takes the Lease 15 s later, and the loops resume", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World(scenario, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(140_000);
    const start = {
      type: "startControlPlane",
      component: "kube-controller-manager",
      machine: "apiserver-2",
    } as const;
    expect(world.apply(start)).toEqual({ accepted: true });
    expect(world.apply(start)).toMatchObject({ accepted: false });
    world.advanceTo(200_000);
    const started = trace.find(
      (r) => r.kind === "process.started" && r.component === "kube-controller-manager",
    );
    expect(started?.t).toBe(160_000);
    const elected = trace.find(
      (r) => r.kind === "leader.elected" && r.component === "kube-controller-manager",
    );
    expect(elected?.t).toBeGreaterThanOrEqual(160_000 + defaultLeaderElection.leaseDurationMs);
    expect(world.controlPlaneLoad().controllerManagerLeader).toBe("apiserver-2");
    world.advanceTo(600_000);
    // The node lifecycle controller sees node-b-1's Lease stop: NotReady, its pods out of the Endpoints.
    expect(world.nodeList().find((n) => n.name === "node-b-1")?.ready).not.toBe("True");
    expect(trace.some((r) => r.kind === "hpa.rescale" && r.t > 360_000)).toBe(true);
    expect(world.objectiveStatus().recoveredAtMs).not.toBeNull();
  }, 60_000);
});
