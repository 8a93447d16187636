/**
 * The errors an etcd client sees, with etcd's exact strings, because players read them in the
 * API server's logs and in the debrief exactly as an operator reads them in a real cluster.
 *
 * Sources: etcd `server/etcdserver/errors/errors.go` (`server/etcdserver/errors.go` before v3.6),
 * the same strings re-exported to clients as gRPC errors in `api/v3rpc/rpctypes/error.go`
 * (ErrGRPCTimeout, ErrGRPCNoLeader, …), and `server/storage/mvcc/kvstore.go` for the mvcc ones.
 */

/** errors.ErrTimeout / rpctypes.ErrGRPCTimeout: a proposal or a ReadIndex exceeded ReqTimeout(). */
export const ERR_TIMEOUT = "etcdserver: request timed out";
/**
 * errors.ErrTimeoutDueToLeaderFail: a proposal timed out that was made shortly before this member
 * became leader (within two election timeouts), so likely lost with the previous leader.
 */
export const ERR_TIMEOUT_DUE_TO_LEADER_FAIL =
  "etcdserver: request timed out, possibly due to previous leader failure";
/**
 * errors.ErrTimeoutDueToConnectionLost: a proposal timed out while this member's streams to the
 * leader (or, on the leader, to a quorum) had not been up since the request started.
 */
export const ERR_TIMEOUT_DUE_TO_CONNECTION_LOST =
  "etcdserver: request timed out, possibly due to connection lost";
/** errors.ErrNoLeader / rpctypes.ErrGRPCNoLeader: the member knows no leader (WithRequireLeader). */
export const ERR_NO_LEADER = "etcdserver: no leader";
/** errors.ErrLeaderChanged / rpctypes.ErrGRPCLeaderChanged: the leader changed during a ReadIndex. */
export const ERR_LEADER_CHANGED = "etcdserver: leader changed";
/**
 * errors.ErrTooManyRequests / rpctypes.ErrGRPCRequestTooManyRequests: the committed index ran more
 * than maxGapBetweenApplyAndCommitIndex ahead of the applied index (v3_server.go).
 */
export const ERR_TOO_MANY_REQUESTS = "etcdserver: too many requests";
/** errors.ErrRequestTooLarge / rpctypes.ErrGRPCRequestTooLarge: larger than --max-request-bytes. */
export const ERR_REQUEST_TOO_LARGE = "etcdserver: request is too large";
/**
 * rpctypes.ErrGRPCNoSpace (errors.ErrNoSpace on the server): the backend is past
 * --quota-backend-bytes, or the NOSPACE alarm is raised; writes are refused.
 */
export const ERR_NO_SPACE = "etcdserver: mvcc: database space exceeded";
/** mvcc.ErrCompacted (kvstore.go); over gRPC it is prefixed "etcdserver: " (rpctypes.ErrGRPCCompacted). */
export const ERR_COMPACTED = "mvcc: required revision has been compacted";
/** mvcc.ErrFutureRev (kvstore.go): a range or compaction beyond the current revision. */
export const ERR_FUTURE_REV = "mvcc: required revision is a future revision";

export type EtcdErrorMessage =
  | typeof ERR_TIMEOUT
  | typeof ERR_TIMEOUT_DUE_TO_LEADER_FAIL
  | typeof ERR_TIMEOUT_DUE_TO_CONNECTION_LOST
  | typeof ERR_NO_LEADER
  | typeof ERR_LEADER_CHANGED
  | typeof ERR_TOO_MANY_REQUESTS
  | typeof ERR_REQUEST_TOO_LARGE
  | typeof ERR_NO_SPACE
  | typeof ERR_COMPACTED
  | typeof ERR_FUTURE_REV;

/** Whether an error says the request ran out of time (its effect, for a write, is unknown). */
export function isTimeoutError(error: EtcdErrorMessage): boolean {
  return (
    error === ERR_TIMEOUT ||
    error === ERR_TIMEOUT_DUE_TO_LEADER_FAIL ||
    error === ERR_TIMEOUT_DUE_TO_CONNECTION_LOST
  );
}
