/**
 * etcd's space quota (etcd v3.6: storage/quota.go, api/v3rpc/quota.go, the apply path's
 * quotaApplierV3 and applierV3Capped, maintenance's Defragment and Alarm; the maintenance guide's
 * "Space quota"): the backend grows with every revision kept; past --quota-backend-bytes writes are
 * refused with "etcdserver: mvcc: database space exceeded" and the NOSPACE alarm puts the cluster in
 * maintenance mode (reads, deletes and compactions only) until history is compacted, each member
 * defragmented and the alarm disarmed.
 */
import { describe, expect, it } from "vitest";
import { EtcdCluster, NetworkTransport } from "../../../shared/sim/etcd/cluster.ts";
import { ERR_NO_SPACE } from "../../../shared/sim/etcd/errors.ts";
import { DEFAULT_QUOTA_BACKEND_BYTES, DEFRAG_BYTES_PER_SECOND } from "../../../shared/sim/etcd/member.ts";
import { KV_OVERHEAD_BYTES, KvStore, putCost, requestCost } from "../../../shared/sim/etcd/mvcc.ts";
import type { ClientResponse, KvRequest } from "../../../shared/sim/etcd/types.ts";

describe("what a write costs (storage/quota.go)", () => {
  it("a put costs kvOverhead (256) + key + value; a txn its larger branch; deletes and compactions nothing", () => {
    expect(KV_OVERHEAD_BYTES).toBe(256);
    expect(putCost("k", "vvv")).toBe(260);
    expect(putCost("k", "v", 1_000_000)).toBe(1_000_257);
    const put = (key: string, value: string) => ({ type: "put" as const, key, value });
    expect(
      requestCost({
        type: "txn",
        compare: [],
        success: [put("a", "1"), put("b", "2")],
        failure: [put("c", "123")],
      }),
    ).toBe(2 * 258);
    expect(requestCost({ type: "deleteRange", key: "a" })).toBe(0);
    expect(requestCost({ type: "compact", revision: 3 })).toBe(0);
  });

  it("the default quota is 2 GiB (DefaultQuotaBytes)", () => {
    expect(DEFAULT_QUOTA_BACKEND_BYTES).toBe(2 * 1024 * 1024 * 1024);
  });
});

describe("the backend's size (mvcc, bbolt)", () => {
  it("grows with every revision kept; compaction frees what is in use, not the file; defrag shrinks the file", () => {
    const s = new KvStore();
    for (let i = 0; i < 10; i++) s.apply({ type: "put", key: "k", value: "x".repeat(1000) });
    const oneRevision = putCost("k", "x".repeat(1000));
    expect(s.inUseBytes).toBe(10 * oneRevision);
    expect(s.fileBytes).toBe(10 * oneRevision);
    s.apply({ type: "compact", revision: s.revision });
    expect(s.inUseBytes).toBe(oneRevision);
    expect(s.fileBytes).toBe(10 * oneRevision);
    // Freed pages are reused before the file grows again.
    s.apply({ type: "put", key: "k", value: "x".repeat(1000) });
    expect(s.fileBytes).toBe(10 * oneRevision);
    s.defragment();
    expect(s.fileBytes).toBe(2 * oneRevision);
  });

  it("a snapshot carries the sizes and the alarms", () => {
    const s = new KvStore();
    s.otherBytes = 5000;
    s.apply({ type: "put", key: "k", value: "v" });
    s.apply({ type: "alarm", action: "activate", memberId: 2, alarm: "NOSPACE" });
    const r = KvStore.restore(s.snapshot());
    expect([r.inUseBytes, r.fileBytes]).toEqual([s.inUseBytes, s.fileBytes]);
    expect(r.alarms).toEqual([{ memberId: 2, alarm: "NOSPACE" }]);
  });
});

describe("--quota-backend-bytes and the NOSPACE alarm", () => {
  const QUOTA = 64 * 1024;

  function cluster(quotaBackendBytes = QUOTA) {
    const transport = new NetworkTransport({ seed: 3 });
    const c = new EtcdCluster({ ids: [1, 2, 3], seed: 3, transport, member: { quotaBackendBytes } });
    c.advance(3000);
    const leader = c.leader()?.id;
    if (leader === undefined) throw new Error("no leader");
    return { c, leader };
  }

  let seq = 0;
  function call(
    c: EtcdCluster,
    member: number,
    request: KvRequest,
    withinMs = 10_000,
  ): ClientResponse | undefined {
    const clientId = `c${++seq}`;
    c.request(member, { clientId, seq: 1, request });
    const end = c.now + withinMs;
    while (c.now < end) {
      c.advance(1);
      const r = c.takeResponses().find((x) => x.clientId === clientId);
      if (r) return r;
    }
    return undefined;
  }

  /** Writes 2 KiB values to one key until a write is refused; the refusal. */
  function fill(c: EtcdCluster, member: number): ClientResponse | undefined {
    for (let i = 0; i < 100; i++) {
      const r = call(c, member, { type: "put", key: "big", value: "x".repeat(2048) });
      if (!r?.result.ok) return r;
    }
    return undefined;
  }

  it("a write past the quota is refused, NOSPACE is raised for the whole cluster, and only reads, deletes and compactions pass", () => {
    const { c, leader } = cluster();
    expect(call(c, leader, { type: "put", key: "small", value: "s" })?.result.ok).toBe(true);
    const refused = fill(c, leader);
    expect(refused?.result).toEqual({ ok: false, error: ERR_NO_SPACE });
    c.advance(500);
    for (const m of c.running()) expect(m.alarms).toEqual([{ memberId: leader, alarm: "NOSPACE" }]);
    const follower = c.ids.find((id) => id !== leader) ?? 0;
    // A small write at another member: the alarm caps the cluster (applierV3Capped).
    expect(call(c, follower, { type: "put", key: "tiny", value: "t" })?.result).toEqual({
      ok: false,
      error: ERR_NO_SPACE,
    });
    expect(call(c, follower, { type: "range", key: "small" })?.result.ok).toBe(true);
    expect(call(c, follower, { type: "deleteRange", key: "small" })?.result.ok).toBe(true);
    const rev = c.member(leader)?.revision ?? 0;
    expect(call(c, leader, { type: "compact", revision: rev })?.result.ok).toBe(true);
  });

  it("compaction, then defragmentation of every member, then `alarm disarm` make the cluster writable again", () => {
    const { c, leader } = cluster();
    fill(c, leader);
    c.advance(500);
    const before = c.member(leader)?.metrics;
    expect(before?.dbSize ?? 0).toBeGreaterThan(QUOTA * 0.9);
    call(c, leader, { type: "compact", revision: c.member(leader)?.revision ?? 0 });
    // Compaction frees what is in use, not the file: still over the quota, still alarmed.
    const afterCompact = c.member(leader)?.metrics;
    expect(afterCompact?.dbSizeInUse ?? 0).toBeLessThan(QUOTA / 4);
    expect(afterCompact?.dbSize).toBe(before?.dbSize);
    // Disarming first does not help: the next write finds the file still full and raises it again.
    call(c, leader, { type: "alarm", action: "deactivate", memberId: 0, alarm: "NOSPACE" });
    const again = { type: "put", key: "again", value: "x".repeat(2048) } as const;
    expect(call(c, leader, again)?.result).toEqual({ ok: false, error: ERR_NO_SPACE });
    c.advance(500);
    expect(c.member(leader)?.alarms.length).toBe(1);
    // Defragment every member, one at a time, then disarm.
    for (const id of c.ids) {
      expect(c.defragment(id)).toBe(true);
      while (c.member(id)?.defragmenting) c.advance(1);
      expect(c.member(id)?.metrics.dbSize).toBe(c.member(id)?.metrics.dbSizeInUse);
    }
    call(c, leader, { type: "alarm", action: "deactivate", memberId: 0, alarm: "NOSPACE" });
    c.advance(500);
    for (const m of c.running()) expect(m.alarms).toEqual([]);
    expect(call(c, leader, again)?.result.ok).toBe(true);
  });

  it("a defragmenting member holds its requests until it is done; the others keep committing", () => {
    const { c, leader } = cluster(0);
    // 100 MiB of data (values standing for 1 MiB objects, under --max-request-bytes): a second of rewriting.
    for (let i = 0; i < 100; i++)
      call(c, leader, { type: "put", key: `k${i}`, value: "x", valueSize: 1024 ** 2 });
    c.advance(100);
    const follower = c.ids.find((id) => id !== leader) ?? 0;
    const inUse = c.member(follower)?.metrics.dbSizeInUse ?? 0;
    const startedAt = c.now;
    expect(c.defragment(follower)).toBe(true);
    expect(c.defragment(follower)).toBe(false);
    const tookMs = Math.ceil((inUse / DEFRAG_BYTES_PER_SECOND) * 1000);
    expect(tookMs).toBeGreaterThanOrEqual(1000);
    c.request(follower, {
      clientId: "held",
      seq: 1,
      request: { type: "range", key: "k0", serializable: true },
    });
    // The others commit meanwhile.
    c.request(leader, { clientId: "during", seq: 1, request: { type: "put", key: "during", value: "v" } });
    let answeredAt = 0;
    let duringAt = 0;
    while (!answeredAt && c.now < startedAt + 60_000) {
      c.advance(1);
      for (const r of c.takeResponses()) {
        if (r.clientId === "held") answeredAt = c.now;
        if (r.clientId === "during" && r.result.ok) duringAt = c.now;
      }
    }
    expect(answeredAt - startedAt).toBeGreaterThanOrEqual(tookMs);
    expect(duringAt).toBeGreaterThan(0);
    expect(duringAt).toBeLessThan(answeredAt);
    expect(c.takeEvents().some((e) => e.type === "defragmented" && e.member === follower)).toBe(true);
  });
});
