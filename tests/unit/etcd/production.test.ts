/**
 * etcd as it runs in production (issue 23): members tick at their own phase; a client's deadline
 * travels with its request and cancels a write not yet proposed; the timeout errors are worded as
 * etcd words them (server.go parseProposeCtxErr).
 */
import { describe, expect, it } from "vitest";
import { EtcdCluster, NetworkTransport } from "../../../shared/sim/etcd/cluster.ts";
import {
  ERR_TIMEOUT,
  ERR_TIMEOUT_DUE_TO_CONNECTION_LOST,
  ERR_TIMEOUT_DUE_TO_LEADER_FAIL,
} from "../../../shared/sim/etcd/errors.ts";
import { proposalTimeoutError } from "../../../shared/sim/etcd/member.ts";
import type { ClientResponse } from "../../../shared/sim/etcd/types.ts";

function cluster(size: number, seed: number) {
  const transport = new NetworkTransport({ seed });
  const c = new EtcdCluster({ ids: Array.from({ length: size }, (_, i) => i + 1), seed, transport });
  return { c, transport };
}

function untilLeader(c: EtcdCluster, withinMs = 10_000) {
  const end = c.now + withinMs;
  while (!c.leader() && c.now < end) c.advance(1);
  const leader = c.leader();
  if (!leader) throw new Error("no leader");
  return leader.id;
}

function answer(
  c: EtcdCluster,
  clientId: string,
  withinMs: number,
): { response?: ClientResponse; at: number } {
  const end = c.now + withinMs;
  while (c.now < end) {
    c.advance(1);
    const r = c.takeResponses().find((x) => x.clientId === clientId);
    if (r) return { response: r, at: c.now };
  }
  return { at: c.now };
}

const has = (c: EtcdCluster, key: string) =>
  c.running().some((m) => {
    const r = m.kv.range({ key });
    return r.ok && r.response.type === "range" && r.response.kvs.length > 0;
  });

describe("each member is its own process: its ticker runs at its own phase", () => {
  it("members started at one instant first tick at different moments within one tick", () => {
    const { c } = cluster(5, 3);
    const firstTicks = c.running().map((m) => m.nextTickTime);
    for (const t of firstTicks) {
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThanOrEqual(100);
    }
    expect(new Set(firstTicks).size).toBeGreaterThan(1);
  });

  it("over 200 fresh clusters, no election needed a second round (members in lockstep split 6 % of votes)", () => {
    let splits = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { c } = cluster(3, seed);
      const leader = untilLeader(c);
      const term = c.member(leader)?.raft.term ?? 0;
      c.crash(leader);
      const next = untilLeader(c);
      if ((c.member(next)?.raft.term ?? 0) > term + 1) splits++;
    }
    expect(splits).toBeLessThanOrEqual(4);
  });
});

describe("the client's deadline travels with the request (gRPC), as in etcd v3.6", () => {
  it("a write to a member without a leader fails at the client's deadline and is never proposed, even when a leader comes", () => {
    const { c } = cluster(3, 11);
    const leader = untilLeader(c);
    c.advance(1000);
    const [a, b] = c.ids.filter((id) => id !== leader) as [number, number];
    c.crash(leader);
    c.crash(b);
    c.advance(3000);
    expect(c.member(a)?.leader).toBe(0);
    const sentAt = c.now;
    c.request(a, {
      clientId: "w",
      seq: 1,
      request: { type: "put", key: "late", value: "v" },
      deadline: sentAt + 1000,
    });
    const { response, at } = answer(c, "w", 5000);
    expect(response?.result).toEqual({ ok: false, error: ERR_TIMEOUT });
    expect(at - sentAt).toBe(1000);
    c.restart(b);
    c.restart(leader);
    untilLeader(c);
    c.advance(3000);
    expect(has(c, "late")).toBe(false);
  });

  it("without a client deadline the member holds the write for its ReqTimeout (7 s) and proposes it when a leader comes", () => {
    const { c } = cluster(3, 11);
    const leader = untilLeader(c);
    c.advance(1000);
    const [a, b] = c.ids.filter((id) => id !== leader) as [number, number];
    c.crash(leader);
    c.crash(b);
    c.advance(3000);
    c.request(a, { clientId: "w", seq: 1, request: { type: "put", key: "held", value: "v" } });
    c.advance(1000);
    c.restart(b);
    expect(answer(c, "w", 6000).response?.result.ok).toBe(true);
    expect(has(c, "held")).toBe(true);
  });

  /** A write to the leader, cut off from its followers for `cutMs`; its client gives up after 1 s. */
  function cutLeaderWrite(cutMs: number) {
    const { c, transport } = cluster(3, 5);
    const leader = untilLeader(c);
    c.advance(1000);
    transport.isolate(leader);
    c.request(leader, {
      clientId: "w",
      seq: 1,
      request: { type: "put", key: "orphan", value: "v" },
      deadline: c.now + 1000,
    });
    const { response } = answer(c, "w", 2000);
    c.advance(cutMs - 1000);
    transport.heal();
    c.advance(8000);
    return {
      failed: response?.result.ok === false,
      applied: has(c, "orphan"),
      leaderNow: c.leader()?.id,
      leader,
    };
  }

  it("a write the leader proposed, cut off for 1 s, is applied anyway: TCP delivers its MsgApp after the heal", () => {
    const { failed, applied, leaderNow, leader } = cutLeaderWrite(1000);
    expect(failed).toBe(true);
    expect(applied).toBe(true);
    expect(leaderNow).toBe(leader);
  });

  it("cut off for 10 s, the followers elect a new leader and the old leader's uncommitted write is overwritten", () => {
    const { failed, applied, leaderNow, leader } = cutLeaderWrite(10_000);
    expect(failed).toBe(true);
    expect(applied).toBe(false);
    expect(leaderNow).not.toBe(leader);
  });
});

describe("etcd's words at the deadline (server.go parseProposeCtxErr)", () => {
  const base = {
    start: 10_000,
    self: 1,
    lead: 2,
    leadElectedAt: null,
    electionMs: 1000,
    members: [1, 2, 3],
    activeSince: (_: number) => 0 as number | null,
  };

  it.each([
    ["a plain timeout: the leader's streams stood since before the request", base, ERR_TIMEOUT],
    ["no leader now", { ...base, lead: 0 }, ERR_TIMEOUT],
    [
      "made within 2 election timeouts before this member became leader",
      { ...base, lead: 1, leadElectedAt: 11_500 },
      ERR_TIMEOUT_DUE_TO_LEADER_FAIL,
    ],
    [
      "made more than 2 election timeouts before this member became leader",
      { ...base, lead: 1, leadElectedAt: 12_500 },
      ERR_TIMEOUT,
    ],
    [
      "the follower's streams to its leader came back after the request began",
      { ...base, activeSince: (peer: number) => (peer === 2 ? 10_500 : 0) },
      ERR_TIMEOUT_DUE_TO_CONNECTION_LOST,
    ],
    [
      "the follower's streams to its leader are down",
      { ...base, activeSince: () => null },
      ERR_TIMEOUT_DUE_TO_CONNECTION_LOST,
    ],
    [
      "a leader that has not stood connected to a quorum since the request began",
      { ...base, lead: 1, activeSince: () => null },
      ERR_TIMEOUT_DUE_TO_CONNECTION_LOST,
    ],
    [
      "a leader connected to one peer of two: a quorum with itself",
      { ...base, lead: 1, activeSince: (peer: number) => (peer === 2 ? 0 : null) },
      ERR_TIMEOUT,
    ],
  ])("%s", (_, c, want) => {
    expect(proposalTimeoutError(c)).toBe(want);
  });

  it("the three wordings are etcd's (server/etcdserver/errors/errors.go)", () => {
    expect(ERR_TIMEOUT_DUE_TO_LEADER_FAIL).toBe(
      "etcdserver: request timed out, possibly due to previous leader failure",
    );
    expect(ERR_TIMEOUT_DUE_TO_CONNECTION_LOST).toBe(
      "etcdserver: request timed out, possibly due to connection lost",
    );
  });

  it("a proposal made while the group had no leader, timing out just after this member won, is 'possibly due to previous leader failure'", () => {
    const { c } = cluster(3, 21);
    const leader = untilLeader(c);
    c.advance(1000);
    const [a, b] = c.ids.filter((id) => id !== leader) as [number, number];
    c.crash(leader);
    // Both survivors hold a write; whichever wins the election proposes its own, then loses its only peer.
    c.request(a, {
      clientId: "wa",
      seq: 1,
      request: { type: "put", key: "a", value: "v" },
      deadline: c.now + 2500,
    });
    c.request(b, {
      clientId: "wb",
      seq: 1,
      request: { type: "put", key: "b", value: "v" },
      deadline: c.now + 2500,
    });
    const end = c.now + 2400;
    while (!c.leader() && c.now < end) c.advance(1);
    const winner = c.leader()?.id;
    expect(winner).toBeDefined();
    c.crash(winner === a ? b : a);
    const { response } = answer(c, winner === a ? "wa" : "wb", 3000);
    expect(response?.result).toEqual({ ok: false, error: ERR_TIMEOUT_DUE_TO_LEADER_FAIL });
  });
});

describe("a deposed leader's lease: stale reads under raft's ReadOnlyLeaseBased, never under ReadOnlySafe", () => {
  /**
   * The leader is cut off from the other two; a client beside it reads every 20 ms while a client on
   * the other side writes every 20 ms. Returns the reads the old leader answered and the stale ones.
   */
  function isolateLeader(readOnlyOption: "safe" | "leaseBased", seed: number) {
    const transport = new NetworkTransport({ seed });
    const c = new EtcdCluster({ ids: [1, 2, 3], seed, transport, member: { readOnlyOption } });
    const old = untilLeader(c);
    c.advance(1000);
    const [other] = c.ids.filter((id) => id !== old) as [number];
    transport.isolate(old);
    let answered = 0;
    for (let i = 0; i < 200; i++) {
      c.request(old, {
        clientId: "reader",
        seq: i,
        request: { type: "range", key: "k" },
        deadline: c.now + 1000,
      });
      c.request(other, { clientId: "writer", seq: i, request: { type: "put", key: "k", value: `${i}` } });
      c.advance(20);
      answered += c.takeResponses().filter((r) => r.clientId === "reader" && r.result.ok).length;
    }
    return { answered, stale: c.staleReads, newLeader: c.leader()?.id };
  }

  it("cut off, the old leader answers from its lease until its check-quorum (up to two election timeouts), after the others have elected and written: stale", () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const runs = seeds.map((seed) => isolateLeader("leaseBased", seed));
    for (const r of runs) expect(r.answered).toBeGreaterThan(0);
    expect(runs.some((r) => r.stale > 0)).toBe(true);
  });

  it("under ReadOnlySafe the cut-off leader confirms no read (no quorum answers its heartbeats) and none is stale", () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const r = isolateLeader("safe", seed);
      expect(r.answered).toBe(0);
      expect(r.stale).toBe(0);
    }
  });
});
