/**
 * --strict-reconfig-check, held to etcd's own tables: membership/cluster_test.go
 * TestIsReadyToAddVotingMember and TestIsReadyToRemoveVotingMember (started members), and
 * server.go's numConnectedSince rule for active ones.
 */
import { describe, expect, it } from "vitest";
import {
  ERR_NOT_ENOUGH_STARTED_MEMBERS,
  ERR_UNHEALTHY,
  mayAddMember,
  mayRemoveMember,
  type VotingMember,
} from "../../../shared/sim/etcd/reconfig.ts";

/** Members 1..n, the first `started` of them started; the leader reaches all but those listed as down. */
function members(n: number, started: number, down: number[] = []): VotingMember[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    started: i < started,
    active: !down.includes(i + 1),
  }));
}

describe("mayAddMember", () => {
  it.each([
    // [voting members, started, ready to add]: the member being added counts in the size, not as started.
    [0, 0, false],
    [1, 1, true], // a single-node cluster may grow to two
    [2, 1, false], // 3 after the add need 2 started
    [2, 2, true],
    [3, 2, false], // 4 after the add need 3 started
    [3, 3, true],
    [4, 2, false],
    [4, 3, true], // 5 after the add need 3
    [5, 3, false], // 6 after the add need 4
    [5, 4, true],
  ])("IsReadyToAddVotingMember with %i members, %i started → %s", (n, started, ready) => {
    expect(mayAddMember(members(n, started))).toBe(ready ? null : ERR_NOT_ENOUGH_STARTED_MEMBERS);
  });

  it("refuses while the leader cannot reach every voting member", () => {
    expect(mayAddMember(members(3, 3, [2]))).toBe(ERR_UNHEALTHY);
    expect(mayAddMember(members(3, 3))).toBeNull();
  });
});

describe("mayRemoveMember", () => {
  it.each([
    // [members, started, removed id, ready to remove]
    [1, 1, 1, false], // the last member: none would remain to make a quorum
    [2, 2, 1, true],
    [2, 1, 1, false], // member 2 never started: the remaining one is not a started quorum
    [3, 2, 1, false], // leaves 2 and 3, only 2 started: 1 < 2
    [3, 2, 3, true], // the unstarted one goes: 1 and 2 remain, both started
    [5, 3, 4, true],
    [5, 3, 1, false],
  ])("IsReadyToRemoveVotingMember with %i members, %i started, removing %i → %s", (n, started, id, ready) => {
    const leader = 1;
    const verdict = mayRemoveMember(members(n, started), id, leader);
    expect(verdict === ERR_NOT_ENOUGH_STARTED_MEMBERS).toBe(!ready);
  });

  it("lets a member that is down go: it is not part of the active quorum", () => {
    expect(mayRemoveMember(members(3, 3, [3]), 3, 1)).toBeNull();
  });

  it("refuses to remove a running member when too few others are running", () => {
    // Three members, one down: removing a healthy follower leaves 1 running of 2.
    expect(mayRemoveMember(members(3, 3, [3]), 2, 1)).toBe(ERR_UNHEALTHY);
    // Five members, one down: removing a healthy one leaves 3 running of 4, a quorum.
    expect(mayRemoveMember(members(5, 5, [5]), 2, 1)).toBeNull();
    // Five members, two down: removing a healthy one leaves 2 running of 4.
    expect(mayRemoveMember(members(5, 5, [4, 5]), 2, 1)).toBe(ERR_UNHEALTHY);
  });
});
