/**
 * The etcd member on a simulated cluster: what clients see (responses, etcd's error strings, the
 * request timeout), de-duplication of retries, watches from past revisions, snapshots that let a
 * member catch up or restart, metrics and events.
 */
import { describe, expect, it } from "vitest";
import { EtcdCluster, NetworkTransport } from "../../../shared/sim/etcd/cluster.ts";
import {
  ERR_COMPACTED,
  ERR_FUTURE_REV,
  ERR_LEADER_CHANGED,
  ERR_NO_LEADER,
  ERR_REQUEST_TOO_LARGE,
  ERR_TIMEOUT,
  ERR_TOO_MANY_REQUESTS,
} from "../../../shared/sim/etcd/errors.ts";
import { type EtcdMemberConfig, requestTimeoutMs } from "../../../shared/sim/etcd/member.ts";
import { type ClientResponse, type KvRequest, prefixRangeEnd } from "../../../shared/sim/etcd/types.ts";

function cluster(
  size = 3,
  options: {
    seed?: number;
    member?: Partial<Omit<EtcdMemberConfig, "id" | "peers" | "random" | "storage" | "now">>;
    overrides?: (id: number) => Partial<EtcdMemberConfig>;
  } = {},
) {
  const seed = options.seed ?? 7;
  const transport = new NetworkTransport({ seed });
  const c = new EtcdCluster({
    ids: Array.from({ length: size }, (_, i) => i + 1),
    seed,
    transport,
    ...(options.member ? { member: options.member } : {}),
    ...(options.overrides ? { memberOverrides: options.overrides } : {}),
  });
  c.advance(3000);
  const leader = c.leader();
  if (!leader) throw new Error("no leader after 3 s");
  return { c, transport, leader: leader.id, followers: c.ids.filter((id) => id !== leader.id) };
}

let seq = 0;
/** Sends one request and runs the cluster until it is answered (or `maxMs` pass). */
function call(
  c: EtcdCluster,
  member: number,
  request: KvRequest,
  options: { clientId?: string; seq?: number; maxMs?: number } = {},
) {
  const clientId = options.clientId ?? "client";
  const s = options.seq ?? ++seq;
  c.request(member, { clientId, seq: s, request });
  const deadline = c.now + (options.maxMs ?? 10_000);
  let mine: ClientResponse | undefined;
  while (!mine && c.now < deadline) {
    c.advance(1);
    mine = c.takeResponses().find((r) => r.clientId === clientId && r.seq === s);
  }
  return { response: mine, at: c.now };
}

function value(r: ClientResponse | undefined): string | null | undefined {
  if (!r?.result.ok || r.result.response.type !== "range") return undefined;
  return r.result.response.kvs[0]?.value ?? null;
}

describe("etcd's client-visible errors, verbatim", () => {
  // etcd server/etcdserver/errors(.go) and api/v3rpc/rpctypes/error.go; mvcc/kvstore.go.
  it.each([
    [ERR_TIMEOUT, "etcdserver: request timed out"],
    [ERR_NO_LEADER, "etcdserver: no leader"],
    [ERR_LEADER_CHANGED, "etcdserver: leader changed"],
    [ERR_TOO_MANY_REQUESTS, "etcdserver: too many requests"],
    [ERR_REQUEST_TOO_LARGE, "etcdserver: request is too large"],
    [ERR_COMPACTED, "mvcc: required revision has been compacted"],
    [ERR_FUTURE_REV, "mvcc: required revision is a future revision"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it("ReqTimeout() is 5 s + 2 × election timeout: 7 s with etcd's defaults (100 ms × 10 ticks)", () => {
    expect(requestTimeoutMs(100, 10)).toBe(7000);
  });
});

describe("writes and reads through the cluster", () => {
  it("a put at a follower is forwarded, committed and answered with the header of the member asked", () => {
    const { c, followers } = cluster();
    const f = followers[0] ?? 0;
    const { response } = call(c, f, { type: "put", key: "/registry/pods/a", value: "v1" });
    expect(response?.result).toMatchObject({
      ok: true,
      response: { type: "put", header: { revision: 2, memberId: f } },
    });
    expect(value(call(c, followers[1] ?? 0, { type: "range", key: "/registry/pods/a" }).response)).toBe("v1");
  });

  it("every member applies the same revisions", () => {
    const { c, leader } = cluster(5);
    for (let i = 0; i < 10; i++) call(c, leader, { type: "put", key: `k${i % 3}`, value: String(i) });
    c.advance(500);
    const states = c
      .running()
      .map((m) => JSON.stringify([m.revision, m.kv.get("k0"), m.kv.get("k1"), m.kv.get("k2")]));
    expect(new Set(states).size).toBe(1);
    expect(c.member(leader)?.revision).toBe(11);
  });

  it("a serializable read is answered locally, even by a member cut off from the others", () => {
    const { c, transport, leader, followers } = cluster();
    call(c, leader, { type: "put", key: "k", value: "1" });
    c.advance(200);
    const f = followers[0] ?? 0;
    transport.isolate(f);
    call(c, leader, { type: "put", key: "k", value: "2" });
    // The isolated member still serves its old value: serializable reads may be stale.
    expect(value(call(c, f, { type: "range", key: "k", serializable: true }).response)).toBe("1");
  });
});

describe("a request that cannot commit fails after the request timeout", () => {
  it("a put at a member that lost quorum: 'etcdserver: request timed out' after ReqTimeout (7 s)", () => {
    const { c, leader, followers } = cluster();
    for (const f of followers) c.crash(f);
    const started = c.now;
    const { response, at } = call(c, leader, { type: "put", key: "k", value: "v" }, { maxMs: 20_000 });
    expect(response?.result).toEqual({ ok: false, error: ERR_TIMEOUT });
    // Timeouts are checked at every tick (100 ms).
    expect(at - started).toBeGreaterThanOrEqual(7000);
    expect(at - started).toBeLessThanOrEqual(7100);
    expect(c.member(leader)?.metrics.proposalsFailed).toBe(1);
  });

  it("a linearizable read without quorum times out too; a serializable one is served", () => {
    const { c, leader, followers } = cluster();
    call(c, leader, { type: "put", key: "k", value: "v" });
    for (const f of followers) c.crash(f);
    c.advance(100);
    const { response } = call(c, leader, { type: "range", key: "k" }, { maxMs: 20_000 });
    expect(response?.result).toEqual({ ok: false, error: ERR_TIMEOUT });
    expect(value(call(c, leader, { type: "range", key: "k", serializable: true }).response)).toBe("v");
  });

  it("with WithRequireLeader, a member without a leader answers 'etcdserver: no leader' at once", () => {
    const { c, leader, followers } = cluster();
    c.crash(leader);
    c.crash(followers[0] ?? 0);
    c.advance(5000); // the survivor's election timer fires: it has no leader any more
    const f = followers[1] ?? 0;
    expect(c.member(f)?.leader).toBe(0);
    c.request(f, {
      clientId: "x",
      seq: 1,
      request: { type: "put", key: "k", value: "v" },
      requireLeader: true,
    });
    expect(c.takeResponses()).toEqual([
      { clientId: "x", seq: 1, member: f, result: { ok: false, error: ERR_NO_LEADER } },
    ]);
  });

  it("a write submitted without a leader waits for one and commits when it appears", () => {
    const { c, leader, followers } = cluster();
    const [a, b] = followers as [number, number];
    c.crash(leader);
    c.crash(b);
    c.advance(3000);
    expect(c.member(a)?.leader).toBe(0);
    c.request(a, { clientId: "w", seq: 1, request: { type: "put", key: "k", value: "v" } });
    c.advance(1000);
    c.restart(b);
    let answer: ClientResponse | undefined;
    for (let t = 0; t < 6000 && !answer; t += 10) {
      c.advance(10);
      answer = c.takeResponses().find((r) => r.clientId === "w");
    }
    expect(answer?.result.ok).toBe(true);
  });
});

describe("other refusals", () => {
  it("a request above --max-request-bytes (1.5 MiB) is 'etcdserver: request is too large'", () => {
    const { c, leader } = cluster();
    const { response } = call(c, leader, { type: "put", key: "big", value: "x".repeat(1.6 * 1024 * 1024) });
    expect(response?.result).toEqual({ ok: false, error: ERR_REQUEST_TOO_LARGE });
  });

  it("a member whose apply lags its commit by more than the gap answers 'etcdserver: too many requests'", () => {
    const { c, leader } = cluster(3, {
      overrides: (id) => (id === 2 ? { applyEntriesPerTick: 0, maxCommitApplyGap: 3 } : {}),
    });
    const slow = 2;
    expect(leader).not.toBe(slow); // seed 7 elects member 3
    for (let i = 0; i < 6; i++) call(c, leader, { type: "put", key: "k", value: String(i) });
    c.advance(300);
    expect(c.member(slow)?.appliedIndex).toBe(0);
    const { response } = call(c, slow, { type: "put", key: "k", value: "late" });
    expect(response?.result).toEqual({ ok: false, error: ERR_TOO_MANY_REQUESTS });
  });

  it("a ReadIndex in flight when the leader changes fails with 'etcdserver: leader changed'", () => {
    const { c, leader, followers } = cluster();
    const f = followers[0] ?? 0;
    c.crash(leader); // the follower does not know yet: its ReadIndex goes to the dead leader
    const { response } = call(c, f, { type: "range", key: "k" }, { maxMs: 8000 });
    expect(response?.result).toEqual({ ok: false, error: ERR_LEADER_CHANGED });
    expect(c.member(f)?.metrics.readIndexFailed).toBe(1);
  });
});

describe("client request ids: a retry is applied at most once", () => {
  it("the same request at two members commits once and both get the first result", () => {
    const { c, followers, leader } = cluster();
    const req = { clientId: "api-server", seq: 41, request: { type: "put" as const, key: "k", value: "v" } };
    c.request(followers[0] ?? 0, req);
    c.request(leader, req);
    c.advance(500);
    const answers = c.takeResponses().filter((r) => r.clientId === "api-server");
    expect(answers).toHaveLength(2);
    const revisions = answers.map((r) => (r.result.ok ? r.result.response.header.revision : -1));
    expect(revisions[0]).toBe(revisions[1]);
    expect(c.member(leader)?.revision).toBe(2);
    expect(c.member(leader)?.kv.get("k")?.version).toBe(1);
  });

  it("a retry after the first attempt timed out returns the first attempt's result", () => {
    const { c, transport, leader, followers } = cluster();
    const [a] = followers as [number, number];
    // The follower's proposal reaches the leader and commits, but the follower is cut off before
    // it learns the commit: its client times out, then retries at the leader.
    c.request(a, { clientId: "c", seq: 1, request: { type: "put", key: "k", value: "once" } });
    c.advance(6); // the forwarded MsgProp arrives (latency 1–5 ms)
    transport.isolate(a);
    c.advance(8000);
    const first = c.takeResponses().find((r) => r.clientId === "c");
    expect(first?.result).toEqual({ ok: false, error: ERR_TIMEOUT });
    const rev = c.member(leader)?.revision;
    const { response } = call(c, leader, { type: "put", key: "k", value: "once" }, { clientId: "c", seq: 1 });
    expect(response?.result.ok && response.result.response.header.revision).toBe(rev);
    expect(c.member(leader)?.revision).toBe(rev);
  });
});

describe("watch", () => {
  it("a watch from a past revision replays history, then streams new changes", () => {
    const { c, leader, followers } = cluster();
    for (const v of ["1", "2", "3"]) call(c, leader, { type: "put", key: "/pods/a", value: v }); // revs 2, 3, 4
    call(c, leader, { type: "put", key: "/nodes/n", value: "x" }); // rev 5
    c.advance(200);
    const f = followers[0] ?? 0;
    const member = c.member(f);
    if (!member) throw new Error("no member");
    const id = member.watch({ key: "/pods/", rangeEnd: prefixRangeEnd("/pods/"), startRevision: 3 });
    c.advance(1);
    const replay = c.takeWatchResponses().filter((w) => w.response.watchId === id);
    expect(
      replay.flatMap((w) => w.response.events.map((e) => `${e.type} ${e.kv.value}@${e.kv.modRevision}`)),
    ).toEqual(["PUT 2@3", "PUT 3@4"]);
    call(c, leader, { type: "deleteRange", key: "/pods/a" });
    c.advance(200);
    const live = c.takeWatchResponses().filter((w) => w.member === f && w.response.watchId === id);
    expect(live.flatMap((w) => w.response.events.map((e) => `${e.type}@${e.kv.modRevision}`))).toEqual([
      "DELETE@6",
    ]);
  });

  it("a watch from a compacted revision is canceled with the compact revision and ErrCompacted", () => {
    const { c, leader } = cluster();
    for (const v of ["1", "2", "3", "4"]) call(c, leader, { type: "put", key: "k", value: v }); // revs 2..5
    const compact = call(c, leader, { type: "compact", revision: 4 }).response;
    expect(compact?.result.ok).toBe(true);
    const m = c.member(leader);
    if (!m) throw new Error("no leader");
    const id = m.watch({ key: "k", startRevision: 2 });
    c.advance(1);
    expect(c.takeWatchResponses().find((w) => w.response.watchId === id)?.response).toMatchObject({
      canceled: true,
      compactRevision: 4,
      error: ERR_COMPACTED,
    });
    expect(call(c, leader, { type: "range", key: "k", revision: 3 }).response?.result).toEqual({
      ok: false,
      error: ERR_COMPACTED,
    });
    const atCompaction = call(c, leader, { type: "range", key: "k", revision: 4 }).response;
    expect(value(atCompaction)).toBe("3");
  });
});

describe("snapshots", () => {
  const small = { snapshotCount: 10 };

  it("every snapshotCount applied entries the member snapshots its store and compacts the log", () => {
    const { c, leader } = cluster(3, { member: small });
    for (let i = 0; i < 25; i++) call(c, leader, { type: "put", key: `k${i}`, value: String(i) });
    c.advance(200);
    const m = c.member(leader);
    expect(m?.raft.snapshot.metadata.index).toBeGreaterThanOrEqual(20);
    expect(c.takeEvents().some((e) => e.type === "snapshotSaved")).toBe(true);
  });

  it("a member that missed compacted entries catches up from the leader's snapshot (MsgSnap)", () => {
    const { c, leader, followers } = cluster(3, { member: small });
    const behind = followers[0] ?? 0;
    c.crash(behind);
    for (let i = 0; i < 30; i++) call(c, leader, { type: "put", key: `k${i % 7}`, value: String(i) });
    c.restart(behind);
    c.advance(3000);
    const l = c.member(leader);
    const b = c.member(behind);
    expect(c.takeEvents().some((e) => e.type === "snapshotInstalled" && e.member === behind)).toBe(true);
    expect(b?.revision).toBe(l?.revision);
    const all = (id: number) => {
      const r = call(c, id, { type: "range", key: "k", rangeEnd: "l", serializable: true }).response?.result;
      return r?.ok && r.response.type === "range" ? r.response.kvs : undefined;
    };
    expect(all(behind)).toHaveLength(7);
    expect(all(behind)).toEqual(all(leader));
  });

  it("a restarted member rebuilds its store from its own snapshot and log", () => {
    const { c, leader, followers } = cluster(3, { member: small });
    for (let i = 0; i < 23; i++) call(c, leader, { type: "put", key: "k", value: String(i) });
    c.advance(200);
    const f = followers[0] ?? 0;
    const before = c.member(f)?.revision;
    c.crash(f);
    c.restart(f);
    expect(c.member(f)?.raft.snapshot.metadata.index).toBeGreaterThan(0);
    expect(c.member(f)?.revision).toBe(before);
    expect(c.member(f)?.kv.get("k")?.value).toBe("22");
  });
});

describe("metrics and events for the game", () => {
  it("counts leader changes and commit latency, and reports elections and leaders seen", () => {
    const { c, leader, followers } = cluster();
    const events = c.takeEvents();
    expect(events.some((e) => e.type === "leaderElected" && e.member === leader)).toBe(true);
    expect(events.filter((e) => e.type === "leaderChanged" && e.leader === leader)).toHaveLength(3);
    call(c, leader, { type: "put", key: "k", value: "v" });
    const m = c.member(leader)?.metrics;
    expect(m).toMatchObject({ hasLeader: true, isLeader: true, leaderChangesSeen: 1, proposalsPending: 0 });
    expect(m?.commitLatency.count).toBe(1);
    expect(m?.proposalsApplied).toBe(m?.proposalsCommitted);

    c.crash(leader);
    c.advance(4000);
    const f = c.member(followers[0] ?? 0);
    expect(f?.metrics.leaderChangesSeen).toBe(2);
    const later = c.takeEvents();
    expect(later.some((e) => e.type === "leaderLost")).toBe(true);
    expect(later.some((e) => e.type === "termChanged")).toBe(true);
  });

  it("a leader cut off from the others reports quorum lost, and steps down (check-quorum)", () => {
    const { c, transport, leader } = cluster();
    c.takeEvents();
    transport.isolate(leader);
    c.advance(3000);
    const events = c.takeEvents().filter((e) => e.member === leader);
    expect(events.some((e) => e.type === "quorumLost")).toBe(true);
    expect(c.member(leader)?.metrics.hasLeader).toBe(false);
  });
});
