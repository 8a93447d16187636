/**
 * The etcd v3 KV API as the simulation speaks it: requests, responses, key-values and watch events
 * named after etcd's `etcdserverpb` (rpc.proto) and `mvccpb` (kv.proto), with camelCase fields.
 */
import type { EtcdErrorMessage } from "./errors.ts";

/** mvccpb.KeyValue. */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** The revision of the last creation of the key (a delete then put starts a new generation). */
  readonly createRevision: number;
  /** The revision of the last modification. */
  readonly modRevision: number;
  /** Modifications since creation; a delete resets it to 0. */
  readonly version: number;
}

/** mvccpb.Event: a PUT carries the new key-value; a DELETE carries the key and the delete's revision. */
export interface WatchEvent {
  readonly type: "PUT" | "DELETE";
  readonly kv: KeyValue;
  readonly prevKv?: KeyValue;
}

/**
 * A key range as etcd gives it: `rangeEnd` absent = the single key; `"\0"` = every key ≥ `key`;
 * otherwise [key, rangeEnd). Use `prefixRangeEnd` for a prefix (clientv3.GetPrefixRangeEnd).
 */
export interface KeyRange {
  readonly key: string;
  readonly rangeEnd?: string;
}

export interface PutRequest {
  readonly type: "put";
  readonly key: string;
  readonly value: string;
  readonly prevKv?: boolean;
  /**
   * The value's size in bytes when `value` is a short stand-in for a large object (a game
   * abstraction, so that the simulation does not hold gigabytes); absent: the value's own length.
   */
  readonly valueSize?: number;
}

export interface DeleteRangeRequest extends KeyRange {
  readonly type: "deleteRange";
  readonly prevKv?: boolean;
}

export interface RangeRequest extends KeyRange {
  readonly type: "range";
  /** Read at this past revision (0 or absent: the current one). */
  readonly revision?: number;
  /** At most this many key-values (0 or absent: no limit); `more` tells if some were left out. */
  readonly limit?: number;
  readonly countOnly?: boolean;
  /**
   * Serve from this member's local state without consensus (possibly stale), as etcd's
   * `--consistency=s`; the default is a linearizable read through ReadIndex.
   */
  readonly serializable?: boolean;
}

export type CompareTarget = "VERSION" | "CREATE" | "MOD" | "VALUE";
export type CompareResult = "EQUAL" | "NOT_EQUAL" | "GREATER" | "LESS";

/** etcdserverpb.Compare on one key. */
export type Compare =
  | {
      readonly key: string;
      readonly target: "VERSION" | "CREATE" | "MOD";
      readonly result: CompareResult;
      readonly value: number;
    }
  | {
      readonly key: string;
      readonly target: "VALUE";
      readonly result: CompareResult;
      readonly value: string;
    };

export type TxnOp = PutRequest | DeleteRangeRequest | Omit<RangeRequest, "serializable">;

/** etcdserverpb.TxnRequest: if every compare holds, run `success`, else `failure`, atomically. */
export interface TxnRequest {
  readonly type: "txn";
  readonly compare: readonly Compare[];
  readonly success: readonly TxnOp[];
  readonly failure: readonly TxnOp[];
}

/** etcdserverpb.CompactionRequest: forget history before `revision`. */
export interface CompactionRequest {
  readonly type: "compact";
  readonly revision: number;
}

/** etcd's alarm types that the simulation raises (etcdserverpb.AlarmType). */
export type AlarmType = "NOSPACE";

/**
 * etcdserverpb.AlarmRequest, through the Raft log: a member raises an alarm (ACTIVATE) or an
 * operator disarms it (DEACTIVATE); memberId 0 with DEACTIVATE disarms every alarm, as
 * `etcdctl alarm disarm` does (clientv3 AlarmDisarm lists them and disarms each).
 */
export interface AlarmRequest {
  readonly type: "alarm";
  readonly action: "activate" | "deactivate";
  readonly memberId: number;
  readonly alarm: AlarmType;
}

/** etcdserverpb.AlarmMember. */
export interface AlarmMember {
  readonly memberId: number;
  readonly alarm: AlarmType;
}

export type KvRequest =
  | PutRequest
  | DeleteRangeRequest
  | RangeRequest
  | TxnRequest
  | CompactionRequest
  | AlarmRequest;
/** The requests that go through the Raft log. */
export type WriteRequest = PutRequest | DeleteRangeRequest | TxnRequest | CompactionRequest | AlarmRequest;

/** etcdserverpb.ResponseHeader. */
export interface ResponseHeader {
  /** The store's revision when the request was applied (or served). */
  readonly revision: number;
  readonly memberId: number;
  readonly raftTerm: number;
}

export interface PutResponse {
  readonly type: "put";
  readonly header: ResponseHeader;
  readonly prevKv?: KeyValue;
}

export interface DeleteRangeResponse {
  readonly type: "deleteRange";
  readonly header: ResponseHeader;
  readonly deleted: number;
  readonly prevKvs: readonly KeyValue[];
}

export interface RangeResponse {
  readonly type: "range";
  readonly header: ResponseHeader;
  readonly kvs: readonly KeyValue[];
  readonly count: number;
  readonly more: boolean;
}

export type TxnOpResponse = PutResponse | DeleteRangeResponse | RangeResponse;

export interface TxnResponse {
  readonly type: "txn";
  readonly header: ResponseHeader;
  readonly succeeded: boolean;
  readonly responses: readonly TxnOpResponse[];
}

export interface CompactionResponse {
  readonly type: "compact";
  readonly header: ResponseHeader;
}

export interface AlarmResponse {
  readonly type: "alarm";
  readonly header: ResponseHeader;
  /** The alarms the request changed. */
  readonly alarms: readonly AlarmMember[];
}

export type KvResponse =
  | PutResponse
  | DeleteRangeResponse
  | RangeResponse
  | TxnResponse
  | CompactionResponse
  | AlarmResponse;

/** What a request comes back with: a response, or one of etcd's error strings. */
export type KvResult =
  | { readonly ok: true; readonly response: KvResponse }
  | { readonly ok: false; readonly error: EtcdErrorMessage };

/**
 * A client request to a member. `clientId` + `seq` identify it: a retry of the same request (same
 * ids, possibly at another member) is applied at most once and gets the first attempt's result.
 * A client numbers its requests 1, 2, 3, … and has one outstanding at a time (Raft thesis §6.3).
 */
export interface ClientRequest {
  readonly clientId: string;
  readonly seq: number;
  readonly request: KvRequest;
  /** clientv3.WithRequireLeader: fail at once with "etcdserver: no leader" instead of waiting. */
  readonly requireLeader?: boolean;
  /**
   * The client's deadline (simulated ms), which gRPC carries with the request: the member gives up
   * on the request then — a write not yet proposed is never proposed — if its own ReqTimeout has
   * not come first.
   */
  readonly deadline?: number;
}

/** The answer to a ClientRequest, taken out of `EtcdMember.takeResponses()`. */
export interface ClientResponse {
  readonly clientId: string;
  readonly seq: number;
  readonly member: number;
  readonly result: KvResult;
}

/** What the Raft log carries for one client write. */
export interface KvProposal {
  readonly kind: "kv";
  readonly clientId: string;
  readonly seq: number;
  readonly request: WriteRequest;
}

export interface WatchRequest extends KeyRange {
  /** Replay history from this revision (absent or 0: only changes after the current revision). */
  readonly startRevision?: number;
  readonly prevKv?: boolean;
}

/** etcdserverpb.WatchResponse, taken out of `EtcdMember.takeWatchResponses()`. */
export interface WatchResponse {
  readonly watchId: number;
  readonly revision: number;
  readonly events: readonly WatchEvent[];
  /** Set when the watch was canceled because its start revision was compacted. */
  readonly compactRevision?: number;
  readonly canceled: boolean;
  readonly error?: EtcdErrorMessage;
}

/** clientv3.GetPrefixRangeEnd: the end of the range of every key starting with `prefix`. */
export function prefixRangeEnd(prefix: string): string {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  // No upper bound: every key from the prefix on.
  return "\0";
}

/** Whether `key` lies in the range (etcd's semantics for rangeEnd). */
export function inRange(range: KeyRange, key: string): boolean {
  if (range.rangeEnd === undefined || range.rangeEnd === "") return key === range.key;
  if (range.rangeEnd === "\0") return key >= range.key;
  return key >= range.key && key < range.rangeEnd;
}
