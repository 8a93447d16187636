/**
 * Raft as a pure state machine, shaped like etcd-io/raft's raft.go (skeleton: API first).
 */
import type {
  ConfChange,
  ConfState,
  Entry,
  Message,
  PersistentState,
  RaftConfig,
  RaftEvent,
  ReadState,
  Snapshot,
  StateType,
} from "./types.ts";

export class RaftNode {
  readonly id: number;
  state: StateType = "follower";
  term = 0;
  vote = 0;
  lead = 0;
  commitIndex = 0;

  constructor(config: RaftConfig) {
    this.id = config.id;
  }

  /** The retained log entries (after the last snapshot), index from 1. */
  get log(): readonly Entry[] {
    return [];
  }
  get snapshot(): Snapshot {
    throw new Error("not implemented");
  }
  get lastIndex(): number {
    return 0;
  }
  get confState(): ConfState {
    return { voters: [], learners: [] };
  }
  tick(): void {}
  step(_m: Message): void {}
  /** Returns false when the proposal is dropped (no leader, transfer in progress). */
  propose(_data: unknown): boolean {
    return false;
  }
  proposeConfChange(_cc: ConfChange): boolean {
    return false;
  }
  campaign(): void {}
  transferLeader(_to: number): void {}
  readIndex(_context: string): void {}
  /** Compacts the log up to `index` (≤ applied) into a snapshot carrying the state machine's `data`. */
  compact(_index: number, _data: unknown): void {}
  readMessages(): Message[] {
    return [];
  }
  takeCommitted(): Entry[] {
    return [];
  }
  /** A snapshot received from the leader, to restore before applying `takeCommitted()`. */
  takeSnapshot(): Snapshot | null {
    return null;
  }
  takeReadStates(): ReadState[] {
    return [];
  }
  takeEvents(): RaftEvent[] {
    return [];
  }
  persistentState(): PersistentState {
    throw new Error("not implemented");
  }
}
