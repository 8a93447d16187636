/**
 * The MVCC store's semantics, held to etcd's: revisions (server/storage/mvcc/kvstore_test.go,
 * kv_test.go), txn compares (etcdserver txn.applyCompare), compaction (ErrCompacted/ErrFutureRev),
 * de-duplication of retried requests, watch history and snapshots.
 */
import { describe, expect, it } from "vitest";
import { ERR_COMPACTED, ERR_FUTURE_REV } from "../../../shared/sim/etcd/errors.ts";
import { KvStore } from "../../../shared/sim/etcd/mvcc.ts";
import {
  type KeyValue,
  type KvResponse,
  type KvResult,
  prefixRangeEnd,
  type RangeResponse,
  type TxnResponse,
} from "../../../shared/sim/etcd/types.ts";

function ok(r: KvResult | undefined): KvResponse {
  if (!r?.ok) throw new Error(`expected a response, got ${JSON.stringify(r)}`);
  return r.response;
}

function kvs(store: KvStore, key: string, rangeEnd?: string, revision?: number): KeyValue[] {
  const r = ok(store.range({ key, ...(rangeEnd ? { rangeEnd } : {}), ...(revision ? { revision } : {}) }));
  return [...(r as RangeResponse).kvs];
}

const put = (key: string, value: string) => ({ type: "put" as const, key, value });

describe("revisions (etcd mvcc)", () => {
  it("a new store is at revision 1; each write takes the next revision", () => {
    const s = new KvStore();
    expect(s.revision).toBe(1);
    expect(ok(s.apply(put("a", "1"))).header.revision).toBe(2);
    expect(ok(s.apply(put("b", "1"))).header.revision).toBe(3);
    expect(s.revision).toBe(3);
  });

  it("createRevision, modRevision and version follow a key's generations", () => {
    const s = new KvStore();
    s.apply(put("k", "v1")); // rev 2
    s.apply(put("k", "v2")); // rev 3
    expect(s.get("k")).toEqual({ key: "k", value: "v2", createRevision: 2, modRevision: 3, version: 2 });
    s.apply({ type: "deleteRange", key: "k" }); // rev 4
    expect(s.get("k")).toBeUndefined();
    s.apply(put("k", "v3")); // rev 5: a new generation
    expect(s.get("k")).toEqual({ key: "k", value: "v3", createRevision: 5, modRevision: 5, version: 1 });
  });

  it("a delete that removes nothing creates no revision", () => {
    const s = new KvStore();
    const r = ok(s.apply({ type: "deleteRange", key: "missing" }));
    expect(r).toMatchObject({ deleted: 0, header: { revision: 1 } });
    expect(s.revision).toBe(1);
  });

  it("a range delete removes every key of a prefix at one revision and returns the previous values", () => {
    const s = new KvStore();
    s.apply(put("/pods/a", "1"));
    s.apply(put("/pods/b", "2"));
    s.apply(put("/nodes/n1", "3"));
    const r = ok(
      s.apply({ type: "deleteRange", key: "/pods/", rangeEnd: prefixRangeEnd("/pods/"), prevKv: true }),
    );
    expect(r).toMatchObject({ deleted: 2, header: { revision: 5 } });
    if (r.type === "deleteRange") expect(r.prevKvs.map((kv) => kv.key)).toEqual(["/pods/a", "/pods/b"]);
    expect(s.get("/nodes/n1")?.value).toBe("3");
  });

  it("put with prevKv returns the value it replaced", () => {
    const s = new KvStore();
    s.apply(put("k", "old"));
    const r = ok(s.apply({ type: "put", key: "k", value: "new", prevKv: true }));
    expect(r.type === "put" && r.prevKv?.value).toBe("old");
  });
});

describe("range", () => {
  const s = new KvStore();
  for (const k of ["a", "b/1", "b/2", "b/3", "c"]) s.apply(put(k, k.toUpperCase()));

  const cases: [string, { key: string; rangeEnd?: string; limit?: number }, string[], boolean][] = [
    ["one key", { key: "b/2" }, ["b/2"], false],
    ["a missing key", { key: "zz" }, [], false],
    ["a prefix", { key: "b/", rangeEnd: prefixRangeEnd("b/") }, ["b/1", "b/2", "b/3"], false],
    ["[key, rangeEnd)", { key: "b/2", rangeEnd: "c" }, ["b/2", "b/3"], false],
    ['every key from key on ("\\0")', { key: "b/3", rangeEnd: "\0" }, ["b/3", "c"], false],
    ["a limit leaves more", { key: "a", rangeEnd: "\0", limit: 2 }, ["a", "b/1"], true],
  ];
  it.each(cases)("%s", (_name, req, keys, more) => {
    const r = ok(s.range(req)) as RangeResponse;
    expect(r.kvs.map((kv) => kv.key)).toEqual(keys);
    expect(r.more).toBe(more);
  });

  it("count counts every match even with a limit; countOnly returns no key-values", () => {
    const r = ok(s.range({ key: "a", rangeEnd: "\0", limit: 1, countOnly: true })) as RangeResponse;
    expect(r.count).toBe(5);
    expect(r.kvs).toEqual([]);
  });

  it("reads at a past revision see the value then", () => {
    const t = new KvStore();
    t.apply(put("k", "1")); // 2
    t.apply(put("k", "2")); // 3
    t.apply({ type: "deleteRange", key: "k" }); // 4
    expect(kvs(t, "k", undefined, 2).map((kv) => kv.value)).toEqual(["1"]);
    expect(kvs(t, "k", undefined, 3).map((kv) => kv.value)).toEqual(["2"]);
    expect(kvs(t, "k", undefined, 4)).toEqual([]);
    expect(t.range({ key: "k", revision: 5 })).toEqual({ ok: false, error: ERR_FUTURE_REV });
  });
});

describe("compaction (kvstore.go compact)", () => {
  function history(): KvStore {
    const s = new KvStore();
    s.apply(put("k", "1")); // 2
    s.apply(put("k", "2")); // 3
    s.apply(put("gone", "x")); // 4
    s.apply({ type: "deleteRange", key: "gone" }); // 5
    s.apply(put("k", "3")); // 6
    return s;
  }

  it("reads before the compact revision fail with ErrCompacted; at it and after they work", () => {
    const s = history();
    expect(ok(s.apply({ type: "compact", revision: 5 })).type).toBe("compact");
    expect(s.range({ key: "k", revision: 4 })).toEqual({ ok: false, error: ERR_COMPACTED });
    expect(kvs(s, "k", undefined, 5).map((kv) => kv.value)).toEqual(["2"]);
    expect(kvs(s, "k").map((kv) => kv.value)).toEqual(["3"]);
    expect(kvs(s, "gone", undefined, 5)).toEqual([]);
  });

  it("compacting at or below the last compaction is ErrCompacted, beyond the revision ErrFutureRev", () => {
    const s = history();
    s.apply({ type: "compact", revision: 4 });
    expect(s.apply({ type: "compact", revision: 4 })).toEqual({ ok: false, error: ERR_COMPACTED });
    expect(s.apply({ type: "compact", revision: 3 })).toEqual({ ok: false, error: ERR_COMPACTED });
    expect(s.apply({ type: "compact", revision: 7 })).toEqual({ ok: false, error: ERR_FUTURE_REV });
  });

  it("watch history before the compact revision is gone", () => {
    const s = history();
    expect(s.eventsFrom(3, { key: "k" })?.map((e) => e.kv.modRevision)).toEqual([3, 6]);
    s.apply({ type: "compact", revision: 5 });
    expect(s.eventsFrom(3, { key: "k" })).toBeUndefined();
    expect(
      s.eventsFrom(5, { key: "\0", rangeEnd: "\0" })?.map((e) => `${e.type}@${e.kv.modRevision}`),
    ).toEqual(["DELETE@5", "PUT@6"]);
  });
});

describe("txn (compare-and-swap)", () => {
  const createIfAbsent = (key: string, value: string) => ({
    type: "txn" as const,
    compare: [{ key, target: "CREATE" as const, result: "EQUAL" as const, value: 0 }],
    success: [put(key, value)],
    failure: [{ type: "range" as const, key }],
  });

  it("create-if-absent (a lock): the first wins, the second fails and reads the holder", () => {
    const s = new KvStore();
    const first = ok(s.apply(createIfAbsent("lock", "a"))) as TxnResponse;
    expect(first.succeeded).toBe(true);
    const second = ok(s.apply(createIfAbsent("lock", "b"))) as TxnResponse;
    expect(second.succeeded).toBe(false);
    const read = second.responses[0];
    expect(read?.type === "range" && read.kvs[0]?.value).toBe("a");
    expect(s.revision).toBe(2);
  });

  const s = new KvStore();
  s.apply(put("k", "m")); // rev 2, version 1
  const cases: [string, Parameters<KvStore["apply"]>[0] & { type: "txn" }, boolean][] = [
    [
      "VALUE EQUAL",
      {
        type: "txn",
        compare: [{ key: "k", target: "VALUE", result: "EQUAL", value: "m" }],
        success: [],
        failure: [],
      },
      true,
    ],
    [
      "VALUE GREATER",
      {
        type: "txn",
        compare: [{ key: "k", target: "VALUE", result: "GREATER", value: "a" }],
        success: [],
        failure: [],
      },
      true,
    ],
    [
      "VALUE LESS",
      {
        type: "txn",
        compare: [{ key: "k", target: "VALUE", result: "LESS", value: "a" }],
        success: [],
        failure: [],
      },
      false,
    ],
    [
      "VALUE on a missing key is false",
      {
        type: "txn",
        compare: [{ key: "nope", target: "VALUE", result: "NOT_EQUAL", value: "x" }],
        success: [],
        failure: [],
      },
      false,
    ],
    [
      "VERSION of a missing key is 0",
      {
        type: "txn",
        compare: [{ key: "nope", target: "VERSION", result: "EQUAL", value: 0 }],
        success: [],
        failure: [],
      },
      true,
    ],
    [
      "MOD EQUAL",
      {
        type: "txn",
        compare: [{ key: "k", target: "MOD", result: "EQUAL", value: 2 }],
        success: [],
        failure: [],
      },
      true,
    ],
    [
      "VERSION NOT_EQUAL",
      {
        type: "txn",
        compare: [{ key: "k", target: "VERSION", result: "NOT_EQUAL", value: 1 }],
        success: [],
        failure: [],
      },
      false,
    ],
    [
      "every compare must hold",
      {
        type: "txn",
        compare: [
          { key: "k", target: "VERSION", result: "EQUAL", value: 1 },
          { key: "k", target: "MOD", result: "LESS", value: 2 },
        ],
        success: [],
        failure: [],
      },
      false,
    ],
  ];
  it.each(cases)("%s", (_name, txn, succeeded) => {
    expect((ok(s.apply(txn)) as TxnResponse).succeeded).toBe(succeeded);
  });

  it("all writes of a txn share one revision; reads in it see its earlier writes", () => {
    const t = new KvStore();
    const r = ok(
      t.apply({
        type: "txn",
        compare: [],
        success: [put("a", "1"), put("b", "2"), { type: "range", key: "a" }],
        failure: [],
      }),
    ) as TxnResponse;
    expect(t.revision).toBe(2);
    expect(t.get("a")?.modRevision).toBe(2);
    expect(t.get("b")?.modRevision).toBe(2);
    const read = r.responses[2];
    expect(read?.type === "range" && read.kvs[0]?.value).toBe("1");
  });
});

describe("client request de-duplication (Raft thesis §6.3)", () => {
  it("a retried request is applied once and the retry gets the first result", () => {
    const s = new KvStore();
    const first = s.applyProposal("c1", 1, put("k", "v"), 1);
    const retry = s.applyProposal("c1", 1, put("k", "v"), 2);
    expect(retry).toEqual(first);
    expect(s.revision).toBe(2);
    expect(s.get("k")?.version).toBe(1);
  });

  it("an older request arriving after a newer one is skipped", () => {
    const s = new KvStore();
    s.applyProposal("c1", 2, put("k", "new"), 1);
    expect(s.applyProposal("c1", 1, put("k", "old"), 2)).toBeUndefined();
    expect(s.get("k")?.value).toBe("new");
  });

  it("requests of different clients with the same seq are distinct", () => {
    const s = new KvStore();
    s.applyProposal("c1", 1, put("k", "a"), 1);
    s.applyProposal("c2", 1, put("k", "b"), 2);
    expect(s.revision).toBe(3);
  });
});

describe("snapshot and restore", () => {
  it("a restored store answers like the original, dedup sessions included, and is independent", () => {
    const s = new KvStore();
    s.applyProposal("c", 1, put("a", "1"), 1);
    s.applyProposal("c", 2, put("b", "2"), 2);
    s.applyProposal("c", 3, { type: "deleteRange", key: "a" }, 3);
    s.applyProposal("c", 4, { type: "compact", revision: 3 }, 4);
    const r = KvStore.restore(s.snapshot());
    expect(r.revision).toBe(s.revision);
    expect(r.compactRevision).toBe(3);
    expect(r.appliedIndex).toBe(4);
    expect(kvs(r, "a", "\0")).toEqual(kvs(s, "a", "\0"));
    expect(r.eventsFrom(3, { key: "a", rangeEnd: "\0" })).toEqual(
      s.eventsFrom(3, { key: "a", rangeEnd: "\0" }),
    );
    const last = s.sessionResult("c", 4);
    expect(last?.ok).toBe(true);
    expect(r.applyProposal("c", 4, { type: "compact", revision: 3 }, 5)).toEqual(last);
    r.apply(put("z", "only in the copy"));
    expect(s.get("z")).toBeUndefined();
  });
});
