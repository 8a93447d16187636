/**
 * The Raft paper's rules, as etcd-io/raft's raft_paper_test.go checks them (electionTick 10,
 * heartbeatTick 1). Each test names the section of the paper (extended version) it holds us to.
 */
import { describe, expect, it } from "vitest";
import { RaftNode } from "../../../shared/sim/raft/raft.ts";
import type { StateType } from "../../../shared/sim/raft/types.ts";
import { createRandom } from "../../../shared/sim/random.ts";
import {
  acceptAndReply,
  commitNoopEntry,
  message,
  newTestRaft,
  sortByTo,
  storageWith,
  TestNetwork,
  termsOf,
} from "./network.ts";

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("§5.1 terms: a server that sees a larger term updates its own and reverts to follower", () => {
  it.each<StateType>(["follower", "candidate", "leader"])("TestUpdateTermFromMessage (%s)", (state) => {
    const r = newTestRaft(1, [1, 2, 3]);
    if (state === "follower") r.becomeFollower(1, 2);
    if (state === "candidate") r.becomeCandidate();
    if (state === "leader") {
      r.becomeCandidate();
      r.becomeLeader();
    }
    r.step(message({ type: "MsgApp", from: 2, to: 1, term: 2 }));
    expect(r.term).toBe(2);
    expect(r.state).toBe("follower");
  });

  it("TestRejectStaleTermMessage: a request with a stale term is ignored", () => {
    const r = newTestRaft(1, [1, 2, 3], { storage: storageWith([], { term: 2 }) });
    r.step(
      message({
        type: "MsgApp",
        from: 2,
        to: 1,
        term: 1,
        entries: [{ index: 1, term: 1, type: "EntryNormal", data: "x" }],
      }),
    );
    expect(r.log).toEqual([]);
    expect(r.term).toBe(2);
    expect(r.readMessages()).toEqual([]);
  });

  it("TestStartAsFollower: servers start up as followers", () => {
    expect(newTestRaft(1, [1, 2, 3]).state).toBe("follower");
  });
});

describe("§5.2 leader election", () => {
  it("TestLeaderBcastBeat: the leader sends heartbeats to all followers every heartbeat timeout", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.becomeCandidate();
    r.becomeLeader();
    for (let i = 0; i < 10; i++) r.propose(`entry ${i}`);
    r.readMessages();
    r.tick();
    const msgs = sortByTo(r.readMessages());
    expect(msgs.map((m) => [m.type, m.from, m.to, m.term, m.commit])).toEqual([
      ["MsgHeartbeat", 1, 2, 1, 0],
      ["MsgHeartbeat", 1, 3, 1, 0],
    ]);
  });

  it.each<StateType>(["follower", "candidate"])(
    "TestNonleaderStartElection (%s): on election timeout it increments its term, votes for itself and requests votes",
    (state) => {
      const et = 10;
      const r = newTestRaft(1, [1, 2, 3]);
      if (state === "follower") r.becomeFollower(1, 2);
      else r.becomeCandidate();
      for (let i = 1; i < 2 * et; i++) r.tick();
      expect(r.term).toBe(2);
      expect(r.state).toBe("candidate");
      expect(r.vote).toBe(1);
      const msgs = sortByTo(r.readMessages());
      expect(msgs.map((m) => [m.type, m.from, m.to, m.term])).toEqual([
        ["MsgVote", 1, 2, 2],
        ["MsgVote", 1, 3, 2],
      ]);
    },
  );

  // (cluster size, votes granted or denied) → state after one round of RequestVote.
  const oneRound: [number, Record<number, boolean>, StateType][] = [
    [1, {}, "leader"],
    [3, { 2: true, 3: true }, "leader"],
    [3, { 2: true }, "leader"],
    [5, { 2: true, 3: true, 4: true, 5: true }, "leader"],
    [5, { 2: true, 3: true, 4: true }, "leader"],
    [5, { 2: true, 3: true }, "leader"],
    [3, { 2: false, 3: false }, "follower"],
    [5, { 2: false, 3: false, 4: false, 5: false }, "follower"],
    [5, { 2: true, 3: false, 4: false, 5: false }, "follower"],
    [3, {}, "candidate"],
    [5, { 2: true }, "candidate"],
    [5, { 2: false, 3: false }, "candidate"],
  ];
  it.each(oneRound)(
    "TestLeaderElectionInOneRoundRPC: size %i, votes %o → %s (wins with a majority, loses with a majority against)",
    (size, votes, want) => {
      const r = newTestRaft(1, ids(size));
      r.campaign();
      for (const [id, granted] of Object.entries(votes)) {
        r.step(message({ type: "MsgVoteResp", from: Number(id), to: 1, term: r.term, reject: !granted }));
      }
      expect(r.state).toBe(want);
      expect(r.term).toBe(1);
    },
  );

  // (already voted for, requester) → rejected: at most one vote per term, first-come-first-served.
  const followerVote: [number, number, boolean][] = [
    [0, 2, false],
    [0, 3, false],
    [2, 2, false],
    [3, 3, false],
    [2, 3, true],
    [3, 2, true],
  ];
  it.each(followerVote)(
    "TestFollowerVote: voted for %i, request from %i → rejected %s",
    (vote, requester, rejected) => {
      const r = newTestRaft(1, [1, 2, 3], { storage: storageWith([], { term: 1, vote }) });
      r.step(message({ type: "MsgVote", from: requester, to: 1, term: 1 }));
      expect(r.readMessages().map((m) => [m.type, m.from, m.to, m.term, m.reject])).toEqual([
        ["MsgVoteResp", 1, requester, 1, rejected],
      ]);
    },
  );

  it.each([1, 2])(
    "TestCandidateFallback: a candidate that hears from a leader of term ≥ its own (term %i) becomes follower",
    (term) => {
      const r = newTestRaft(1, [1, 2, 3]);
      r.campaign();
      expect(r.state).toBe("candidate");
      r.step(message({ type: "MsgApp", from: 2, to: 1, term }));
      expect(r.state).toBe("follower");
      expect(r.term).toBe(term);
    },
  );

  it.each<StateType>(["follower", "candidate"])(
    "TestElectionTimeoutRandomized (%s): over 500 rounds every timeout in [10, 19] occurs, and no other",
    (state) => {
      const et = 10;
      const r = newTestRaft(1, [1, 2, 3]);
      const seen = new Set<number>();
      for (let round = 0; round < 50 * et; round++) {
        if (state === "follower") r.becomeFollower(r.term + 1, 2);
        else r.becomeCandidate();
        let time = 0;
        while (r.readMessages().length === 0) {
          r.tick();
          time++;
        }
        seen.add(time);
      }
      expect([...seen].sort((a, b) => a - b)).toEqual(ids(et).map((d) => d + et - 1));
    },
  );

  it.each<StateType>(["follower", "candidate"])(
    "TestElectionTimeoutNonconflict (%s): with 5 members, ≤ 30 %% of 1000 rounds have > 1 timeout on the same tick",
    (state) => {
      const members = ids(5).map((id) => newTestRaft(id, ids(5)));
      let conflicts = 0;
      for (let round = 0; round < 1000; round++) {
        for (const r of members) {
          if (state === "follower") r.becomeFollower(r.term + 1, 0);
          else r.becomeCandidate();
        }
        let timedOut = 0;
        while (timedOut === 0) {
          for (const r of members) {
            r.tick();
            if (r.readMessages().length > 0) timedOut++;
          }
        }
        if (timedOut > 1) conflicts++;
      }
      expect(conflicts / 1000).toBeLessThanOrEqual(0.3);
    },
  );
});

describe("§5.3 log replication", () => {
  it("TestLeaderStartReplication: the leader appends a proposal and sends it in MsgApp to every follower", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.becomeCandidate();
    r.becomeLeader();
    commitNoopEntry(r);
    const li = r.lastIndex;
    r.propose("some data");
    expect(r.lastIndex).toBe(li + 1);
    expect(r.commitIndex).toBe(li);
    const want = [{ index: li + 1, term: 1, type: "EntryNormal", data: "some data" }];
    expect(
      sortByTo(r.readMessages()).map((m) => [m.type, m.to, m.term, m.index, m.logTerm, m.entries, m.commit]),
    ).toEqual([
      ["MsgApp", 2, 1, li, 1, want, li],
      ["MsgApp", 3, 1, li, 1, want, li],
    ]);
  });

  it("TestLeaderCommitEntry: once a majority replicated the entry it commits and tells the followers", () => {
    const r = newTestRaft(1, [1, 2, 3]);
    r.becomeCandidate();
    r.becomeLeader();
    commitNoopEntry(r);
    const li = r.lastIndex;
    r.propose("some data");
    for (const m of r.readMessages()) r.step(acceptAndReply(m));
    expect(r.commitIndex).toBe(li + 1);
    expect(r.takeCommitted().map((e) => [e.index, e.data])).toEqual([[li + 1, "some data"]]);
    const msgs = sortByTo(r.readMessages());
    expect(msgs.map((m) => [m.type, m.to, m.commit])).toEqual([
      ["MsgApp", 2, li + 1],
      ["MsgApp", 3, li + 1],
    ]);
  });

  // (cluster size, members that acknowledge) → committed?
  const acknowledge: [number, number[], boolean][] = [
    [1, [], true],
    [3, [], false],
    [3, [2], true],
    [3, [2, 3], true],
    [5, [], false],
    [5, [2], false],
    [5, [2, 3], true],
    [5, [2, 3, 4], true],
    [5, [2, 3, 4, 5], true],
  ];
  it.each(acknowledge)(
    "TestLeaderAcknowledgeCommit: size %i, acknowledged by %o → committed %s (a majority commits)",
    (size, acceptors, want) => {
      const r = newTestRaft(1, ids(size));
      r.becomeCandidate();
      r.becomeLeader();
      commitNoopEntry(r);
      const li = r.lastIndex;
      r.propose("some data");
      for (const m of r.readMessages()) if (acceptors.includes(m.to)) r.step(acceptAndReply(m));
      expect(r.commitIndex > li).toBe(want);
    },
  );

  it.each([
    [[]],
    [[[2, 1]]],
    [
      [
        [1, 1],
        [2, 2],
      ],
    ],
    [[[1, 1]]],
  ] as [[number, number][]][])(
    "TestLeaderCommitPrecedingEntries: committing a current-term entry commits the entries before it (log %j)",
    (log) => {
      const r = newTestRaft(1, [1, 2, 3], { storage: storageWith(log, { term: 2 }) });
      r.becomeCandidate();
      r.becomeLeader();
      r.propose("some data");
      for (const m of r.readMessages()) r.step(acceptAndReply(m));
      const li = log.length;
      expect(termsOf(r.takeCommitted())).toEqual([...log, [3, li + 1], [3, li + 2]]);
    },
  );

  const followerCommit: [[number, string][], number][] = [
    [[[1, "some data"]], 1],
    [
      [
        [1, "some data"],
        [2, "some data2"],
      ],
      2,
    ],
    [
      [
        [1, "some data2"],
        [2, "some data"],
      ],
      2,
    ],
    [
      [
        [1, "some data"],
        [2, "some data2"],
      ],
      1,
    ],
  ];
  it.each(followerCommit)(
    "TestFollowerCommitEntry: a follower applies entries up to the leader's commit index (%j, commit %i)",
    (ents, commit) => {
      const r = newTestRaft(1, [1, 2, 3]);
      r.becomeFollower(1, 2);
      const entries = ents.map(([index, data]) => ({ index, term: 1, type: "EntryNormal" as const, data }));
      r.step(message({ type: "MsgApp", from: 2, to: 1, term: 1, entries, commit }));
      expect(r.commitIndex).toBe(commit);
      expect(r.takeCommitted()).toEqual(entries.slice(0, commit));
    },
  );

  // Follower log [t1@1, t2@2], commit 1; MsgApp (logTerm, index) → (index, reject, rejectHint, logTerm).
  const checkMsgApp: [number, number, number, boolean, number, number][] = [
    [0, 0, 1, false, 0, 0], // matches committed entries
    [1, 1, 1, false, 0, 0],
    [2, 2, 2, false, 0, 0], // matches an uncommitted entry
    [1, 2, 2, true, 1, 1], // conflicts with an existing entry
    [3, 3, 3, true, 2, 2], // an entry the follower does not have
  ];
  it.each(checkMsgApp)(
    "TestFollowerCheckMsgApp: prev (term %i, index %i) → index %i reject %s hint %i logTerm %i",
    (logTerm, index, wIndex, wReject, wHint, wLogTerm) => {
      const r = newTestRaft(1, [1, 2, 3], {
        storage: storageWith(
          [
            [1, 1],
            [2, 2],
          ],
          { commit: 1 },
        ),
      });
      r.becomeFollower(2, 2);
      r.step(message({ type: "MsgApp", from: 2, to: 1, term: 2, logTerm, index }));
      expect(
        r.readMessages().map((m) => [m.type, m.to, m.term, m.index, m.reject, m.rejectHint, m.logTerm]),
      ).toEqual([["MsgAppResp", 2, 2, wIndex, wReject, wHint, wLogTerm]]);
    },
  );

  // Follower log [t1@1, t2@2]: MsgApp (prev index, prev term, entries) → log, as [term, index].
  const followerAppend: [number, number, [number, number][], [number, number][]][] = [
    [
      2,
      2,
      [[3, 3]],
      [
        [1, 1],
        [2, 2],
        [3, 3],
      ],
    ],
    [
      1,
      1,
      [
        [3, 2],
        [4, 3],
      ],
      [
        [1, 1],
        [3, 2],
        [4, 3],
      ],
    ],
    [
      0,
      0,
      [[1, 1]],
      [
        [1, 1],
        [2, 2],
      ],
    ],
    [0, 0, [[3, 1]], [[3, 1]]],
  ];
  it.each(followerAppend)(
    "TestFollowerAppendEntries: prev %i/t%i with %j → log %j (conflicting entries are replaced)",
    (index, logTerm, ents, want) => {
      const r = newTestRaft(1, [1, 2, 3], {
        storage: storageWith([
          [1, 1],
          [2, 2],
        ]),
      });
      r.becomeFollower(2, 2);
      const entries = ents.map(([term, i]) => ({ index: i, term, type: "EntryNormal" as const, data: null }));
      r.step(message({ type: "MsgApp", from: 2, to: 1, term: 2, logTerm, index, entries }));
      expect(termsOf(r.log)).toEqual(want);
    },
  );

  // Paper figure 7: the leader's log (term 8) and six follower logs (a)–(f), as terms from index 1.
  const leaderTerms = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
  const figure7: [string, number[]][] = [
    ["a", [1, 1, 1, 4, 4, 5, 5, 6, 6]],
    ["b", [1, 1, 1, 4]],
    ["c", [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6]],
    ["d", [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7]],
    ["e", [1, 1, 1, 4, 4, 4, 4]],
    ["f", [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]],
  ];
  it.each(figure7)(
    "TestLeaderSyncFollowerLog (figure 7, follower %s): the leader forces the follower's log to duplicate its own",
    (_name, followerTerms) => {
      const term = 8;
      const asLog = (terms: number[]) => terms.map((t, i) => [t, i + 1] as [number, number]);
      const lead = newTestRaft(1, [1, 2, 3], {
        storage: storageWith(asLog(leaderTerms), { term, commit: leaderTerms.length }),
      });
      const follower = newTestRaft(2, [1, 2, 3], {
        storage: storageWith(asLog(followerTerms), { term: term - 1 }),
      });
      // Three members: the follower may hold a more up-to-date log, so the leader needs member 3's vote.
      const n = new TestNetwork([lead, follower, "blackhole"]);
      n.stepLocal(1, { type: "MsgHup" });
      n.send(message({ type: "MsgVoteResp", from: 3, to: 1, term: term + 1 }));
      expect(lead.state).toBe("leader");
      n.propose(1, null);
      expect(termsOf(follower.log)).toEqual(termsOf(lead.log));
      expect(follower.log).toEqual(lead.log);
    },
  );
});

describe("§5.4 safety", () => {
  it.each([
    [[[1, 1]], 2],
    [
      [
        [1, 1],
        [2, 2],
      ],
      3,
    ],
  ] as [[number, number][], number][])(
    "TestVoteRequest: a candidate's MsgVote carries its last log index and term (log %j)",
    (ents, wterm) => {
      const r = newTestRaft(1, [1, 2, 3]);
      const entries = ents.map(([term, index]) => ({
        index,
        term,
        type: "EntryNormal" as const,
        data: null,
      }));
      r.step(message({ type: "MsgApp", from: 2, to: 1, term: wterm - 1, logTerm: 0, index: 0, entries }));
      r.readMessages();
      for (let i = 1; i < r.electionTimeout * 2; i++) r.tick();
      const last = entries[entries.length - 1];
      expect(sortByTo(r.readMessages()).map((m) => [m.type, m.to, m.term, m.index, m.logTerm])).toEqual([
        ["MsgVote", 2, wterm, last?.index, last?.term],
        ["MsgVote", 3, wterm, last?.index, last?.term],
      ]);
    },
  );

  // Voter log terms; candidate (last log term, last index) → rejected (§5.4.1, up-to-date check).
  const voter: [number[], number, number, boolean][] = [
    [[1], 1, 1, false],
    [[1], 1, 2, false],
    [[1, 1], 1, 1, true],
    [[1], 2, 1, false],
    [[1], 2, 2, false],
    [[1, 1], 2, 1, false],
    [[2], 1, 1, true],
    [[2], 1, 2, true],
    [[2, 2], 1, 1, true],
  ];
  it.each(voter)(
    "TestVoter: voter log %j, candidate last term %i index %i → rejected %s",
    (terms, logTerm, index, rejected) => {
      const r = newTestRaft(1, [1, 2], { storage: storageWith(terms.map((t, i) => [t, i + 1])) });
      r.step(message({ type: "MsgVote", from: 2, to: 1, term: 3, logTerm, index }));
      const msgs = r.readMessages();
      expect(msgs.map((m) => [m.type, m.reject])).toEqual([["MsgVoteResp", rejected]]);
    },
  );

  // Log [t1@1, t2@2]; leader of term 3 proposes @4 after its empty @3: ack of index → commit.
  const currentTerm: [number, number][] = [
    [1, 0],
    [2, 0],
    [3, 3],
  ];
  it.each(currentTerm)(
    "TestLeaderOnlyCommitsLogFromCurrentTerm (§5.4.2, figure 8): ack of %i → commit %i",
    (index, wcommit) => {
      const r = newTestRaft(1, [1, 2], {
        storage: storageWith(
          [
            [1, 1],
            [2, 2],
          ],
          { term: 2 },
        ),
      });
      r.becomeCandidate();
      r.becomeLeader();
      r.readMessages();
      r.propose(null);
      r.step(message({ type: "MsgAppResp", from: 2, to: 1, term: r.term, index }));
      expect(r.commitIndex).toBe(wcommit);
    },
  );
});

describe("RaftNode construction", () => {
  it.each([
    [1, [150]],
    [6, [150, 151, 152, 153, 154, 155]],
  ])("electionJitter %i draws timeouts in %j (for the paper's figure 16 ranges)", (electionJitter, want) => {
    const r = new RaftNode({
      id: 1,
      peers: [1, 2, 3],
      electionTick: 150,
      heartbeatTick: 75,
      electionJitter,
      random: createRandom(1),
    });
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      r.becomeFollower(r.term + 1, 0);
      seen.add(r.randomizedElectionTimeout);
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(want);
  });

  it("rejects an electionTick not greater than heartbeatTick (etcd's Config.validate)", () => {
    expect(
      () => new RaftNode({ id: 1, peers: [1], electionTick: 1, heartbeatTick: 1, random: createRandom(1) }),
    ).toThrow();
  });
});
