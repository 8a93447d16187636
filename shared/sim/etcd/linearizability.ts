/**
 * A linearizability checker in the style of porcupine (github.com/anishathalye/porcupine): the
 * Wing & Gong search ("Testing and Verifying Concurrent Objects", 1993) with Lowe's memoization of
 * (set of operations linearized, model state) ("Testing for linearizability", 2017), run
 * separately on each partition of the history (each key of a KV store, since operations on
 * different keys commute).
 *
 * A history is a list of operations, each with its client, input, call time, output and return
 * time. An operation that never returned (a timeout: the client cannot know whether it took
 * effect) has no output and returns at +∞: it may take effect at any point after its call, or
 * never (taking effect after everything else is the same thing). Operations that failed for sure
 * (an error that guarantees no effect) should be left out of the history.
 */

export interface Operation<I, O> {
  readonly clientId: number | string;
  readonly input: I;
  /** When the client called (any time unit; only the order matters). */
  readonly call: number;
  /** The result, or undefined when the operation never returned. */
  readonly output: O | undefined;
  /** When the result came back; +∞ (Infinity) when it never did. */
  readonly return: number;
}

export interface Model<S, I, O> {
  /** Splits the history into independent parts, each checked on its own (per key). */
  partition?(history: readonly Operation<I, O>[]): Operation<I, O>[][];
  init(): S;
  /**
   * Applies `input` to `state`; the new state if the operation could have returned `output`
   * there (`output` undefined: any output), undefined if not.
   */
  step(state: S, input: I, output: O | undefined): S | undefined;
  /** A string equal for equal states (for memoization). */
  key(state: S): string;
  describeOperation(input: I, output: O | undefined): string;
  describeState(state: S): string;
}

export type CheckResult =
  | { readonly result: "ok"; readonly partitions: number; readonly operations: number }
  | {
      readonly result: "illegal";
      /** A short account of where every ordering fails. */
      readonly explanation: string;
      /** The operations of the failing partition that were linearized in the longest attempt. */
      readonly linearized: readonly Operation<unknown, unknown>[];
    }
  | { readonly result: "unknown"; readonly explanation: string };

export interface CheckOptions {
  /** Search steps per partition before giving up with "unknown". */
  readonly maxSteps?: number;
}

interface Node {
  readonly id: number;
  /** The call entry's matching return entry; null for a return entry. */
  match: Node | null;
  readonly time: number;
  readonly isCall: boolean;
  prev: Node | null;
  next: Node | null;
}

/** Porcupine's entry list: calls and returns in time order, a call before a return at the same time. */
function makeList(ops: readonly Operation<unknown, unknown>[]): Node {
  const entries: Node[] = [];
  ops.forEach((op, id) => {
    const ret: Node = { id, match: null, time: op.return, isCall: false, prev: null, next: null };
    const call: Node = { id, match: ret, time: op.call, isCall: true, prev: null, next: null };
    entries.push(call, ret);
  });
  entries.sort((a, b) => {
    if (a.time !== b.time) return a.time < b.time ? -1 : 1;
    if (a.isCall !== b.isCall) return a.isCall ? -1 : 1;
    return a.id - b.id;
  });
  const head: Node = {
    id: -1,
    match: null,
    time: Number.NEGATIVE_INFINITY,
    isCall: false,
    prev: null,
    next: null,
  };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  return head;
}

/** Takes a call entry and its return out of the list. */
function lift(e: Node): void {
  if (e.prev) e.prev.next = e.next;
  if (e.next) e.next.prev = e.prev;
  const m = e.match;
  if (!m) return;
  if (m.prev) m.prev.next = m.next;
  if (m.next) m.next.prev = m.prev;
}

/** Puts them back (the reverse of lift, in reverse order). */
function unlift(e: Node): void {
  const m = e.match;
  if (m) {
    if (m.prev) m.prev.next = m;
    if (m.next) m.next.prev = m;
  }
  if (e.prev) e.prev.next = e;
  if (e.next) e.next.prev = e;
}

class Bitset {
  readonly words: Uint32Array;
  constructor(n: number) {
    this.words = new Uint32Array(Math.ceil(n / 32) || 1);
  }
  set(i: number): void {
    this.words[i >>> 5] = (this.words[i >>> 5] ?? 0) | (1 << (i & 31));
  }
  clear(i: number): void {
    this.words[i >>> 5] = (this.words[i >>> 5] ?? 0) & ~(1 << (i & 31));
  }
  /** A compact string of the set, two UTF-16 units per word. */
  key(): string {
    let s = "";
    for (const w of this.words) s += String.fromCharCode(w & 0xffff, w >>> 16);
    return s;
  }
}

type PartitionResult<S> =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly unknown: boolean;
      readonly best: readonly number[];
      readonly bestState: S;
    };

function checkPartition<S, I, O>(
  model: Model<S, I, O>,
  ops: readonly Operation<I, O>[],
  maxSteps: number,
): PartitionResult<S> {
  const head = makeList(ops);
  const linearized = new Bitset(ops.length);
  const cache = new Set<string>();
  const calls: { entry: Node; state: S }[] = [];
  let state = model.init();
  let entry = head.next;
  let best: number[] = [];
  let bestState = state;
  let steps = 0;
  while (head.next !== null) {
    if (++steps > maxSteps) return { ok: false, unknown: true, best, bestState };
    if (entry === null) break; // unreachable: a list with entries always ends in a return
    if (entry.isCall) {
      const op = ops[entry.id];
      const next = op ? model.step(state, op.input, op.output) : undefined;
      if (next !== undefined) {
        linearized.set(entry.id);
        const key = `${linearized.key()}|${model.key(next)}`;
        if (!cache.has(key)) {
          cache.add(key);
          calls.push({ entry, state });
          state = next;
          lift(entry);
          if (calls.length > best.length) {
            best = calls.map((c) => c.entry.id);
            bestState = state;
          }
          entry = head.next;
          continue;
        }
        linearized.clear(entry.id);
      }
      entry = entry.next;
    } else {
      // A return: the operation that returns here must already be linearized; backtrack.
      const top = calls.pop();
      if (!top) return { ok: false, unknown: false, best, bestState };
      entry = top.entry;
      state = top.state;
      linearized.clear(entry.id);
      unlift(entry);
      entry = entry.next;
    }
  }
  return { ok: true };
}

function formatTime(t: number): string {
  return Number.isFinite(t) ? String(t) : "∞";
}

function describe<S, I, O>(model: Model<S, I, O>, op: Operation<I, O>): string {
  return `client ${op.clientId}: ${model.describeOperation(op.input, op.output)} [${formatTime(op.call)}, ${formatTime(op.return)}]`;
}

/** Checks a whole history against a model; "illegal" comes with a short explanation. */
export function checkOperations<S, I, O>(
  model: Model<S, I, O>,
  history: readonly Operation<I, O>[],
  options: CheckOptions = {},
): CheckResult {
  const maxSteps = options.maxSteps ?? 10_000_000;
  const partitions = model.partition ? model.partition(history) : [[...history]];
  for (const ops of partitions) {
    const r = checkPartition(model, ops, maxSteps);
    if (r.ok) continue;
    const prefix = r.best.flatMap((i) => ops[i] ?? []);
    if (r.unknown) {
      return {
        result: "unknown",
        explanation: `gave up after ${maxSteps} steps on a part of ${ops.length} operations`,
      };
    }
    const done = new Set(r.best);
    const pending = ops.map((op, i) => ({ op, i })).filter(({ i }) => !done.has(i));
    // The operation that must take effect next: the first to return among those not linearized.
    pending.sort((a, b) => a.op.return - b.op.return || a.op.call - b.op.call);
    const blocker = pending[0]?.op;
    const shown = prefix.slice(-3).map((op) => `  ${describe(model, op)}`);
    const lines = [
      `not linearizable: ${ops.length} operations, at most ${prefix.length} can be ordered consistently.`,
      ...(prefix.length > 0
        ? [
            `Longest consistent order ends with${prefix.length > 3 ? ` (last 3 of ${prefix.length})` : ""}:`,
            ...shown,
          ]
        : []),
      `State after it: ${model.describeState(r.bestState)}.`,
      ...(blocker
        ? [`Next to take effect, and impossible there or in any other order: ${describe(model, blocker)}.`]
        : []),
    ];
    return { result: "illegal", explanation: lines.join("\n"), linearized: prefix };
  }
  return {
    result: "ok",
    partitions: partitions.length,
    operations: history.length,
  };
}

// ---- the KV model -------------------------------------------------------------------------------

export type KvInput =
  | { readonly op: "put"; readonly key: string; readonly value: string }
  | { readonly op: "get"; readonly key: string }
  | { readonly op: "delete"; readonly key: string }
  /** Compare-and-swap: set `value` if the key holds `expected` (null: if the key does not exist). */
  | { readonly op: "cas"; readonly key: string; readonly expected: string | null; readonly value: string };

export type KvOutput =
  | { readonly op: "put" }
  | { readonly op: "get"; readonly value: string | null }
  | { readonly op: "delete"; readonly deleted: number }
  | { readonly op: "cas"; readonly succeeded: boolean };

export type KvOperation = Operation<KvInput, KvOutput>;

/** One key's value (null: absent). */
export type KvState = string | null;

function show(v: string | null): string {
  return v === null ? "(absent)" : JSON.stringify(v);
}

/** A single-key register with put, get, delete and compare-and-swap, partitioned per key. */
export const kvModel: Model<KvState, KvInput, KvOutput> = {
  partition(history) {
    const byKey = new Map<string, KvOperation[]>();
    for (const op of history) {
      const list = byKey.get(op.input.key);
      if (list) list.push(op);
      else byKey.set(op.input.key, [op]);
    }
    return [...byKey.keys()].sort().map((k) => byKey.get(k) ?? []);
  },
  init: () => null,
  step(state, input, output) {
    if (output !== undefined && output.op !== input.op) return undefined;
    switch (input.op) {
      case "put":
        return input.value;
      case "get":
        if (output === undefined) return state;
        return output.op === "get" && output.value === state ? state : undefined;
      case "delete":
        if (output !== undefined && output.op === "delete" && output.deleted !== (state === null ? 0 : 1)) {
          return undefined;
        }
        return null;
      case "cas": {
        const succeeds = state === input.expected;
        if (output !== undefined && output.op === "cas" && output.succeeded !== succeeds) return undefined;
        return succeeds ? input.value : state;
      }
    }
  },
  key: (state) => (state === null ? "\u0000null" : `=${state}`),
  describeOperation(input, output) {
    const ret = (text: string) =>
      output === undefined ? `${text} → (no answer)` : `${text} → ${describeOutput(output)}`;
    switch (input.op) {
      case "put":
        return ret(`put(${JSON.stringify(input.key)}, ${JSON.stringify(input.value)})`);
      case "get":
        return ret(`get(${JSON.stringify(input.key)})`);
      case "delete":
        return ret(`delete(${JSON.stringify(input.key)})`);
      case "cas":
        return ret(
          `cas(${JSON.stringify(input.key)}, ${show(input.expected)} → ${JSON.stringify(input.value)})`,
        );
    }
  },
  describeState: (state) => `value ${show(state)}`,
};

function describeOutput(output: KvOutput): string {
  switch (output.op) {
    case "put":
      return "ok";
    case "get":
      return show(output.value);
    case "delete":
      return `deleted ${output.deleted}`;
    case "cas":
      return output.succeeded ? "succeeded" : "failed";
  }
}

/** Checks a KV history (put/get/delete/cas on string keys), per key. */
export function checkKvHistory(history: readonly KvOperation[], options?: CheckOptions): CheckResult {
  return checkOperations(kvModel, history, options);
}
