/**
 * The operator's guided member replacement (client/ui/memberReplacement.ts) driven against the
 * World: each step is the real command, and etcd refuses a promote before the learner is in sync.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type MemberReplacement, replacementStep } from "../../../client/ui/memberReplacement.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { World } from "../../../shared/sim/world/world.ts";
import { commandLine, memberId } from "../../../shared/words/commandLine.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));

function threeMembers(): { world: World; names: string[] } {
  const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
  const s = { ...base, faults: [], etcd: { ...base.etcd, members: base.etcd.members.slice(0, 3) } };
  const world = new World(s, 3);
  world.advanceTo(10_000);
  return { world, names: s.etcd.members.map((m) => m.name) };
}

/** Advances the world a second at a time until `done` holds (at most `limitMs` of simulated time). */
function advanceUntil(world: World, done: () => boolean, limitMs = 60_000): void {
  const until = world.now + limitMs;
  while (!done() && world.now < until) world.advanceTo(world.now + 1_000);
  expect(done()).toBe(true);
}

describe("replacing an etcd member the safe way, step by step", () => {
  it("adds a learner, is refused the promote until it is in sync, promotes it, then removes the old member", () => {
    const { world, names } = threeMembers();
    const old = names[2] ?? "";
    const r: MemberReplacement = { old, replacement: "etcd-new" };
    const step = () => replacementStep(r, world.etcdStatus());

    const add = step();
    expect(add.step).toBe("add");
    if (add.step !== "add") return;
    expect(commandLine(add.command)).toBe("etcdctl member add etcd-new --learner");
    expect(world.apply(add.command)).toEqual({ accepted: true });
    // The learner's machine stops before it has caught up: the guide stays on promote, not ready.
    world.inject({ kind: "killEtcdMember", member: "etcd-new" });
    world.advanceTo(world.now + 3_000);
    const early = step();
    expect(early).toMatchObject({ step: "promote", ready: false, caughtUp: 0 });
    if (early.step !== "promote") return;
    expect(commandLine(early.command)).toBe(`etcdctl member promote ${memberId("etcd-new")}`);
    expect(world.apply(early.command)).toEqual({
      accepted: false,
      reason: "etcdserver: can only promote a learner member which is in sync with leader",
    });
    // Started again, it catches up from the leader and the guide says it is in sync.
    expect(world.apply({ type: "restartEtcdMember", member: "etcd-new" })).toEqual({ accepted: true });
    advanceUntil(world, () => {
      const s = step();
      return s.step === "promote" && s.ready;
    });
    const promote = step();
    if (promote.step !== "promote") throw new Error(`expected promote, got ${promote.step}`);
    expect(promote.caughtUp).toBeGreaterThanOrEqual(0.9);
    expect(world.apply(promote.command)).toEqual({ accepted: true });
    advanceUntil(world, () => step().step === "remove");
    const remove = step();
    if (remove.step !== "remove") throw new Error(`expected remove, got ${remove.step}`);
    expect(commandLine(remove.command)).toBe(`etcdctl member remove ${memberId(old)}`);
    expect(world.apply(remove.command)).toEqual({ accepted: true });
    advanceUntil(world, () => step().step === "done");
    // Three voters again, the new one among them, and a leader standing throughout the change.
    const members = world.etcdStatus();
    expect(members.map((m) => m.name).sort()).toEqual([names[0], names[1], "etcd-new"].sort());
    expect(members.some((m) => m.role === "leader")).toBe(true);
    expect(members.every((m) => m.role === "leader" || m.role === "follower")).toBe(true);
  });

  it("reads the learner's progress against the leader's log", () => {
    const r = { old: "etcd-3", replacement: "etcd-4" };
    const member = (name: string, role: "leader" | "follower" | "learner" | "down", lastIndex: number) => ({
      name,
      role,
      lastIndex,
    });
    const leader = member("etcd-1", "leader", 1000);
    expect(replacementStep(r, [leader, member("etcd-3", "follower", 1000)]).step).toBe("add");
    expect(replacementStep(r, [leader, member("etcd-4", "learner", 450)])).toMatchObject({
      step: "promote",
      caughtUp: 0.45,
      ready: false,
    });
    expect(replacementStep(r, [leader, member("etcd-4", "learner", 900)])).toMatchObject({ ready: true });
    // No leader: nobody can say it is in sync.
    expect(replacementStep(r, [member("etcd-4", "learner", 900)])).toMatchObject({ caughtUp: 0 });
    expect(
      replacementStep(r, [leader, member("etcd-4", "follower", 1000), member("etcd-3", "follower", 1000)]),
    ).toMatchObject({ step: "remove" });
    expect(replacementStep(r, [leader, member("etcd-4", "follower", 1000)])).toEqual({ step: "done" });
  });
});
