/**
 * The members' peer links as rafthttp gives them (shared/sim/etcd/peerLinks.ts): ordered TCP streams
 * that hold what is written during a short cut, are seen dead ConnReadTimeout (5 s) after the last
 * thing read, come back after the heal when the reader's dial gets through, and report to Raft
 * (MsgUnreachable, MsgSnapStatus) what could not be delivered.
 */
import { describe, expect, it } from "vitest";
import { NetworkTransport } from "../../../shared/sim/etcd/cluster.ts";
import {
  CONN_READ_TIMEOUT_MS,
  LINK_HEARTBEAT_MS,
  peerDialTimeoutMs,
} from "../../../shared/sim/etcd/peerLinks.ts";
import { type Message, message } from "../../../shared/sim/raft/types.ts";

function transport(members = [1, 2, 3], latency: [number, number] = [1, 5]) {
  const t = new NetworkTransport({ seed: 4, minLatencyMs: latency[0], maxLatencyMs: latency[1] });
  for (const id of members) t.memberUp(id, 0);
  return t;
}

/** Runs the transport until `until`, collecting what arrives with its time. */
function drain(t: NetworkTransport, from: number, until: number): { m: Message; at: number }[] {
  const out: { m: Message; at: number }[] = [];
  let now = from;
  while (true) {
    const next = t.nextDeliveryAt();
    if (next > until) break;
    now = Math.max(now, next);
    for (const m of t.deliver(now)) out.push({ m, at: now });
  }
  t.advanceTo(until);
  return out;
}

const app = (from: number, to: number, index: number) =>
  message({ type: "MsgApp", from, to, term: 1, index });

describe("peer streams (rafthttp, etcd v3.6)", () => {
  it("deliver in order on each link, even when the network's latency would reorder them", () => {
    const t = transport([1, 2], [1, 40]);
    for (let i = 1; i <= 50; i++) t.send(app(1, 2, i), i);
    const got = drain(t, 0, 1000).map((d) => d.m.index);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("hold what is written during a short cut and retransmit it, in order, after the heal", () => {
    const t = transport([1, 2]);
    t.advanceTo(10_000);
    t.partition([[[1], [2]]]);
    t.send(app(1, 2, 1), 10_100);
    t.send(app(1, 2, 2), 10_300);
    expect(drain(t, 10_000, 12_000)).toEqual([]);
    t.heal();
    const got = drain(t, 12_000, 20_000);
    expect(got.map((d) => d.m.index)).toEqual([1, 2]);
    // TCP retransmits at 200 ms, doubling, from the first write: 10 300, 10 700, 11 500, 13 100.
    expect(got[0]?.at).toBeGreaterThanOrEqual(13_100);
    expect(got[0]?.at).toBeLessThanOrEqual(13_110);
    expect(t.activeSince(1, 2)).toBe(0);
  });

  it("die ConnReadTimeout after the last thing read, lose what was written, and come back within a second of the heal", () => {
    const t = transport([1, 2]);
    t.advanceTo(20_000);
    const cutAt = 20_000;
    t.partition([[[1], [2]]]);
    // The reader last read a link heartbeat (every ConnReadTimeout / 3) before the cut.
    const lastHeartbeat = Math.floor(cutAt / LINK_HEARTBEAT_MS) * LINK_HEARTBEAT_MS;
    const deadAt = lastHeartbeat + CONN_READ_TIMEOUT_MS;
    expect(deadAt - cutAt).toBeGreaterThanOrEqual(CONN_READ_TIMEOUT_MS - LINK_HEARTBEAT_MS);
    t.advanceTo(deadAt - 1);
    expect(t.activeSince(1, 2)).toBe(0);
    t.send(app(1, 2, 1), deadAt - 1); // held by TCP, lost with the stream
    t.advanceTo(deadAt);
    expect(t.activeSince(1, 2)).toBeNull();
    t.send(app(1, 2, 2), 28_000); // into the dead stream: lost, and the writer never hears
    const healAt = 30_000;
    t.advanceTo(healAt);
    t.heal();
    t.send(app(1, 2, 3), healAt + 1); // before the reader's new stream attaches: lost
    let backAt = healAt;
    while (t.activeSince(1, 2) === null && backAt < healAt + 5000) t.advanceTo(++backAt);
    expect(backAt - healAt).toBeGreaterThan(0);
    expect(backAt - healAt).toBeLessThanOrEqual(1000);
    expect(t.activeSince(1, 2)).toBe(backAt);
    t.send(app(1, 2, 4), backAt);
    const got = drain(t, healAt, 40_000);
    expect(got.map((d) => [d.m.type, d.m.index])).toEqual([["MsgApp", 4]]);
  });

  it("a message to a member that is down is lost, and its sender's Raft hears MsgUnreachable at once", () => {
    const t = transport();
    t.memberDown(3, 100);
    t.send(app(1, 3, 1), 100);
    const got = drain(t, 100, 1000);
    expect(got.map((d) => [d.m.type, d.m.from, d.m.to, d.at])).toEqual([["MsgUnreachable", 3, 1, 100]]);
  });

  it("a snapshot that arrives is reported finished to its sender (MsgSnapStatus)", () => {
    const t = transport([1, 2]);
    const snapshot = {
      metadata: { index: 5, term: 1, confState: { voters: [1, 2], learners: [] } },
      data: null,
    };
    t.send(message({ type: "MsgSnap", from: 1, to: 2, term: 1, snapshot }), 50);
    const got = drain(t, 50, 1000).map((d) => [d.m.type, d.m.from, d.m.to, d.m.reject]);
    expect(got).toEqual([
      ["MsgSnap", 1, 2, false],
      ["MsgSnapStatus", 2, 1, false],
    ]);
  });

  it("a snapshot over a cut link fails when its dial times out (PeerDialTimeout, 2 s), reported with MsgUnreachable", () => {
    const t = transport([1, 2]);
    t.advanceTo(100);
    t.partition([[[1], [2]]]);
    const snapshot = {
      metadata: { index: 5, term: 1, confState: { voters: [1, 2], learners: [] } },
      data: null,
    };
    t.send(message({ type: "MsgSnap", from: 1, to: 2, term: 1, snapshot }), 100);
    const got = drain(t, 100, 5000).map((d) => [d.m.type, d.m.reject, d.at]);
    expect(peerDialTimeoutMs(1000)).toBe(2000);
    expect(got).toEqual([
      ["MsgSnapStatus", true, 2100],
      ["MsgUnreachable", false, 2100],
    ]);
  });
});
