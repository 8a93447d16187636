import { describe, expect, it } from "vitest";
import firstLight from "../../../shared/scenarios/first-light.json" with { type: "json" };
import { type LoggedCommand, parseScenario, replay, Simulation } from "../../../shared/sim/index.ts";

const scenario = parseScenario(firstLight);
const log: LoggedCommand[] = [
  { at: 2_000, tick: 20, player: "p1", command: { type: "cordon", node: "node-a3" } },
  { at: 2_000, tick: 20, player: "p2", command: { type: "cordon", node: "node-b3" } },
  { at: 90_000, tick: 900, player: "p1", command: { type: "uncordon", node: "node-a3" } },
];

describe("determinism: (scenario, seed, command log) → the same world, byte for byte", () => {
  it("gives the same hash for the same seed and commands", () => {
    const a = replay(scenario, 42, log, 120_000);
    const b = replay(scenario, 42, log, 120_000);
    expect(a.hash()).toBe(b.hash());
    expect(a.podList()).toEqual(b.podList());
  });

  it("gives a different hash for a different seed", () => {
    expect(replay(scenario, 42, log, 120_000).hash()).not.toBe(replay(scenario, 43, log, 120_000).hash());
  });

  it("gives a different hash when a command differs", () => {
    const other = log.map((c, i) =>
      i === 1 ? { ...c, command: { type: "cordon" as const, node: "node-b1" } } : c,
    );
    expect(replay(scenario, 42, log, 120_000).hash()).not.toBe(replay(scenario, 42, other, 120_000).hash());
  });

  it("replays a log the same as applying the commands live, tick by tick", () => {
    const live = new Simulation(scenario, 42);
    let next = 0;
    for (let t = 100; t <= 120_000; t += 100) {
      for (; next < log.length && log[next]!.at === t - 100; next++) live.apply(log[next]!.command);
      live.advanceTo(t);
    }
    expect(live.hash()).toBe(replay(scenario, 42, log, 120_000).hash());
  });

  it("does not depend on how time is sliced into steps", () => {
    const coarse = new Simulation(scenario, 7);
    coarse.advanceTo(60_000);
    const fine = new Simulation(scenario, 7);
    for (let t = 100; t <= 60_000; t += 100) fine.advanceTo(t);
    expect(fine.hash()).toBe(coarse.hash());
  });
});

describe("cordon (kubectl cordon): the node takes no new pods, its pods stay", () => {
  it("places no new pod on a cordoned node while others keep receiving pods", () => {
    const sim = new Simulation(scenario, 3);
    const before = new Set(
      sim
        .podList()
        .filter((p) => p.nodeName === "node-a1")
        .map((p) => p.name),
    );
    expect(sim.apply({ type: "cordon", node: "node-a1" })).toEqual({ accepted: true });
    expect(sim.recentEvents().at(-1)).toMatchObject({ reason: "NodeNotSchedulable", object: "node/node-a1" });
    sim.advanceTo(120_000);
    const onA1 = sim.podList().filter((p) => p.nodeName === "node-a1");
    for (const pod of onA1) expect(before.has(pod.name)).toBe(true);
    const placedElsewhere = sim
      .podList()
      .filter((p) => p.nodeName !== null && p.nodeName !== "node-a1" && p.createdAt > 0);
    expect(placedElsewhere.length).toBeGreaterThan(10);
  });

  it.each([
    [{ type: "cordon", node: "node-zz" }, 'node "node-zz" not found'],
    [{ type: "uncordon", node: "node-a1" }, "node/node-a1 already uncordoned"],
  ] as const)("rejects %j with a reason and changes nothing", (command, reason) => {
    const sim = new Simulation(scenario, 3);
    const hash = sim.hash();
    expect(sim.apply(command)).toEqual({ accepted: false, reason });
    expect(sim.hash()).toBe(hash);
  });

  it("pods that cannot fit anywhere stay Pending with kube-scheduler's summary line", () => {
    const sim = new Simulation(scenario, 5);
    for (const n of scenario.nodes) sim.apply({ type: "cordon", node: n.name });
    sim.advanceTo(10_000);
    const failed = sim.recentEvents().filter((e) => e.reason === "FailedScheduling");
    expect(failed.length).toBeGreaterThan(0);
    // kube-scheduler's own line, preemption's verdict included (cordoned nodes are unresolvable).
    expect(failed[0]!.message).toBe(
      "0/6 nodes are available: 6 node(s) were unschedulable. " +
        "preemption: 0/6 nodes are available: 6 Preemption is not helpful for scheduling..",
    );
    expect(sim.podList().filter((p) => p.nodeName === null).length).toBeGreaterThan(0);
  });
});
