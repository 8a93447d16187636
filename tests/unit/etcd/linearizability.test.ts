/**
 * The linearizability checker on hand-made histories whose answer is known: porcupine's register
 * examples (porcupine_test.go, TestRegisterModel), the new/old inversion, timed-out operations that
 * take effect late, compare-and-swap, and a history on many keys.
 */
import { describe, expect, it } from "vitest";
import {
  checkKvHistory,
  checkOperations,
  type KvInput,
  type KvOperation,
  type KvOutput,
  type Model,
} from "../../../shared/sim/etcd/linearizability.ts";

const put = (c: number, key: string, value: string, call: number, ret: number): KvOperation => ({
  clientId: c,
  input: { op: "put", key, value },
  call,
  output: { op: "put" },
  return: ret,
});
const get = (c: number, key: string, value: string | null, call: number, ret: number): KvOperation => ({
  clientId: c,
  input: { op: "get", key },
  call,
  output: { op: "get", value },
  return: ret,
});
const lost = (c: number, input: KvInput, call: number): KvOperation => ({
  clientId: c,
  input,
  call,
  output: undefined,
  return: Number.POSITIVE_INFINITY,
});
const op = (c: number, input: KvInput, output: KvOutput, call: number, ret: number): KvOperation => ({
  clientId: c,
  input,
  call,
  output,
  return: ret,
});

describe("linearizability checker: known histories (porcupine style)", () => {
  const cases: [string, KvOperation[], "ok" | "illegal"][] = [
    ["empty history", [], "ok"],
    [
      "a sequential history",
      [put(0, "x", "1", 0, 10), get(1, "x", "1", 20, 30), get(2, "x", "1", 40, 50)],
      "ok",
    ],
    // porcupine TestRegisterModel, first history: the 0-read is ordered before the write.
    [
      "porcupine register 1: reads on both sides of a concurrent write",
      [put(0, "x", "100", 0, 100), get(1, "x", "100", 25, 75), get(2, "x", null, 30, 60)],
      "ok",
    ],
    // porcupine TestRegisterModel, second history: the new value is seen, then the old one.
    [
      "porcupine register 2: a read of the old value after a read of the new one",
      [put(0, "x", "200", 0, 100), get(1, "x", "200", 10, 30), get(2, "x", null, 40, 90)],
      "illegal",
    ],
    [
      "a stale read after the write returned",
      [put(0, "x", "1", 0, 10), get(1, "x", null, 20, 30)],
      "illegal",
    ],
    ["a read of a value never written", [get(1, "x", "7", 0, 10)], "illegal"],
    [
      "overlapping writes, readers agree on the order",
      [put(0, "x", "a", 0, 50), put(1, "x", "b", 0, 50), get(2, "x", "a", 60, 70), get(3, "x", "a", 80, 90)],
      "ok",
    ],
    [
      "overlapping writes, readers disagree after both ended",
      [put(0, "x", "a", 0, 50), put(1, "x", "b", 0, 50), get(2, "x", "a", 60, 70), get(3, "x", "b", 80, 90)],
      "illegal",
    ],
    [
      "a timed-out write may take effect late",
      [
        lost(0, { op: "put", key: "x", value: "1" }, 0),
        get(1, "x", null, 100, 110),
        get(2, "x", "1", 200, 210),
      ],
      "ok",
    ],
    [
      "a timed-out write never takes effect twice",
      [
        lost(0, { op: "put", key: "x", value: "1" }, 0),
        get(1, "x", "1", 100, 110),
        put(2, "x", "2", 120, 130),
        get(1, "x", "1", 200, 210),
      ],
      "illegal",
    ],
    [
      "a timed-out write cannot act before its call",
      [get(1, "x", "1", 0, 10), lost(0, { op: "put", key: "x", value: "1" }, 20)],
      "illegal",
    ],
    [
      "two compare-and-swaps on an absent key cannot both succeed",
      [
        op(0, { op: "cas", key: "lock", expected: null, value: "a" }, { op: "cas", succeeded: true }, 0, 10),
        op(1, { op: "cas", key: "lock", expected: null, value: "b" }, { op: "cas", succeeded: true }, 0, 10),
      ],
      "illegal",
    ],
    [
      "one compare-and-swap wins, the other fails and sees the winner",
      [
        op(0, { op: "cas", key: "lock", expected: null, value: "a" }, { op: "cas", succeeded: true }, 0, 10),
        op(1, { op: "cas", key: "lock", expected: null, value: "b" }, { op: "cas", succeeded: false }, 0, 10),
        get(2, "lock", "a", 20, 30),
      ],
      "ok",
    ],
    [
      "delete reports what it deleted",
      [put(0, "x", "1", 0, 10), op(1, { op: "delete", key: "x" }, { op: "delete", deleted: 0 }, 20, 30)],
      "illegal",
    ],
    [
      "delete then read absent",
      [
        put(0, "x", "1", 0, 10),
        op(1, { op: "delete", key: "x" }, { op: "delete", deleted: 1 }, 20, 30),
        get(2, "x", null, 40, 50),
      ],
      "ok",
    ],
    [
      "operations that touch at one instant are concurrent (porcupine orders calls first)",
      [put(0, "x", "1", 0, 10), get(1, "x", null, 10, 20)],
      "ok",
    ],
  ];
  it.each(cases)("%s → %s", (_name, history, want) => {
    expect(checkKvHistory(history).result).toBe(want);
  });

  it("checks each key on its own and counts the parts", () => {
    const r = checkKvHistory([put(0, "a", "1", 0, 10), put(1, "b", "2", 0, 10), get(2, "a", "1", 20, 30)]);
    expect(r).toEqual({ result: "ok", partitions: 2, operations: 3 });
  });

  it("explains a violation: the longest consistent order and the operation that cannot follow", () => {
    const r = checkKvHistory([put(0, "x", "1", 0, 10), put(0, "x", "2", 20, 30), get(7, "x", "1", 40, 50)]);
    expect(r.result).toBe("illegal");
    if (r.result !== "illegal") return;
    expect(r.linearized).toHaveLength(2);
    expect(r.explanation).toContain('State after it: value "2"');
    expect(r.explanation).toContain('client 7: get("x") → "1" [40, 50]');
  });

  it("a violation on one key is found among many linearizable keys", () => {
    const history: KvOperation[] = [];
    for (let k = 0; k < 20; k++) history.push(put(k, `k${k}`, "v", 0, 10), get(k + 1, `k${k}`, "v", 20, 30));
    history.push(get(99, "k13", null, 40, 50));
    const r = checkKvHistory(history);
    expect(r.result).toBe("illegal");
    if (r.result === "illegal") expect(r.explanation).toContain('get("k13")');
  });

  it("memoization keeps a long concurrent history fast (10 rounds of 8 overlapping writes and 8 reads)", () => {
    const history: KvOperation[] = [];
    for (let r = 0; r < 10; r++) {
      const t = r * 100;
      // Within a round everything overlaps; each read sees a value written in the round.
      for (let i = 0; i < 8; i++) history.push(put(i, "x", `${r}-${i % 4}`, t, t + 50));
      for (let i = 0; i < 8; i++) history.push(get(10 + i, "x", `${r}-${(i * 3) % 4}`, t, t + 50));
    }
    history.push(get(99, "x", "9-1", 2000, 2010));
    const started = performance.now();
    expect(checkKvHistory(history).result).toBe("ok");
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("gives up with unknown when the step budget runs out", () => {
    const history = [put(0, "x", "1", 0, 10), get(1, "x", "1", 20, 30)];
    expect(checkKvHistory(history, { maxSteps: 1 }).result).toBe("unknown");
  });
});

describe("linearizability checker: another model (Herlihy & Wing's FIFO queue)", () => {
  type QIn = { readonly op: "enq"; readonly v: number } | { readonly op: "deq" };
  type QOut = { readonly v: number | null };
  const queue: Model<readonly number[], QIn, QOut> = {
    init: () => [],
    step(state, input, output) {
      if (input.op === "enq") return [...state, input.v];
      const head = state[0] ?? null;
      if (output !== undefined && output.v !== head) return undefined;
      return state.slice(1);
    },
    key: (s) => s.join(","),
    describeOperation: (i, o) => (i.op === "enq" ? `enq(${i.v})` : `deq() → ${o?.v ?? "?"}`),
    describeState: (s) => `[${s.join(", ")}]`,
  };
  const q = (c: number, input: QIn, call: number, ret: number, v: number | null = null) => ({
    clientId: c,
    input,
    call,
    output: { v },
    return: ret,
  });

  it("H&W figure 1(a)-like: concurrent enqueues may be dequeued in either order", () => {
    const h = [
      q(0, { op: "enq", v: 1 }, 0, 10),
      q(1, { op: "enq", v: 2 }, 0, 10),
      q(2, { op: "deq" }, 20, 30, 2),
      q(2, { op: "deq" }, 40, 50, 1),
    ];
    expect(checkOperations(queue, h).result).toBe("ok");
  });

  it("sequential enqueues must come out in order", () => {
    const h = [
      q(0, { op: "enq", v: 1 }, 0, 10),
      q(0, { op: "enq", v: 2 }, 20, 30),
      q(1, { op: "deq" }, 40, 50, 2),
    ];
    expect(checkOperations(queue, h).result).toBe("illegal");
  });
});
