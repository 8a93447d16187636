/**
 * Random fault schedules for a Raft group, and a checker of the five safety properties of the Raft
 * paper's figure 3 after every step. Used by tests/property/raft-safety.test.ts (hundreds of
 * schedules in `npm test`) and by the soak (`npm run soak:raft`, 100 000 schedules).
 *
 * A tiny router stands in for the network: a pool of messages in flight from which a schedule
 * delivers, drops, duplicates or reorders (by picking any message), with crashes (a member keeps
 * only its persisted state), restarts, partitions, proposals, membership changes, compactions and
 * leader transfers in between.
 */
import fc from "fast-check";
import { RaftNode } from "../../shared/sim/raft/raft.ts";
import type {
  ConfChangeType,
  Entry,
  Message,
  PersistentState,
  RaftConfig,
} from "../../shared/sim/raft/types.ts";
import { createRandom, fnv1a, type Random } from "../../shared/sim/random.ts";

export type Action =
  | { readonly kind: "tick"; readonly count: number }
  /** `count` rounds of: every member ticks, then every message in flight is delivered. */
  | { readonly kind: "run"; readonly count: number; readonly lossPercent: number }
  | { readonly kind: "deliverAll" }
  | { readonly kind: "deliver"; readonly picks: readonly number[] }
  | { readonly kind: "drop"; readonly pick: number }
  | { readonly kind: "duplicate"; readonly pick: number }
  | { readonly kind: "propose"; readonly member: number; readonly count: number }
  | { readonly kind: "crash"; readonly member: number }
  | { readonly kind: "restart"; readonly member: number }
  | { readonly kind: "partition"; readonly sides: number }
  | { readonly kind: "heal" }
  | {
      readonly kind: "confChange";
      readonly member: number;
      readonly change: ConfChangeType;
      readonly target: number;
    }
  | { readonly kind: "compact"; readonly member: number }
  | { readonly kind: "transferLeader"; readonly member: number; readonly target: number }
  /** A linearizable read (ReadIndex) asked at a member. */
  | { readonly kind: "read"; readonly member: number };

export interface Schedule {
  /** Voters at start: 1..size. Two more ids (size+1, size+2) exist to be added later. */
  readonly size: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  /** Seeds the members' election-timeout PRNG streams. */
  readonly seed: number;
  readonly actions: readonly Action[];
}

export interface ScheduleStats {
  readonly leadersElected: number;
  readonly highestCommit: number;
  readonly readsServed: number;
  readonly membershipChanges: number;
  readonly snapshotsInstalled: number;
}

export class SafetyViolation extends Error {
  override readonly name = "SafetyViolation";
}

const ELECTION_TICK = 10; // etcd-io/raft tests: electionTick 10, heartbeatTick 1
const HEARTBEAT_TICK = 1;
const SPARE_MEMBERS = 2;
const MAX_IN_FLIGHT = 3000;

/** fast-check arbitrary of schedules over 3, 4, 5 and 7 members. */
export function scheduleArbitrary(
  options: { minActions?: number; maxActions?: number } = {},
): fc.Arbitrary<Schedule> {
  // Values ≤ 0 stand for "the current leader", so that proposals and changes often reach one.
  const member = fc.integer({ min: -4, max: 7 + SPARE_MEMBERS });
  const pick = fc.nat({ max: 10_000 });
  const action: fc.Arbitrary<Action> = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant("tick" as const), count: fc.integer({ min: 1, max: 3 }) }),
    },
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("run" as const),
        count: fc.integer({ min: 1, max: 25 }),
        lossPercent: fc.constantFrom(0, 0, 10, 30, 60),
      }),
    },
    { weight: 6, arbitrary: fc.constant({ kind: "deliverAll" as const }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("deliver" as const),
        picks: fc.array(pick, { minLength: 1, maxLength: 8 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), pick }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("propose" as const),
        member,
        count: fc.integer({ min: 1, max: 5 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("crash" as const), member }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("restart" as const), member }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("partition" as const), sides: fc.nat({ max: 511 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "heal" as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("confChange" as const),
        member,
        change: fc.constantFrom<ConfChangeType>(
          "ConfChangeAddNode",
          "ConfChangeRemoveNode",
          "ConfChangeAddLearnerNode",
        ),
        target: member,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("compact" as const), member }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("transferLeader" as const), member, target: member }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("read" as const), member }) },
  );
  const general = fc.record({
    size: fc.constantFrom(3, 4, 5, 7),
    preVote: fc.boolean(),
    checkQuorum: fc.boolean(),
    seed: fc.nat(),
    actions: fc.array(action, { minLength: options.minActions ?? 30, maxLength: options.maxActions ?? 150 }),
  });
  // The MIT 6.5840 Figure8 pattern: proposals at the leader, short lossy runs, the leader crashing
  // at random points and members coming back; this is what exposes commit-by-counting bugs
  // (paper figure 8) that general schedules rarely reach.
  const leader = fc.constant(0);
  const figure8Action: fc.Arbitrary<Action> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant("propose" as const), member: leader, count: fc.constant(1) }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("run" as const),
        count: fc.integer({ min: 1, max: 15 }),
        lossPercent: fc.constantFrom(0, 10, 30),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("crash" as const), member: leader }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("crash" as const), member }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("restart" as const), member }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("compact" as const), member: leader }) },
  );
  const figure8 = fc.record({
    size: fc.constantFrom(3, 5),
    preVote: fc.boolean(),
    checkQuorum: fc.boolean(),
    seed: fc.nat(),
    actions: fc.array(figure8Action, {
      minLength: options.minActions ?? 30,
      maxLength: options.maxActions ?? 150,
    }),
  });
  return fc.oneof({ weight: 2, arbitrary: general }, { weight: 1, arbitrary: figure8 });
}

/** A member's applied state machine: a hash chain over the applied entries. */
interface AppliedState {
  index: number;
  hash: number;
}

function entryKey(e: Entry): string {
  if (e.type === "EntryConfChange") {
    const cc = e.data as { type: string; nodeId: number };
    return `cc:${cc.type}:${cc.nodeId}`;
  }
  return `n:${String(e.data)}`;
}

function chain(prev: number, e: Entry): number {
  return fnv1a(`${e.index}/${e.term}/${entryKey(e)}`, prev);
}

/** Runs one schedule, checking figure 3's properties after every action; throws SafetyViolation. */
export function runSchedule(schedule: Schedule, options: RunOptions = {}): ScheduleStats {
  return new ScheduleRun(schedule, options.createNode ?? ((config) => new RaftNode(config))).run();
}

export interface RunOptions {
  /** Builds each member; tests pass a deliberately broken Raft to show the checker catches it. */
  readonly createNode?: (config: RaftConfig) => RaftNode;
}

class ScheduleRun {
  private readonly ids: number[];
  private readonly initialVoters: number[];
  private readonly nodes = new Map<number, RaftNode>();
  private readonly disks = new Map<number, PersistentState>();
  private readonly applied = new Map<number, AppliedState>();
  private inFlight: Message[] = [];
  /** Decides which messages a lossy round drops. */
  private readonly network: Random;
  private side = new Map<number, number>();
  private proposals = 0;
  private step = 0;

  // What the checker has learned so far.
  private readonly leaderOfTerm = new Map<number, number>();
  /** Per leader (id@term): the entries of its log when last seen, for Leader Append-Only. */
  private readonly leaderLogs = new Map<string, Entry>();
  /** (index, term) → the entry's key and the term of the entry before it, for Log Matching. */
  private readonly entriesSeen = new Map<string, { key: string; prevTerm: number | undefined }>();
  private readonly checkedEntries = new Map<number, WeakSet<Entry>>();
  /** index → committed entry (term, key) and the highest-term observer, for Leader Completeness. */
  private readonly committed = new Map<number, { term: number; key: string; observedTerm: number }>();
  private readonly checkedCommit = new Map<number, number>();
  /** index → hash chain of the state machine after applying it, for State Machine Safety. */
  private readonly appliedHashes = new Map<number, number>();
  private stats = {
    leadersElected: 0,
    highestCommit: 0,
    membershipChanges: 0,
    snapshotsInstalled: 0,
    readsServed: 0,
  };
  /** ReadIndex requests in flight: context → the highest commit index known when asked. */
  private readonly pendingReads = new Map<string, number>();

  private readonly schedule: Schedule;

  private readonly createNode: (config: RaftConfig) => RaftNode;

  constructor(schedule: Schedule, createNode: (config: RaftConfig) => RaftNode) {
    this.schedule = schedule;
    this.createNode = createNode;
    this.network = createRandom(schedule.seed, "network");
    this.initialVoters = Array.from({ length: schedule.size }, (_, i) => i + 1);
    this.ids = Array.from({ length: schedule.size + SPARE_MEMBERS }, (_, i) => i + 1);
    // Spare members are not started until a conf change adds them (then they join empty).
    for (const id of this.initialVoters) this.start(id);
  }

  run(): ScheduleStats {
    for (const action of this.schedule.actions) {
      this.step++;
      this.apply(action);
      this.collect();
      this.check();
    }
    return { ...this.stats };
  }

  private start(id: number): void {
    const node = this.createNode({
      id,
      peers: this.initialVoters,
      electionTick: ELECTION_TICK,
      heartbeatTick: HEARTBEAT_TICK,
      preVote: this.schedule.preVote,
      checkQuorum: this.schedule.checkQuorum,
      random: createRandom(this.schedule.seed, `raft-${id}-${this.step}`),
      ...(this.disks.has(id) ? { storage: this.disks.get(id) } : {}),
    });
    this.nodes.set(id, node);
    const snap = node.snapshot;
    this.applied.set(id, {
      index: snap.metadata.index,
      hash: snap.metadata.index === 0 ? 0 : (snap.data as number),
    });
  }

  private memberId(n: number): number | undefined {
    if (n <= 0) {
      let leader: RaftNode | undefined;
      for (const node of this.nodes.values()) {
        if (node.state === "leader" && (!leader || node.term > leader.term)) leader = node;
      }
      return leader?.id;
    }
    return this.ids[(n - 1) % this.ids.length];
  }

  private pickIndex(pick: number): number | undefined {
    if (this.inFlight.length === 0) return undefined;
    return pick % this.inFlight.length;
  }

  private apply(action: Action): void {
    switch (action.kind) {
      case "tick":
        for (let i = 0; i < action.count; i++) this.tickAll();
        return;
      case "run":
        for (let i = 0; i < action.count; i++) {
          this.tickAll();
          const batch = this.inFlight;
          this.inFlight = [];
          for (const m of batch) if (this.network.int(100) >= action.lossPercent) this.deliver(m);
        }
        return;
      case "deliverAll":
        this.deliverAll();
        return;
      case "deliver":
        for (const p of action.picks) {
          const i = this.pickIndex(p);
          if (i === undefined) return;
          const [m] = this.inFlight.splice(i, 1);
          if (m) this.deliver(m);
        }
        return;
      case "drop": {
        const i = this.pickIndex(action.pick);
        if (i !== undefined) this.inFlight.splice(i, 1);
        return;
      }
      case "duplicate": {
        const i = this.pickIndex(action.pick);
        const m = i === undefined ? undefined : this.inFlight[i];
        if (m) this.deliver(m);
        return;
      }
      case "propose": {
        const id = this.memberId(action.member);
        for (let i = 0; i < action.count && id !== undefined; i++)
          this.nodes.get(id)?.propose(`p${++this.proposals}`);
        return;
      }
      case "crash": {
        const id = this.memberId(action.member);
        const node = id === undefined ? undefined : this.nodes.get(id);
        if (id === undefined || !node) return;
        // A crash keeps exactly the persisted state and loses everything else.
        this.disks.set(id, node.persistentState());
        this.nodes.delete(id);
        return;
      }
      case "restart": {
        // Restart one of the crashed members.
        const crashed = [...this.disks.keys()].filter((id) => !this.nodes.has(id)).sort((a, b) => a - b);
        const id = crashed.length > 0 ? crashed[Math.abs(action.member) % crashed.length] : undefined;
        if (id !== undefined) this.start(id);
        return;
      }
      case "partition":
        this.side = new Map(this.ids.map((id) => [id, (action.sides >> (id - 1)) & 1]));
        return;
      case "heal":
        this.side = new Map();
        return;
      case "confChange": {
        const id = this.memberId(action.member);
        const target = this.memberId(action.target);
        const node = id === undefined ? undefined : this.nodes.get(id);
        if (!node || target === undefined) return;
        if (node.proposeConfChange({ type: action.change, nodeId: target })) {
          // A member being added joins empty, as a new etcd member does.
          if (
            action.change !== "ConfChangeRemoveNode" &&
            !this.nodes.has(target) &&
            !this.disks.has(target)
          ) {
            this.start(target);
          }
        }
        return;
      }
      case "compact": {
        const id = this.memberId(action.member);
        const node = id === undefined ? undefined : this.nodes.get(id);
        const state = id === undefined ? undefined : this.applied.get(id);
        if (node && state && state.index > node.snapshot.metadata.index)
          node.compact(state.index, state.hash);
        return;
      }
      case "transferLeader": {
        const id = this.memberId(action.member);
        const target = this.memberId(action.target);
        if (id !== undefined && target !== undefined) this.nodes.get(id)?.transferLeader(target);
        return;
      }
      case "read": {
        const id = this.memberId(action.member);
        const node = id === undefined ? undefined : this.nodes.get(id);
        if (!node) return;
        // Linearizability: the read must see every write acknowledged before it was asked.
        const context = `read-${this.step}-${this.pendingReads.size}`;
        this.pendingReads.set(context, this.stats.highestCommit);
        node.readIndex(context);
        return;
      }
    }
  }

  private deliverAll(): void {
    const batch = this.inFlight;
    this.inFlight = [];
    for (const m of batch) this.deliver(m);
  }

  private tickAll(): void {
    for (const id of this.ids) {
      const node = this.nodes.get(id);
      if (!node) continue;
      node.tick();
      this.afterStep(id, node);
    }
  }

  private deliver(m: Message): void {
    const to = this.nodes.get(m.to);
    if (!to) return; // crashed or never started: the message is lost
    if ((this.side.get(m.from) ?? 0) !== (this.side.get(m.to) ?? 0)) return;
    to.step(m);
    this.afterStep(m.to, to);
  }

  /** Every step changes one member: take its output and check the properties against it. */
  private afterStep(id: number, node: RaftNode): void {
    this.collectFrom(id, node);
    this.checkMember(id, node);
  }

  /** Moves every member's outgoing messages into the network, and applies what committed. */
  private collect(): void {
    for (const [id, node] of this.nodes) this.collectFrom(id, node);
  }

  private collectFrom(id: number, node: RaftNode): void {
    for (const m of node.readMessages()) this.inFlight.push(m);
    const snapshot = node.takeSnapshot();
    const state = this.applied.get(id) ?? { index: 0, hash: 0 };
    if (snapshot) {
      this.stats.snapshotsInstalled++;
      state.index = snapshot.metadata.index;
      state.hash = snapshot.data as number;
      this.checkAppliedHash(id, state.index, state.hash);
    }
    for (const e of node.takeCommitted()) {
      if (e.index !== state.index + 1) {
        throw this.violation(`State Machine Safety: member ${id} applied ${e.index} after ${state.index}`);
      }
      state.index = e.index;
      state.hash = chain(state.hash, e);
      this.checkAppliedHash(id, e.index, state.hash);
    }
    this.applied.set(id, state);
    for (const ev of node.takeEvents()) if (ev.type === "membershipChanged") this.stats.membershipChanges++;
    for (const rs of node.takeReadStates()) {
      const atLeast = this.pendingReads.get(rs.context);
      if (atLeast !== undefined && rs.index < atLeast) {
        throw this.violation(
          `ReadIndex: member ${id} answered read ${rs.context} at index ${rs.index}, before the commit ${atLeast} it must see`,
        );
      }
      this.stats.readsServed++;
    }
    if (this.inFlight.length > MAX_IN_FLIGHT) this.inFlight.splice(0, this.inFlight.length - MAX_IN_FLIGHT);
  }

  private checkAppliedHash(id: number, index: number, hash: number): void {
    const known = this.appliedHashes.get(index);
    if (known === undefined) this.appliedHashes.set(index, hash);
    else if (known !== hash) {
      throw this.violation(`State Machine Safety: member ${id} applied a different entry at index ${index}`);
    }
  }

  private check(): void {
    for (const [id, node] of this.nodes) this.checkMember(id, node);
  }

  private checkMember(id: number, node: RaftNode): void {
    this.checkLogMatching(id, node);
    this.recordCommitted(id, node);
    if (node.state !== "leader") return;
    // Election Safety: at most one leader can be elected in a given term.
    const leader = this.leaderOfTerm.get(node.term);
    if (leader === undefined) {
      this.leaderOfTerm.set(node.term, id);
      this.stats.leadersElected++;
      this.checkLeaderCompleteness(id, node);
    } else if (leader !== id) {
      throw this.violation(
        `Election Safety: members ${leader} and ${id} are both leaders of term ${node.term}`,
      );
    }
    this.checkLeaderAppendOnly(id, node);
  }

  /**
   * Log Matching: if two logs contain an entry with the same index and term, the logs are identical
   * in all entries up through that index. Checked inductively: every (index, term) always holds the
   * same entry and follows the same (index − 1, term).
   */
  private checkLogMatching(id: number, node: RaftNode): void {
    let checked = this.checkedEntries.get(id);
    if (!checked) {
      checked = new WeakSet();
      this.checkedEntries.set(id, checked);
    }
    const log = node.log;
    for (let i = log.length - 1; i >= 0; i--) {
      const e = log[i];
      if (!e || checked.has(e)) break;
      const prevTerm = node.termAt(e.index - 1);
      const key = `${e.index}@${e.term}`;
      const seen = this.entriesSeen.get(key);
      const entry = entryKey(e);
      if (!seen) this.entriesSeen.set(key, { key: entry, prevTerm });
      else if (
        seen.key !== entry ||
        (seen.prevTerm !== undefined && prevTerm !== undefined && seen.prevTerm !== prevTerm)
      ) {
        throw this.violation(`Log Matching: member ${id} holds a different entry or history at ${key}`);
      }
      checked.add(e);
    }
  }

  /** Records newly committed entries and checks them against the leaders already elected. */
  private recordCommitted(id: number, node: RaftNode): void {
    const from = Math.max(this.checkedCommit.get(id) ?? 0, node.snapshot.metadata.index);
    for (let i = from + 1; i <= node.commitIndex; i++) {
      const term = node.termAt(i);
      const e = node.log[i - node.snapshot.metadata.index - 1];
      if (term === undefined || !e) continue;
      const known = this.committed.get(i);
      if (!known) {
        this.committed.set(i, { term, key: entryKey(e), observedTerm: node.term });
        this.stats.highestCommit = Math.max(this.stats.highestCommit, i);
        // Leaders of later terms already elected must hold it too.
        for (const [lid, leader] of this.nodes) {
          if (leader.state === "leader" && leader.term > node.term) this.checkHolds(lid, leader, i, term);
        }
      } else if (known.term !== term || known.key !== entryKey(e)) {
        throw this.violation(`State Machine Safety: member ${id} committed a different entry at index ${i}`);
      }
    }
    this.checkedCommit.set(id, node.commitIndex);
  }

  /** Leader Completeness: a leader holds every entry committed in an earlier term. */
  private checkLeaderCompleteness(id: number, leader: RaftNode): void {
    for (const [index, c] of this.committed) {
      if (c.observedTerm < leader.term) this.checkHolds(id, leader, index, c.term);
    }
  }

  private checkHolds(id: number, leader: RaftNode, index: number, term: number): void {
    if (index <= leader.snapshot.metadata.index) return; // compacted: it was committed and applied
    if (leader.termAt(index) !== term) {
      throw this.violation(
        `Leader Completeness: leader ${id} of term ${leader.term} lacks committed entry ${index}@${term}`,
      );
    }
  }

  /**
   * Leader Append-Only: a leader never overwrites or deletes entries in its log. Entries are
   * immutable objects and a log only changes by truncating a suffix or appending, so it suffices
   * that the last entry seen is still in place and the log did not shrink.
   */
  private checkLeaderAppendOnly(id: number, node: RaftNode): void {
    const key = `${id}@${node.term}`;
    const before = this.leaderLogs.get(key);
    const first = node.snapshot.metadata.index + 1;
    if (before && before.index >= first && node.log[before.index - first] !== before) {
      throw this.violation(
        `Leader Append-Only: leader ${id} of term ${node.term} changed entry ${before.index}`,
      );
    }
    const last = node.log[node.log.length - 1];
    if (last) this.leaderLogs.set(key, last);
  }

  private violation(what: string): SafetyViolation {
    return new SafetyViolation(`${what} at step ${this.step}`);
  }
}

/** The property: no schedule violates figure 3. */
export function raftSafetyProperty(options?: { minActions?: number; maxActions?: number }) {
  return fc.property(scheduleArbitrary(options), (schedule) => {
    runSchedule(schedule);
  });
}

/** One-line replay hint for a failing schedule. */
export function formatSchedule(schedule: Schedule): string {
  return JSON.stringify(schedule);
}

export interface SafetyReport {
  readonly failed: boolean;
  readonly numRuns: number;
  readonly seed: number;
  /** fast-check's replay path: pass `{ seed, path }` to fc.assert to rerun only the failure. */
  readonly path: string | undefined;
  /** The shrunk failing schedule, and what it violated. */
  readonly counterexample: Schedule | undefined;
  readonly error: string | undefined;
}

/**
 * Runs `numRuns` schedules from `seed` and reports the first violation, shrunk: the entry point for
 * the soak (`npm run soak:raft`). Replay a failure with `runSchedule(report.counterexample)`.
 */
export function checkRaftSafety(options: {
  numRuns: number;
  seed: number;
  minActions?: number;
  maxActions?: number;
}): SafetyReport {
  const result = fc.check(raftSafetyProperty(options), { numRuns: options.numRuns, seed: options.seed });
  const counterexample = result.counterexample?.[0];
  return {
    failed: result.failed,
    numRuns: result.numRuns,
    seed: result.seed,
    path: result.counterexample ? (result.counterexamplePath ?? undefined) : undefined,
    counterexample,
    error:
      result.errorInstance instanceof Error
        ? result.errorInstance.message
        : result.failed
          ? String(result.errorInstance)
          : undefined,
  };
}
