/**
 * Majority quorums, the one idea of etcd-io/raft's quorum/majority.go: what a majority of the
 * voters has replicated, and whether a majority voted yes.
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

/** Won once a majority said yes, lost once a majority can no longer say yes. */
export function voteResult(voters: ReadonlySet<number>, votes: ReadonlyMap<number, boolean>): VoteResult {
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
