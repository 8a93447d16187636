/**
 * What the leader knows of each follower's log, as etcd-io/raft's tracker/ (progress.go,
 * inflights.go, tracker.go): `match` is the highest index known replicated, `next` the next index
 * to send. The state decides how to send: probe (one MsgApp per heartbeat until a match is found),
 * replicate (stream optimistically, up to MaxInflightMsgs unacknowledged MsgApps), snapshot (wait
 * for a MsgSnap to be installed).
 */
import {
  type JointConfig,
  jointCommittedIndex,
  jointVoteResult,
  majority,
  type VoteResult,
} from "./quorum.ts";
import { type ConfState, NONE } from "./types.ts";

export type ProgressState = "probe" | "replicate" | "snapshot";

/**
 * tracker.Inflights: the MsgApps sent to a follower and not yet acknowledged, each remembered by the
 * index of its last entry and its payload bytes. Full at `size` messages or `maxBytes` bytes (a soft
 * limit: the message that crosses it is still sent).
 */
export class Inflights {
  private readonly flights: { index: number; bytes: number }[] = [];
  private totalBytes = 0;
  readonly size: number;
  readonly maxBytes: number;

  /** `maxBytes` 0 means no byte limit, as etcd-io/raft. */
  constructor(size: number, maxBytes = 0) {
    this.size = size;
    this.maxBytes = maxBytes;
  }

  /** A MsgApp whose last entry is `index` leaves; indexes must increase. */
  add(index: number, bytes: number): void {
    if (this.full()) throw new Error("raft: cannot add into a full inflights");
    this.flights.push({ index, bytes });
    this.totalBytes += bytes;
  }

  /** The follower acknowledged up to `to`: every message ending at or below it is done. */
  freeLE(to: number): void {
    let n = 0;
    while (n < this.flights.length && (this.flights[n]?.index ?? Number.POSITIVE_INFINITY) <= to) {
      this.totalBytes -= this.flights[n]?.bytes ?? 0;
      n++;
    }
    if (n > 0) this.flights.splice(0, n);
  }

  full(): boolean {
    return this.flights.length === this.size || (this.maxBytes !== 0 && this.totalBytes >= this.maxBytes);
  }

  get count(): number {
    return this.flights.length;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  reset(): void {
    this.flights.length = 0;
    this.totalBytes = 0;
  }
}

export class Progress {
  match = 0;
  next: number;
  /** The highest commit index in flight to the follower (tracker.Progress.sentCommit). */
  sentCommit = 0;
  state: ProgressState = "probe";
  /**
   * MsgAppFlowPaused: in probe state, a probe is in flight; in replicate state, the inflights window
   * is full. Either way no MsgApp with entries goes until a response or a heartbeat response.
   */
  msgAppFlowPaused = false;
  /** In snapshot state: the index of the snapshot sent. */
  pendingSnapshot = 0;
  /** Heard from during the current check-quorum interval. */
  recentActive = false;
  isLearner: boolean;
  readonly inflights: Inflights;

  constructor(next: number, isLearner: boolean, inflights: Inflights = new Inflights(256)) {
    this.next = next;
    this.isLearner = isLearner;
    this.inflights = inflights;
  }

  private resetState(state: ProgressState): void {
    this.msgAppFlowPaused = false;
    this.pendingSnapshot = 0;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // etcd: after a snapshot, resume probing right after it.
    if (this.state === "snapshot") {
      const pendingSnapshot = this.pendingSnapshot;
      this.resetState("probe");
      this.next = Math.max(this.match + 1, pendingSnapshot + 1);
    } else {
      this.resetState("probe");
      this.next = this.match + 1;
    }
    this.sentCommit = Math.min(this.sentCommit, this.next - 1);
  }

  becomeReplicate(): void {
    this.resetState("replicate");
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState("snapshot");
    this.pendingSnapshot = snapshotIndex;
    this.next = snapshotIndex + 1;
    this.sentCommit = snapshotIndex;
  }

  /** A MsgApp with `entries` entries of `bytes` payload bytes went out from `next` on (SentEntries). */
  sentEntries(entries: number, bytes: number): void {
    if (this.state === "replicate") {
      if (entries > 0) {
        this.next += entries;
        this.inflights.add(this.next - 1, bytes);
      }
      // A message that fills the window, or one sent while it was full, pauses the flow.
      this.msgAppFlowPaused = this.inflights.full();
    } else if (this.state === "probe") {
      if (entries > 0) this.msgAppFlowPaused = true;
    } else {
      throw new Error(`raft: sending append in state ${this.state}`);
    }
  }

  /** Whether sending commit index `index` can advance the follower's commit (CanBumpCommit). */
  canBumpCommit(index: number): boolean {
    return index > this.sentCommit && this.sentCommit < this.next - 1;
  }

  /** An acknowledgement of index `n`; returns whether it was news. */
  maybeUpdate(n: number): boolean {
    if (n <= this.match) return false;
    this.match = n;
    this.next = Math.max(this.next, n + 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /**
   * A rejection of the MsgApp whose previous index was `rejected`; `matchHint` is the follower's
   * guess of the last index that may match (fast back-tracking, etcd's MaybeDecrTo). Returns
   * false when the rejection is stale.
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === "replicate") {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      this.sentCommit = Math.min(this.sentCommit, this.next - 1);
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.sentCommit = Math.min(this.sentCommit, this.next - 1);
    this.msgAppFlowPaused = false;
    return true;
  }

  /** Whether log entries to this follower are throttled (IsPaused). */
  isPaused(): boolean {
    return this.state === "snapshot" ? true : this.msgAppFlowPaused;
  }
}

/**
 * The configuration (tracker.Config: voters of the incoming and, in a joint configuration, the
 * outgoing majority, learners, learners staged for when the joint configuration is left) and one
 * Progress per member, with the votes of an election.
 */
export class ProgressTracker {
  /** Voters of the incoming (or only) configuration. */
  voters = new Set<number>();
  /** Voters of the outgoing configuration, empty unless joint. */
  votersOutgoing = new Set<number>();
  learners = new Set<number>();
  learnersNext = new Set<number>();
  autoLeave = false;
  progress = new Map<number, Progress>();
  readonly votes = new Map<number, boolean>();
  readonly maxInflight: number;
  readonly maxInflightBytes: number;

  constructor(maxInflight = 256, maxInflightBytes = 0) {
    this.maxInflight = maxInflight;
    this.maxInflightBytes = maxInflightBytes;
  }

  newProgress(next: number, isLearner: boolean): Progress {
    return new Progress(next, isLearner, new Inflights(this.maxInflight, this.maxInflightBytes));
  }

  get joint(): JointConfig {
    return { incoming: this.voters, outgoing: this.votersOutgoing };
  }

  get isJoint(): boolean {
    return this.votersOutgoing.size > 0;
  }

  /** Every voter of either configuration. */
  voterIds(): number[] {
    return [...new Set([...this.voters, ...this.votersOutgoing])].sort((a, b) => a - b);
  }

  isVoter(id: number): boolean {
    return this.voters.has(id) || this.votersOutgoing.has(id);
  }

  /** Whether the leader is the only voter (IsSingleton). */
  isSingleton(): boolean {
    return this.voters.size === 1 && this.votersOutgoing.size === 0;
  }

  /** Member ids in ascending order, so that messages go out in a deterministic order. */
  ids(): number[] {
    return [...this.progress.keys()].sort((a, b) => a - b);
  }

  confState(): ConfState {
    const sorted = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b);
    return {
      voters: sorted(this.voters),
      learners: sorted(this.learners),
      ...(this.isJoint
        ? {
            votersOutgoing: sorted(this.votersOutgoing),
            learnersNext: sorted(this.learnersNext),
            autoLeave: this.autoLeave,
          }
        : {}),
    };
  }

  /** The largest index both majorities have (Committed). */
  committed(): number {
    return jointCommittedIndex(this.joint, (id) => this.progress.get(id)?.match ?? 0);
  }

  resetVotes(): void {
    this.votes.clear();
  }

  recordVote(id: number, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  tallyVotes(): VoteResult {
    return jointVoteResult(this.joint, this.votes);
  }

  /**
   * etcd's QuorumActive: both majorities were heard from (the leader counts itself). A voter with
   * no progress (never happens in a valid configuration) counts as inactive.
   */
  quorumActive(self: number): boolean {
    const active = (voters: ReadonlySet<number>) => {
      if (voters.size === 0) return true;
      let n = 0;
      for (const id of voters) if (id === self || this.progress.get(id)?.recentActive) n++;
      return n >= majority(voters.size);
    };
    return active(this.voters) && active(this.votersOutgoing);
  }

  has(id: number): boolean {
    return id !== NONE && this.progress.has(id);
  }
}
