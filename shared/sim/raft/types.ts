/**
 * The vocabulary of the Raft group, named as etcd-io/raft names it (raftpb/raft.proto), because
 * players read these names in the Raft panel and in the trace.
 */
import type { Random } from "../random.ts";

/** etcd-io/raft: `None` is the placeholder node id used when there is no leader or no vote. */
export const NONE = 0;

export type MessageType =
  /** Local: start an election (what tickElection steps when the election timeout passes). */
  | "MsgHup"
  /** Local: the leader should send heartbeats now. */
  | "MsgBeat"
  /** A proposal, local or forwarded by a follower to the leader. */
  | "MsgProp"
  | "MsgApp"
  | "MsgAppResp"
  | "MsgVote"
  | "MsgVoteResp"
  | "MsgPreVote"
  | "MsgPreVoteResp"
  | "MsgHeartbeat"
  | "MsgHeartbeatResp"
  | "MsgSnap"
  /** Sent by a leader transferring leadership: the target campaigns at once. */
  | "MsgTimeoutNow"
  | "MsgReadIndex"
  | "MsgReadIndexResp"
  /** Local or forwarded: ask the leader to hand over leadership to `from`. */
  | "MsgTransferLeader"
  /** Local: the leader checks that a quorum was active during the last election timeout. */
  | "MsgCheckQuorum";

export type EntryType = "EntryNormal" | "EntryConfChange";

/**
 * A log entry. `data` is opaque to Raft (the etcd member's KV request); the empty entry a new
 * leader appends has `data: null`; a conf-change entry carries a `ConfChange` as its data.
 */
export interface Entry {
  readonly index: number;
  readonly term: number;
  readonly type: EntryType;
  readonly data: unknown;
}

export type ConfChangeType = "ConfChangeAddNode" | "ConfChangeRemoveNode" | "ConfChangeAddLearnerNode";

/** One membership change (etcd's ConfChange v1: one voter at a time). */
export interface ConfChange {
  readonly type: ConfChangeType;
  readonly nodeId: number;
}

/** The membership of the group. */
export interface ConfState {
  readonly voters: readonly number[];
  readonly learners: readonly number[];
}

export interface SnapshotMetadata {
  readonly index: number;
  readonly term: number;
  readonly confState: ConfState;
}

/** The state machine's state up to `metadata.index`; `data` is opaque to Raft. */
export interface Snapshot {
  readonly metadata: SnapshotMetadata;
  readonly data: unknown;
}

/** etcd's HardState: what must be on disk before any message is sent. */
export interface HardState {
  readonly term: number;
  readonly vote: number;
  readonly commit: number;
}

/**
 * Everything a member keeps across a crash: the hard state, the last snapshot and the log entries
 * after it. A member restarted with `storage: persistentState()` is exactly the member that crashed,
 * minus its volatile state (role, leader, progress, timers).
 */
export interface PersistentState {
  readonly hardState: HardState;
  readonly snapshot: Snapshot;
  readonly entries: readonly Entry[];
}

/** A Raft message, with etcd's fields; unused fields keep their zero value as in raftpb. */
export interface Message {
  readonly type: MessageType;
  readonly from: number;
  readonly to: number;
  readonly term: number;
  readonly logTerm: number;
  readonly index: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
  readonly reject: boolean;
  readonly rejectHint: number;
  readonly snapshot?: Snapshot;
  /** Heartbeat / ReadIndex request context, or "CampaignTransfer" on a forced vote. */
  readonly context?: string;
}

/** A linearizable read point: reads for `context` may be served once `index` is applied. */
export interface ReadState {
  readonly index: number;
  readonly context: string;
}

export type StateType = "follower" | "precandidate" | "candidate" | "leader";

/** Events for the game and the trace (issue 3, item 4); drained with `takeEvents()`. */
export type RaftEvent =
  | {
      readonly type: "termChanged";
      readonly member: number;
      readonly term: number;
      readonly previousTerm: number;
    }
  | {
      readonly type: "stateChanged";
      readonly member: number;
      readonly term: number;
      readonly state: StateType;
    }
  | { readonly type: "leaderElected"; readonly member: number; readonly term: number; readonly index: number }
  | {
      readonly type: "voteGranted" | "voteDenied";
      readonly member: number;
      readonly term: number;
      readonly candidate: number;
      readonly preVote: boolean;
    }
  | {
      readonly type: "entryCommitted";
      readonly member: number;
      readonly term: number;
      readonly index: number;
    }
  | { readonly type: "quorumLost" | "quorumRestored"; readonly member: number; readonly term: number }
  | {
      readonly type: "membershipChanged";
      readonly member: number;
      readonly term: number;
      readonly index: number;
      readonly change: ConfChange;
    }
  | {
      readonly type: "snapshotInstalled";
      readonly member: number;
      readonly term: number;
      readonly index: number;
    };

export interface RaftConfig {
  /** This member's id (non-zero, like etcd). */
  readonly id: number;
  /** All voters, including this member, when starting a new group (ignored if storage holds a ConfState). */
  readonly peers: readonly number[];
  /** Learners at start (non-voting members). */
  readonly learners?: readonly number[];
  /** etcd-io/raft tests use 10; etcd's default is election-timeout 1000 ms / heartbeat 100 ms. */
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly preVote?: boolean;
  readonly checkQuorum?: boolean;
  /**
   * The randomized election timeout is electionTick + a uniform draw in [0, electionJitter − 1].
   * Default electionTick, which is etcd-io/raft's [electionTick, 2·electionTick − 1]; the Raft
   * paper's figure 16 varies it (150–150 ms is jitter 1, 150–300 ms is jitter 150 at 1 ms ticks).
   */
  readonly electionJitter?: number;
  /** The seeded PRNG that draws the randomized election timeout. */
  readonly random: Random;
  /** Persisted state to restart from (a crash keeps exactly this). */
  readonly storage?: PersistentState;
  /** Most entries carried by one MsgApp (etcd limits by bytes, MaxSizePerMsg). */
  readonly maxEntriesPerMsg?: number;
}

/** A message with etcd's zero values for every field not given. */
export function message(fields: Partial<Message> & Pick<Message, "type">): Message {
  return {
    from: NONE,
    to: NONE,
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    reject: false,
    rejectHint: 0,
    ...fields,
  };
}
