/**
 * etcd's --strict-reconfig-check (default true): the leader refuses a membership change that would
 * leave the cluster unable to keep a quorum. Sources: etcd v3.6 `server/etcdserver/server.go`
 * (mayAddMember, mayRemoveMember, numConnectedSince) and `server/etcdserver/api/membership/
 * cluster.go` (IsReadyToAddVotingMember, IsReadyToRemoveVotingMember); the strings from
 * `server/etcdserver/errors/errors.go`.
 *
 * A member is *started* once it has run and published its name (Member.IsStarted); *active* when
 * the leader's peer streams with it have stood for HealthInterval (5 s, numConnectedSince), and
 * *reachable* when they stand at all (ActiveSince is not zero).
 *
 * Learners (etcd ≥ 3.4; v3.6 defaults): `member add --learner` adds a non-voting member, which
 * needs no started quorum but at most --max-learners (1) of them; `member promote` makes it a voter
 * once it has caught up with the leader (90 % of the leader's log: isLearnerReady).
 */

/** errors.ErrNotEnoughStartedMembers. */
export const ERR_NOT_ENOUGH_STARTED_MEMBERS =
  "etcdserver: re-configuration failed due to not enough started members";
/** errors.ErrUnhealthy. */
export const ERR_UNHEALTHY = "etcdserver: unhealthy cluster";
/** rpctypes.ErrGRPCLearnerNotReady (errors.ErrLearnerNotReady). */
export const ERR_LEARNER_NOT_READY =
  "etcdserver: can only promote a learner member which is in sync with leader";
/** rpctypes.ErrGRPCMemberNotLearner (membership.ErrMemberNotLearner). */
export const ERR_MEMBER_NOT_LEARNER = "etcdserver: can only promote a learner member";
/** rpctypes.ErrGRPCTooManyLearners (membership.ErrTooManyLearners). */
export const ERR_TOO_MANY_LEARNERS = "etcdserver: too many learner members in cluster";
/** rpctypes.ErrGRPCMemberNotFound. */
export const ERR_MEMBER_NOT_FOUND = "etcdserver: member not found";

/** etcd server.go HealthInterval: a peer counts as active once connected this long. */
export const HEALTH_INTERVAL_MS = 5000;
/** membership/cluster_opts.go DefaultMaxLearners (--max-learners). */
export const DEFAULT_MAX_LEARNERS = 1;
/** server.go readyPercentThreshold: a learner is ready when its match is 90 % of the leader's. */
export const LEARNER_READY_PERCENT = 0.9;

export interface VotingMember {
  readonly id: number;
  readonly started: boolean;
  /** The leader's streams with it have stood for HealthInterval (the leader itself always is). */
  readonly active: boolean;
  /** The leader's streams with it stand at all (ActiveSince non-zero); default: `active`. */
  readonly reachable?: boolean;
}

const quorum = (members: number) => Math.floor(members / 2) + 1;

/**
 * mayAddMember (and, for a learner, ValidateMaxLearnerConfig): null when etcd would propose the
 * new member, else its error. A learner needs no started quorum, since it does not vote.
 */
export function mayAddMember(
  voters: readonly VotingMember[],
  learner: { readonly learner: boolean; readonly learners: number } = { learner: false, learners: 0 },
): string | null {
  if (learner.learner && learner.learners + 1 > DEFAULT_MAX_LEARNERS) return ERR_TOO_MANY_LEARNERS;
  if (!learner.learner) {
    // IsReadyToAddVotingMember: the cluster after the add (nmembers counts the new one).
    const members = voters.length + 1;
    const started = voters.filter((m) => m.started).length;
    const singleNode = started === 1 && members === 2;
    if (!singleNode && started < quorum(members)) return ERR_NOT_ENOUGH_STARTED_MEMBERS;
  }
  // isConnectedFullySince: the leader must have reached every voting member for HealthInterval.
  if (voters.some((m) => !m.active)) return ERR_UNHEALTHY;
  return null;
}

/**
 * mayPromoteMember: null when etcd would promote the member, else its error. `match` is the leader's
 * progress for it and `leaderMatch` the leader's own (isLearnerReady).
 */
export function mayPromoteMember(
  voters: readonly VotingMember[],
  member: { readonly isLearner: boolean; readonly match: number },
  leaderMatch: number,
): string | null {
  if (!member.isLearner) return ERR_MEMBER_NOT_LEARNER;
  if (member.match / leaderMatch < LEARNER_READY_PERCENT) return ERR_LEARNER_NOT_READY;
  // IsReadyToPromoteMember: the learner counts, as started, in the future quorum.
  const members = voters.length + 1;
  const started = voters.filter((m) => m.started).length + 1;
  if (started < quorum(members)) return ERR_NOT_ENOUGH_STARTED_MEMBERS;
  return null;
}

/** mayRemoveMember of voting member `id`, asked of leader `leader`: null when etcd would propose it. */
export function mayRemoveMember(voters: readonly VotingMember[], id: number, leader: number): string | null {
  // IsReadyToRemoveVotingMember: the members that would remain.
  const remaining = voters.filter((m) => m.id !== id);
  if (remaining.filter((m) => m.started).length < quorum(remaining.length))
    return ERR_NOT_ENOUGH_STARTED_MEMBERS;
  // "downed member is safe to remove since it's not part of the active quorum"
  const removed = voters.find((m) => m.id === id);
  if (id !== leader && removed && !(removed.reachable ?? removed.active)) return null;
  // "protect quorum if some members are down": the active members minus the removed one must
  // still be a quorum of the cluster that remains.
  const active = voters.filter((m) => m.active).length;
  if (active - 1 < 1 + Math.floor((voters.length - 1) / 2)) return ERR_UNHEALTHY;
  return null;
}
