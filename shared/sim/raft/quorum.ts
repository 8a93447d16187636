/**
 * Quorums, the one idea of etcd-io/raft's quorum/ (majority.go, joint.go): what a majority of the
 * voters has replicated, and whether a majority voted yes — and, in a joint configuration (Ongaro's
 * thesis §4.3), what both majorities agree on.
 */

export type VoteResult = "VotePending" | "VoteLost" | "VoteWon";

/** Raft paper §5.2: a majority of the voters. */
export function majority(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The largest index replicated on a majority of `voters` (paper §5.3); 0 for no voters, so that a
 * member removed from every configuration never commits on its own.
 */
export function committedIndex(voters: Iterable<number>, matchOf: (id: number) => number): number {
  const matches = [...voters].map(matchOf).sort((a, b) => b - a);
  if (matches.length === 0) return 0;
  return matches[majority(matches.length) - 1] ?? 0;
}

/**
 * Won once a majority said yes, lost once a majority can no longer say yes. An empty configuration
 * wins (etcd-io/raft's convention, so that a joint configuration with an empty half behaves like
 * its other half).
 */
export function voteResult(voters: ReadonlySet<number>, votes: ReadonlyMap<number, boolean>): VoteResult {
  if (voters.size === 0) return "VoteWon";
  let granted = 0;
  let missing = 0;
  for (const id of voters) {
    const vote = votes.get(id);
    if (vote === undefined) missing++;
    else if (vote) granted++;
  }
  const q = majority(voters.size);
  if (granted >= q) return "VoteWon";
  if (granted + missing >= q) return "VotePending";
  return "VoteLost";
}

/** Two majority configurations, incoming and outgoing; the outgoing one is empty outside a joint configuration. */
export interface JointConfig {
  readonly incoming: ReadonlySet<number>;
  readonly outgoing: ReadonlySet<number>;
}

/** quorum.JointConfig.CommittedIndex: committed in both majorities (an empty half does not hold it back). */
export function jointCommittedIndex(config: JointConfig, matchOf: (id: number) => number): number {
  const incoming = committedIndex(config.incoming, matchOf);
  if (config.outgoing.size === 0) return incoming;
  if (config.incoming.size === 0) return committedIndex(config.outgoing, matchOf);
  return Math.min(incoming, committedIndex(config.outgoing, matchOf));
}

/** quorum.JointConfig.VoteResult: won only when both majorities won, lost when either lost. */
export function jointVoteResult(config: JointConfig, votes: ReadonlyMap<number, boolean>): VoteResult {
  const r1 = voteResult(config.incoming, votes);
  const r2 = voteResult(config.outgoing, votes);
  if (r1 === r2) return r1;
  if (r1 === "VoteLost" || r2 === "VoteLost") return "VoteLost";
  return "VotePending";
}
