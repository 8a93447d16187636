/**
 * What the leader knows of each follower's log, as etcd-io/raft's tracker/progress.go: `match` is
 * the highest index known replicated, `next` the next index to send. The state decides how to send:
 * probe (one MsgApp per heartbeat until a match is found), replicate (stream optimistically),
 * snapshot (wait for a MsgSnap to be installed).
 */
import { NONE } from "./types.ts";

export type ProgressState = "probe" | "replicate" | "snapshot";

export class Progress {
  match = 0;
  next: number;
  state: ProgressState = "probe";
  /** In probe state: a MsgApp is in flight, send no more until a response or a heartbeat response. */
  probeSent = false;
  /** In snapshot state: the index of the snapshot sent. */
  pendingSnapshot = 0;
  /** Heartbeat responses seen while waiting for a snapshot (to resend one that was lost). */
  snapshotWait = 0;
  /** Heard from during the current check-quorum interval. */
  recentActive = false;
  isLearner: boolean;

  constructor(next: number, isLearner: boolean) {
    this.next = next;
    this.isLearner = isLearner;
  }

  private resetState(state: ProgressState): void {
    this.state = state;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.snapshotWait = 0;
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
  }

  becomeReplicate(): void {
    this.resetState("replicate");
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState("snapshot");
    this.pendingSnapshot = snapshotIndex;
  }

  /** An acknowledgement of index `n`; returns whether it was news. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
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
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), this.match + 1);
    this.probeSent = false;
    return true;
  }

  isPaused(): boolean {
    switch (this.state) {
      case "probe":
        return this.probeSent;
      case "replicate":
        return false;
      case "snapshot":
        return true;
    }
  }
}

/** The configuration (voters, learners) and one Progress per member, with the votes of an election. */
export class ProgressTracker {
  readonly voters = new Set<number>();
  readonly learners = new Set<number>();
  readonly progress = new Map<number, Progress>();
  readonly votes = new Map<number, boolean>();

  /** Member ids in ascending order, so that messages go out in a deterministic order. */
  ids(): number[] {
    return [...this.progress.keys()].sort((a, b) => a - b);
  }

  resetVotes(): void {
    this.votes.clear();
  }

  recordVote(id: number, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** etcd's QuorumActive: a majority of voters was heard from (the leader counts itself). */
  quorumActive(self: number): boolean {
    let active = 0;
    for (const id of this.voters) {
      if (id === self || this.progress.get(id)?.recentActive) active++;
    }
    return active >= Math.floor(this.voters.size / 2) + 1;
  }

  has(id: number): boolean {
    return id !== NONE && this.progress.has(id);
  }
}
