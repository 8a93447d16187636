/**
 * Raft paper, figure 3: Election Safety, Leader Append-Only, Log Matching, Leader Completeness and
 * State Machine Safety hold after every step of random fault schedules (crashes and restarts from
 * persisted state, partitions, loss, duplication, reordering, proposals, membership changes,
 * compaction, leader transfer) over 3, 4, 5 and 7 members, with and without pre-vote and
 * check-quorum. `npm run soak:raft` runs the same property over 100 000 schedules.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RaftNode } from "../../shared/sim/raft/raft.ts";
import { type Message, message, type RaftConfig, type ReadState } from "../../shared/sim/raft/types.ts";
import {
  checkRaftSafety,
  raftSafetyProperty,
  runSchedule,
  SafetyViolation,
  scheduleArbitrary,
} from "./raft-harness.ts";

/** A broken member that grants every vote request, even a second one in the same term. */
class GrantsEveryVote extends RaftNode {
  private readonly extraVotes: Message[] = [];
  override step(m: Message): void {
    if (m.type === "MsgVote" && m.term === this.term && this.vote !== m.from) {
      this.extraVotes.push(message({ type: "MsgVoteResp", from: this.id, to: m.from, term: m.term }));
      return;
    }
    super.step(m);
  }
  override readMessages(): Message[] {
    return [...super.readMessages(), ...this.extraVotes.splice(0)];
  }
}

/** A broken leader that answers reads from its own commit index without confirming it still leads. */
class ReadsWithoutQuorum extends RaftNode {
  private readonly answered: ReadState[] = [];
  override readIndex(context: string): void {
    if (this.state === "leader") this.answered.push({ index: this.commitIndex, context });
    else super.readIndex(context);
  }
  override takeReadStates(): ReadState[] {
    return [...super.takeReadStates(), ...this.answered.splice(0)];
  }
}

/** A broken member that votes without checking that the candidate's log is up to date. */
class IgnoresLogInVotes extends RaftNode {
  override step(m: Message): void {
    super.step(m.type === "MsgVote" || m.type === "MsgPreVote" ? { ...m, index: 1e9, logTerm: 1e9 } : m);
  }
}

describe("Raft safety under random fault schedules (paper figure 3)", () => {
  it("holds for 1000 schedules of up to 200 actions", () => {
    // On failure fast-check prints the seed, the path and the shrunk schedule to replay.
    fc.assert(raftSafetyProperty({ maxActions: 200 }), { numRuns: 1000, seed: 20260101 });
  });

  it("is not vacuous: the schedules elect leaders, commit entries, change membership, send snapshots and serve reads", () => {
    const samples = fc.sample(scheduleArbitrary(), { numRuns: 200, seed: 7 });
    const stats = samples.map((s) => runSchedule(s));
    const share = (f: (s: (typeof stats)[number]) => boolean) => stats.filter(f).length / stats.length;
    expect(share((s) => s.leadersElected > 0)).toBeGreaterThan(0.8);
    expect(share((s) => s.highestCommit > 3)).toBeGreaterThan(0.5);
    expect(share((s) => s.membershipChanges > 0)).toBeGreaterThan(0.05);
    expect(share((s) => s.snapshotsInstalled > 0)).toBeGreaterThan(0.01);
    expect(share((s) => s.readsServed > 0)).toBeGreaterThan(0.1);
  });

  it("replays a schedule exactly: the same schedule gives the same outcome", () => {
    const [schedule] = fc.sample(scheduleArbitrary(), { numRuns: 1, seed: 3 });
    if (!schedule) throw new Error("no schedule");
    expect(runSchedule(schedule)).toEqual(runSchedule(schedule));
  });

  it("reports a clean run for the soak's entry point", () => {
    const report = checkRaftSafety({ numRuns: 20, seed: 1 });
    expect([report.failed, report.numRuns, report.counterexample]).toEqual([false, 20, undefined]);
  });

  it.each<[string, (config: RaftConfig) => RaftNode, RegExp]>([
    ["a member that votes twice in a term", (c) => new GrantsEveryVote(c), /Election Safety/],
    [
      "a deposed leader serving reads without ReadIndex's quorum check",
      (c) => new ReadsWithoutQuorum(c),
      /ReadIndex/,
    ],
    [
      "members that ignore the up-to-date check",
      (c) => new IgnoresLogInVotes(c),
      /Leader Completeness|State Machine Safety|Log Matching/,
    ],
  ])(
    "catches %s",
    (_name, createNode, violation) => {
      const property = fc.property(scheduleArbitrary(), (schedule) => {
        runSchedule(schedule, { createNode });
      });
      const result = fc.check(property, { numRuns: 2000, seed: 5 });
      expect(result.failed).toBe(true);
      expect(result.errorInstance).toBeInstanceOf(SafetyViolation);
      expect(String(result.errorInstance)).toMatch(violation);
    },
    60_000,
  );
});
