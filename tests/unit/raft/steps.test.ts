/**
 * Single-step rules of etcd-io/raft's raft_test.go, as tables: how a member answers MsgApp,
 * MsgHeartbeat, MsgVote and MsgAppResp, which role transitions are legal, and who steps down.
 */
import { describe, expect, it } from "vitest";
import type { Entry, StateType } from "../../../shared/sim/raft/types.ts";
import { commitNoopEntry, message, newTestRaft, storageWith, TestNetwork, termsOf } from "./network.ts";

const entry = (index: number, term: number): Entry => ({ index, term, type: "EntryNormal", data: null });

describe("TestHandleMsgApp: paper figure 2, AppendEntries receiver rules (follower log [t1@1, t2@2])", () => {
  // (prev logTerm, prev index, leader commit, entries as [index, term]) → (last index, commit, rejected)
  const cases: [string, number, number, number, [number, number][], number, number, boolean][] = [
    ["1: previous entry mismatch", 3, 2, 3, [], 2, 0, true],
    ["1: previous entry missing", 3, 3, 3, [], 2, 0, true],
    ["2: match, commit follows the leader", 1, 1, 1, [], 2, 1, false],
    ["2: a conflicting entry replaces the log from there", 0, 0, 1, [[1, 2]], 1, 1, false],
    [
      "2: new entries appended",
      2,
      2,
      3,
      [
        [3, 2],
        [4, 2],
      ],
      4,
      3,
      false,
    ],
    ["2: commit up to the last new entry", 2, 2, 4, [[3, 2]], 3, 3, false],
    ["2: a conflict at 2 truncates", 1, 1, 4, [[2, 2]], 2, 2, false],
    ["3: commit no further than the last new entry (1)", 1, 1, 3, [], 2, 1, false],
    ["3: commit no further than the last new entry (2)", 1, 1, 3, [[2, 2]], 2, 2, false],
    ["3: commit up to the matched entry", 2, 2, 3, [], 2, 2, false],
    ["3: commit up to the last index", 2, 2, 4, [], 2, 2, false],
  ];
  it.each(cases)("rule %s", (_name, logTerm, index, commit, ents, wIndex, wCommit, wReject) => {
    const r = newTestRaft(1, [1], {
      storage: storageWith([
        [1, 1],
        [2, 2],
      ]),
    });
    r.becomeFollower(2, 0);
    const entries = ents.map(([i, t]) => entry(i, t));
    r.step(message({ type: "MsgApp", from: 2, to: 1, term: 2, logTerm, index, commit, entries }));
    expect([r.lastIndex, r.commitIndex]).toEqual([wIndex, wCommit]);
    expect(r.readMessages().map((m) => m.reject)).toEqual([wReject]);
  });
});

describe("TestHandleHeartbeat: a heartbeat advances the commit index, never lowers it", () => {
  it.each([
    [3, 3],
    [1, 2],
  ])("leader commit %i → commit %i", (commit, want) => {
    const r = newTestRaft(1, [1, 2], {
      electionTick: 5,
      storage: storageWith(
        [
          [1, 1],
          [2, 2],
          [3, 3],
        ],
        { commit: 2 },
      ),
    });
    r.becomeFollower(2, 2);
    r.step(message({ type: "MsgHeartbeat", from: 2, to: 1, term: 2, commit }));
    expect(r.commitIndex).toBe(want);
    expect(r.readMessages().map((m) => m.type)).toEqual(["MsgHeartbeatResp"]);
  });
});

describe("TestRecvMsgVote: a follower with log [t2@1, t2@2] answers a vote request", () => {
  // (candidate last index, candidate last term, already voted for) → rejected
  const cases: [number, number, number, boolean][] = [
    [0, 0, 0, true],
    [0, 1, 0, true],
    [0, 2, 0, true],
    [0, 3, 0, false],
    [1, 0, 0, true],
    [1, 1, 0, true],
    [1, 2, 0, true],
    [1, 3, 0, false],
    [2, 0, 0, true],
    [2, 1, 0, true],
    [2, 2, 0, false],
    [2, 3, 0, false],
    [3, 0, 0, true],
    [3, 1, 0, true],
    [3, 2, 0, false],
    [3, 3, 0, false],
    [3, 2, 2, false],
    [3, 2, 1, true],
  ];
  for (const type of ["MsgVote", "MsgPreVote"] as const) {
    it.each(cases)(
      `${type}: index %i, logTerm %i, voted for %i → rejected %s`,
      (index, logTerm, vote, wReject) => {
        const term = Math.max(2, logTerm);
        const r = newTestRaft(1, [1], {
          storage: storageWith(
            [
              [2, 1],
              [2, 2],
            ],
            { term, vote },
          ),
        });
        r.step(message({ type, from: 2, to: 1, term, index, logTerm }));
        const want = type === "MsgVote" ? "MsgVoteResp" : "MsgPreVoteResp";
        expect(r.readMessages().map((m) => [m.type, m.reject])).toEqual([[want, wReject]]);
      },
    );
  }
});

describe("TestStateTransition: the legal role changes", () => {
  const cases: [StateType, StateType, boolean, number, number][] = [
    ["follower", "follower", true, 1, 0],
    ["follower", "precandidate", true, 0, 0],
    ["follower", "candidate", true, 1, 0],
    ["follower", "leader", false, 0, 0],
    ["precandidate", "follower", true, 0, 0],
    ["precandidate", "precandidate", true, 0, 0],
    ["precandidate", "candidate", true, 1, 0],
    ["precandidate", "leader", true, 0, 1],
    ["candidate", "follower", true, 0, 0],
    ["candidate", "precandidate", true, 0, 0],
    ["candidate", "candidate", true, 1, 0],
    ["candidate", "leader", true, 0, 1],
    ["leader", "follower", true, 1, 0],
    ["leader", "precandidate", false, 0, 0],
    ["leader", "candidate", false, 1, 0],
    ["leader", "leader", true, 0, 1],
  ];
  it.each(cases)("%s → %s allowed %s (term %i, lead %i)", (from, to, allowed, wTerm, wLead) => {
    const r = newTestRaft(1, [1]);
    r.state = from;
    const transition = () => {
      if (to === "follower") r.becomeFollower(wTerm, wLead);
      if (to === "precandidate") r.becomePreCandidate();
      if (to === "candidate") r.becomeCandidate();
      if (to === "leader") r.becomeLeader();
    };
    if (!allowed) {
      expect(transition).toThrow();
      return;
    }
    transition();
    expect([r.term, r.lead]).toEqual([wTerm, wLead]);
  });
});

describe("TestAllServerStepdown: any role steps down on a higher term", () => {
  const cases: [StateType, number][] = [
    ["follower", 0],
    ["precandidate", 0],
    ["candidate", 0],
    ["leader", 1],
  ];
  it.each(cases)("%s → follower at term 3 (last index %i)", (state, wIndex) => {
    for (const type of ["MsgVote", "MsgApp"] as const) {
      const r = newTestRaft(1, [1, 2, 3]);
      if (state === "follower") r.becomeFollower(1, 0);
      if (state === "precandidate") r.becomePreCandidate();
      if (state === "candidate") r.becomeCandidate();
      if (state === "leader") {
        r.becomeCandidate();
        r.becomeLeader();
      }
      r.step(message({ type, from: 2, to: 1, term: 3, logTerm: 3 }));
      expect([r.state, r.term, r.lastIndex, r.log.length]).toEqual(["follower", 3, wIndex, wIndex]);
      expect(r.lead).toBe(type === "MsgVote" ? 0 : 2);
    }
  });
});

describe("TestLeaderAppResp: how the leader handles MsgAppResp (log [t0@1, t1@2], leader of term 1)", () => {
  // (response index, rejected) → (match, next, messages sent, their index, their commit)
  const cases: [string, number, boolean, number, number, number, number, number][] = [
    ["a stale rejection is ignored", 3, true, 0, 3, 0, 0, 0],
    ["a rejection lowers next and probes", 2, true, 0, 2, 1, 1, 0],
    ["an acceptance commits and broadcasts the commit", 2, false, 2, 4, 2, 2, 2],
    ["an acceptance at the probed match switches to replicate and streams", 0, false, 0, 4, 1, 0, 0],
  ];
  it.each(cases)("%s", (_name, index, reject, wMatch, wNext, wMsgs, wIndex, wCommit) => {
    const r = newTestRaft(1, [1, 2, 3], {
      storage: storageWith([
        [0, 1],
        [1, 2],
      ]),
    });
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    r.step(message({ type: "MsgAppResp", from: 2, to: 1, term: r.term, index, reject, rejectHint: index }));
    expect([r.progressOf(2)?.match, r.progressOf(2)?.next]).toEqual([wMatch, wNext]);
    const msgs = r.readMessages();
    expect(msgs.length).toBe(wMsgs);
    for (const m of msgs) expect([m.index, m.commit]).toEqual([wIndex, wCommit]);
  });
});

describe("proposals and conf changes (etcd raft_test.go)", () => {
  it.each([
    ["all up", [undefined, undefined, undefined]],
    ["one black hole", [undefined, undefined, "blackhole"]],
  ] as const)(
    "TestProposalByProxy (%s): a follower forwards the proposal and it commits everywhere",
    (_name, members) => {
      const n = new TestNetwork([...members]);
      n.stepLocal(1, { type: "MsgHup" });
      n.propose(2, "somedata");
      for (const [id, peer] of n.peers) {
        if (peer === "blackhole") continue;
        expect(termsOf(n.node(id).log)).toEqual([
          [1, 1],
          [1, 2],
        ]);
        expect(n.node(id).commitIndex).toBe(2);
      }
      expect(n.node(1).term).toBe(1);
    },
  );

  it.each([false, true])("TestSingleNodeCandidate (pre-vote %s): a group of one elects itself", (preVote) => {
    const n = new TestNetwork([undefined], { preVote });
    n.stepLocal(1, { type: "MsgHup" });
    expect(n.node(1).state).toBe("leader");
  });

  it("TestCandidateConcede: a candidate that hears from the leader of its term concedes and takes its log", () => {
    const n = new TestNetwork([undefined, undefined, undefined]);
    n.isolate(1);
    n.stepLocal(1, { type: "MsgHup" });
    n.stepLocal(3, { type: "MsgHup" });
    n.recover();
    n.stepLocal(3, { type: "MsgBeat" });
    n.propose(3, "force follower");
    n.stepLocal(3, { type: "MsgBeat" });
    const a = n.node(1);
    expect([a.state, a.term]).toEqual(["follower", 1]);
    for (const id of [1, 2, 3]) {
      expect(n.node(id).log.map((e) => [e.term, e.index, e.data])).toEqual([
        [1, 1, null],
        [1, 2, "force follower"],
      ]);
      expect(n.node(id).commitIndex).toBe(2);
    }
  });

  it("TestStepIgnoreConfig: a conf change proposed while another is pending becomes an empty entry", () => {
    const r = newTestRaft(1, [1, 2]);
    r.becomeCandidate();
    r.becomeLeader();
    commitNoopEntry(r);
    const cc: Entry = {
      index: 0,
      term: 0,
      type: "EntryConfChange",
      data: { type: "ConfChangeAddNode", nodeId: 3 },
    };
    r.step(message({ type: "MsgProp", from: 1, to: 1, entries: [cc] }));
    const index = r.lastIndex;
    r.step(message({ type: "MsgProp", from: 1, to: 1, entries: [cc] }));
    expect(r.log.filter((e) => e.index > index)).toEqual([
      { index: 3, term: 1, type: "EntryNormal", data: null },
    ]);
  });
});
