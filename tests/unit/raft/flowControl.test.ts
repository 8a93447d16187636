/**
 * Flow control — the inflights window, MaxSizePerMsg, MaxInflightMsgs/Bytes, the probe, replicate
 * and snapshot states' pauses — MaxUncommittedEntriesSize, MsgUnreachable and MsgSnapStatus,
 * ported by name from etcd-io/raft v3.6: tracker/inflights_test.go, tracker/progress_test.go,
 * raft_flow_control_test.go, raft_snap_test.go and raft_test.go.
 */
import { describe, expect, it } from "vitest";
import { Inflights, Progress } from "../../../shared/sim/raft/progress.ts";
import { RaftNode } from "../../../shared/sim/raft/raft.ts";
import type { Message, PersistentState, RaftConfig } from "../../../shared/sim/raft/types.ts";
import { createRandom } from "../../../shared/sim/random.ts";
import { message, storageWith } from "./network.ts";

/** A group's member with etcd-io/raft's newTestConfig and the given overrides. */
function raft(id: number, peers: number[], overrides: Partial<RaftConfig> = {}): RaftNode {
  return new RaftNode({
    id,
    peers,
    electionTick: 10,
    heartbeatTick: 1,
    random: createRandom(1, `flow-${id}`),
    ...overrides,
  });
}

/** Member 1 made leader by hand (becomeCandidate, becomeLeader), its election messages read. */
function leaderOf(peers: number[], overrides: Partial<RaftConfig> = {}): RaftNode {
  const r = raft(1, peers, overrides);
  r.becomeCandidate();
  r.becomeLeader();
  r.readMessages();
  return r;
}

/** The leader's progress of a follower, to put it in a state as the upstream tests do. */
function progress(r: RaftNode, id: number): Progress {
  const pr = r.progressOf(id);
  if (!(pr instanceof Progress)) throw new Error(`no progress for ${id}`);
  return pr;
}

const prop = (data: unknown = "somedata"): Message =>
  message({ type: "MsgProp", from: 1, to: 1, entries: [{ index: 0, term: 0, type: "EntryNormal", data }] });

describe("tracker.Inflights (etcd-io/raft tracker/inflights_test.go)", () => {
  it("TestInflightsAdd: messages fill the window in order, with their bytes", () => {
    const inflights = new Inflights(10);
    for (let i = 0; i < 5; i++) inflights.add(i, 100 + i);
    expect([inflights.count, inflights.bytes, inflights.full()]).toEqual([5, 510, false]);
    for (let i = 5; i < 10; i++) inflights.add(i, 100 + i);
    expect([inflights.count, inflights.bytes, inflights.full()]).toEqual([10, 1045, true]);
  });

  it("TestInflightFreeTo: an acknowledgement frees every message up to its index", () => {
    const inflights = new Inflights(10);
    for (let i = 0; i < 10; i++) inflights.add(i, 100 + i);
    inflights.freeLE(0);
    expect([inflights.count, inflights.bytes]).toEqual([9, 945]);
    inflights.freeLE(4);
    expect([inflights.count, inflights.bytes]).toEqual([5, 535]);
    inflights.freeLE(8);
    expect([inflights.count, inflights.bytes]).toEqual([1, 109]);
    for (let i = 10; i < 15; i++) inflights.add(i, 100 + i);
    inflights.freeLE(12);
    expect([inflights.count, inflights.bytes]).toEqual([2, 227]);
    inflights.freeLE(14);
    expect([inflights.count, inflights.bytes]).toEqual([0, 0]);
  });

  it.each([
    ["always-full", 0, 0, 0, 0, 0],
    ["single-entry", 1, 0, 1, 1, 2],
    ["single-entry-overflow", 1, 10, 1, 1, 2],
    ["multi-entry", 15, 0, 15, 6, 22],
    ["slight-overflow", 8, 400, 4, 2, 7],
    ["exact-max-bytes", 8, 406, 4, 3, 8],
    ["larger-overflow", 15, 408, 5, 1, 6],
  ])(
    "TestInflightsFull %s: full by count or by bytes, a soft byte limit",
    (_, size, maxBytes, fullAt, freeLE, againAt) => {
      const inflights = new Inflights(size, maxBytes);
      const addUntilFull = (begin: number, end: number) => {
        for (let i = begin; i < end; i++) {
          expect(inflights.full()).toBe(false);
          inflights.add(i, 100 + i);
        }
        expect(inflights.full()).toBe(true);
      };
      addUntilFull(0, fullAt);
      inflights.freeLE(freeLE);
      addUntilFull(fullAt, againAt);
      expect(() => inflights.add(100, 1024)).toThrow(/full/);
    },
  );

  it("TestInflightsReset: bytes do not leak across resets", () => {
    const inflights = new Inflights(10, 1000);
    let index = 0;
    for (let epoch = 0; epoch < 100; epoch++) {
      inflights.reset();
      for (let i = 0; i < 5; i++) {
        expect(inflights.full()).toBe(false);
        inflights.add(++index, 16);
      }
      inflights.freeLE(index - 2);
      expect(inflights.full()).toBe(false);
      expect(inflights.count).toBe(2);
    }
    inflights.freeLE(index);
    expect(inflights.count).toBe(0);
  });
});

describe("tracker.Progress (etcd-io/raft tracker/progress_test.go)", () => {
  const at = (state: "probe" | "replicate" | "snapshot", fields: Partial<Progress> = {}) => {
    const p = new Progress(fields.next ?? 0, false);
    p.state = state;
    Object.assign(p, fields);
    return p;
  };

  it.each([
    ["probe", false, false],
    ["probe", true, true],
    ["replicate", false, false],
    ["replicate", true, true],
    ["snapshot", false, true],
    ["snapshot", true, true],
  ] as const)("TestProgressIsPaused: %s, flow paused %s → paused %s", (state, paused, want) => {
    expect(at(state, { msgAppFlowPaused: paused }).isPaused()).toBe(want);
  });

  it("TestProgressResume: maybeDecrTo and maybeUpdate unpause the flow", () => {
    const p = at("probe", { next: 2, msgAppFlowPaused: true });
    p.maybeDecrTo(1, 1);
    expect(p.msgAppFlowPaused).toBe(false);
    p.msgAppFlowPaused = true;
    p.maybeUpdate(2);
    expect(p.msgAppFlowPaused).toBe(false);
  });

  it.each([
    ["replicate", 0, 2],
    ["snapshot finished", 10, 11],
    ["snapshot failed", 0, 2],
  ] as const)("TestProgressBecomeProbe from %s: next is %i+1 → %i", (from, pendingSnapshot, wantNext) => {
    const p = at(from === "replicate" ? "replicate" : "snapshot", { match: 1, next: 5, pendingSnapshot });
    p.becomeProbe();
    expect([p.state, p.match, p.next]).toEqual(["probe", 1, wantNext]);
  });

  it("TestProgressBecomeReplicate: next is match + 1", () => {
    const p = at("probe", { match: 1, next: 5 });
    p.becomeReplicate();
    expect([p.state, p.match, p.next]).toEqual(["replicate", 1, 2]);
  });

  it("TestProgressBecomeSnapshot: the pending snapshot is remembered", () => {
    const p = at("probe", { match: 1, next: 5 });
    p.becomeSnapshot(10);
    expect([p.state, p.match, p.pendingSnapshot]).toEqual(["snapshot", 1, 10]);
  });

  it.each([
    [2, 3, 5, false],
    [3, 3, 5, false],
    [4, 4, 5, true],
    [5, 5, 6, true],
  ])(
    "TestProgressUpdate: an ack of %i → match %i, next %i (news: %s)",
    (update, wantMatch, wantNext, news) => {
      const p = at("probe", { match: 3, next: 5 });
      expect(p.maybeUpdate(update)).toBe(news);
      expect([p.match, p.next]).toEqual([wantMatch, wantNext]);
    },
  );

  it.each([
    ["replicate", 5, 10, 5, 5, false, 10],
    ["replicate", 5, 10, 4, 4, false, 10],
    ["replicate", 5, 10, 9, 9, true, 6],
    ["probe", 0, 0, 0, 0, false, 0],
    ["probe", 0, 10, 5, 5, false, 10],
    ["probe", 0, 10, 9, 9, true, 9],
    ["probe", 0, 2, 1, 1, true, 1],
    ["probe", 0, 1, 0, 0, true, 1],
    ["probe", 0, 10, 9, 2, true, 3],
    ["probe", 0, 10, 9, 0, true, 1],
  ] as const)(
    "TestProgressMaybeDecr: %s match %i next %i, rejected %i hint %i → %s, next %i",
    (state, match, next, rejected, hint, ok, wantNext) => {
      const p = at(state, { match, next });
      expect(p.maybeDecrTo(rejected, hint)).toBe(ok);
      expect([p.match, p.next]).toEqual([match, wantNext]);
    },
  );
});

describe("the sending window (etcd-io/raft raft_flow_control_test.go)", () => {
  it("TestMsgAppFlowControlFull: MsgApps fill the window, then none are sent", () => {
    const r = leaderOf([1, 2]);
    progress(r, 2).becomeReplicate();
    for (let i = 0; i < 256; i++) {
      r.step(prop());
      const ms = r.readMessages();
      expect(ms.map((m) => m.type)).toEqual(["MsgApp"]);
    }
    expect(progress(r, 2).isPaused()).toBe(true);
    for (let i = 0; i < 10; i++) {
      r.step(prop());
      expect(r.readMessages()).toEqual([]);
    }
  });

  it("TestMsgAppFlowControlMoveForward: an ack moves the window; a stale ack does not", () => {
    const r = leaderOf([1, 2]);
    const pr2 = progress(r, 2);
    pr2.becomeReplicate();
    for (let i = 0; i < 256; i++) {
      r.step(prop());
      r.readMessages();
    }
    // Index 1 is the leader's blank entry, 2 the first proposal.
    for (let tt = 2; tt < 256; tt++) {
      r.step(message({ type: "MsgAppResp", from: 2, to: 1, term: r.term, index: tt }));
      r.readMessages();
      r.step(prop());
      expect(r.readMessages().map((m) => m.type)).toEqual(["MsgApp"]);
      expect(pr2.isPaused()).toBe(true);
      for (let i = 0; i < tt; i++) {
        r.step(message({ type: "MsgAppResp", from: 2, to: 1, term: r.term, index: i }));
        expect(pr2.isPaused()).toBe(true);
      }
    }
  });

  it("TestMsgAppFlowControlRecvHeartbeat: a heartbeat response lets one empty MsgApp through a full window", () => {
    const r = leaderOf([1, 2]);
    const pr2 = progress(r, 2);
    pr2.becomeReplicate();
    for (let i = 0; i < 256; i++) {
      r.step(prop());
      r.readMessages();
    }
    for (let tt = 1; tt < 5; tt++) {
      for (let i = 0; i < tt; i++) {
        expect(pr2.isPaused()).toBe(true);
        r.step(message({ type: "MsgHeartbeatResp", from: 2, to: 1, term: r.term }));
        const ms = r.readMessages();
        expect(ms.map((m) => [m.type, m.entries.length])).toEqual([["MsgApp", 0]]);
      }
      for (let i = 0; i < 10; i++) {
        expect(pr2.isPaused()).toBe(true);
        r.step(prop());
        expect(r.readMessages()).toEqual([]);
      }
      r.step(message({ type: "MsgHeartbeatResp", from: 2, to: 1, term: r.term }));
      r.readMessages();
    }
  });
});

describe("the leader's progress and its pauses (etcd-io/raft raft_test.go)", () => {
  it("TestProgressLeader: the leader's own progress follows its log", () => {
    const r = leaderOf([1, 2]);
    progress(r, 2).becomeReplicate();
    for (let i = 0; i < 5; i++) r.step(prop("foo"));
    // RaftNode's appends are durable at once, so the leader has acknowledged its own entries.
    expect(r.log).toHaveLength(6);
    expect(r.log[0]?.data).toBeNull();
    expect(r.log[5]?.data).toBe("foo");
    expect([progress(r, 1).match, progress(r, 1).next]).toEqual([6, 7]);
  });

  it("TestProgressResumeByHeartbeatResp: a heartbeat response unpauses the flow, a heartbeat does not", () => {
    const r = leaderOf([1, 2]);
    const pr2 = progress(r, 2);
    pr2.msgAppFlowPaused = true;
    r.step(message({ type: "MsgBeat", from: 1, to: 1 }));
    expect(pr2.msgAppFlowPaused).toBe(true);
    pr2.becomeReplicate();
    expect(pr2.msgAppFlowPaused).toBe(false);
    pr2.msgAppFlowPaused = true;
    r.step(message({ type: "MsgHeartbeatResp", from: 2, to: 1, term: r.term }));
    expect(pr2.msgAppFlowPaused).toBe(false);
  });

  it("TestProgressPaused: a probing follower gets one MsgApp for three proposals", () => {
    const r = leaderOf([1, 2]);
    for (let i = 0; i < 3; i++) r.step(prop());
    expect(r.readMessages()).toHaveLength(1);
  });

  it("TestProgressFlowControl: MaxSizePerMsg splits the log, MaxInflightMsgs and MaxInflightBytes cap what is in flight", () => {
    const r = leaderOf([1, 2], { maxInflightMsgs: 3, maxSizePerMsg: 2048, maxInflightBytes: 9000 });
    progress(r, 2).becomeProbe();
    const blob = "a".repeat(1000);
    const large = "b".repeat(5000);
    for (let i = 0; i < 22; i++) r.step(prop(i >= 10 && i < 16 ? large : blob));
    const ms = r.readMessages();
    // The blank entry and the first proposal: a probing follower gets one message.
    expect(ms.map((m) => m.type)).toEqual(["MsgApp"]);
    expect(ms[0]?.entries.map((e) => (e.data as string | null)?.length ?? 0)).toEqual([0, 1000]);
    const ackAndVerify = (index: number, ...expected: number[]): number => {
      r.step(message({ type: "MsgAppResp", from: 2, to: 1, term: r.term, index }));
      const out = r.readMessages();
      expect(out.map((m) => [m.type, m.entries.length])).toEqual(expected.map((n) => ["MsgApp", n]));
      const last = out.at(-1)?.entries ?? [];
      return last.length === 0 ? index : (last.at(-1)?.index ?? index);
    };
    let index = ackAndVerify(ms[0]?.entries[1]?.index ?? 0, 2, 2, 2);
    index = ackAndVerify(index, 2, 1, 1);
    index = ackAndVerify(index, 1, 1);
    index = ackAndVerify(index, 1, 1);
    index = ackAndVerify(index, 1, 2, 2);
    ackAndVerify(index, 2);
  });

  it("TestSendAppendForProgressProbe: a probing follower gets one MsgApp per heartbeat response", () => {
    const r = leaderOf([1, 2]);
    progress(r, 2).becomeProbe();
    for (let round = 0; round < 3; round++) {
      if (round === 0) {
        r.step(prop());
        const ms = r.readMessages();
        expect(ms).toHaveLength(1);
        expect(ms[0]?.index).toBe(0);
      }
      expect(progress(r, 2).msgAppFlowPaused).toBe(true);
      for (let j = 0; j < 10; j++) {
        r.step(prop());
        expect(r.readMessages()).toEqual([]);
      }
      r.step(message({ type: "MsgBeat", from: 1, to: 1 }));
      expect(progress(r, 2).msgAppFlowPaused).toBe(true);
      expect(r.readMessages().map((m) => m.type)).toEqual(["MsgHeartbeat"]);
    }
    r.step(message({ type: "MsgHeartbeatResp", from: 2, to: 1, term: r.term }));
    const ms = r.readMessages();
    expect(ms).toHaveLength(1);
    expect(ms[0]?.index).toBe(0);
    expect(progress(r, 2).msgAppFlowPaused).toBe(true);
  });

  it("TestSendAppendForProgressReplicate: a replicating follower gets every proposal", () => {
    const r = leaderOf([1, 2]);
    progress(r, 2).becomeReplicate();
    for (let i = 0; i < 10; i++) {
      r.step(prop());
      expect(r.readMessages()).toHaveLength(1);
    }
  });

  it("TestSendAppendForProgressSnapshot: a follower waiting for a snapshot gets nothing", () => {
    const r = leaderOf([1, 2]);
    progress(r, 2).becomeSnapshot(10);
    for (let i = 0; i < 10; i++) {
      r.step(prop());
      expect(r.readMessages()).toEqual([]);
    }
  });

  it("TestRecvMsgUnreachable: an unreachable replicating follower goes back to probing", () => {
    const r = raft(1, [1, 2], {
      storage: storageWith([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    });
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    const pr2 = progress(r, 2);
    pr2.match = 3;
    pr2.becomeReplicate();
    pr2.next = 6;
    r.reportUnreachable(2);
    expect([pr2.state, pr2.next]).toEqual(["probe", 4]);
  });
});

describe("MaxUncommittedEntriesSize (etcd-io/raft raft_test.go)", () => {
  it("TestUncommittedEntryLimit: past the limit proposals are dropped; an empty tail takes any size; empty entries always go", () => {
    const maxEntries = 1024;
    const size = "testdata".length;
    const r = leaderOf([1, 2, 3], { maxUncommittedEntriesSize: maxEntries * size, maxInflightMsgs: 2048 });
    expect(r.uncommittedBytes).toBe(0);
    progress(r, 2).becomeReplicate();
    progress(r, 3).becomeReplicate();
    for (let i = 0; i < maxEntries; i++) expect(r.propose("testdata")).toBe(true);
    expect(r.propose("testdata")).toBe(false);
    expect(r.readMessages()).toHaveLength(maxEntries * 2);
    // Committing the tail brings the uncommitted size back to zero.
    commitAll(r, [2, 3]);
    expect(r.uncommittedBytes).toBe(0);
    // One large proposal is taken whole, since the tail was empty.
    const large = Array.from({ length: 2 * maxEntries }, () => ({
      index: 0,
      term: 0,
      type: "EntryNormal" as const,
      data: "testdata",
    }));
    r.step(message({ type: "MsgProp", from: 1, to: 1, entries: large }));
    expect(r.uncommittedBytes).toBe(2 * maxEntries * size);
    expect(r.propose("testdata")).toBe(false);
    // An empty entry (a new leader's, or leaving a joint configuration) is never refused.
    expect(r.propose(null)).toBe(true);
    expect(r.readMessages()).toHaveLength(2 * 2);
    commitAll(r, [2, 3]);
    expect(r.uncommittedBytes).toBe(0);
  });
});

/** Every follower acknowledges the leader's whole log. */
function commitAll(r: RaftNode, followers: number[]): void {
  for (const id of followers)
    r.step(message({ type: "MsgAppResp", from: id, to: r.id, term: r.term, index: r.lastIndex }));
  r.readMessages();
}

describe("snapshot status (etcd-io/raft raft_snap_test.go)", () => {
  /** Member 1 restored from etcd-io/raft's testingSnap (index 11, term 11, voters 1 and 2), made leader. */
  function snapLeader(): RaftNode {
    const storage: PersistentState = {
      hardState: { term: 11, vote: 0, commit: 11 },
      snapshot: { metadata: { index: 11, term: 11, confState: { voters: [1, 2], learners: [] } }, data: "s" },
      entries: [],
    };
    const r = raft(1, [1, 2], { storage });
    r.takeSnapshot();
    r.becomeCandidate();
    r.becomeLeader();
    r.readMessages();
    return r;
  }

  it("TestSendingSnapshotSetPendingSnapshot: a follower behind the log is sent the snapshot, and waits for it", () => {
    const r = snapLeader();
    const pr2 = progress(r, 2);
    pr2.next = 12; // the log's first index: the follower needs what is compacted
    pr2.recentActive = true;
    r.step(message({ type: "MsgAppResp", from: 2, to: 1, term: r.term, index: pr2.next - 1, reject: true }));
    expect(pr2.pendingSnapshot).toBe(11);
    expect(r.readMessages().map((m) => m.type)).toContain("MsgSnap");
  });

  it("TestPendingSnapshotPauseReplication: nothing goes to a follower waiting for a snapshot", () => {
    const r = snapLeader();
    progress(r, 2).becomeSnapshot(11);
    r.step(prop());
    expect(r.readMessages()).toEqual([]);
  });

  it("TestSnapshotFailure: a failed snapshot is forgotten and the follower probed again after a heartbeat", () => {
    const r = snapLeader();
    const pr2 = progress(r, 2);
    pr2.next = 1;
    pr2.becomeSnapshot(11);
    r.reportSnapshot(2, "failure");
    expect([pr2.pendingSnapshot, pr2.next, pr2.msgAppFlowPaused]).toEqual([0, 1, true]);
  });

  it("TestSnapshotSucceed: a delivered snapshot moves the follower to probing after it", () => {
    const r = snapLeader();
    const pr2 = progress(r, 2);
    pr2.next = 1;
    pr2.becomeSnapshot(11);
    r.reportSnapshot(2, "finish");
    expect([pr2.pendingSnapshot, pr2.next, pr2.msgAppFlowPaused]).toEqual([0, 12, true]);
  });

  it("TestSnapshotAbort: an ack at or past the snapshot ends the wait and replication resumes", () => {
    const r = snapLeader();
    const pr2 = progress(r, 2);
    pr2.next = 1;
    pr2.becomeSnapshot(11);
    r.step(message({ type: "MsgAppResp", from: 2, to: 1, term: r.term, index: 11 }));
    expect(pr2.pendingSnapshot).toBe(0);
    // Replicating again, and the leader's blank entry at 12 already sent.
    expect([pr2.state, pr2.next, pr2.inflights.count]).toEqual(["replicate", 13, 1]);
  });
});
