/**
 * Learners, joint quorums and lease-based reads, ported by name from etcd-io/raft v3.6 raft_test.go
 * and quorum/testdata (joint_commit.txt, joint_vote.txt). The learner tests already in
 * operations.test.ts (TestLearnerElectionTimeout, TestLearnerLogReplication, TestLearnerPromotion)
 * are not repeated here.
 */
import { describe, expect, it } from "vitest";
import { jointCommittedIndex, jointVoteResult } from "../../../shared/sim/raft/quorum.ts";
import type { RaftNode } from "../../../shared/sim/raft/raft.ts";
import type { PersistentState, Snapshot } from "../../../shared/sim/raft/types.ts";
import { message, newTestRaft, TestNetwork } from "./network.ts";

/** A snapshot at index 11 of term 11 (etcd-io/raft's magic numbers) with the given configuration. */
function snapshotWith(confState: Snapshot["metadata"]["confState"]): Snapshot {
  return { metadata: { index: 11, term: 11, confState }, data: "s" };
}

/** Delivers a snapshot to `r` as its leader of term 11 would, and says whether `r` installed it. */
function restore(r: RaftNode, s: Snapshot): boolean {
  const before = r.snapshot.metadata.index;
  r.step(message({ type: "MsgSnap", from: 99, to: r.id, term: 11, snapshot: s }));
  r.readMessages();
  return r.snapshot.metadata.index !== before;
}

const storageFrom = (s: Snapshot): PersistentState => ({
  hardState: { term: s.metadata.term, vote: 0, commit: s.metadata.index },
  snapshot: s,
  entries: [],
});

describe("learners (etcd-io/raft raft_test.go)", () => {
  it("TestLearnerCanVote: a learner answers a vote request (it may be a voter in a newer configuration)", () => {
    const n2 = newTestRaft(2, [1], { learners: [2] });
    n2.becomeFollower(1, 0);
    n2.step(message({ type: "MsgVote", from: 1, to: 2, term: 2, logTerm: 11, index: 11 }));
    const msgs = n2.readMessages();
    expect(msgs.map((m) => [m.type, m.reject])).toEqual([["MsgVoteResp", false]]);
  });

  it("TestReadOnlyWithLearner: a learner's ReadIndex is answered by the voters' quorum", () => {
    const a = newTestRaft(1, [1], { learners: [2] });
    const b = newTestRaft(2, [1], { learners: [2] });
    const nt = new TestNetwork([a, b]);
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.stepLocal(1, { type: "MsgHup" });
    expect(a.state).toBe("leader");
    const cases: [RaftNode, number, string][] = [
      [a, 11, "ctx1"],
      [b, 21, "ctx2"],
      [a, 31, "ctx3"],
      [b, 41, "ctx4"],
    ];
    for (const [sm, wantIndex, context] of cases) {
      for (let j = 0; j < 10; j++) nt.propose(1, null);
      sm.readIndex(context);
      nt.flush(sm.id);
      expect(sm.takeReadStates()).toEqual([{ index: wantIndex, context }]);
    }
  });

  it("TestRestoreWithLearner: a snapshot's learners come back as learners", () => {
    const sm = newTestRaft(3, [1, 2], { learners: [3], electionTick: 8, heartbeatTick: 2 });
    const s = snapshotWith({ voters: [1, 2], learners: [3] });
    expect(restore(sm, s)).toBe(true);
    expect([sm.lastIndex, sm.termAt(11)]).toEqual([11, 11]);
    expect(sm.confState).toEqual({ voters: [1, 2], learners: [3] });
    for (const id of [1, 2]) expect(sm.progressOf(id)?.isLearner).toBe(false);
    expect(sm.progressOf(3)?.isLearner).toBe(true);
    expect(restore(sm, s)).toBe(false);
  });

  it("TestRestoreWithVotersOutgoing: a snapshot taken in a joint configuration restores it, and the member waits to apply it before campaigning", () => {
    const sm = newTestRaft(1, [1, 2]);
    const s = snapshotWith({ voters: [2, 3, 4], learners: [], votersOutgoing: [1, 2, 3] });
    expect(restore(sm, s)).toBe(true);
    expect([sm.lastIndex, sm.termAt(11)]).toEqual([11, 11]);
    expect(sm.confState.voters).toEqual([2, 3, 4]);
    expect(sm.confState.votersOutgoing).toEqual([1, 2, 3]);
    expect(restore(sm, s)).toBe(false);
    for (let i = 0; i < sm.randomizedElectionTimeout; i++) sm.tick();
    expect(sm.state).toBe("follower");
  });

  it("TestRestoreVoterToLearner: a voter takes a snapshot that makes it a learner", () => {
    const sm = newTestRaft(3, [1, 2, 3]);
    expect(sm.isLearner).toBe(false);
    expect(restore(sm, snapshotWith({ voters: [1, 2], learners: [3] }))).toBe(true);
    expect(sm.isLearner).toBe(true);
  });

  it("TestRestoreLearnerPromotion: a learner takes a snapshot that makes it a voter", () => {
    const sm = newTestRaft(3, [1, 2], { learners: [3] });
    expect(sm.isLearner).toBe(true);
    expect(restore(sm, snapshotWith({ voters: [1, 2, 3], learners: [] }))).toBe(true);
    expect(sm.isLearner).toBe(false);
  });

  it("TestLearnerReceiveSnapshot: a learner catches up from the leader's snapshot", () => {
    const s = snapshotWith({ voters: [1], learners: [2] });
    const n1 = newTestRaft(1, [1], { learners: [2], storage: storageFrom(s) });
    n1.takeSnapshot(); // the application applied it
    const n2 = newTestRaft(2, [1], { learners: [2] });
    const nt = new TestNetwork([n1, n2]);
    n1.randomizedElectionTimeout = n1.electionTimeout;
    for (let i = 0; i < n1.electionTimeout; i++) {
      n1.tick();
      nt.flush(1);
    }
    nt.stepLocal(1, { type: "MsgBeat" });
    expect(n2.commitIndex).toBe(n1.commitIndex);
    expect(n2.snapshot.metadata.index).toBe(11);
  });

  it("TestAddLearner: a learner is added, promoted; the member itself demoted and promoted again", () => {
    const r = newTestRaft(1, [1]);
    r.applyConfChange({ type: "ConfChangeAddLearnerNode", nodeId: 2 });
    expect(r.isLearner).toBe(false);
    expect(r.confState.learners).toEqual([2]);
    expect(r.progressOf(2)?.isLearner).toBe(true);
    r.applyConfChange({ type: "ConfChangeAddNode", nodeId: 2 });
    expect(r.progressOf(2)?.isLearner).toBe(false);
    r.applyConfChange({ type: "ConfChangeAddLearnerNode", nodeId: 1 });
    expect([r.progressOf(1)?.isLearner, r.isLearner]).toEqual([true, true]);
    r.applyConfChange({ type: "ConfChangeAddNode", nodeId: 1 });
    expect([r.progressOf(1)?.isLearner, r.isLearner]).toEqual([false, false]);
  });

  it("TestRemoveLearner: a learner is removed; removing the last voter is refused", () => {
    const r = newTestRaft(1, [1], { learners: [2] });
    r.applyConfChange({ type: "ConfChangeRemoveNode", nodeId: 2 });
    expect(r.confState).toEqual({ voters: [1], learners: [] });
    expect(() => r.applyConfChange({ type: "ConfChangeRemoveNode", nodeId: 1 })).toThrow(
      "removed all voters",
    );
    expect(r.confState).toEqual({ voters: [1], learners: [] });
  });

  it("TestLearnerCampaign: a learner never campaigns, even when told to by MsgTimeoutNow", () => {
    const n1 = newTestRaft(1, [1]);
    n1.applyConfChange({ type: "ConfChangeAddLearnerNode", nodeId: 2 });
    const n2 = newTestRaft(2, [1]);
    n2.applyConfChange({ type: "ConfChangeAddLearnerNode", nodeId: 2 });
    const nt = new TestNetwork([n1, n2]);
    nt.stepLocal(2, { type: "MsgHup" });
    expect(n2.isLearner).toBe(true);
    expect(n2.state).toBe("follower");
    nt.stepLocal(1, { type: "MsgHup" });
    expect([n1.state, n1.lead]).toEqual(["leader", 1]);
    nt.send(message({ type: "MsgTimeoutNow", from: 1, to: 2, term: n1.term }));
    expect(n2.state).toBe("follower");
  });
});

describe("lease-based reads, ReadOnlyLeaseBased (etcd-io/raft raft_test.go)", () => {
  it("TestReadOnlyOptionLease: the leader answers a read from its lease, with no round of heartbeats", () => {
    const options = { readOnlyOption: "leaseBased", checkQuorum: true } as const;
    const nt = new TestNetwork([undefined, undefined, undefined], options);
    const [a, b, c] = [nt.node(1), nt.node(2), nt.node(3)];
    b.randomizedElectionTimeout = b.electionTimeout + 1;
    for (let i = 0; i < b.electionTimeout; i++) b.tick();
    nt.stepLocal(1, { type: "MsgHup" });
    expect(a.state).toBe("leader");
    const cases: [RaftNode, number, string][] = [
      [a, 11, "ctx1"],
      [b, 21, "ctx2"],
      [c, 31, "ctx3"],
      [a, 41, "ctx4"],
      [b, 51, "ctx5"],
      [c, 61, "ctx6"],
    ];
    for (const [sm, wantIndex, context] of cases) {
      for (let j = 0; j < 10; j++) nt.propose(1, null);
      const heartbeatsBefore = nt.trace.filter((m) => m.type === "MsgHeartbeat").length;
      sm.readIndex(context);
      nt.flush(sm.id);
      expect(sm.takeReadStates()).toEqual([{ index: wantIndex, context }]);
      expect(nt.trace.filter((m) => m.type === "MsgHeartbeat").length).toBe(heartbeatsBefore);
    }
  });

  it("TestReadOnlyForNewLeader, under ReadOnlyLeaseBased: a new leader's lease answers nothing until an entry of its term commits", () => {
    // stepLeader postpones MsgReadIndex while !committedEntryInCurrentTerm, whichever the option:
    // a new leader does not yet know the commit index its predecessor reached.
    const options = { readOnlyOption: "leaseBased", checkQuorum: true } as const;
    const nt = new TestNetwork([undefined, undefined, undefined], options);
    nt.stepLocal(1, { type: "MsgHup" });
    nt.propose(1, "x");
    nt.isolate(1);
    nt.ignore("MsgApp");
    const lead = nt.node(2);
    // Both followers' leases with the old leader run out (check-quorum ignores votes inside them).
    for (const f of [lead, nt.node(3)]) {
      f.randomizedElectionTimeout = f.electionTimeout + 1;
      for (let i = 0; i < f.electionTimeout; i++) f.tick();
    }
    nt.stepLocal(2, { type: "MsgHup" });
    expect(lead.state).toBe("leader");
    lead.readIndex("early");
    nt.flush(lead.id);
    expect(lead.takeReadStates()).toEqual([]);
    // Its empty entry commits once appends flow again: the postponed read is answered from the lease.
    nt.recover();
    nt.stepLocal(2, { type: "MsgBeat" });
    const heartbeatsBefore = nt.trace.filter((m) => m.type === "MsgHeartbeat").length;
    expect(lead.takeReadStates()).toEqual([{ index: lead.commitIndex, context: "early" }]);
    lead.readIndex("later");
    nt.flush(lead.id);
    expect(lead.takeReadStates()).toEqual([{ index: lead.commitIndex, context: "later" }]);
    expect(nt.trace.filter((m) => m.type === "MsgHeartbeat").length).toBe(heartbeatsBefore);
  });

  it("Config.validate: a lease-based read needs check-quorum (the lease is the check-quorum interval)", () => {
    expect(() => newTestRaft(1, [1, 2, 3], { readOnlyOption: "leaseBased", checkQuorum: false })).toThrow(
      "CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased",
    );
  });
});

describe("joint quorums (etcd-io/raft quorum/testdata/joint_commit.txt, joint_vote.txt)", () => {
  const config = (incoming: number[], outgoing: number[]) => ({
    incoming: new Set(incoming),
    outgoing: new Set(outgoing),
  });

  it.each([
    // [incoming, outgoing, match by id (absent: 0), committed]
    [[1, 2, 3], [], { 1: 100, 2: 101, 3: 99 }, 100],
    [[1], [2], {}, 0],
    [[1], [2], { 1: 100 }, 0],
    [[1], [2], { 1: 13, 2: 100 }, 13],
    [[1], [1], { 1: 100 }, 100],
    [[1, 3], [2], { 1: 100 }, 0],
    [[1, 3], [2], { 1: 100, 3: 50 }, 0],
    [[1, 3], [2], { 1: 100, 2: 20, 3: 50 }, 20],
    [[1, 2, 3], [1, 2, 4], { 1: 100, 2: 90, 3: 80, 4: 70 }, 90],
    [[1, 2, 3], [4, 5, 6], { 1: 100, 2: 90, 3: 80, 4: 10, 5: 20, 6: 30 }, 20],
  ])("committed: %j && %j with %j → %i", (incoming, outgoing, match, want) => {
    const matches = match as Record<number, number>;
    expect(jointCommittedIndex(config(incoming, outgoing), (id) => matches[id] ?? 0)).toBe(want);
  });

  it.each([
    [[1], [], {}, "VotePending"],
    [[1], [], { 1: true }, "VoteWon"],
    [[1], [], { 1: false }, "VoteLost"],
    [[1], [1], { 1: true }, "VoteWon"],
    [[1], [2], { 1: true }, "VotePending"],
    [[1], [2], { 1: true, 2: true }, "VoteWon"],
    [[1], [2], { 1: true, 2: false }, "VoteLost"],
    [[1], [2], { 1: false }, "VoteLost"],
    [[1, 2, 3], [1, 2, 4], { 1: true, 2: true }, "VoteWon"],
    [[1, 2, 3], [4, 5, 6], { 1: true, 2: true, 4: true }, "VotePending"],
    [[1, 2, 3], [4, 5, 6], { 1: true, 2: true, 4: false, 5: false }, "VoteLost"],
    [[], [], {}, "VoteWon"],
  ])("vote: %j && %j with %j → %s", (incoming, outgoing, votes, want) => {
    const map = new Map(Object.entries(votes as Record<string, boolean>).map(([id, v]) => [Number(id), v]));
    expect(jointVoteResult(config(incoming, outgoing), map)).toBe(want);
  });
});
