/**
 * A fault's undo undoes only what that fault did (issue 18, item 4): faults in force compose, so a
 * chaos card played over the script's Even Split — groups that reunite the etcd members, for one
 * second — neither lifts the script's 2:2 split while it lasts nor heals it when it ends.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Fault, loadScenario } from "../../../shared/sim/scenario/index.ts";
import type { WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));
const evenSplit = loadScenario(readFileSync(`${folder}even-split.yaml`, "utf8"));
// The script's first split is timed (it heals by itself): the card is played while it holds.
const split = evenSplit.faults.find((f) => f.fault.kind === "partition" && f.durationMs !== null)!;
const healAt = split.atMs + (split.durationMs ?? 0);

describe("faults in force compose; each one's end undoes only itself", () => {
  it("a one-second card that reunites the etcd members does not heal the script's 2:2 split", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World(evenSplit, 1, { trace: (r) => trace.push(r) });
    const playedAt = split.atMs + (split.durationMs ?? 0) / 3;
    world.advanceTo(playedAt);
    expect(world.etcdWritable()).toBe(false);
    const reunite: Fault = {
      kind: "partition",
      groups: [["etcd-1", "etcd-2", "etcd-3", "etcd-4"], ["node-a-1"]],
    };
    expect(
      world.apply({ type: "injectFault", card: "split-racks", fault: reunite, durationMs: 1_000 }),
    ).toEqual({
      accepted: true,
    });
    world.advanceTo(healAt - 1_000);
    // The script's split held throughout: no etcd leader from a little after it struck until it heals.
    const leaders = trace.filter((r) => r.kind === "etcd.leader" && r.t > split.atMs + 5_000 && r.t < healAt);
    expect(leaders.every((r) => r.member === "")).toBe(true);
    expect(world.etcdWritable()).toBe(false);
    expect(world.snapshot().faults.inForce.map((f) => f.fault)).toEqual([split.fault]);
    // Its own end heals it: a leader within seconds.
    world.advanceTo(healAt + 10_000);
    expect(world.etcdWritable()).toBe(true);
    expect(world.snapshot().faults.inForce).toEqual([]);
  });

  it("two partitions cut both their links; ending one leaves the other's", () => {
    const s = { ...evenSplit, faults: [] };
    const world = new World(s, 2);
    world.advanceTo(20_000);
    const cutOff = (member: string): Fault => ({
      kind: "partition",
      groups: [[member], ["etcd-1", "etcd-2", "etcd-3", "etcd-4"].filter((m) => m !== member)],
    });
    world.inject(cutOff("etcd-1"), 30_000);
    world.inject(cutOff("etcd-2"), null);
    world.advanceTo(45_000);
    // Two of four cut off: no quorum.
    expect(world.etcdWritable()).toBe(false);
    world.advanceTo(60_000);
    // The first ended; etcd-2 is still alone, three of four make a quorum.
    expect(world.snapshot().faults.inForce.map((f) => f.fault)).toEqual([cutOff("etcd-2")]);
    expect(world.etcdWritable()).toBe(true);
  });

  it.each<[string, Fault, Fault, (w: World) => number]>([
    [
      "traffic spikes on one Service: the larger holds while both do, the other after",
      { kind: "trafficSpike", service: "web", multiplier: 3 },
      { kind: "trafficSpike", service: "web", multiplier: 5 },
      (w) => new Map(w.snapshot().spikes).get("web") ?? 1,
    ],
    [
      "slow disks on one member: the slower holds while both do, the other after",
      { kind: "slowDisk", member: "etcd-3", fsyncLatencyMs: 3 },
      { kind: "slowDisk", member: "etcd-3", fsyncLatencyMs: 5 },
      (w) => {
        const last = w.snapshot().etcd.log.findLast((a) => a.kind === "slowDisk");
        return last?.kind === "slowDisk" ? last.fsyncMs || 1 : 1;
      },
    ],
  ])("%s", (_name, weaker, stronger, read) => {
    const world = new World({ ...evenSplit, faults: [] }, 3);
    world.advanceTo(10_000);
    world.inject(stronger, 5_000);
    world.inject(weaker, 20_000);
    const both = read(world);
    world.advanceTo(16_000);
    const weakerAlone = read(world);
    world.advanceTo(40_000);
    // 5 while both are in force, 3 once the stronger ended, nothing (1×, no delay) after both.
    expect([both, weakerAlone, read(world)]).toEqual([5, 3, 1]);
  });

  it("a fault's taint is removed when it ends only if that fault put it there", () => {
    const world = new World({ ...evenSplit, faults: [] }, 4);
    world.advanceTo(10_000);
    const taint = { key: "dedicated", value: "db", effect: "NoSchedule" } as const;
    expect(world.apply({ type: "taintNode", node: "node-a-1", taint }).accepted).toBe(true);
    world.inject({ kind: "taintNode", node: "node-a-1", taint }, 5_000);
    world.advanceTo(20_000);
    // The operator's taint outlives the fault that found it there.
    expect(
      world
        .nodeList()
        .find((n) => n.name === "node-a-1")
        ?.taints.map((t) => t.key),
    ).toContain("dedicated");
    world.inject({ kind: "taintNode", node: "node-b-1", taint }, 5_000);
    world.advanceTo(30_000);
    expect(
      world
        .nodeList()
        .find((n) => n.name === "node-b-1")
        ?.taints.map((t) => t.key),
    ).not.toContain("dedicated");
  });
});
