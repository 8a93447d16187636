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
  | "MsgCheckQuorum"
  /** Local, from the transport: a message to `from` could not be sent (etcd's ReportUnreachable). */
  | "MsgUnreachable"
  /** Local, from the transport: the snapshot sent to `from` arrived, or failed when `reject` (ReportSnapshot). */
  | "MsgSnapStatus";

export type EntryType = "EntryNormal" | "EntryConfChange" | "EntryConfChangeV2";

/**
 * A log entry. `data` is opaque to Raft (the etcd member's KV request); the empty entry a new
 * leader appends has `data: null`; a conf-change entry carries a `ConfChange` (EntryConfChange) or
 * a `ConfChangeV2` (EntryConfChangeV2) as its data.
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

/** raftpb.ConfChangeSingle: one change inside a ConfChangeV2. */
export type ConfChangeSingle = ConfChange;

/**
 * raftpb.ConfChangeTransition: how a ConfChangeV2 uses joint consensus (thesis §4.3). `auto` uses
 * it only when needed (more than one change) and leaves it by itself; `implicit` always enters and
 * leaves by itself; `explicit` enters and waits for an empty ConfChangeV2 to leave.
 */
export type ConfChangeTransition = "auto" | "implicit" | "explicit";

/**
 * raftpb.ConfChangeV2: several changes at once through a joint configuration. The empty change
 * (no changes) leaves a joint configuration.
 */
export interface ConfChangeV2 {
  readonly transition: ConfChangeTransition;
  readonly changes: readonly ConfChangeSingle[];
}

/**
 * The membership of the group (raftpb.ConfState). In a joint configuration (thesis §4.3)
 * `votersOutgoing` holds the old voters, whose majority must also agree; `learnersNext` are voters
 * of the old configuration that become learners when it is left; `autoLeave` says the leader leaves
 * the joint configuration by itself.
 */
export interface ConfState {
  readonly voters: readonly number[];
  readonly learners: readonly number[];
  readonly votersOutgoing?: readonly number[];
  readonly learnersNext?: readonly number[];
  readonly autoLeave?: boolean;
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
      /** The configuration now in force. */
      readonly confState: ConfState;
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
  /**
   * MaxSizePerMsg: the most payload bytes one MsgApp carries (at least one entry always goes).
   * Default: no limit, as etcd-io/raft's tests; etcd sets 1 MiB.
   */
  readonly maxSizePerMsg?: number;
  /** MaxInflightMsgs: MsgApps a leader sends a follower in replicate state before it waits for acks. Default 256, as etcd-io/raft's tests; etcd sets 512. */
  readonly maxInflightMsgs?: number;
  /** MaxInflightBytes: the payload bytes in flight to one follower (default: no limit, as etcd). */
  readonly maxInflightBytes?: number;
  /** MaxUncommittedEntriesSize: a leader drops proposals once its uncommitted tail holds this many payload bytes (default: no limit, as etcd). */
  readonly maxUncommittedEntriesSize?: number;
  /**
   * ReadOnlyOption: `safe` (ReadIndex confirmed by a round of heartbeats, etcd's setting) or
   * `leaseBased` (the leader answers from its lease, which assumes bounded clock drift; requires
   * check-quorum).
   */
  readonly readOnlyOption?: ReadOnlyOption;
}

export type ReadOnlyOption = "safe" | "leaseBased";

/**
 * etcd-io/raft payloadSize: the bytes of an entry's data. Opaque data is measured as its JSON; data
 * that stands for a larger value says so with a numeric `payloadBytes`.
 */
export function payloadSize(data: unknown): number {
  if (data === null || data === undefined) return 0;
  if (typeof data === "string") return utf8Length(data);
  if (typeof data === "object" && typeof (data as { payloadBytes?: unknown }).payloadBytes === "number")
    return (data as { payloadBytes: number }).payloadBytes;
  return utf8Length(JSON.stringify(data) ?? "");
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
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
