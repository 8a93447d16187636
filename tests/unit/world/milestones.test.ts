import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { type Milestone, MilestoneTracker } from "../../../shared/sim/world/milestones.ts";
import { World } from "../../../shared/sim/world/world.ts";
import { decodePodSpec, encodePodSpec } from "../../../shared/state/podSpec.ts";

/** Plays a shipped scenario's script for `untilMs`, a tick of 100 ms at a time as the room does. */
function play(file: string, untilMs: number, seed = 1): { world: World; milestones: Milestone[] } {
  const scenario = loadScenario(readFileSync(`shared/scenarios/${file}`, "utf8"));
  const tracker = new MilestoneTracker(scenario);
  const world = new World(scenario, seed, { trace: (r) => tracker.record(r) });
  const milestones: Milestone[] = [];
  for (let t = 100; t <= untilMs; t += 100) {
    world.advanceTo(t);
    milestones.push(...tracker.observe(world));
  }
  milestones.push(...tracker.finish(world));
  return { world, milestones };
}

/** The kinds in order, each run of one kind told once. */
const kindsInOrder = (milestones: readonly Milestone[]): string[] =>
  milestones.map((m) => m.kind).filter((kind, i, all) => kind !== all[i - 1]);

describe("milestones", () => {
  it("tell an even etcd split: the incident starts, quorum is lost, no leader until the link heals", () => {
    const { milestones } = play("even-split.yaml", 7 * 60_000);
    const kinds = kindsInOrder(milestones.filter((m) => m.time > 0));
    const start = milestones.find((m) => m.kind === "incidentStart");
    expect(start?.time).toBe(120_000);
    expect(start?.detail).toMatch(/^partition /);
    // The 2:2 split leaves no majority, so no leader can commit until the link comes back at 2:30;
    // when it fails for good at 5m, quorum is lost again.
    const [lost, lostAgain] = milestones.filter((m) => m.kind === "quorumLost");
    const restored = milestones.find((m) => m.kind === "quorumRestored");
    expect(lost?.time).toBeGreaterThanOrEqual(120_000);
    expect(lost?.time).toBeLessThan(125_000);
    expect(restored?.time).toBeGreaterThanOrEqual(150_000);
    expect(lostAgain?.time).toBeGreaterThanOrEqual(5 * 60_000);
    expect(kinds.indexOf("incidentStart")).toBeLessThan(kinds.indexOf("quorumLost"));
    expect(kinds.indexOf("quorumLost")).toBeLessThan(kinds.lastIndexOf("quorumRestored"));
    // The node killed at 6m is a fault of the script too, struck while etcd could not write.
    expect(milestones.filter((m) => m.kind === "fault").map((m) => m.detail)).toContain(
      "killNode node/node-b-2",
    );
    const electedAfterHeal = milestones.filter(
      (m) => m.kind === "leaderElected" && m.time >= 150_000 && m.time < 5 * 60_000,
    );
    expect(electedAfterHeal.length).toBeGreaterThan(0);
    for (let i = 1; i < milestones.length; i++)
      expect(milestones[i]?.time).toBeGreaterThanOrEqual(milestones[i - 1]?.time ?? 0);
  });

  it("tell a zone lost: its nodes go NotReady in one pass, and their pods are evicted after 5 minutes", () => {
    const { milestones } = play("zone-down.yaml", 9 * 60_000);
    // Before the incident: only etcd's first election, at the round's start.
    const start = milestones.findIndex((m) => m.kind === "incidentStart");
    expect(milestones.slice(0, start).every((m) => m.kind === "leaderElected")).toBe(true);
    const kinds = kindsInOrder(milestones.slice(start));
    expect(kinds.slice(0, 2)).toEqual(["incidentStart", "fault"]);
    // Each node goes NotReady at the lifecycle controller's first pass 40 s past its last heartbeat
    // (--node-monitor-grace-period); nodes lost in the same pass are one milestone.
    const notReady = milestones.filter((m) => m.kind === "nodeNotReady");
    expect(notReady.length).toBeLessThan(3);
    expect(notReady.flatMap((m) => m.detail.split(",")).sort()).toEqual(["node-c-1", "node-c-2", "node-c-3"]);
    const evicted = milestones.filter((m) => m.kind === "podsEvicted");
    expect(evicted.length).toBeGreaterThan(0);
    // The taint manager evicts once the pods' 300 s toleration of node.kubernetes.io/unreachable runs out
    // (the DefaultTolerationSeconds admission plugin's default).
    for (const e of evicted) {
      expect(e.detail).toMatch(/^node-c-\d \d+$/);
      const lost = notReady.find((m) => m.detail.split(",").includes(e.detail.split(" ")[0] ?? ""));
      expect(e.time - (lost?.time ?? 0)).toBeGreaterThanOrEqual(300_000);
    }
    expect(kinds.indexOf("nodeNotReady")).toBeLessThan(kinds.indexOf("podsEvicted"));
  });

  it("a replay gives the same milestones", () => {
    expect(play("zone-down.yaml", 4 * 60_000, 7).milestones).toEqual(
      play("zone-down.yaml", 4 * 60_000, 7).milestones,
    );
  });
});

describe("pod specs on the wire", () => {
  it("decode to the very Pod the World hands its Scheduler", () => {
    const scenario = loadScenario(readFileSync("shared/scenarios/even-split.yaml", "utf8"));
    const world = new World(scenario, 1);
    world.advanceTo(60_000);
    world.apply({ type: "scale", deployment: scenario.cluster.deployments[0]?.name ?? "", replicas: 200 });
    let pending = world.podList().filter((p) => p.nodeName === "");
    for (let t = 61_000; t <= 120_000 && pending.length === 0; t += 1_000) {
      world.advanceTo(t);
      pending = world.podList().filter((p) => p.nodeName === "");
    }
    expect(pending.length).toBeGreaterThan(0);
    for (const pod of pending) {
      const spec = world.schedulingSpec(pod.name);
      expect(spec).toBeDefined();
      if (spec === undefined) continue;
      const wire = encodePodSpec(spec);
      expect(wire).not.toContain("[]");
      expect(decodePodSpec(wire)).toEqual(spec);
    }
    expect(decodePodSpec("{")).toBeUndefined();
    expect(decodePodSpec('{"name":3}')).toBeUndefined();
  });
});
