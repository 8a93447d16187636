/**
 * Elections, replication, check-quorum and pre-vote, ported from etcd-io/raft's raft_test.go
 * (same names, same scenarios) onto the tiny synchronous test network.
 */
import { describe, expect, it } from "vitest";
import type { StateType } from "../../../shared/sim/raft/types.ts";
import { message, newTestRaft, storageWith, TestNetwork, type TestPeer, termsOf } from "./network.ts";

/** A member whose log holds entries of the given terms, with its term set to the last one (etcd's entsWithConfig). */
function withLog(id: number, ids: number[], terms: number[], options: { preVote?: boolean } = {}) {
  const last = terms[terms.length - 1] ?? 0;
  return newTestRaft(id, ids, {
    ...options,
    storage: storageWith(
      terms.map((t, i) => [t, i + 1]),
      { term: last },
    ),
  });
}

describe("leader election (etcd raft_test.go)", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  // Members: undefined = a fresh node, "blackhole" = never answers, number[] = a node with a log of those terms.
  type Member = undefined | "blackhole" | number[];
  const cases: [string, Member[], "leader" | "candidate" | "follower", number][] = [
    ["all up", [undefined, undefined, undefined], "leader", 1],
    ["one down of three", [undefined, undefined, "blackhole"], "leader", 1],
    ["two down of three", [undefined, "blackhole", "blackhole"], "candidate", 1],
    ["two down of four", [undefined, "blackhole", "blackhole", undefined], "candidate", 1],
    ["two down of five", [undefined, "blackhole", "blackhole", undefined, undefined], "leader", 1],
    // Three logs further along in the same term: they reject the vote rather than ignore it.
    ["a majority with longer logs", [undefined, [1], [1], [1, 1], undefined], "follower", 1],
  ];
  for (const preVote of [false, true]) {
    it.each(cases.map(([name, ...rest]) => [`${name} → ${rest[1]}`, ...rest] as const))(
      `TestLeaderElection${preVote ? "PreVote" : ""}: %s`,
      (_name, members, want, wantTerm) => {
        const all = ids(members.length);
        const peers: TestPeer[] = members.map((m, i) => {
          if (m === "blackhole") return "blackhole";
          if (Array.isArray(m)) return withLog(i + 1, all, m, { preVote });
          return newTestRaft(i + 1, all, { preVote });
        });
        const n = new TestNetwork(peers);
        n.stepLocal(1, { type: "MsgHup" });
        const r = n.node(1);
        // With pre-vote a member that cannot win never leaves the pre-candidate state or its term.
        const expected: StateType = preVote && want === "candidate" ? "precandidate" : want;
        expect(r.state).toBe(expected);
        expect(r.term).toBe(preVote && want === "candidate" ? 0 : wantTerm);
      },
    );
  }

  it("TestLogReplication: a proposal is committed and applied on every member", () => {
    const n = new TestNetwork([undefined, undefined, undefined]);
    n.stepLocal(1, { type: "MsgHup" });
    n.propose(1, "somedata");
    n.propose(2, "more"); // forwarded by a follower to the leader
    for (const id of [1, 2, 3]) {
      const r = n.node(id);
      expect(r.commitIndex).toBe(3);
      expect(r.takeCommitted().map((e) => e.data)).toEqual([null, "somedata", "more"]);
    }
  });

  it("TestSingleNodeCommit: a group of one commits on its own", () => {
    const n = new TestNetwork([undefined]);
    n.stepLocal(1, { type: "MsgHup" });
    n.propose(1, "some data");
    n.propose(1, "some data");
    expect(n.node(1).commitIndex).toBe(3);
  });

  it("TestCannotCommitWithoutNewTermEntry: entries of an earlier term commit only with one of the current term", () => {
    const n = new TestNetwork([undefined, undefined, undefined, undefined, undefined]);
    n.stepLocal(1, { type: "MsgHup" });
    n.cutLink(1, 3);
    n.cutLink(1, 4);
    n.cutLink(1, 5);
    n.propose(1, "some data");
    n.propose(1, "some data");
    expect(n.node(1).commitIndex).toBe(1);
    n.recover();
    n.ignore("MsgApp"); // keep the new leader's empty entry from committing
    n.stepLocal(2, { type: "MsgHup" });
    expect(n.node(2).state).toBe("leader");
    expect(n.node(2).commitIndex).toBe(1);
    n.recover();
    n.stepLocal(2, { type: "MsgBeat" });
    n.propose(2, "some data");
    expect(n.node(2).commitIndex).toBe(5);
  });

  it("TestDuelingCandidates: a candidate with a shorter log cannot win and falls back to follower", () => {
    const n = new TestNetwork([undefined, undefined, undefined]);
    n.cutLink(1, 3);
    n.stepLocal(1, { type: "MsgHup" });
    n.stepLocal(3, { type: "MsgHup" });
    expect(n.node(1).state).toBe("leader");
    expect(n.node(3).state).toBe("candidate");
    n.recover();
    // 3 campaigns again with a higher term: it deposes 1, but 1 and 2 refuse it (shorter log).
    n.stepLocal(3, { type: "MsgHup" });
    const want: [number, StateType, number, [number, number][]][] = [
      [1, "follower", 2, [[1, 1]]],
      [2, "follower", 2, [[1, 1]]],
      [3, "follower", 2, []],
    ];
    for (const [id, state, term, log] of want) {
      expect([n.node(id).state, n.node(id).term, termsOf(n.node(id).log)]).toEqual([state, term, log]);
    }
  });

  it("TestDuelingPreCandidates: with pre-vote the returning member is refused without raising any term", () => {
    const n = new TestNetwork([undefined, undefined, undefined], { preVote: true });
    n.cutLink(1, 3);
    n.stepLocal(1, { type: "MsgHup" });
    n.stepLocal(3, { type: "MsgHup" });
    expect(n.node(1).state).toBe("leader");
    expect(n.node(3).state).toBe("follower");
    n.recover();
    n.stepLocal(3, { type: "MsgHup" });
    expect([1, 2, 3].map((id) => [n.node(id).state, n.node(id).term])).toEqual([
      ["leader", 1],
      ["follower", 1],
      ["follower", 1],
    ]);
  });

  it("TestOldMessages: a message from an old term is ignored", () => {
    const n = new TestNetwork([undefined, undefined, undefined]);
    n.stepLocal(1, { type: "MsgHup" });
    n.stepLocal(2, { type: "MsgHup" });
    n.stepLocal(1, { type: "MsgHup" });
    // A MsgApp of term 2 from the deposed leader 2 changes nothing.
    n.send(
      message({
        type: "MsgApp",
        from: 2,
        to: 1,
        term: 2,
        entries: [{ index: 3, term: 2, type: "EntryNormal", data: "stale" }],
      }),
    );
    n.propose(1, "somedata");
    expect(termsOf(n.node(1).log)).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [3, 4],
    ]);
    expect(n.node(1).log.map((e) => e.data)).toEqual([null, null, null, "somedata"]);
  });

  it.each<[string, TestPeer[], boolean]>([
    [
      "all up: committed",
      [newTestRaft(1, [1, 2, 3]), newTestRaft(2, [1, 2, 3]), newTestRaft(3, [1, 2, 3])],
      true,
    ],
    ["one down: committed", [newTestRaft(1, [1, 2, 3]), newTestRaft(2, [1, 2, 3]), "blackhole"], true],
    ["two down: not committed", [newTestRaft(1, [1, 2, 3]), "blackhole", "blackhole"], false],
  ])("TestProposal (%s)", (_name, peers, success) => {
    const n = new TestNetwork(peers);
    n.stepLocal(1, { type: "MsgHup" });
    n.propose(1, "somedata");
    expect(n.node(1).commitIndex).toBe(success ? 2 : 0);
  });
});

describe("check-quorum (etcd raft_test.go)", () => {
  it("TestLeaderStepdownWhenQuorumActive: a leader that hears from a quorum stays leader", () => {
    const r = newTestRaft(1, [1, 2, 3], { electionTick: 5, checkQuorum: true });
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < r.electionTimeout + 1; i++) {
      r.step(message({ type: "MsgHeartbeatResp", from: 2, to: 1, term: r.term }));
      r.tick();
    }
    expect(r.state).toBe("leader");
  });

  it("TestLeaderStepdownWhenQuorumLost: a leader that hears from no quorum for an election timeout steps down", () => {
    const r = newTestRaft(1, [1, 2, 3], { electionTick: 5, checkQuorum: true });
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < r.electionTimeout + 1; i++) r.tick();
    expect(r.state).toBe("follower");
    expect(r.takeEvents().some((e) => e.type === "quorumLost")).toBe(true);
  });

  it("TestLeaderSupersedingWithCheckQuorum: a follower in its leader lease ignores a candidate", () => {
    const n = new TestNetwork([undefined, undefined, undefined], { checkQuorum: true });
    const b = n.node(2);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    n.tick(2, b.electionTimeout);
    n.stepLocal(1, { type: "MsgHup" });
    expect(n.node(1).state).toBe("leader");
    expect(n.node(3).state).toBe("follower");
    n.stepLocal(3, { type: "MsgHup" });
    // 2 heard from leader 1 within the election timeout and refuses to vote.
    expect(n.node(3).state).toBe("candidate");
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    n.tick(2, b.electionTimeout);
    n.stepLocal(3, { type: "MsgHup" });
    expect(n.node(3).state).toBe("leader");
  });

  it("TestFreeStuckCandidateWithCheckQuorum: a candidate stuck at a higher term rejoins through the leader's step-down", () => {
    const n = new TestNetwork([undefined, undefined, undefined], { checkQuorum: true });
    const [a, b, c] = [n.node(1), n.node(2), n.node(3)];
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    n.tick(2, b.electionTimeout);
    n.stepLocal(1, { type: "MsgHup" });
    n.isolate(1);
    n.stepLocal(3, { type: "MsgHup" });
    expect([b.state, c.state, c.term]).toEqual(["follower", "candidate", b.term + 1]);
    n.stepLocal(3, { type: "MsgHup" });
    expect([b.state, c.state, c.term]).toEqual(["follower", "candidate", b.term + 2]);
    n.recover();
    // The leader's heartbeat meets the higher term: 1 hears a MsgAppResp of term 3 and steps down.
    n.send(message({ type: "MsgHeartbeat", from: 1, to: 3, term: a.term }));
    expect(a.state).toBe("follower");
    expect(c.term).toBe(a.term);
    n.stepLocal(3, { type: "MsgHup" });
    expect(c.state).toBe("leader");
  });
});

describe("pre-vote (Ongaro's thesis §9.6, etcd raft_test.go)", () => {
  function partitionedMemberRejoins(preVote: boolean, checkQuorum: boolean) {
    const n = new TestNetwork([undefined, undefined, undefined], { preVote, checkQuorum });
    n.stepLocal(1, { type: "MsgHup" });
    n.propose(1, "before");
    const leaderTerm = n.node(1).term;
    n.isolate(3);
    // Member 3 times out again and again while cut off.
    for (let i = 0; i < 5; i++) n.stepLocal(3, { type: "MsgHup" });
    n.recover();
    // Three election timeouts of normal operation after the partition heals.
    for (let round = 0; round < 30; round++) for (const id of [1, 2, 3]) n.tick(id);
    return { n, leaderTerm };
  }

  it("a partitioned member rejoining does not disrupt the leader with pre-vote", () => {
    const { n, leaderTerm } = partitionedMemberRejoins(true, false);
    expect(n.node(3).term).toBe(leaderTerm);
    expect(n.node(1).state).toBe("leader");
    expect(n.node(1).term).toBe(leaderTerm);
  });

  it("without pre-vote the rejoining member's higher term forces an election (the problem pre-vote solves)", () => {
    const { n, leaderTerm } = partitionedMemberRejoins(false, false);
    expect(n.node(1).term).toBeGreaterThan(leaderTerm);
  });

  it("TestPreVoteWithCheckQuorum: pre-vote and check-quorum together still elect a new leader when one is lost", () => {
    const n = new TestNetwork([undefined, undefined, undefined], { preVote: true, checkQuorum: true });
    n.stepLocal(1, { type: "MsgHup" });
    n.isolate(1);
    // 2 and 3 must first let their leader lease expire (an election timeout without the leader).
    for (const id of [2, 3]) {
      const r = n.node(id);
      r.randomizedElectionTimeout = r.electionTimeout + 5;
      for (let i = 0; i < r.electionTimeout; i++) r.tick();
      r.readMessages();
    }
    n.stepLocal(2, { type: "MsgHup" });
    expect(n.node(2).state).toBe("leader");
    expect(n.node(2).term).toBe(2);
  });

  it("a pre-vote never changes the voter's term or vote", () => {
    const r = newTestRaft(1, [1, 2, 3], { preVote: true });
    r.step(message({ type: "MsgPreVote", from: 2, to: 1, term: 5 }));
    expect([r.term, r.vote]).toEqual([0, 0]);
    expect(r.readMessages().map((m) => [m.type, m.term, m.reject])).toEqual([["MsgPreVoteResp", 5, false]]);
  });
});

describe("fast log back-tracking (etcd TestFastLogRejection)", () => {
  // leader log terms, follower log terms → (rejectHint logTerm, rejectHint index) → next MsgApp (logTerm, index).
  const cases: [string, number[], number[], number, number, number, number][] = [
    [
      "the leader finds the conflict quickly",
      [1, 2, 2, 4, 4, 4, 4],
      [1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3],
      3,
      7,
      2,
      3,
    ],
    [
      "the leader finds the conflict quickly (2)",
      [1, 2, 2, 3, 4, 4, 4, 5],
      [1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3],
      3,
      8,
      3,
      4,
    ],
    ["the follower finds the conflict quickly", [1, 1, 1, 1], [1, 2, 2, 4], 1, 1, 1, 1],
    ["a longer uncommitted leader tail", [1, 1, 1, 1, 1, 1], [1, 2, 2, 4], 1, 1, 1, 1],
    ["a longer uncommitted follower tail", [1, 1, 1, 1], [1, 2, 2, 4, 4, 4], 1, 1, 1, 1],
    ["no conflict, the follower is behind", [1, 1, 1, 4, 5], [1, 1, 1, 4], 4, 4, 4, 4],
    ["stepLeader's example", [2, 5, 5, 5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], 4, 6, 2, 1],
    ["handleAppendEntries' example", [2, 2, 2, 2, 2], [2, 4, 4, 4, 4, 4, 4, 4], 2, 1, 2, 1],
  ];
  it.each(cases)("%s", (_name, leaderLog, followerLog, hintTerm, hintIndex, nextTerm, nextIndex) => {
    const last = leaderLog[leaderLog.length - 1] ?? 0;
    const asLog = (terms: number[]) => terms.map((t, i) => [t, i + 1] as [number, number]);
    const n1 = newTestRaft(1, [1, 2, 3], {
      storage: storageWith(asLog(leaderLog), { term: last - 1, commit: leaderLog.length }),
    });
    n1.becomeCandidate();
    n1.becomeLeader();
    const n2 = newTestRaft(2, [1, 2, 3], {
      storage: storageWith(asLog(followerLog), { term: last, vote: 1 }),
    });

    n2.step(message({ type: "MsgHeartbeat", from: 1, to: 2 }));
    const [heartbeatResp, ...rest1] = n2.readMessages();
    expect(rest1).toEqual([]);
    expect(heartbeatResp?.type).toBe("MsgHeartbeatResp");
    if (!heartbeatResp) return;
    n1.step(heartbeatResp);
    const [app, ...rest2] = n1.readMessages();
    expect(rest2).toEqual([]);
    expect(app?.type).toBe("MsgApp");
    if (!app) return;
    n2.step(app);
    const [reject] = n2.readMessages();
    expect([reject?.type, reject?.reject, reject?.logTerm, reject?.rejectHint]).toEqual([
      "MsgAppResp",
      true,
      hintTerm,
      hintIndex,
    ]);
    if (!reject) return;
    n1.step(reject);
    const [next] = n1.readMessages();
    expect([next?.logTerm, next?.index]).toEqual([nextTerm, nextIndex]);
  });
});
