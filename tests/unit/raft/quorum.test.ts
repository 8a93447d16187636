/**
 * Majority quorums (etcd-io/raft quorum/testdata/majority_commit.txt and majority_vote.txt, in the
 * same spirit): voters' match indexes → committed index; votes → result.
 */
import { describe, expect, it } from "vitest";
import { committedIndex, majority, voteResult } from "../../../shared/sim/raft/quorum.ts";

describe("committedIndex: the largest index a majority of voters has (paper §5.3)", () => {
  const cases: [number[], number][] = [
    [[], 0],
    [[12], 12],
    [[12, 5], 5],
    [[12, 5, 4], 5],
    [[100, 101, 103, 104], 101],
    [[2, 2, 1, 1, 3], 2],
    [[0, 0, 10], 0],
    [[7, 7, 7, 7, 7, 7, 7], 7],
    [[1, 2, 3, 4, 5, 6, 7], 4],
  ];
  it.each(cases)("matches %j → %i", (matches, want) => {
    const voters = matches.map((_, i) => i + 1);
    expect(committedIndex(voters, (id) => matches[id - 1] ?? 0)).toBe(want);
  });
});

describe("voteResult: won with a majority of yes, lost once a majority is out of reach (paper §5.2)", () => {
  const cases: [number, Record<number, boolean>, string][] = [
    [1, {}, "VotePending"],
    [1, { 1: true }, "VoteWon"],
    [1, { 1: false }, "VoteLost"],
    [3, { 1: true }, "VotePending"],
    [3, { 1: true, 2: true }, "VoteWon"],
    [3, { 1: true, 2: false }, "VotePending"],
    [3, { 1: true, 2: false, 3: false }, "VoteLost"],
    [4, { 1: true, 2: true }, "VotePending"],
    [4, { 1: true, 2: true, 3: true }, "VoteWon"],
    [4, { 1: true, 2: false, 3: false }, "VoteLost"],
    [5, { 1: true, 2: true, 3: false, 4: false }, "VotePending"],
  ];
  it.each(cases)("%i voters, votes %o → %s", (size, votes, want) => {
    const voters = new Set(Array.from({ length: size }, (_, i) => i + 1));
    const map = new Map(Object.entries(votes).map(([id, v]) => [Number(id), v]));
    expect(voteResult(voters, map)).toBe(want);
  });

  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [5, 3],
    [7, 4],
  ])("a group of %i needs %i", (n, q) => {
    expect(majority(n)).toBe(q);
  });
});
