/**
 * Leader transfer, learners, membership changes, snapshots, restarts from persisted state,
 * ReadIndex and the game events, ported from etcd-io/raft's raft_test.go where it has the test.
 */
import { describe, expect, it } from "vitest";
import { RaftNode } from "../../../shared/sim/raft/raft.ts";
import type { Message } from "../../../shared/sim/raft/types.ts";
import { createRandom } from "../../../shared/sim/random.ts";
import { message, newTestRaft, storageWith, TestNetwork } from "./network.ts";

function elected(size: number, options: { checkQuorum?: boolean; preVote?: boolean } = {}): TestNetwork {
  const n = new TestNetwork(
    Array.from({ length: size }, () => undefined),
    options,
  );
  n.stepLocal(1, { type: "MsgHup" });
  return n;
}

/** etcd's checkLeaderTransferState. */
function transferState(r: RaftNode) {
  return { state: r.state, lead: r.lead, leadTransferee: r.leadTransferee };
}

describe("leader transfer (thesis §3.10, etcd raft_test.go)", () => {
  it("TestLeaderTransferToUpToDateNode: leadership moves to the target, and back", () => {
    const n = elected(3);
    const lead = n.node(1);
    n.send(message({ type: "MsgTransferLeader", from: 2, to: 1 }));
    expect(transferState(lead)).toEqual({ state: "follower", lead: 2, leadTransferee: 0 });
    n.propose(1, "after");
    n.send(message({ type: "MsgTransferLeader", from: 1, to: 2 }));
    expect(transferState(lead)).toEqual({ state: "leader", lead: 1, leadTransferee: 0 });
  });

  it("TestLeaderTransferToUpToDateNodeFromFollower: a follower forwards the request to the leader", () => {
    const n = elected(3);
    n.node(2).transferLeader(2);
    n.flush(2);
    expect(transferState(n.node(1))).toEqual({ state: "follower", lead: 2, leadTransferee: 0 });
  });

  it("TestLeaderTransferToSlowFollower: the leader first brings the target's log up to date", () => {
    const n = elected(3);
    n.isolate(3);
    n.propose(1, "missed by 3");
    n.recover();
    expect(n.node(1).progressOf(3)?.match).toBe(1);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    expect(transferState(n.node(1))).toEqual({ state: "follower", lead: 3, leadTransferee: 0 });
  });

  it("TestLeaderTransferAfterSnapshot: a target behind the compacted log gets the snapshot first", () => {
    const n = elected(3);
    n.isolate(3);
    n.propose(1, "missed by 3");
    const lead = n.node(1);
    lead.takeCommitted();
    lead.compact(lead.appliedIndex, "state at 2");
    n.recover();
    expect(lead.progressOf(3)?.match).toBe(1);
    // "Snapshot needs to be applied before sending MsgAppResp": hold the follower's answer back.
    let filtered: Message | null = null;
    n.msgHook = (m) => {
      if (m.type !== "MsgAppResp" || m.from !== 3 || m.reject) return true;
      filtered = m;
      return false;
    };
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    expect(lead.state).toBe("leader");
    expect(filtered).not.toBeNull();
    // Apply the snapshot and resume.
    expect(n.node(3).takeSnapshot()?.data).toBe("state at 2");
    n.msgHook = null;
    if (filtered) n.send(filtered);
    expect(transferState(lead)).toEqual({ state: "follower", lead: 3, leadTransferee: 0 });
  });

  it("TestLeaderTransferToSelf: a transfer to the leader itself changes nothing", () => {
    const n = elected(3);
    n.send(message({ type: "MsgTransferLeader", from: 1, to: 1 }));
    expect(transferState(n.node(1))).toEqual({ state: "leader", lead: 1, leadTransferee: 0 });
  });

  it("TestLeaderTransferToNonExistingNode: a transfer to an unknown member is ignored", () => {
    const n = elected(3);
    n.send(message({ type: "MsgTransferLeader", from: 4, to: 1 }));
    expect(transferState(n.node(1))).toEqual({ state: "leader", lead: 1, leadTransferee: 0 });
  });

  it("TestLeaderTransferTimeout: a transfer not done within an election timeout is abandoned", () => {
    const n = elected(3);
    n.isolate(3);
    const lead = n.node(1);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    expect(lead.leadTransferee).toBe(3);
    n.tick(1, lead.heartbeatTimeout);
    expect(lead.leadTransferee).toBe(3);
    n.tick(1, lead.electionTimeout - lead.heartbeatTimeout);
    expect(transferState(lead)).toEqual({ state: "leader", lead: 1, leadTransferee: 0 });
  });

  it("TestLeaderTransferIgnoreProposal: proposals are refused while a transfer is in progress", () => {
    const n = elected(3);
    n.isolate(3);
    const lead = n.node(1);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    expect(lead.propose("during transfer")).toBe(false);
    expect(lead.progressOf(1)?.match).toBe(1);
  });

  it("TestLeaderTransferReceiveHigherTermVote: an election at a higher term ends the transfer", () => {
    const n = elected(3);
    n.isolate(3);
    const lead = n.node(1);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    n.stepLocal(2, { type: "MsgHup" });
    expect(transferState(lead)).toEqual({ state: "follower", lead: 2, leadTransferee: 0 });
  });

  it("TestLeaderTransferBack: a transfer back to the leader cancels the pending one", () => {
    const n = elected(3);
    n.isolate(3);
    const lead = n.node(1);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    n.send(message({ type: "MsgTransferLeader", from: 1, to: 1 }));
    expect(transferState(lead)).toEqual({ state: "leader", lead: 1, leadTransferee: 0 });
  });

  it("TestLeaderTransferSecondTransferToAnotherNode: a second transfer replaces the first", () => {
    const n = elected(3);
    n.isolate(3);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    n.send(message({ type: "MsgTransferLeader", from: 2, to: 1 }));
    expect(transferState(n.node(1))).toEqual({ state: "follower", lead: 2, leadTransferee: 0 });
  });

  it("TestLeaderTransferSecondTransferToSameNode: repeating a transfer does not extend its timeout", () => {
    const n = elected(3);
    n.isolate(3);
    const lead = n.node(1);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    n.tick(1, lead.heartbeatTimeout);
    n.send(message({ type: "MsgTransferLeader", from: 3, to: 1 }));
    n.tick(1, lead.electionTimeout - lead.heartbeatTimeout);
    expect(transferState(lead)).toEqual({ state: "leader", lead: 1, leadTransferee: 0 });
  });

  it("a transfer overrides the target's voters' leader lease (check-quorum on)", () => {
    const n = elected(3, { checkQuorum: true });
    n.send(message({ type: "MsgTransferLeader", from: 2, to: 1 }));
    expect(n.node(2).state).toBe("leader");
  });
});

describe("learners (etcd raft_test.go)", () => {
  it("TestLearnerElectionTimeout: a learner never campaigns", () => {
    const n2 = newTestRaft(2, [1], { learners: [2] });
    n2.becomeFollower(1, 0);
    n2.randomizedElectionTimeout = n2.electionTimeout;
    for (let i = 0; i < 3 * n2.electionTimeout; i++) n2.tick();
    expect(n2.state).toBe("follower");
    expect(n2.readMessages()).toEqual([]);
  });

  it("TestLearnerLogReplication: a learner receives the log but the voters alone commit it", () => {
    const n = new TestNetwork([
      newTestRaft(1, [1], { learners: [2] }),
      newTestRaft(2, [1], { learners: [2] }),
    ]);
    n.stepLocal(1, { type: "MsgHup" });
    expect(n.node(1).state).toBe("leader");
    n.cutLink(1, 2);
    n.propose(1, "somedata");
    expect(n.node(1).commitIndex).toBe(2);
    n.recover();
    n.stepLocal(1, { type: "MsgBeat" });
    expect(n.node(2).commitIndex).toBe(2);
    expect(n.node(1).progressOf(2)?.match).toBe(2);
  });

  it("a learner's vote does not count toward a quorum (learners may answer, as in etcd)", () => {
    const r = newTestRaft(1, [1, 2, 3], { learners: [4] });
    r.campaign();
    r.step(message({ type: "MsgVoteResp", from: 4, to: 1, term: r.term }));
    expect(r.state).toBe("candidate");
    r.step(message({ type: "MsgVoteResp", from: 2, to: 1, term: r.term }));
    expect(r.state).toBe("leader");
  });

  it("TestLearnerPromotion: a learner promoted by a committed conf change can win an election", () => {
    const n = new TestNetwork([
      newTestRaft(1, [1], { learners: [2] }),
      newTestRaft(2, [1], { learners: [2] }),
    ]);
    n.stepLocal(1, { type: "MsgHup" });
    expect(n.node(2).isLearner).toBe(true);
    expect(n.node(1).proposeConfChange({ type: "ConfChangeAddNode", nodeId: 2 })).toBe(true);
    n.flush(1);
    n.stepLocal(1, { type: "MsgBeat" });
    expect(n.node(1).confState).toEqual({ voters: [1, 2], learners: [] });
    expect(n.node(2).isLearner).toBe(false);
    n.stepLocal(2, { type: "MsgHup" });
    expect(n.node(2).state).toBe("leader");
    expect(n.node(1).state).toBe("follower");
  });
});

describe("membership changes, one voter at a time (thesis §4.1, etcd raft_test.go)", () => {
  it("TestAddNode: a voter added by a committed entry joins the quorum", () => {
    const n = new TestNetwork([newTestRaft(1, [1]), newTestRaft(2, [1])]);
    n.stepLocal(1, { type: "MsgHup" });
    n.node(1).proposeConfChange({ type: "ConfChangeAddNode", nodeId: 2 });
    n.flush(1);
    expect(n.node(1).confState.voters).toEqual([1, 2]);
    // Now a majority of two is needed: with 2 cut off nothing more commits.
    n.cutLink(1, 2);
    const before = n.node(1).commitIndex;
    n.propose(1, "needs 2");
    expect(n.node(1).commitIndex).toBe(before);
    n.recover();
    n.stepLocal(1, { type: "MsgBeat" });
    expect(n.node(1).commitIndex).toBe(before + 1);
  });

  it("TestRemoveNode / TestCommitAfterRemoveNode: removing a voter shrinks the quorum and commits what waited", () => {
    const n = elected(3);
    n.isolate(3);
    n.isolate(2);
    n.propose(1, "waits for a quorum");
    const lead = n.node(1);
    expect(lead.commitIndex).toBe(1);
    n.recover();
    n.isolate(3);
    expect(lead.proposeConfChange({ type: "ConfChangeRemoveNode", nodeId: 3 })).toBe(true);
    n.flush(lead.id);
    expect(lead.confState.voters).toEqual([1, 2]);
    expect(lead.commitIndex).toBe(lead.lastIndex);
  });

  it("a second conf change is refused while the first is not committed (one at a time)", () => {
    const n = elected(3);
    n.isolate(2);
    n.isolate(3);
    const lead = n.node(1);
    expect(lead.proposeConfChange({ type: "ConfChangeAddLearnerNode", nodeId: 4 })).toBe(true);
    expect(lead.proposeConfChange({ type: "ConfChangeAddLearnerNode", nodeId: 5 })).toBe(false);
  });

  it("a new leader accepts no conf change before an entry of its term commits (single-server change fix)", () => {
    const n = elected(3);
    n.isolate(2);
    n.isolate(3);
    const lead = n.node(1);
    lead.becomeFollower(lead.term, 0);
    lead.becomeCandidate();
    lead.becomeLeader();
    expect(lead.proposeConfChange({ type: "ConfChangeRemoveNode", nodeId: 3 })).toBe(false);
  });

  it("a removed leader steps down and never campaigns again (etcd's StepDownOnRemoval)", () => {
    const n = elected(3);
    const lead = n.node(1);
    lead.proposeConfChange({ type: "ConfChangeRemoveNode", nodeId: 1 });
    n.flush(lead.id);
    expect(lead.state).toBe("follower");
    n.tick(1, 3 * lead.electionTimeout);
    expect(lead.state).toBe("follower");
    for (let i = 0; i < 40; i++) for (const id of [2, 3]) n.tick(id);
    expect([2, 3].map((id) => n.node(id).state).sort()).toEqual(["follower", "leader"]);
  });
});

describe("snapshots and log compaction (paper §7, etcd raft_test.go)", () => {
  it("TestSlowNodeRestore: a follower behind the compacted log is sent the snapshot, then the rest", () => {
    const n = elected(3);
    n.isolate(3);
    for (let j = 0; j <= 100; j++) n.propose(1, `entry ${j}`);
    const lead = n.node(1);
    lead.takeCommitted();
    lead.compact(lead.appliedIndex, "the state at 102");
    expect(lead.log).toEqual([]);
    n.recover();
    // Member 3 counts as active only once the leader hears from it.
    for (let i = 0; i < 3 && !lead.progressOf(3)?.recentActive; i++) n.stepLocal(1, { type: "MsgBeat" });
    n.propose(1, "after the snapshot");
    const follower = n.node(3);
    n.propose(1, "one more");
    expect(follower.commitIndex).toBe(lead.commitIndex);
    expect(follower.takeSnapshot()?.metadata).toEqual({
      index: 102,
      term: 1,
      confState: { voters: [1, 2, 3], learners: [] },
    });
    expect(follower.takeCommitted().map((e) => e.data)).toEqual(["after the snapshot", "one more"]);
  });

  it("TestRestore: a member holding a snapshot it has not yet applied does not campaign", () => {
    const r = newTestRaft(1, [1, 2]);
    const snapshot = {
      metadata: { index: 11, term: 11, confState: { voters: [1, 2, 3], learners: [] } },
      data: "s",
    };
    r.step(message({ type: "MsgSnap", from: 2, to: 1, term: 11, snapshot }));
    expect(r.commitIndex).toBe(11);
    // "It should not campaign before actually applying data."
    for (let i = 0; i < r.randomizedElectionTimeout; i++) r.tick();
    expect(r.state).toBe("follower");
    // Once the state machine has taken the snapshot, the member campaigns as usual.
    expect(r.takeSnapshot()?.metadata.index).toBe(11);
    for (let i = 0; i < 2 * r.randomizedElectionTimeout; i++) r.tick();
    expect(r.state).toBe("candidate");
  });

  it("TestRestoreIgnoreSnapshot: a snapshot not beyond the commit index only answers with the commit", () => {
    const r = newTestRaft(1, [1, 2], {
      storage: storageWith(
        [
          [1, 1],
          [1, 2],
          [1, 3],
        ],
        { term: 1, commit: 1 },
      ),
    });
    const snapshot = {
      metadata: { index: 1, term: 1, confState: { voters: [1, 2], learners: [] } },
      data: "s",
    };
    r.step(message({ type: "MsgSnap", from: 2, to: 1, term: 1, snapshot }));
    expect(r.takeSnapshot()).toBeNull();
    expect(r.readMessages().map((m) => [m.type, m.index])).toEqual([["MsgAppResp", 1]]);
    // A snapshot whose last entry we hold fast-forwards the commit index instead of restoring.
    r.step(
      message({
        type: "MsgSnap",
        from: 2,
        to: 1,
        term: 1,
        snapshot: { ...snapshot, metadata: { ...snapshot.metadata, index: 2 } },
      }),
    );
    expect(r.takeSnapshot()).toBeNull();
    expect(r.commitIndex).toBe(2);
    expect(r.log.length).toBe(3);
  });

  it("compact keeps the configuration in force at the snapshot's index", () => {
    const n = new TestNetwork([newTestRaft(1, [1]), newTestRaft(2, [1])]);
    n.stepLocal(1, { type: "MsgHup" });
    n.node(1).proposeConfChange({ type: "ConfChangeAddLearnerNode", nodeId: 2 });
    n.flush(1);
    const lead = n.node(1);
    lead.takeCommitted();
    lead.compact(lead.appliedIndex, null);
    expect(lead.snapshot.metadata.confState).toEqual({ voters: [1], learners: [2] });
  });

  it("refuses to compact beyond what was applied", () => {
    const n = elected(1);
    n.propose(1, "x");
    expect(() => n.node(1).compact(2, null)).toThrow();
  });
});

describe("restart from persisted state (paper figure 2: persistent state on all servers)", () => {
  it("a restarted member keeps its term, vote, log and commit index, and forgets the rest", () => {
    const n = elected(3);
    n.propose(1, "a");
    n.propose(1, "b");
    const before = n.node(2);
    const restarted = newTestRaft(2, [1, 2, 3], { storage: before.persistentState(), seed: 99 });
    expect([restarted.term, restarted.vote, restarted.commitIndex, restarted.log]).toEqual([
      before.term,
      before.vote,
      before.commitIndex,
      before.log,
    ]);
    expect([restarted.state, restarted.lead]).toEqual(["follower", 0]);
    // Committed entries after the snapshot are handed out again to rebuild the state machine.
    expect(restarted.takeCommitted().map((e) => e.data)).toEqual([null, "a", "b"]);
  });

  it("a member that voted and crashed does not vote for another candidate in the same term", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.step(message({ type: "MsgVote", from: 2, to: 1, term: 5 }));
    expect(r.readMessages()[0]?.reject).toBe(false);
    const restarted = newTestRaft(1, [1, 2, 3], { storage: r.persistentState() });
    restarted.step(message({ type: "MsgVote", from: 3, to: 1, term: 5 }));
    expect(restarted.readMessages().map((m) => [m.type, m.reject])).toEqual([["MsgVoteResp", true]]);
  });

  it("a member restarted from a snapshot rebuilds its configuration and replays only what follows", () => {
    const n = new TestNetwork([newTestRaft(1, [1]), newTestRaft(2, [1])]);
    n.stepLocal(1, { type: "MsgHup" });
    const lead = n.node(1);
    lead.proposeConfChange({ type: "ConfChangeAddNode", nodeId: 2 });
    n.flush(lead.id);
    n.propose(1, "x");
    lead.takeCommitted();
    lead.compact(2, "state at 2");
    const restarted = new RaftNode({
      id: 1,
      peers: [],
      electionTick: 10,
      heartbeatTick: 1,
      random: createRandom(1, "raft-1"),
      storage: lead.persistentState(),
    });
    expect(restarted.confState).toEqual({ voters: [1, 2], learners: [] });
    expect(restarted.takeSnapshot()?.data).toBe("state at 2");
    expect(restarted.takeCommitted().map((e) => e.data)).toEqual(["x"]);
  });
});

describe("ReadIndex (thesis §6.4, etcd TestReadOnlyOptionSafe)", () => {
  it("TestReadOnlyOptionSafe: every member gets the leader's commit index confirmed by a quorum", () => {
    const n = elected(3);
    const cases: [number, number, number, string][] = [
      [1, 10, 11, "ctx1"],
      [2, 10, 21, "ctx2"],
      [3, 10, 31, "ctx3"],
      [1, 10, 41, "ctx4"],
      [2, 10, 51, "ctx5"],
      [3, 10, 61, "ctx6"],
    ];
    for (const [id, proposals, wantIndex, context] of cases) {
      for (let j = 0; j < proposals; j++) n.propose(1, `p${j}`);
      n.node(id).readIndex(context);
      n.flush(id);
      expect(n.node(id).takeReadStates()).toEqual([{ index: wantIndex, context }]);
    }
  });

  it("TestReadOnlyForNewLeader: a new leader answers reads only once an entry of its term commits", () => {
    const n = elected(3);
    n.propose(1, "x");
    n.isolate(1);
    n.ignore("MsgApp");
    n.stepLocal(2, { type: "MsgHup" });
    const lead = n.node(2);
    expect(lead.state).toBe("leader");
    // Its empty entry cannot commit yet: the read waits.
    lead.readIndex("early");
    n.flush(lead.id);
    expect(lead.takeReadStates()).toEqual([]);
    n.recover();
    n.stepLocal(2, { type: "MsgBeat" });
    expect(lead.takeReadStates()).toEqual([{ index: lead.commitIndex, context: "early" }]);
  });

  it("a deposed leader that cannot reach a quorum never answers a read", () => {
    const n = elected(3);
    n.isolate(1);
    n.node(1).readIndex("stale?");
    n.flush(1);
    expect(n.node(1).takeReadStates()).toEqual([]);
  });

  it("a read without a known leader is dropped", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.readIndex("nobody");
    expect(r.readMessages()).toEqual([]);
    expect(r.takeReadStates()).toEqual([]);
  });
});

describe("events for the game and the trace (issue 3, item 4)", () => {
  it("an election reports term change, votes, the new leader and commits, with member, term and index", () => {
    const n = elected(3);
    const events = [1, 2, 3].flatMap((id) => n.node(id).takeEvents());
    expect(events).toContainEqual({ type: "termChanged", member: 1, term: 1, previousTerm: 0 });
    expect(events).toContainEqual({ type: "voteGranted", member: 2, term: 1, candidate: 1, preVote: false });
    expect(events).toContainEqual({ type: "leaderElected", member: 1, term: 1, index: 1 });
    expect(events).toContainEqual({ type: "entryCommitted", member: 1, term: 1, index: 1 });
    expect(events).toContainEqual({ type: "entryCommitted", member: 3, term: 1, index: 1 });
  });

  it("a refused vote is reported as denied", () => {
    const r = newTestRaft(1, [1, 2, 3], { storage: storageWith([], { term: 1, vote: 2 }) });
    r.step(message({ type: "MsgVote", from: 3, to: 1, term: 1 }));
    expect(r.takeEvents()).toEqual([
      { type: "voteDenied", member: 1, term: 1, candidate: 3, preVote: false },
    ]);
  });

  it("a leader reports quorum lost, and restored when it hears from a majority again", () => {
    const n = elected(3);
    const lead = n.node(1);
    lead.takeEvents();
    n.isolate(1);
    n.tick(1, 2 * lead.electionTimeout);
    expect(lead.takeEvents()).toContainEqual({ type: "quorumLost", member: 1, term: 1 });
    n.recover();
    n.tick(1, lead.electionTimeout);
    expect(lead.takeEvents()).toContainEqual({ type: "quorumRestored", member: 1, term: 1 });
  });
});
