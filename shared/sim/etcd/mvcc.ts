/**
 * etcd's MVCC key-value store as a pure state machine: every write gets the next global revision,
 * every key keeps its history of revisions (createRevision, modRevision, version), reads may ask
 * for a past revision, and compaction forgets history before a revision. What the etcd member
 * applies from committed Raft entries, and what its snapshots carry.
 *
 * Shaped after etcd's `server/storage/mvcc` (kvstore.go, kvstore_txn.go, key_index.go,
 * watchable_store.go) and `server/etcdserver/txn` (compare semantics). Differences:
 * - keys are ordered as JavaScript strings (UTF-16 code units), which is etcd's byte order for
 *   ASCII keys, all the simulation uses;
 * - a compaction keeps the watch events at exactly the compacted revision (etcd may drop a delete
 *   at that revision), so a watch may start at the compact revision, as etcd allows;
 * - no leases, no `ignoreValue`; a txn may touch a key twice (etcd rejects that with
 *   "etcdserver: duplicate key given in txn request");
 * - sizes: each revision kept costs etcd's own quota estimate, kvOverhead (256 bytes) + key + value
 *   (storage/quota.go costPut), not bbolt's pages; the backend file grows to the most ever in use
 *   and shrinks only when defragmented (bbolt reuses freed pages but never returns them).
 */
import { ERR_COMPACTED, ERR_FUTURE_REV, ERR_NO_SPACE, type EtcdErrorMessage } from "./errors.ts";
import {
  type AlarmMember,
  type AlarmRequest,
  type Compare,
  type DeleteRangeResponse,
  inRange,
  type KeyRange,
  type KeyValue,
  type KvResult,
  type PutResponse,
  type RangeRequest,
  type RangeResponse,
  type TxnOp,
  type TxnOpResponse,
  type WatchEvent,
  type WriteRequest,
} from "./types.ts";

/** One revision of a key: its value then, or a tombstone (null) for a delete, and what it costs to keep. */
interface KeyRevision {
  readonly revision: number;
  readonly kv: KeyValue | null;
  readonly bytes: number;
}

/** etcd storage/quota.go kvOverhead: "an estimate for the cost of storing a key's Metadata". */
export const KV_OVERHEAD_BYTES = 256;

/** etcd storage/quota.go costPut: kvOverhead + key + value, what a put costs against the quota. */
export function putCost(key: string, value: string, valueSize?: number): number {
  return KV_OVERHEAD_BYTES + key.length + (valueSize ?? value.length);
}

/** What a write costs against the quota (BackendQuota.Cost): a put's cost, a txn's larger branch; 0 for the rest. */
export function requestCost(request: WriteRequest): number {
  const branch = (ops: readonly TxnOp[]) =>
    ops.reduce((n, op) => n + (op.type === "put" ? putCost(op.key, op.value, op.valueSize) : 0), 0);
  switch (request.type) {
    case "put":
      return putCost(request.key, request.value, request.valueSize);
    case "txn":
      return Math.max(branch(request.success), branch(request.failure));
    default:
      return 0;
  }
}

/** The result of the last request applied for a client, to answer its retries (dedup). */
export interface ClientSession {
  readonly seq: number;
  readonly result: KvResult;
}

/** A serializable copy of the whole store, carried in Raft snapshots. */
export interface KvSnapshot {
  readonly revision: number;
  readonly compactRevision: number;
  readonly keys: readonly (readonly [string, readonly KeyRevision[]])[];
  readonly events: readonly (readonly [number, WatchEvent])[];
  readonly sessions: readonly (readonly [string, ClientSession])[];
  /** The Raft index the state reflects. */
  readonly appliedIndex: number;
  /** The data the simulation does not model key by key, and the backend file's size. */
  readonly otherBytes: number;
  readonly fileBytes: number;
  readonly alarms: readonly AlarmMember[];
}

type Header = { readonly revision: number; readonly memberId: number; readonly raftTerm: number };

/** Headers are stamped by the member that answers; the store knows only the revision. */
function header(revision: number): Header {
  return { revision, memberId: 0, raftTerm: 0 };
}

export class KvStore {
  /** etcd's store starts at revision 1 (kvstore.go: currentRev = 1); the first write is revision 2. */
  revision = 1;
  /** History before this revision is gone (0: never compacted). */
  compactRevision = 0;
  /** The Raft index of the last entry applied. */
  appliedIndex = 0;

  private readonly keys = new Map<string, KeyRevision[]>();
  /** Every key with history, kept sorted for range scans. */
  private sortedKeys: string[] = [];
  /** The watch history: every event in revision order, since the compact revision. */
  private events: { readonly revision: number; readonly event: WatchEvent }[] = [];
  private readonly sessions = new Map<string, ClientSession>();
  /**
   * The cluster's data the simulation does not hold key by key (the rest of its objects), counted in
   * the backend's size: a scenario's etcd starts with it.
   */
  otherBytes = 0;
  /** The bytes the kept revisions take (etcd_mvcc_db_total_size_in_use_in_bytes, as estimated). */
  private keptBytes = 0;
  /** The backend file (etcd_mvcc_db_total_size_in_bytes): the most ever in use, until a defragmentation. */
  fileBytes = 0;
  /** The cluster's alarms (etcd's alarm store, replicated through the log). */
  private readonly alarmList: AlarmMember[] = [];

  /** The bytes in use in the backend. */
  get inUseBytes(): number {
    return this.otherBytes + this.keptBytes;
  }

  get alarms(): readonly AlarmMember[] {
    return this.alarmList;
  }

  hasAlarm(alarm: AlarmMember["alarm"]): boolean {
    return this.alarmList.some((a) => a.alarm === alarm);
  }

  /** `etcdctl defrag`: the backend file is rewritten with only what is in use. */
  defragment(): void {
    this.fileBytes = this.inUseBytes;
  }

  // ---- applying writes ------------------------------------------------------------------------

  /**
   * Applies a client write from the Raft entry at `index`, at most once per (clientId, seq): a
   * retry gets the first result; an older request that arrives late (the client has moved on)
   * is skipped and answered with `undefined`.
   */
  applyProposal(clientId: string, seq: number, request: WriteRequest, index: number): KvResult | undefined {
    this.appliedIndex = Math.max(this.appliedIndex, index);
    const session = this.sessions.get(clientId);
    if (session && seq === session.seq) return session.result;
    if (session && seq < session.seq) return undefined;
    const result = this.apply(request);
    this.sessions.set(clientId, { seq, result });
    return result;
  }

  /** Marks a non-KV entry (a new leader's empty entry, a conf change) as applied. */
  skip(index: number): void {
    this.appliedIndex = Math.max(this.appliedIndex, index);
  }

  /** The result already recorded for a client's request, if it was applied. */
  sessionResult(clientId: string, seq: number): KvResult | undefined {
    const session = this.sessions.get(clientId);
    return session && session.seq === seq ? session.result : undefined;
  }

  apply(request: WriteRequest): KvResult {
    // applierV3Capped: with the NOSPACE alarm raised, the cluster takes reads, deletes and
    // compactions only (etcd's "maintenance mode").
    if (this.hasAlarm("NOSPACE") && requestCost(request) > 0) return { ok: false, error: ERR_NO_SPACE };
    switch (request.type) {
      case "put": {
        const rev = this.revision + 1;
        const response = this.put(
          request.key,
          request.value,
          rev,
          request.prevKv ?? false,
          request.valueSize,
        );
        this.revision = rev;
        return { ok: true, response };
      }
      case "alarm":
        return {
          ok: true,
          response: { type: "alarm", header: header(this.revision), alarms: this.alarm(request) },
        };
      case "deleteRange": {
        const rev = this.revision + 1;
        const response = this.deleteRange(request, rev, request.prevKv ?? false);
        // etcd: a delete that removes nothing does not create a revision.
        if (response.deleted > 0) this.revision = rev;
        return { ok: true, response: { ...response, header: header(this.revision) } };
      }
      case "txn":
        return this.txn(request.compare, request.success, request.failure);
      case "compact": {
        const error = this.compact(request.revision);
        if (error) return { ok: false, error };
        return { ok: true, response: { type: "compact", header: header(this.revision) } };
      }
    }
  }

  /** etcd applierV3backend.Alarm: activate or deactivate, answering with the alarms it changed. */
  private alarm(request: AlarmRequest): AlarmMember[] {
    const list = this.alarmList;
    if (request.action === "activate") {
      if (list.some((a) => a.memberId === request.memberId && a.alarm === request.alarm)) return [];
      const raised = { memberId: request.memberId, alarm: request.alarm };
      list.push(raised);
      return [raised];
    }
    const gone = list.filter(
      (a) => request.memberId === 0 || (a.memberId === request.memberId && a.alarm === request.alarm),
    );
    for (const a of gone) list.splice(list.indexOf(a), 1);
    return gone;
  }

  private put(key: string, value: string, rev: number, wantPrev: boolean, valueSize?: number): PutResponse {
    const prev = this.current(key);
    const kv: KeyValue = {
      key,
      value,
      createRevision: prev ? prev.createRevision : rev,
      modRevision: rev,
      version: prev ? prev.version + 1 : 1,
    };
    this.record(key, { revision: rev, kv, bytes: putCost(key, value, valueSize) });
    this.events.push({
      revision: rev,
      event: prev ? { type: "PUT", kv, prevKv: prev } : { type: "PUT", kv },
    });
    return { type: "put", header: header(rev), ...(wantPrev && prev ? { prevKv: prev } : {}) };
  }

  private deleteRange(range: KeyRange, rev: number, wantPrev: boolean): DeleteRangeResponse {
    const prevKvs: KeyValue[] = [];
    for (const key of this.keysIn(range)) {
      const prev = this.current(key);
      if (!prev) continue;
      this.record(key, { revision: rev, kv: null, bytes: KV_OVERHEAD_BYTES + key.length });
      const tombstone: KeyValue = { key, value: "", createRevision: 0, modRevision: rev, version: 0 };
      this.events.push({ revision: rev, event: { type: "DELETE", kv: tombstone, prevKv: prev } });
      prevKvs.push(prev);
    }
    return {
      type: "deleteRange",
      header: header(rev),
      deleted: prevKvs.length,
      prevKvs: wantPrev ? prevKvs : [],
    };
  }

  /** etcd's txn: compares against the current state, then every op at one new revision. */
  private txn(compare: readonly Compare[], success: readonly TxnOp[], failure: readonly TxnOp[]): KvResult {
    const succeeded = compare.every((c) => this.compare(c));
    const ops = succeeded ? success : failure;
    const writes = ops.some((op) => op.type !== "range");
    const rev = writes ? this.revision + 1 : this.revision;
    const responses: TxnOpResponse[] = [];
    let changed = false;
    for (const op of ops) {
      switch (op.type) {
        case "put":
          responses.push(this.put(op.key, op.value, rev, op.prevKv ?? false, op.valueSize));
          changed = true;
          break;
        case "deleteRange": {
          const r = this.deleteRange(op, rev, op.prevKv ?? false);
          if (r.deleted > 0) changed = true;
          responses.push(r);
          break;
        }
        case "range": {
          // Reads inside a txn see the txn's earlier writes (etcd reads through the write txn).
          if (op.revision && op.revision > 0) {
            const r = this.range(op);
            if (!r.ok) return r;
            responses.push(r.response);
          } else {
            responses.push(this.rangeAt(op, rev));
          }
          break;
        }
      }
    }
    if (changed) this.revision = rev;
    return {
      ok: true,
      response: {
        type: "txn",
        header: header(this.revision),
        succeeded,
        responses: responses.map((r) => ({ ...r, header: header(this.revision) })),
      },
    };
  }

  /** etcd `applyCompare`: a missing key has version, create and mod revision 0 and fails any VALUE compare. */
  private compare(c: Compare): boolean {
    const kv = this.current(c.key);
    let cmp: number;
    if (c.target === "VALUE") {
      if (!kv) return false;
      cmp = kv.value < c.value ? -1 : kv.value > c.value ? 1 : 0;
    } else {
      const actual =
        c.target === "VERSION"
          ? (kv?.version ?? 0)
          : c.target === "CREATE"
            ? (kv?.createRevision ?? 0)
            : (kv?.modRevision ?? 0);
      cmp = Math.sign(actual - c.value);
    }
    switch (c.result) {
      case "EQUAL":
        return cmp === 0;
      case "NOT_EQUAL":
        return cmp !== 0;
      case "GREATER":
        return cmp > 0;
      case "LESS":
        return cmp < 0;
    }
  }

  /**
   * etcd kvstore.go `compact`: a revision at or below the last compaction is ErrCompacted, beyond
   * the current one ErrFutureRev. Keeps, per key, the last revision at or before `rev` unless it
   * is a tombstone (key_index.go `compact`), and the watch events from `rev` on.
   */
  private compact(rev: number): EtcdErrorMessage | undefined {
    if (rev <= this.compactRevision) return ERR_COMPACTED;
    if (rev > this.revision) return ERR_FUTURE_REV;
    this.compactRevision = rev;
    const emptied = new Set<string>();
    for (const [key, revs] of this.keys) {
      let keep = revs.findIndex((r) => r.revision > rev);
      if (keep === -1) keep = revs.length;
      const last = revs[keep - 1];
      const from = last && last.kv !== null ? keep - 1 : keep;
      for (const r of revs.slice(0, from)) this.keptBytes -= r.bytes;
      const kept = revs.slice(from);
      if (kept.length === 0) emptied.add(key);
      else this.keys.set(key, kept);
    }
    if (emptied.size > 0) {
      for (const key of emptied) this.keys.delete(key);
      this.sortedKeys = this.sortedKeys.filter((k) => !emptied.has(k));
    }
    const first = lowerBound(this.events, rev);
    this.events = this.events.slice(first);
    return undefined;
  }

  // ---- reads ----------------------------------------------------------------------------------

  /** etcd rangeKeys: ErrCompacted before the compact revision, ErrFutureRev after the current one. */
  range(
    request: Omit<RangeRequest, "type" | "serializable">,
  ):
    | { readonly ok: true; readonly response: RangeResponse }
    | { readonly ok: false; readonly error: EtcdErrorMessage } {
    const rev = request.revision && request.revision > 0 ? request.revision : this.revision;
    if (rev > this.revision) return { ok: false, error: ERR_FUTURE_REV };
    if (rev < this.compactRevision) return { ok: false, error: ERR_COMPACTED };
    return { ok: true, response: this.rangeAt(request, rev) };
  }

  private rangeAt(request: Omit<RangeRequest, "type" | "serializable">, rev: number): RangeResponse {
    const kvs: KeyValue[] = [];
    for (const key of this.keysIn(request)) {
      const kv = this.at(key, rev);
      if (kv) kvs.push(kv);
    }
    const limit = request.limit && request.limit > 0 ? request.limit : kvs.length;
    return {
      type: "range",
      header: header(this.revision),
      kvs: request.countOnly ? [] : kvs.slice(0, limit),
      count: kvs.length,
      more: kvs.length > limit,
    };
  }

  /** The key's current value, or undefined if it does not exist. */
  get(key: string): KeyValue | undefined {
    return this.current(key);
  }

  /** The number of keys that exist now. */
  get size(): number {
    let n = 0;
    for (const revs of this.keys.values()) if (revs[revs.length - 1]?.kv) n++;
    return n;
  }

  /** Watch history: the events in `range` with revision ≥ `from`, in order; undefined if compacted. */
  eventsFrom(from: number, range: KeyRange): WatchEvent[] | undefined {
    if (from < this.compactRevision) return undefined;
    const out: WatchEvent[] = [];
    for (let i = lowerBound(this.events, from); i < this.events.length; i++) {
      const e = this.events[i];
      if (e && inRange(range, e.event.kv.key)) out.push(e.event);
    }
    return out;
  }

  private current(key: string): KeyValue | undefined {
    const revs = this.keys.get(key);
    return revs?.[revs.length - 1]?.kv ?? undefined;
  }

  /** The key's value at revision `rev` (the last revision of it at or before `rev`). */
  private at(key: string, rev: number): KeyValue | undefined {
    const revs = this.keys.get(key);
    if (!revs) return undefined;
    for (let i = revs.length - 1; i >= 0; i--) {
      const r = revs[i];
      if (r && r.revision <= rev) return r.kv ?? undefined;
    }
    return undefined;
  }

  private record(key: string, r: KeyRevision): void {
    this.keptBytes += r.bytes;
    this.fileBytes = Math.max(this.fileBytes, this.inUseBytes);
    const revs = this.keys.get(key);
    if (revs) {
      revs.push(r);
      return;
    }
    this.keys.set(key, [r]);
    const i = lowerBoundKey(this.sortedKeys, key);
    this.sortedKeys.splice(i, 0, key);
  }

  private keysIn(range: KeyRange): string[] {
    if (range.rangeEnd === undefined || range.rangeEnd === "")
      return this.keys.has(range.key) ? [range.key] : [];
    const out: string[] = [];
    for (let i = lowerBoundKey(this.sortedKeys, range.key); i < this.sortedKeys.length; i++) {
      const key = this.sortedKeys[i];
      if (key === undefined || !inRange(range, key)) break;
      out.push(key);
    }
    return out;
  }

  // ---- snapshots ------------------------------------------------------------------------------

  /** A copy of the whole state; key-values are immutable, so only the containers are copied. */
  snapshot(): KvSnapshot {
    return {
      revision: this.revision,
      compactRevision: this.compactRevision,
      keys: this.sortedKeys.map((k) => [k, [...(this.keys.get(k) ?? [])]] as const),
      events: this.events.map((e) => [e.revision, e.event] as const),
      sessions: [...this.sessions],
      appliedIndex: this.appliedIndex,
      otherBytes: this.otherBytes,
      fileBytes: this.fileBytes,
      alarms: [...this.alarmList],
    };
  }

  static restore(s: KvSnapshot): KvStore {
    const store = new KvStore();
    store.revision = s.revision;
    store.compactRevision = s.compactRevision;
    store.appliedIndex = s.appliedIndex;
    for (const [key, revs] of s.keys) {
      store.keys.set(key, [...revs]);
      store.sortedKeys.push(key);
      for (const r of revs) store.keptBytes += r.bytes;
    }
    store.otherBytes = s.otherBytes;
    // etcd sends the backend file itself in a snapshot, free pages and all.
    store.fileBytes = Math.max(s.fileBytes, store.inUseBytes);
    store.alarmList.push(...s.alarms);
    store.events = s.events.map(([revision, event]) => ({ revision, event }));
    for (const [id, session] of s.sessions) store.sessions.set(id, session);
    return store;
  }
}

function lowerBound(events: readonly { readonly revision: number }[], rev: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid]?.revision ?? 0) < rev) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundKey(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] ?? "") < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
