/**
 * etcd's --strict-reconfig-check (default true): the leader refuses a membership change that would
 * leave the cluster unable to keep a quorum. Sources: etcd v3.6 `server/etcdserver/server.go`
 * (mayAddMember, mayRemoveMember, numConnectedSince) and `server/etcdserver/api/membership/
 * cluster.go` (IsReadyToAddVotingMember, IsReadyToRemoveVotingMember); the strings from
 * `server/etcdserver/errors/errors.go`.
 *
 * A member is *started* once it has run and published its name (Member.IsStarted); *active* when
 * the leader's peer stream to it is up. etcd counts a peer as active only once its stream has been
 * up for HealthInterval (5 s); the simulation counts it from the moment the link is up.
 */

/** errors.ErrNotEnoughStartedMembers. */
export const ERR_NOT_ENOUGH_STARTED_MEMBERS =
  "etcdserver: re-configuration failed due to not enough started members";
/** errors.ErrUnhealthy. */
export const ERR_UNHEALTHY = "etcdserver: unhealthy cluster";

export interface VotingMember {
  readonly id: number;
  readonly started: boolean;
  /** The leader's link to it is up (the leader itself always is). */
  readonly active: boolean;
}

const quorum = (members: number) => Math.floor(members / 2) + 1;

/** mayAddMember for a new voting member: null when etcd would propose it, else its error. */
export function mayAddMember(voters: readonly VotingMember[]): string | null {
  // IsReadyToAddVotingMember: the cluster after the add (nmembers counts the new one).
  const members = voters.length + 1;
  const started = voters.filter((m) => m.started).length;
  const singleNode = started === 1 && members === 2;
  if (!singleNode && started < quorum(members)) return ERR_NOT_ENOUGH_STARTED_MEMBERS;
  // isConnectedFullySince: the leader must reach every voting member.
  if (voters.some((m) => !m.active)) return ERR_UNHEALTHY;
  return null;
}

/** mayRemoveMember of voting member `id`, asked of leader `leader`: null when etcd would propose it. */
export function mayRemoveMember(voters: readonly VotingMember[], id: number, leader: number): string | null {
  // IsReadyToRemoveVotingMember: the members that would remain.
  const remaining = voters.filter((m) => m.id !== id);
  if (remaining.filter((m) => m.started).length < quorum(remaining.length))
    return ERR_NOT_ENOUGH_STARTED_MEMBERS;
  // "downed member is safe to remove since it's not part of the active quorum"
  if (id !== leader && voters.find((m) => m.id === id)?.active === false) return null;
  // "protect quorum if some members are down": the active members minus the removed one must
  // still be a quorum of the cluster that remains.
  const active = voters.filter((m) => m.active).length;
  if (active - 1 < 1 + Math.floor((voters.length - 1) / 2)) return ERR_UNHEALTHY;
  return null;
}
