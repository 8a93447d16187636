/**
 * etcd under the World: a real Raft group (shared/sim/etcd on shared/sim/network) decides whether
 * the cluster can change. The timeline: a 2:2 partition of a 4-member etcd leaves no
 * leader and stops scheduling; healing it restores both.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import type { WorldTraceRecord } from "../../../shared/sim/world/types.ts";
import { World } from "../../../shared/sim/world/world.ts";

const folder = fileURLToPath(new URL("../../../shared/scenarios/", import.meta.url));

describe("Even Split", () => {
  it("2:2 loses the leader and freezes the cluster; healing brings both back", () => {
    const s = loadScenario(readFileSync(`${folder}even-split.yaml`, "utf8"));
    expect(s.etcd.members.length).toBe(4);
    // The link's first drop is timed; it fails for good later.
    const [split, forGood] = s.faults.filter((f) => f.fault.kind === "partition");
    if (split === undefined || split.durationMs === null || forGood === undefined)
      throw new Error("even-split has no timed partition before its lasting one");
    const healAt = split.atMs + split.durationMs;
    const trace: WorldTraceRecord[] = [];
    const world = new World(s, 1, { trace: (r) => trace.push(r) });
    world.advanceTo(healAt + 10_000);
    // A change asked after the link came back goes through.
    expect(world.apply({ type: "scale", deployment: "web", replicas: 7 })).toEqual({ accepted: true });
    world.advanceTo(forGood.atMs - 1);

    const leaders = trace.filter((r) => r.kind === "etcd.leader");
    expect(leaders[0]?.member).not.toBe("");
    // The trace carries Raft itself: members' states with their terms, and commits.
    expect(
      trace.some((r) => r.kind === "raft.state" && r.state === "leader" && (r.term as number) >= 1),
    ).toBe(true);
    expect(trace.some((r) => r.kind === "raft.commit" && (r.index as number) >= 1)).toBe(true);
    // Within a couple of election timeouts of the split, no member leads (check-quorum steps it down).
    const lost = leaders.find((r) => r.t >= split.atMs && r.member === "");
    expect(lost).toBeDefined();
    expect((lost?.t ?? 0) - split.atMs).toBeLessThanOrEqual(
      2 * s.etcd.electionTimeoutMs + s.etcd.heartbeatIntervalMs,
    );
    expect(leaders.some((r) => r.t > (lost?.t ?? 0) && r.t < healAt && r.member !== "")).toBe(false);

    // Frozen: nothing is scheduled, no one evicts, no node is marked NotReady.
    const frozen = trace.filter((r) => r.t > (lost?.t ?? 0) && r.t < healAt);
    expect(frozen.some((r) => r.kind === "pod.scheduled" || r.kind === "pod.deleting")).toBe(false);
    expect(frozen.some((r) => r.kind === "node.condition" && r.status === "Unknown")).toBe(false);

    // Healed: a leader within seconds, and the cluster moves again.
    const back = leaders.find((r) => r.t >= healAt && r.member !== "");
    expect(back).toBeDefined();
    expect((back?.t ?? 0) - healAt).toBeLessThanOrEqual(5_000);
    expect(trace.some((r) => r.t > healAt && r.kind === "pod.scheduled")).toBe(true);
    expect(world.objectiveStatus().checks.find((c) => c.kind === "etcdLeader")?.holding).toBe(true);
  });

  it("once the link fails for good, four members stay leaderless; a fifth outside both racks keeps one side writing", () => {
    const s = loadScenario(readFileSync(`${folder}even-split.yaml`, "utf8"));
    const forGood = s.faults.filter((f) => f.fault.kind === "partition")[1];
    if (forGood === undefined) throw new Error("even-split has no lasting partition");
    const leaderAfter = (world: World) => {
      world.advanceTo(forGood.atMs + 60_000);
      return world.etcdStatus().find((m) => m.role === "leader")?.name;
    };
    expect(leaderAfter(new World(s, 1))).toBeUndefined();
    const witnessed = new World(s, 1);
    witnessed.advanceTo(forGood.atMs - 60_000);
    // Between the two drops etcd has a leader, so the membership change (itself a write) commits.
    expect(witnessed.apply({ type: "addEtcdMember", name: "etcd-5" })).toEqual({ accepted: true });
    expect(leaderAfter(witnessed)).toBeDefined();
    expect(witnessed.etcdStatus().map((m) => m.name)).toContain("etcd-5");
    // After the split, the same change is itself a write without a leader: refused.
    const late = new World(s, 1);
    late.advanceTo(forGood.atMs + 30_000);
    expect(late.apply({ type: "addEtcdMember", name: "etcd-5" })).toEqual({
      accepted: false,
      reason: "etcdserver: no leader",
    });
  });

  it("losing one of three members keeps a leader; losing two does not", () => {
    const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    const s = { ...base, faults: [], etcd: { ...base.etcd, members: base.etcd.members.slice(0, 3) } };
    const world = new World(s, 2);
    world.advanceTo(10_000);
    const names = s.etcd.members.map((m) => m.name);
    world.inject({ kind: "killEtcdMember", member: names[0] ?? "" });
    world.advanceTo(20_000);
    // Two of three still make a quorum: a scale-up goes through.
    const start = world.podList().length;
    world.apply({ type: "scale", deployment: s.cluster.deployments[0]?.name ?? "", replicas: 20 });
    world.advanceTo(40_000);
    expect(world.podList().length).toBeGreaterThan(start);
    world.inject({ kind: "killEtcdMember", member: names[1] ?? "" });
    world.advanceTo(40_100);
    const before = world.podList().length;
    // No quorum: the scale-up times out in etcd and cannot create a single pod, even later.
    const scale = { type: "scale", deployment: s.cluster.deployments[0]?.name ?? "", replicas: 30 } as const;
    expect(world.apply(scale)).toEqual({ accepted: false, reason: "etcdserver: request timed out" });
    world.advanceTo(80_000);
    expect(world.podList().length).toBe(before);
    world.inject({ kind: "restartEtcdMember", member: names[1] ?? "" });
    world.advanceTo(140_000);
    expect(world.podList().length).toBe(before);
    // With a quorum again the same scale-up goes through.
    expect(world.apply(scale)).toEqual({ accepted: true });
    world.advanceTo(160_000);
    expect(world.podList().length).toBeGreaterThan(before);
  });
});

describe("the operator's etcdctl", () => {
  const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
  const three = { ...base, faults: [], etcd: { ...base.etcd, members: base.etcd.members.slice(0, 3) } };
  const names = three.etcd.members.map((m) => m.name);

  it("member add grows the quorum's pool: with five members, losing two keeps a leader", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World(three, 3, { trace: (r) => trace.push(r) });
    world.advanceTo(10_000);
    expect(world.apply({ type: "addEtcdMember", name: "etcd-extra-1" })).toEqual({ accepted: true });
    world.advanceTo(15_000);
    expect(world.apply({ type: "addEtcdMember", name: "etcd-extra-2" })).toEqual({ accepted: true });
    expect(world.apply({ type: "addEtcdMember", name: "etcd-extra-2" }).accepted).toBe(false);
    world.advanceTo(30_000);
    world.inject({ kind: "killEtcdMember", member: names[0] ?? "" });
    world.inject({ kind: "killEtcdMember", member: names[1] ?? "" });
    world.advanceTo(60_000);
    const leaders = trace.filter((r) => r.kind === "etcd.leader" && r.t > 30_000);
    expect(leaders.at(-1)?.member).not.toBe("");
    // Writes still commit: a scaled deployment's pods are bound.
    const d = three.cluster.deployments[0]?.name ?? "";
    world.apply({ type: "scale", deployment: d, replicas: (world.deploymentStatus(d)?.replicas ?? 0) + 2 });
    world.advanceTo(90_000);
    expect(trace.some((r) => r.kind === "pod.scheduled" && r.t > 60_000)).toBe(true);
  });

  it("member remove shrinks it: with two members, losing one loses the leader", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World(three, 3, { trace: (r) => trace.push(r) });
    world.advanceTo(10_000);
    expect(world.apply({ type: "removeEtcdMember", member: names[2] ?? "" })).toEqual({ accepted: true });
    expect(world.apply({ type: "removeEtcdMember", member: "nope" })).toEqual({
      accepted: false,
      reason: 'etcd member "nope" not found',
    });
    world.advanceTo(20_000);
    world.inject({ kind: "killEtcdMember", member: names[1] ?? "" });
    world.advanceTo(40_000);
    expect(trace.filter((r) => r.kind === "etcd.leader").at(-1)?.member).toBe("");
  });

  it("snapshot save, then restore on new members, brings a cluster that lost its quorum back", () => {
    const trace: WorldTraceRecord[] = [];
    const world = new World(three, 3, { trace: (r) => trace.push(r) });
    world.advanceTo(10_000);
    expect(world.apply({ type: "snapshotEtcd", name: "nightly" })).toEqual({ accepted: true });
    world.inject({ kind: "killEtcdMember", member: names[0] ?? "" });
    world.inject({ kind: "killEtcdMember", member: names[1] ?? "" });
    world.advanceTo(30_000);
    expect(trace.filter((r) => r.kind === "etcd.leader").at(-1)?.member).toBe("");
    expect(world.apply({ type: "restoreEtcd", snapshot: "missing", members: ["x"] }).accepted).toBe(false);
    expect(
      world.apply({ type: "restoreEtcd", snapshot: "nightly", members: ["etcd-r1", "etcd-r2", "etcd-r3"] }),
    ).toEqual({
      accepted: true,
    });
    world.advanceTo(40_000);
    const back = trace.filter((r) => r.kind === "etcd.leader" && r.t >= 30_000).at(-1);
    expect(String(back?.member)).toMatch(/^etcd-r/);
    // The restored data is the snapshot's: the pods bound before it are there.
    const pod = world.podList().find((p) => p.nodeName !== "");
    expect(world.etcdBinding(pod?.name ?? "")).toBe(pod?.nodeName);
  });
});

describe("etcdctl member add/remove under --strict-reconfig-check (on by default)", () => {
  const threeMembers = () => {
    const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    const s = { ...base, faults: [], etcd: { ...base.etcd, members: base.etcd.members.slice(0, 3) } };
    const world = new World(s, 3);
    world.advanceTo(10_000);
    return { world, names: s.etcd.members.map((m) => m.name) };
  };

  it("with one of three members down, removing a healthy one is refused: two would be left with one running", () => {
    const { world, names } = threeMembers();
    world.inject({ kind: "killEtcdMember", member: names[0] ?? "" });
    world.advanceTo(20_000);
    const healthy = names[1] ?? "";
    expect(world.apply({ type: "removeEtcdMember", member: healthy })).toEqual({
      accepted: false,
      reason: "etcdserver: unhealthy cluster",
    });
    expect(world.apply({ type: "addEtcdMember", name: "etcd-new" })).toEqual({
      accepted: false,
      reason: "etcdserver: unhealthy cluster",
    });
    // The member that is down is not part of the active quorum: removing it is safe.
    expect(world.apply({ type: "removeEtcdMember", member: names[0] ?? "" })).toEqual({ accepted: true });
  });

  it("with every member up, a member is added and removed", () => {
    const { world, names } = threeMembers();
    expect(world.apply({ type: "addEtcdMember", name: "etcd-new" })).toEqual({ accepted: true });
    world.advanceTo(20_000);
    expect(world.apply({ type: "removeEtcdMember", member: names[2] ?? "" })).toEqual({ accepted: true });
  });
});

describe("the safe way to replace a member: a learner, then member promote", () => {
  const threeMembers = () => {
    const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    const s = { ...base, faults: [], etcd: { ...base.etcd, members: base.etcd.members.slice(0, 3) } };
    const world = new World(s, 5);
    world.advanceTo(10_000);
    return { world, names: s.etcd.members.map((m) => m.name) };
  };
  const role = (world: World, name: string) => world.etcdStatus().find((m) => m.name === name)?.role;

  it("a learner joins without a vote, is promoted once it has caught up, and one learner at a time", () => {
    const { world } = threeMembers();
    expect(world.apply({ type: "addEtcdMember", name: "etcd-new", learner: true })).toEqual({
      accepted: true,
    });
    // Raft takes one membership change at a time: a second before the first is applied is dropped.
    expect(world.apply({ type: "addEtcdMember", name: "etcd-newer", learner: true })).toEqual({
      accepted: false,
      reason: "etcdserver: request timed out",
    });
    world.advanceTo(world.now + 1_000);
    // --max-learners 1.
    expect(world.apply({ type: "addEtcdMember", name: "etcd-newer", learner: true })).toEqual({
      accepted: false,
      reason: "etcdserver: too many learner members in cluster",
    });
    world.advanceTo(world.now + 2_000);
    expect(role(world, "etcd-new")).toBe("learner");
    expect(world.apply({ type: "promoteEtcdMember", member: "etcd-new" })).toEqual({ accepted: true });
    world.advanceTo(world.now + 2_000);
    expect(role(world, "etcd-new")).toBe("follower");
    // A voter is not promoted twice.
    expect(world.apply({ type: "promoteEtcdMember", member: "etcd-new" })).toEqual({
      accepted: false,
      reason: "etcdserver: can only promote a learner member",
    });
  });

  it("a learner added while its machine cannot reach the leader is not promoted: it has not caught up", () => {
    const { world } = threeMembers();
    expect(world.apply({ type: "addEtcdMember", name: "etcd-new", learner: true })).toEqual({
      accepted: true,
    });
    // The new member (Raft id 4) stops before it catches up.
    world.inject({ kind: "killEtcdMember", member: "etcd-new" });
    world.advanceTo(world.now + 3_000);
    expect(world.apply({ type: "promoteEtcdMember", member: "etcd-new" })).toEqual({
      accepted: false,
      reason: "etcdserver: can only promote a learner member which is in sync with leader",
    });
  });
});

describe("etcdctl compact, defrag and alarm disarm", () => {
  const world = () => {
    const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    const w = new World({ ...base, faults: [] }, 2);
    w.advanceTo(20_000);
    return { w, names: base.etcd.members.map((m) => m.name) };
  };

  it("compact forgets revisions up to one that exists, once", () => {
    const { w } = world();
    expect(w.apply({ type: "compactEtcd", revision: 1_000_000 })).toEqual({
      accepted: false,
      reason: "etcdserver: mvcc: required revision is a future revision",
    });
    expect(w.apply({ type: "compactEtcd", revision: 5 })).toEqual({ accepted: true });
    w.advanceTo(w.now + 1_000);
    expect(w.apply({ type: "compactEtcd", revision: 5 })).toEqual({
      accepted: false,
      reason: "etcdserver: mvcc: required revision has been compacted",
    });
  });

  it("defrag rewrites one member's backend, and a second defrag of it waits for the first", () => {
    const { w, names } = world();
    const name = names[0] ?? "";
    expect(w.apply({ type: "defragEtcd", member: name })).toEqual({ accepted: true });
    expect(w.apply({ type: "defragEtcd", member: name }).accepted).toBe(false);
    w.advanceTo(w.now + 60_000);
    expect(w.apply({ type: "defragEtcd", member: name })).toEqual({ accepted: true });
    const status = w.etcdStatus().find((m) => m.name === name);
    expect(status?.dbSize).toBeGreaterThan(0);
    expect(status?.dbSizeInUse).toBeLessThanOrEqual(status?.dbSize ?? 0);
  });

  it("alarm disarm with no alarm raised changes nothing", () => {
    const { w } = world();
    expect(w.apply({ type: "disarmEtcdAlarms" })).toEqual({ accepted: false, reason: "no alarm is raised" });
    expect(w.etcdStatus().every((m) => m.alarms.length === 0)).toBe(true);
  });
});

describe("a round opens on an etcd that has long elected its leader", () => {
  const ids = ["even-split", "full-etcd", "lost-leader", "zone-down"];
  it.each(ids)("%s: at t = 0 a member leads and a player's first write is accepted and applied", (id) => {
    const s = loadScenario(readFileSync(`${folder}${id}.yaml`, "utf8"));
    for (const seed of [1, 2, 3]) {
      const world = new World(s, seed);
      expect(world.etcdStatus().filter((m) => m.role === "leader")).toHaveLength(1);
      expect(world.etcdWritable()).toBe(true);
      const node = world.nodeList()[0]?.name ?? "";
      expect(world.apply({ type: "cordon", node })).toEqual({ accepted: true });
      advance(world, () => world.nodeList().find((n) => n.name === node)?.unschedulable === true, 5_000);
    }
  });
});

describe("a player's writes while etcd has no leader fail as kube-apiserver's do", () => {
  it("kubectl scale, cordon and a manual binding get etcd's request timeout, and nothing of them is applied after the heal", () => {
    const s = loadScenario(readFileSync(`${folder}even-split.yaml`, "utf8"));
    const split = s.faults.find((f) => f.fault.kind === "partition");
    if (split === undefined || split.durationMs === null)
      throw new Error("even-split has no timed partition");
    const world = new World(s, 1);
    const web = () => world.podList().filter((p) => p.name.startsWith("web-"));
    world.advanceTo(split.atMs - 20_000);
    // The scheduler player takes web's pods and has two new ones waiting to be placed by hand.
    expect(world.apply({ type: "takeOverScheduling", deployments: ["web"] })).toEqual({ accepted: true });
    const replicas = web().length;
    expect(world.apply({ type: "scale", deployment: "web", replicas: replicas + 2 })).toEqual({
      accepted: true,
    });
    advance(world, () => web().filter((p) => p.nodeName === "").length === 2, 15_000);
    const waiting = web().find((p) => p.nodeName === "")?.name ?? "";
    const node = world.nodeList()[0]?.name ?? "";
    world.advanceTo(split.atMs);
    advance(world, () => !world.etcdStatus().some((m) => m.role === "leader"), 10_000);
    const timedOut = { accepted: false, reason: "etcdserver: request timed out" };
    expect(world.apply({ type: "scale", deployment: "web", replicas: replicas + 5 })).toEqual(timedOut);
    expect(world.apply({ type: "cordon", node })).toEqual(timedOut);
    expect(world.apply({ type: "bindPod", pod: waiting, node })).toEqual(timedOut);
    world.advanceTo(split.atMs + split.durationMs + 30_000);
    expect(world.etcdWritable()).toBe(true);
    expect(web().length).toBe(replicas + 2);
    expect(world.nodeList().find((n) => n.name === node)?.unschedulable).toBe(false);
    expect(world.podList().find((p) => p.name === waiting)?.nodeName).toBe("");
    // Once etcd leads again the same binding goes through.
    expect(world.apply({ type: "bindPod", pod: waiting, node })).toEqual({ accepted: true });
  });
});

describe("a scenario's etcd may answer reads from the leader's lease (raft's ReadOnlyLeaseBased)", () => {
  const text = readFileSync(`${folder}lost-leader.yaml`, "utf8");
  const withOption = (value: string) =>
    text.replace("etcd:\n  members:", `etcd:\n  readOnlyOption: ${value}\n  members:`);

  it("loads the option, and the cluster elects, writes and reads with it", () => {
    const s = loadScenario(withOption("leaseBased"));
    expect(s.etcd.readOnlyOption).toBe("leaseBased");
    // etcd's own setting leaves the loaded scenario as it was.
    expect(loadScenario(withOption("safe")).etcd).toEqual(loadScenario(text).etcd);
    const world = new World({ ...s, faults: [] }, 2);
    world.advanceTo(20_000);
    expect(world.etcdWritable()).toBe(true);
    expect(world.apply({ type: "scale", deployment: "shop", replicas: 7 })).toEqual({ accepted: true });
    expect(world.etcdReads()).toEqual({ mode: "leaseBased", staleReads: 0 });
  });

  it("refuses an option raft does not have", () => {
    expect(() => loadScenario(withOption("lease"))).toThrow(/readOnlyOption/);
  });

  it("Zone Down plays with it, and says so to the players' view", () => {
    const zoneDown = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    expect(zoneDown.etcd.readOnlyOption).toBe("leaseBased");
    expect(new World(zoneDown, 1).etcdReads()).toEqual({ mode: "leaseBased", staleReads: 0 });
    expect(new World(loadScenario(text), 1).etcdReads().mode).toBe("safe");
  });
});

describe("the scenario's --quota-backend-bytes reaches the members", () => {
  it("past a small quota etcd raises NOSPACE; with the 2 GiB default it does not", () => {
    const text = readFileSync(`${folder}zone-down.yaml`, "utf8");
    const small = loadScenario(
      text.replace("etcd:\n  members:", "etcd:\n  quotaBackendBytes: 100Ki\n  members:"),
    );
    expect(small.etcd.quotaBackendBytes).toBe(100 * 1024);
    const nospace = (w: World) => w.etcdStatus().some((m) => m.alarms.includes("NOSPACE"));
    const full = new World({ ...small, faults: [] }, 2);
    const roomy = new World({ ...loadScenario(text), faults: [] }, 2);
    for (let t = 10_000; t <= 300_000 && !nospace(full); t += 10_000) {
      full.advanceTo(t);
      roomy.advanceTo(t);
    }
    expect(nospace(full)).toBe(true);
    expect(nospace(roomy)).toBe(false);
    // Every member's backend stays near the quota: writes past it were refused, not applied.
    for (const m of full.etcdStatus()) expect(m.dbSize).toBeLessThan(2 * 100 * 1024);
  });
});

describe("a runaway controller fills etcd's 2 GiB quota (a write flood)", () => {
  it("NOSPACE stops every write; compaction, a defrag of each member and alarm disarm bring writes back", () => {
    const base = loadScenario(readFileSync(`${folder}zone-down.yaml`, "utf8"));
    const flood = {
      atMs: 10_000,
      durationMs: 140_000,
      note: null,
      fault: { kind: "apiFlood", client: "config-syncer", qps: 20, objectBytes: 1024 ** 2 },
    } as const;
    const world = new World({ ...base, faults: [flood] }, 2);
    const nospace = () => world.etcdStatus().some((m) => m.alarms.includes("NOSPACE"));
    // Before the flood the scheduler player takes web's pods and leaves a new one waiting.
    world.advanceTo(5_000);
    expect(world.apply({ type: "takeOverScheduling", deployments: ["web"] })).toEqual({ accepted: true });
    const web = world.deploymentStatus("web")?.replicas ?? 0;
    expect(world.apply({ type: "scale", deployment: "web", replicas: web + 1 })).toEqual({ accepted: true });
    const waiting = () => world.podList().find((p) => p.name.startsWith("web-") && p.nodeName === "");
    advance(world, () => waiting() !== undefined, 5_000);
    advance(world, nospace, 200_000);
    const quota = 2 * 1024 ** 3;
    const leader = world.etcdStatus().find((m) => m.role === "leader");
    expect(leader?.dbSize).toBeGreaterThan(0.95 * quota);
    expect(leader?.dbSize).toBeLessThan(quota + 2 * 1024 ** 2);
    // Writes are refused meanwhile: the cluster cannot write, and a player's kubectl scale gets
    // etcd's error back (nothing is stored, so nothing happens once etcd takes writes again).
    expect(world.etcdWritable()).toBe(false);
    expect(world.recentEvents().some((e) => e.reason === "EtcdNoSpace")).toBe(true);
    const pods = () => world.podList().filter((p) => p.name.startsWith("web-")).length;
    const before = pods();
    expect(world.apply({ type: "scale", deployment: "web", replicas: before + 2 })).toEqual({
      accepted: false,
      reason: "etcdserver: mvcc: database space exceeded",
    });
    expect(world.apply({ type: "cordon", node: world.nodeList()[0]!.name }).accepted).toBe(false);
    // The scheduler player's manual binding is a write too (POST pods/binding).
    expect(
      world.apply({ type: "bindPod", pod: waiting()?.name ?? "", node: world.nodeList()[0]!.name }),
    ).toEqual({
      accepted: false,
      reason: "etcdserver: mvcc: database space exceeded",
    });
    world.advanceTo(world.now + 10_000);
    expect(pods()).toBe(before);
    // kube-apiserver's compactor (every 5 min, to the revision it saw one interval earlier) frees
    // the flood's history; the file keeps its size until each member is defragmented.
    world.advanceTo(610_000);
    expect(nospace()).toBe(true);
    for (const m of world.etcdStatus()) {
      expect(world.apply({ type: "defragEtcd", member: m.name })).toEqual({ accepted: true });
      advance(
        world,
        () => (world.etcdStatus().find((x) => x.name === m.name)?.dbSize ?? quota) < quota / 2,
        120_000,
      );
    }
    expect(world.apply({ type: "disarmEtcdAlarms" })).toEqual({ accepted: true });
    advance(world, () => !nospace() && world.etcdWritable(), 10_000);
    expect(world.nodeList().every((n) => !n.unschedulable)).toBe(true);
    world.advanceTo(world.now + 10_000);
    expect(pods()).toBe(before);
    expect(world.apply({ type: "scale", deployment: "web", replicas: before + 2 })).toEqual({
      accepted: true,
    });
    advance(world, () => pods() === before + 2, 30_000);
  });
});

/** Advances a second at a time until `done` holds, at most `limitMs` of simulated time. */
function advance(world: World, done: () => boolean, limitMs: number): void {
  const until = world.now + limitMs;
  while (!done() && world.now < until) world.advanceTo(world.now + 1_000);
  expect(done()).toBe(true);
}
