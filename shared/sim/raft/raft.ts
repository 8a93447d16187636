/**
 * Raft as a pure state machine, shaped like etcd-io/raft's raft.go: no network, disk or clock. The
 * caller ticks it, steps messages in, and takes messages, committed entries, read states and events
 * out. One step function per role (stepLeader, stepCandidate, stepFollower) and a becomeX for every
 * transition, so that it reads like the paper (Ongaro & Ousterhout, extended version).
 *
 * Differences from etcd-io/raft:
 * - there is no Ready/Advance: every change is durable as soon as step() returns, and
 *   persistentState() is what a crash keeps;
 * - a conf change takes effect when its entry commits (etcd waits for the application to apply
 *   it and call ApplyConfChange; here the member does it itself, so nothing has to call back);
 * - a leader removed from the group steps down (etcd's StepDownOnRemoval);
 * - a new leader accepts no conf change until its blank entry commits (etcd waits only for the
 *   entries before it), the rule Ongaro gave for single-server changes; "pending" means not yet
 *   committed (etcd: not yet applied), and a committed joint configuration is left at once
 *   (etcd: once applied);
 * - an invalid conf change (one that would remove every voter, say) commits as a no-op; etcd-io/raft
 *   panics, trusting the application never to propose one;
 * - the uncommitted tail shrinks as entries commit (etcd: as they are applied);
 * - entry sizes are the bytes of the data's JSON (etcd: of the protobuf), see payloadSize.
 */
import type { Random } from "../random.ts";
import {
  type ChangedConfig,
  ConfChangeError,
  changeConfig,
  installConfig,
  restoreConfig,
} from "./confchange.ts";
import { EMPTY_SNAPSHOT, RaftLog } from "./log.ts";
import { type Progress, ProgressTracker } from "./progress.ts";
import { jointVoteResult, type VoteResult } from "./quorum.ts";
import {
  type ConfChange,
  type ConfChangeV2,
  type ConfState,
  type Entry,
  type Message,
  type MessageType,
  message,
  NONE,
  type PersistentState,
  payloadSize,
  type RaftConfig,
  type RaftEvent,
  type ReadOnlyOption,
  type ReadState,
  type Snapshot,
  type StateType,
} from "./types.ts";

/** etcd-io/raft: the vote context that lets a leader transfer override the leader lease. */
export const CAMPAIGN_TRANSFER = "CampaignTransfer";

type CampaignType = "CampaignPreElection" | "CampaignElection" | "CampaignTransfer";

/** A ReadIndex request waiting for a quorum of heartbeat acknowledgements (etcd's readOnly). */
interface PendingRead {
  readonly index: number;
  readonly request: Message;
  readonly acks: Set<number>;
}

/** etcd-io/raft's tests' MaxInflightMsgs (newTestConfig); etcd itself sets 512 (see EtcdMember). */
const DEFAULT_MAX_INFLIGHT_MSGS = 256;

/** The payload bytes of entries (payloadsSize); sizes are cached, entries being immutable. */
const sizes = new WeakMap<Entry, number>();
function entrySize(e: Entry): number {
  let n = sizes.get(e);
  if (n === undefined) {
    n = payloadSize(e.data);
    sizes.set(e, n);
  }
  return n;
}
function entriesSize(ents: readonly Entry[]): number {
  let n = 0;
  for (const e of ents) n += entrySize(e);
  return n;
}

export class RaftNode {
  readonly id: number;
  state: StateType = "follower";
  term = 0;
  vote = NONE;
  lead = NONE;
  /** Ticks since the last election timeout reset (etcd tests set it to fake elapsed time). */
  electionElapsed = 0;
  /** Drawn uniformly from [electionTick, 2·electionTick − 1] at every reset (etcd-io/raft). */
  randomizedElectionTimeout = 0;
  /** The member a leadership transfer is handing over to, or NONE. */
  leadTransferee = NONE;
  readonly electionTimeout: number;
  /** The randomized timeout is electionTimeout + a draw in [0, electionJitter − 1]. */
  readonly electionJitter: number;
  readonly heartbeatTimeout: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly readOnlyOption: ReadOnlyOption;

  private readonly raftLog: RaftLog;
  private tracker: ProgressTracker;
  private readonly random: Random;
  private readonly maxSizePerMsg: number;
  private readonly maxUncommittedSize: number;
  /** The payload bytes of the leader's uncommitted tail (an estimate that never overshoots). */
  private uncommittedSize = 0;
  private heartbeatElapsed = 0;
  /** The leader proposes no conf change while one it appended is not yet committed. */
  private pendingConfIndex = 0;
  private pendingReads = new Map<string, PendingRead>();
  private pendingReadOrder: string[] = [];
  /** ReadIndex requests that arrived before the leader committed an entry of its term. */
  private pendingReadIndexMessages: Message[] = [];
  private quorumLost = false;
  /** The configuration the group started with, to rebuild a snapshot's ConfState from the log. */
  private initialConf: ConfState = { voters: [], learners: [] };

  private msgs: Message[] = [];
  private readStates: ReadState[] = [];
  private events: RaftEvent[] = [];
  private snapshotToApply: Snapshot | null = null;

  constructor(config: RaftConfig) {
    if (config.id === NONE) throw new Error("raft: cannot use 0 as a member id");
    if (config.heartbeatTick <= 0) throw new Error("raft: heartbeatTick must be greater than 0");
    if (config.electionTick <= config.heartbeatTick) {
      throw new Error("raft: electionTick must be greater than heartbeatTick");
    }
    this.id = config.id;
    this.electionTimeout = config.electionTick;
    this.electionJitter = config.electionJitter ?? config.electionTick;
    if (!Number.isInteger(this.electionJitter) || this.electionJitter < 1) {
      throw new Error("raft: electionJitter must be a positive integer");
    }
    this.heartbeatTimeout = config.heartbeatTick;
    this.preVote = config.preVote ?? false;
    this.checkQuorum = config.checkQuorum ?? false;
    this.readOnlyOption = config.readOnlyOption ?? "safe";
    // etcd-io/raft Config.validate.
    if (this.readOnlyOption === "leaseBased" && !this.checkQuorum) {
      throw new Error("raft: CheckQuorum must be enabled when ReadOnlyOption is ReadOnlyLeaseBased");
    }
    const maxInflight = config.maxInflightMsgs ?? DEFAULT_MAX_INFLIGHT_MSGS;
    if (!(maxInflight > 0)) throw new Error("raft: max inflight messages must be greater than 0");
    this.maxSizePerMsg = config.maxSizePerMsg ?? Number.POSITIVE_INFINITY;
    const maxInflightBytes = config.maxInflightBytes ?? 0;
    if (maxInflightBytes !== 0 && maxInflightBytes < this.maxSizePerMsg) {
      throw new Error("raft: max inflight bytes must be >= max message size");
    }
    this.maxUncommittedSize = config.maxUncommittedEntriesSize ?? Number.POSITIVE_INFINITY;
    this.tracker = new ProgressTracker(maxInflight, maxInflightBytes);
    this.random = config.random;

    const storage = config.storage;
    const snapshot = storage?.snapshot ?? EMPTY_SNAPSHOT;
    this.raftLog = new RaftLog(snapshot, storage?.entries ?? [], storage?.hardState.commit ?? 0);
    const confState = snapshot.metadata.confState;
    if (confState.voters.length === 0) {
      this.initialConf = { voters: [...config.peers], learners: [...(config.learners ?? [])] };
    }
    this.installConfig(this.restoreConfState(confState.voters.length > 0 ? confState : this.initialConf));
    // The configuration is the snapshot's plus every conf change committed after it.
    for (const e of this.raftLog.slice(snapshot.metadata.index + 1, this.raftLog.committed + 1)) {
      const cc = confChangeOf(e);
      if (cc) this.tryChangeConfig(cc);
    }
    if (storage) {
      this.term = storage.hardState.term;
      this.vote = storage.hardState.vote;
    }
    // A restarted member's state machine starts from its snapshot, like one received from a leader.
    if (snapshot.metadata.index > 0) this.snapshotToApply = snapshot;
    this.becomeFollower(this.term, NONE);
    // A member (re)starting is not news for the game.
    this.events = [];
  }

  // ---- readable state -------------------------------------------------------------------------

  /** The retained log entries (after the last snapshot); indexes start at 1. */
  get log(): readonly Entry[] {
    return this.raftLog.entries;
  }

  get snapshot(): Snapshot {
    return this.raftLog.snapshot;
  }

  get commitIndex(): number {
    return this.raftLog.committed;
  }

  get appliedIndex(): number {
    return this.raftLog.applied;
  }

  get lastIndex(): number {
    return this.raftLog.lastIndex();
  }

  get lastTerm(): number {
    return this.raftLog.lastTerm();
  }

  /** The term of entry `index`, or undefined if compacted or absent. */
  termAt(index: number): number | undefined {
    return this.raftLog.term(index);
  }

  get isLearner(): boolean {
    return this.tracker.progress.get(this.id)?.isLearner ?? false;
  }

  get confState(): ConfState {
    return this.tracker.confState();
  }

  /** The leader's view of a member's replication (for the Raft panel and tests). */
  progressOf(id: number): Readonly<Progress> | undefined {
    return this.tracker.progress.get(id);
  }

  /** The payload bytes of the leader's uncommitted tail (MaxUncommittedEntriesSize counts these). */
  get uncommittedBytes(): number {
    return this.uncommittedSize;
  }

  // ---- inputs ---------------------------------------------------------------------------------

  /** One logical clock tick (etcd's Node.Tick). */
  tick(): void {
    if (this.state === "leader") this.tickHeartbeat();
    else this.tickElection();
  }

  /** Proposes `data` for the log; false when the proposal is dropped (no leader, transfer). */
  propose(data: unknown): boolean {
    return this.stepProposal(message({ type: "MsgProp", entries: [normalEntry(data)] }));
  }

  /**
   * Proposes a membership change, one voter at a time (ConfChange) or several through joint
   * consensus (ConfChangeV2); false when dropped, or refused by the leader (another change pending,
   * a joint configuration to leave first, nothing to leave).
   */
  proposeConfChange(change: ConfChange | ConfChangeV2): boolean {
    if (this.state === "leader" && this.confChangeRefusal(change) !== null) return false;
    const entry: Entry = {
      index: 0,
      term: 0,
      type: "changes" in change ? "EntryConfChangeV2" : "EntryConfChange",
      data: change,
    };
    return this.stepProposal(message({ type: "MsgProp", entries: [entry] }));
  }

  /**
   * Puts a membership change in force now and returns the configuration (etcd's
   * RawNode.ApplyConfChange). Committed conf-change entries are applied by RaftNode itself; this is
   * for an application or a test that changes the configuration directly. An invalid change throws
   * and changes nothing.
   */
  applyConfChange(change: ConfChange | ConfChangeV2): ConfState {
    this.installConfig(changeConfig({ tracker: this.tracker, lastIndex: this.raftLog.lastIndex() }, change));
    this.afterConfChange();
    return this.tracker.confState();
  }

  /** The transport could not deliver a message to `id` (etcd's Node.ReportUnreachable). */
  reportUnreachable(id: number): void {
    this.step(message({ type: "MsgUnreachable", from: id }));
  }

  /** The transport's word on the snapshot sent to `id` (etcd's Node.ReportSnapshot). */
  reportSnapshot(id: number, status: "finish" | "failure"): void {
    this.step(message({ type: "MsgSnapStatus", from: id, reject: status === "failure" }));
  }

  /** Starts an election now (a local MsgHup). */
  campaign(): void {
    this.step(message({ type: "MsgHup" }));
  }

  /** Asks the leader (this member or the one it knows) to hand leadership over to `to`. */
  transferLeader(to: number): void {
    this.step(message({ type: "MsgTransferLeader", from: to }));
  }

  /** Requests a linearizable read point for `context`; the answer comes out of takeReadStates(). */
  readIndex(context: string): void {
    this.step(message({ type: "MsgReadIndex", context }));
  }

  /** Compacts the log up to `index` (≤ applied) into a snapshot holding the state machine's `data`. */
  compact(index: number, data: unknown): void {
    const current = this.raftLog.snapshot.metadata.index;
    if (index <= current) return;
    if (index > this.raftLog.applied) {
      throw new Error(`raft: cannot compact to ${index}, beyond the applied index ${this.raftLog.applied}`);
    }
    const term = this.raftLog.term(index) ?? 0;
    this.raftLog.compact({ metadata: { index, term, confState: this.confStateAt(index) }, data });
  }

  step(m: Message): void {
    if (m.term === 0) {
      // A local message.
    } else if (m.term > this.term) {
      if (m.type === "MsgVote" || m.type === "MsgPreVote") {
        const force = m.context === CAMPAIGN_TRANSFER;
        // etcd-io/raft: with check-quorum a member that heard from a leader within the minimum
        // election timeout ignores votes (the leader lease), so a partitioned member rejoining
        // with a higher term cannot depose a healthy leader.
        const inLease = this.checkQuorum && this.lead !== NONE && this.electionElapsed < this.electionTimeout;
        if (!force && inLease) return;
      }
      if (m.type === "MsgPreVote") {
        // Never change our term in response to a pre-vote.
      } else if (m.type === "MsgPreVoteResp" && !m.reject) {
        // A granted pre-vote carries the future term; the pre-candidate keeps its own.
      } else if (m.type === "MsgApp" || m.type === "MsgHeartbeat" || m.type === "MsgSnap") {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.checkQuorum || this.preVote) && (m.type === "MsgHeartbeat" || m.type === "MsgApp")) {
        // etcd-io/raft: answer a stale leader so that it learns the new term and steps down; with
        // check-quorum or pre-vote a partitioned member's term does not rise, so this is how the
        // old leader finds out.
        this.send(message({ type: "MsgAppResp", to: m.from }));
      } else if (m.type === "MsgPreVote") {
        this.send(message({ type: "MsgPreVoteResp", to: m.from, term: this.term, reject: true }));
        this.events.push(voteEvent("voteDenied", this.id, this.term, m.from, true));
      }
      return;
    }

    switch (m.type) {
      case "MsgHup":
        this.hup(this.preVote ? "CampaignPreElection" : "CampaignElection");
        return;
      case "MsgVote":
      case "MsgPreVote": {
        // Paper figure 2, RequestVote receiver: grant if we have not voted for someone else this
        // term and the candidate's log is at least as up-to-date; a pre-vote for a later term may
        // always be granted (it changes nothing).
        const canVote =
          this.vote === m.from ||
          (this.vote === NONE && this.lead === NONE) ||
          (m.type === "MsgPreVote" && m.term > this.term);
        const preVote = m.type === "MsgPreVote";
        const responseType: MessageType = preVote ? "MsgPreVoteResp" : "MsgVoteResp";
        if (canVote && this.raftLog.isUpToDate(m.index, m.logTerm)) {
          this.send(message({ type: responseType, to: m.from, term: m.term }));
          if (!preVote) {
            this.electionElapsed = 0;
            this.vote = m.from;
          }
          this.events.push(voteEvent("voteGranted", this.id, m.term, m.from, preVote));
        } else {
          this.send(message({ type: responseType, to: m.from, term: this.term, reject: true }));
          this.events.push(voteEvent("voteDenied", this.id, this.term, m.from, preVote));
        }
        return;
      }
      default:
        switch (this.state) {
          case "leader":
            this.stepLeader(m);
            return;
          case "candidate":
          case "precandidate":
            this.stepCandidate(m);
            return;
          case "follower":
            this.stepFollower(m);
            return;
        }
    }
  }

  // ---- outputs --------------------------------------------------------------------------------

  /** Drains the messages to send. */
  readMessages(): Message[] {
    if (this.msgs.length === 0) return [];
    const msgs = this.msgs;
    this.msgs = [];
    return msgs;
  }

  /** Drains the entries committed since the last call, in log order, to apply. */
  takeCommitted(): Entry[] {
    const { applied, committed } = this.raftLog;
    if (committed <= applied) return [];
    const entries = this.raftLog.slice(applied + 1, committed + 1);
    this.raftLog.applied = committed;
    return entries;
  }

  /**
   * The snapshot the state machine must restore before applying takeCommitted(): one installed
   * from the leader, or, right after a restart, the member's own last snapshot.
   */
  takeSnapshot(): Snapshot | null {
    const s = this.snapshotToApply;
    this.snapshotToApply = null;
    return s;
  }

  takeReadStates(): ReadState[] {
    const rs = this.readStates;
    this.readStates = [];
    return rs;
  }

  takeEvents(): RaftEvent[] {
    if (this.events.length === 0) return [];
    const events = this.events;
    this.events = [];
    return events;
  }

  /** What survives a crash: hard state, snapshot and log; restart with `storage: persistentState()`. */
  persistentState(): PersistentState {
    return {
      hardState: { term: this.term, vote: this.vote, commit: this.raftLog.committed },
      snapshot: this.raftLog.snapshot,
      entries: [...this.raftLog.entries],
    };
  }

  // ---- transitions ----------------------------------------------------------------------------

  becomeFollower(term: number, lead: number): void {
    this.reset(term);
    this.lead = lead;
    this.setState("follower");
  }

  becomePreCandidate(): void {
    if (this.state === "leader") throw new Error("raft: invalid transition [leader -> pre-candidate]");
    // Pre-vote (Ongaro's thesis §9.6): ask first, without raising the term, whether an election
    // could be won; the term and vote stay untouched.
    this.tracker.resetVotes();
    this.lead = NONE;
    this.setState("precandidate");
  }

  becomeCandidate(): void {
    if (this.state === "leader") throw new Error("raft: invalid transition [leader -> candidate]");
    this.reset(this.term + 1);
    this.vote = this.id;
    this.setState("candidate");
  }

  becomeLeader(): void {
    if (this.state === "follower") throw new Error("raft: invalid transition [follower -> leader]");
    this.reset(this.term);
    this.lead = this.id;
    this.setState("leader");
    const self = this.tracker.progress.get(this.id);
    if (self) {
      self.becomeReplicate();
      self.recentActive = true;
    }
    this.events.push({
      type: "leaderElected",
      member: this.id,
      term: this.term,
      index: this.raftLog.lastIndex() + 1,
    });
    // Paper §8: a new leader commits a blank entry of its own term.
    this.appendEntry([normalEntry(null)]);
    // No conf change until that entry commits: the fix for single-server membership changes
    // (Ongaro, raft-dev, 2015). etcd sets this before appending the blank entry; we include it.
    this.pendingConfIndex = this.raftLog.lastIndex();
  }

  // ---- timers ---------------------------------------------------------------------------------

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.step(message({ type: "MsgHup" }));
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      this.step(message({ type: "MsgCheckQuorum" }));
      // etcd-io/raft: a transfer that did not finish within an election timeout is abandoned.
      if (this.state === "leader" && this.leadTransferee !== NONE) this.leadTransferee = NONE;
    }
    if (this.state !== "leader") return;
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.step(message({ type: "MsgBeat" }));
    }
  }

  // ---- role step functions --------------------------------------------------------------------

  private stepLeader(m: Message): void {
    switch (m.type) {
      case "MsgBeat":
        this.bcastHeartbeat();
        return;
      case "MsgCheckQuorum": {
        const active = this.tracker.quorumActive(this.id);
        if (!active) {
          if (!this.quorumLost) this.events.push({ type: "quorumLost", member: this.id, term: this.term });
          this.quorumLost = true;
          // Paper §6.2 / etcd check-quorum: a leader that cannot reach a majority steps down.
          if (this.checkQuorum) this.becomeFollower(this.term, NONE);
        } else if (this.quorumLost) {
          this.quorumLost = false;
          this.events.push({ type: "quorumRestored", member: this.id, term: this.term });
        }
        for (const [id, pr] of this.tracker.progress) pr.recentActive = id === this.id;
        return;
      }
      case "MsgProp":
        this.stepProposal(m);
        return;
      case "MsgReadIndex":
        if (this.tracker.isSingleton()) {
          this.respondToReadIndex(m, this.raftLog.committed);
        } else if (!this.committedEntryInCurrentTerm()) {
          // Thesis §6.4: the leader's commit index is only known to be current once an entry of
          // its own term has committed.
          this.pendingReadIndexMessages.push(m);
        } else {
          this.sendReadIndexResponse(m);
        }
        return;
    }

    const pr = this.tracker.progress.get(m.from);
    if (!pr) return;
    switch (m.type) {
      case "MsgAppResp":
        pr.recentActive = true;
        if (m.reject) {
          // Fast back-tracking (paper §5.3, etcd's findConflictByTerm): skip every entry of the
          // conflicting term at once instead of one index per round trip.
          let nextProbe = m.rejectHint;
          if (m.logTerm > 0) [nextProbe] = this.raftLog.findConflictByTerm(m.rejectHint, m.logTerm);
          if (pr.maybeDecrTo(m.index, nextProbe)) {
            if (pr.state === "replicate") pr.becomeProbe();
            this.sendAppend(m.from);
          }
          return;
        }
        // An acknowledgement of exactly the probed match also ends probing
        // (heartbeat_resp_recovers_from_probing.txt).
        if (!pr.maybeUpdate(m.index) && !(pr.match === m.index && pr.state === "probe")) return;
        if (pr.state === "probe") {
          pr.becomeReplicate();
        } else if (pr.state === "snapshot" && pr.match + 1 >= this.raftLog.firstIndex()) {
          // The follower can be caught up from the log: back to replicating, via probe so that
          // the snapshot's index counts.
          pr.becomeProbe();
          pr.becomeReplicate();
        } else if (pr.state === "replicate") {
          pr.inflights.freeLE(m.index);
        }
        if (this.maybeCommit()) {
          this.bcastAppend();
        } else if (m.from !== this.id && pr.canBumpCommit(this.raftLog.committed)) {
          // The follower may not know the latest commit index: tell it before the next heartbeat.
          this.sendAppend(m.from);
        }
        if (this.state !== "leader") return; // a committed conf change removed us
        // Acknowledgements may have opened the window: send what fits, without empty messages.
        while (this.maybeSendAppend(m.from, false)) {
          // Keep streaming while there are entries the follower lacks and the window allows.
        }
        if (m.from === this.leadTransferee && pr.match === this.raftLog.lastIndex()) {
          this.sendTimeoutNow(m.from);
        }
        return;
      case "MsgHeartbeatResp": {
        pr.recentActive = true;
        pr.msgAppFlowPaused = false;
        // A paused follower (full window, or probing) gets an append, even an empty one, so that a
        // flow whose MsgApps were all lost recovers; in snapshot state sendAppend does nothing.
        if (pr.match < this.raftLog.lastIndex() || pr.state === "probe") this.sendAppend(m.from);
        if (this.readOnlyOption === "safe" && m.context) this.ackReadIndex(m.from, m.context);
        return;
      }
      case "MsgSnapStatus":
        if (pr.state !== "snapshot") return;
        // A failed snapshot is forgotten before probing, or the leader would probe from its index.
        if (m.reject) pr.pendingSnapshot = 0;
        pr.becomeProbe();
        // After a success wait for the follower's MsgAppResp; after a failure, for a heartbeat.
        pr.msgAppFlowPaused = true;
        return;
      case "MsgUnreachable":
        // In optimistic replication an unreachable follower has most likely lost a MsgApp.
        if (pr.state === "replicate") pr.becomeProbe();
        return;
      case "MsgTransferLeader": {
        if (pr.isLearner) return;
        const transferee = m.from;
        if (this.leadTransferee !== NONE) {
          if (this.leadTransferee === transferee) return;
          this.leadTransferee = NONE;
        }
        if (transferee === this.id) return;
        // The transfer must finish within one election timeout.
        this.electionElapsed = 0;
        this.leadTransferee = transferee;
        if (pr.match === this.raftLog.lastIndex()) this.sendTimeoutNow(transferee);
        else this.sendAppend(transferee);
        return;
      }
    }
  }

  private stepCandidate(m: Message): void {
    const myVoteResp: MessageType = this.state === "precandidate" ? "MsgPreVoteResp" : "MsgVoteResp";
    switch (m.type) {
      case "MsgProp":
        return; // no leader: dropped
      case "MsgApp":
        this.becomeFollower(m.term, m.from);
        this.handleAppendEntries(m);
        return;
      case "MsgHeartbeat":
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case "MsgSnap":
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case "MsgReadIndex":
        return; // no leader: dropped
      default:
        if (m.type !== myVoteResp) return;
        switch (this.poll(m.from, !m.reject)) {
          case "VoteWon":
            if (this.state === "precandidate") {
              this.startCampaign("CampaignElection");
            } else {
              this.becomeLeader();
              this.bcastAppend();
            }
            return;
          case "VoteLost":
            // A pre-candidate keeps its term; a candidate stays in the term it started.
            this.becomeFollower(this.term, NONE);
            return;
          case "VotePending":
            return;
        }
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case "MsgProp":
        this.stepProposal(m);
        return;
      case "MsgApp":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppendEntries(m);
        return;
      case "MsgHeartbeat":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case "MsgSnap":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case "MsgTransferLeader":
        if (this.lead === NONE) return;
        this.send({ ...m, to: this.lead });
        return;
      case "MsgTimeoutNow":
        // Leader transfer (thesis §3.10): campaign at once, skipping pre-vote, overriding leases.
        this.hup("CampaignTransfer");
        return;
      case "MsgReadIndex":
        if (this.lead === NONE) return;
        this.send({ ...m, to: this.lead });
        return;
      case "MsgReadIndexResp":
        this.readStates.push({ index: m.index, context: m.context ?? "" });
        return;
    }
  }

  // ---- elections ------------------------------------------------------------------------------

  /**
   * etcd-io/raft promotable(): a voter (not a learner) with no snapshot received but not yet
   * applied — one "should not campaign before actually applying data" (etcd-io/raft TestRestore;
   * etcd PR #12163).
   */
  private promotable(): boolean {
    const pr = this.tracker.progress.get(this.id);
    return pr !== undefined && !pr.isLearner && this.snapshotToApply === null;
  }

  private hup(t: CampaignType): void {
    if (this.state === "leader") return;
    if (!this.promotable()) return;
    this.startCampaign(t);
  }

  private startCampaign(t: CampaignType): void {
    let voteType: MessageType;
    let term: number;
    if (t === "CampaignPreElection") {
      this.becomePreCandidate();
      voteType = "MsgPreVote";
      // A pre-vote asks for the term we would campaign in, without moving to it.
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteType = "MsgVote";
      term = this.term;
    }
    if (this.poll(this.id, true) === "VoteWon") {
      // A single-voter group wins at once.
      if (t === "CampaignPreElection") this.startCampaign("CampaignElection");
      else this.becomeLeader();
      return;
    }
    const context = t === "CampaignTransfer" ? CAMPAIGN_TRANSFER : undefined;
    // Every voter of both majorities in a joint configuration (thesis §4.3).
    for (const id of this.tracker.voterIds()) {
      if (id === this.id) continue;
      this.send(
        message({
          type: voteType,
          to: id,
          term,
          index: this.raftLog.lastIndex(),
          logTerm: this.raftLog.lastTerm(),
          ...(context ? { context } : {}),
        }),
      );
    }
  }

  private poll(id: number, granted: boolean): VoteResult {
    this.tracker.recordVote(id, granted);
    return this.tracker.tallyVotes();
  }

  // ---- replication ----------------------------------------------------------------------------

  /** A proposal arriving at this member, local or forwarded; false when dropped. */
  private stepProposal(m: Message): boolean {
    if (this.state === "follower") {
      if (this.lead === NONE) return false;
      this.send({ ...m, to: this.lead });
      return true;
    }
    if (this.state !== "leader") return false;
    if (!this.tracker.progress.has(this.id)) return false;
    // etcd-io/raft: proposals are refused while leadership is being handed over.
    if (this.leadTransferee !== NONE) return false;
    const entries = m.entries.map((e, i): Entry => {
      const cc = confChangeOf(e);
      if (!cc) return e;
      if (this.confChangeRefusal(cc) !== null) {
        // A refused conf change becomes an empty entry, as in etcd.
        return { index: 0, term: 0, type: "EntryNormal", data: null };
      }
      this.pendingConfIndex = this.raftLog.lastIndex() + i + 1;
      return e;
    });
    if (entries.length === 0) return false;
    if (!this.appendEntry(entries)) return false;
    this.bcastAppend();
    return true;
  }

  /**
   * Why the leader would refuse a conf change now (etcd-io/raft stepLeader's checks), or null: one
   * change at a time; a joint configuration must be left before another change; only a joint
   * configuration can be left.
   */
  private confChangeRefusal(change: ConfChange | ConfChangeV2): string | null {
    const wantsLeaveJoint = "changes" in change && change.changes.length === 0;
    if (this.pendingConfIndex > this.raftLog.committed) return "possible uncommitted conf change";
    if (this.tracker.isJoint && !wantsLeaveJoint) return "must transition out of joint config first";
    if (!this.tracker.isJoint && wantsLeaveJoint) return "not in joint state; refusing empty conf change";
    return null;
  }

  /** Appends entries of this term; false (nothing appended) when they would overflow MaxUncommittedEntriesSize. */
  private appendEntry(entries: readonly Entry[]): boolean {
    let index = this.raftLog.lastIndex();
    const stamped = entries.map(
      (e): Entry => ({ index: ++index, term: this.term, type: e.type, data: e.data }),
    );
    if (!this.increaseUncommittedSize(stamped)) return false;
    this.raftLog.append(stamped);
    this.tracker.progress.get(this.id)?.maybeUpdate(this.raftLog.lastIndex());
    this.maybeCommit();
    return true;
  }

  /**
   * etcd-io/raft increaseUncommittedSize: a proposal that would push the uncommitted tail past the
   * limit is dropped; an empty tail takes a proposal of any size, and empty entries always go (a
   * new leader's blank entry, leaving a joint configuration).
   */
  private increaseUncommittedSize(entries: readonly Entry[]): boolean {
    const size = entriesSize(entries);
    if (this.uncommittedSize > 0 && size > 0 && this.uncommittedSize + size > this.maxUncommittedSize) {
      return false;
    }
    this.uncommittedSize += size;
    return true;
  }

  /**
   * Paper §5.4.2 (figure 8): the leader commits the largest index stored on a majority (on both
   * majorities when joint), but only if that entry is from its current term; earlier entries
   * commit with it.
   */
  private maybeCommit(): boolean {
    const index = this.tracker.committed();
    if (index <= this.raftLog.committed || this.raftLog.term(index) !== this.term) return false;
    this.commitTo(index);
    return true;
  }

  /** Advances the commit index, applying conf changes as their entries commit. */
  private commitTo(index: number): void {
    if (index <= this.raftLog.committed) return;
    if (index > this.raftLog.lastIndex()) {
      throw new Error(`raft: commit ${index} is beyond the last index ${this.raftLog.lastIndex()}`);
    }
    let confChanged = false;
    // The members the leader replicated to before the change, with what they hold.
    const before = this.state === "leader" ? new Map(this.tracker.progress) : null;
    for (let i = this.raftLog.committed + 1; i <= index; i++) {
      this.raftLog.committed = i;
      const e = this.raftLog.entry(i);
      if (!e) continue;
      if (this.state === "leader") this.uncommittedSize = Math.max(0, this.uncommittedSize - entrySize(e));
      const cc = confChangeOf(e);
      if (cc) {
        this.commitConfChange(cc, i);
        confChanged = true;
      }
    }
    this.events.push({ type: "entryCommitted", member: this.id, term: this.term, index });
    if (this.state === "leader" && this.committedEntryInCurrentTerm()) {
      if (this.quorumLost) {
        this.quorumLost = false;
        this.events.push({ type: "quorumRestored", member: this.id, term: this.term });
      }
      const reads = this.pendingReadIndexMessages;
      this.pendingReadIndexMessages = [];
      for (const r of reads) this.stepLeader(r);
    }
    if (confChanged && before) {
      // etcd-io/raft broadcasts the new commit index before it applies the change, so the members
      // it removes learn that their removal committed: tell them here, as it stops replicating to
      // them.
      for (const [id, pr] of before) {
        if (id === this.id || this.tracker.progress.has(id)) continue;
        const commit = Math.min(pr.match, this.raftLog.committed);
        this.send(message({ type: "MsgHeartbeat", to: id, commit }));
      }
    }
    if (confChanged && this.state === "leader") {
      // The quorum may have changed: commit what the new majority holds, and probe new members.
      if (this.maybeCommit()) this.bcastAppend();
      else for (const id of this.tracker.ids()) if (id !== this.id) this.maybeSendAppend(id, false);
      // etcd-io/raft appliedTo: a joint configuration entered with auto-leave is left by the
      // leader as soon as it is in force, with an empty ConfChangeV2.
      if (
        this.state === "leader" &&
        this.tracker.autoLeave &&
        this.raftLog.committed >= this.pendingConfIndex
      ) {
        this.proposeConfChange({ transition: "auto", changes: [] });
      }
    }
  }

  private committedEntryInCurrentTerm(): boolean {
    return this.raftLog.term(this.raftLog.committed) === this.term;
  }

  private bcastAppend(): void {
    for (const id of this.tracker.ids()) if (id !== this.id) this.sendAppend(id);
  }

  private sendAppend(to: number): void {
    this.maybeSendAppend(to, true);
  }

  /**
   * Sends the follower what it lacks (etcd-io/raft maybeSendAppend): entries from `next`, at most
   * MaxSizePerMsg bytes of them (at least one), or the snapshot if they are compacted. A paused
   * follower gets nothing; one in replicate state with a full window gets an empty MsgApp, so that
   * a flow whose messages were all lost can recover.
   */
  private maybeSendAppend(to: number, sendIfEmpty: boolean): boolean {
    const pr = this.tracker.progress.get(to);
    if (this.state !== "leader" || !pr || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.raftLog.term(prevIndex);
    if (prevTerm === undefined) {
      // Paper §7: the entries the follower needs were compacted: send the snapshot instead.
      if (!pr.recentActive) return false;
      const snapshot = this.raftLog.snapshot;
      pr.becomeSnapshot(snapshot.metadata.index);
      this.send(message({ type: "MsgSnap", to, snapshot }));
      return true;
    }
    const entries = pr.state !== "replicate" || !pr.inflights.full() ? this.entriesFrom(pr.next) : [];
    if (entries.length === 0 && !sendIfEmpty) return false;
    this.send(
      message({
        type: "MsgApp",
        to,
        index: prevIndex,
        logTerm: prevTerm,
        entries,
        commit: this.raftLog.committed,
      }),
    );
    pr.sentEntries(entries.length, entriesSize(entries));
    pr.sentCommit = this.raftLog.committed;
    return true;
  }

  /** Entries from `lo` on, at most MaxSizePerMsg payload bytes but always at least one (limitSize). */
  private entriesFrom(lo: number): Entry[] {
    const all = this.raftLog.slice(lo, this.raftLog.lastIndex() + 1);
    if (this.maxSizePerMsg === Number.POSITIVE_INFINITY || all.length <= 1) return all;
    let size = entrySize(all[0] as Entry);
    for (let n = 1; n < all.length; n++) {
      size += entrySize(all[n] as Entry);
      if (size > this.maxSizePerMsg) return all.slice(0, n);
    }
    return all;
  }

  private bcastHeartbeat(context?: string): void {
    for (const id of this.tracker.ids()) {
      if (id === this.id) continue;
      const pr = this.tracker.progress.get(id);
      // etcd: never tell a follower to commit beyond what it is known to hold.
      const commit = Math.min(pr?.match ?? 0, this.raftLog.committed);
      this.send(message({ type: "MsgHeartbeat", to: id, commit, ...(context ? { context } : {}) }));
      if (pr) pr.sentCommit = commit;
    }
  }

  private sendTimeoutNow(to: number): void {
    this.send(message({ type: "MsgTimeoutNow", to }));
  }

  // ---- follower handlers ----------------------------------------------------------------------

  private handleAppendEntries(m: Message): void {
    if (m.index < this.raftLog.committed) {
      this.send(message({ type: "MsgAppResp", to: m.from, index: this.raftLog.committed }));
      return;
    }
    const lastNew = this.raftLog.maybeAppend(m.index, m.logTerm, m.entries);
    if (lastNew !== undefined) {
      this.commitTo(Math.min(m.commit, lastNew));
      this.send(message({ type: "MsgAppResp", to: m.from, index: lastNew }));
      return;
    }
    // Reject with a hint (etcd): the largest index ≤ the probed one whose term is ≤ the probed
    // term, so the leader can skip a whole term of conflicting entries in one round trip.
    const [hintIndex, hintTerm] = this.raftLog.findConflictByTerm(
      Math.min(m.index, this.raftLog.lastIndex()),
      m.logTerm,
    );
    this.send(
      message({
        type: "MsgAppResp",
        to: m.from,
        index: m.index,
        reject: true,
        rejectHint: hintIndex,
        logTerm: hintTerm,
      }),
    );
  }

  private handleHeartbeat(m: Message): void {
    this.commitTo(Math.min(m.commit, this.raftLog.lastIndex()));
    this.send(
      message({ type: "MsgHeartbeatResp", to: m.from, ...(m.context ? { context: m.context } : {}) }),
    );
  }

  private handleSnapshot(m: Message): void {
    const s = m.snapshot;
    if (!s) return;
    if (this.restore(s)) {
      this.send(message({ type: "MsgAppResp", to: m.from, index: this.raftLog.lastIndex() }));
    } else {
      this.send(message({ type: "MsgAppResp", to: m.from, index: this.raftLog.committed }));
    }
  }

  /** Installs a snapshot from the leader; false when it brings nothing new. */
  private restore(s: Snapshot): boolean {
    const { index, term, confState } = s.metadata;
    if (index <= this.raftLog.committed) return false;
    if (this.state !== "follower") {
      // etcd-io/raft: defensive; only a follower installs snapshots.
      this.becomeFollower(this.term + 1, NONE);
      return false;
    }
    const members = [...confState.voters, ...confState.learners, ...(confState.votersOutgoing ?? [])];
    if (!members.includes(this.id)) return false;
    if (this.raftLog.matchTerm(index, term)) {
      // We already hold the snapshot's last entry: just fast-forward the commit index.
      this.commitTo(index);
      return false;
    }
    this.raftLog.restore(s);
    this.snapshotToApply = s;
    this.tracker = new ProgressTracker(this.tracker.maxInflight, this.tracker.maxInflightBytes);
    this.installConfig(this.restoreConfState(confState));
    this.events.push({ type: "snapshotInstalled", member: this.id, term: this.term, index });
    return true;
  }

  // ---- ReadIndex (thesis §6.4, etcd's ReadOnlySafe) and lease reads ---------------------------

  /**
   * etcd-io/raft sendMsgReadIndexResponse. ReadOnlySafe confirms leadership with a round of
   * heartbeats first; ReadOnlyLeaseBased answers at once, trusting that no other leader can have
   * been elected within the leader's lease — true only while the members' clocks run at the same
   * rate (thesis §6.4.1).
   */
  private sendReadIndexResponse(m: Message): void {
    if (this.readOnlyOption === "leaseBased") this.respondToReadIndex(m, this.raftLog.committed);
    else this.startReadIndex(m);
  }

  private startReadIndex(m: Message): void {
    const context = m.context ?? "";
    if (!this.pendingReads.has(context)) {
      this.pendingReads.set(context, { index: this.raftLog.committed, request: m, acks: new Set([this.id]) });
      this.pendingReadOrder.push(context);
    }
    // Confirm leadership with a round of heartbeats carrying the request's context.
    this.bcastHeartbeat(context);
  }

  private ackReadIndex(from: number, context: string): void {
    const read = this.pendingReads.get(context);
    if (!read) return;
    read.acks.add(from);
    const votes = new Map([...read.acks].map((id): [number, boolean] => [id, true]));
    if (jointVoteResult(this.tracker.joint, votes) !== "VoteWon") return;
    // Every request queued up to this one is confirmed by the same quorum.
    const position = this.pendingReadOrder.indexOf(context);
    const done = this.pendingReadOrder.splice(0, position + 1);
    for (const c of done) {
      const r = this.pendingReads.get(c);
      this.pendingReads.delete(c);
      if (r) this.respondToReadIndex(r.request, r.index);
    }
  }

  private respondToReadIndex(request: Message, index: number): void {
    const context = request.context ?? "";
    if (request.from === NONE || request.from === this.id) {
      this.readStates.push({ index, context });
    } else {
      this.send(message({ type: "MsgReadIndexResp", to: request.from, index, context }));
    }
  }

  // ---- membership -----------------------------------------------------------------------------

  /** The configuration a ConfState describes, with fresh progress from the log's end. */
  private restoreConfState(cs: ConfState): ChangedConfig {
    return restoreConfig({ tracker: this.tracker, lastIndex: this.raftLog.lastIndex() }, cs);
  }

  /** switchToConfig: the configuration in force; the progress of members already known is kept. */
  private installConfig(cfg: ChangedConfig): void {
    installConfig(this.tracker, cfg);
  }

  /** Applies a conf change; false (and nothing changed) when it is invalid for the configuration in force. */
  private tryChangeConfig(cc: ConfChange | ConfChangeV2): boolean {
    try {
      this.installConfig(changeConfig({ tracker: this.tracker, lastIndex: this.raftLog.lastIndex() }, cc));
      return true;
    } catch (error) {
      if (error instanceof ConfChangeError) return false;
      throw error;
    }
  }

  /** The configuration in force right after entry `index` (for a snapshot's metadata). */
  private confStateAt(index: number): ConfState {
    const base = this.raftLog.snapshot.metadata.confState;
    const scratch = new ProgressTracker(this.tracker.maxInflight, this.tracker.maxInflightBytes);
    const start = restoreConfig(
      { tracker: scratch, lastIndex: 0 },
      // Never snapshotted: replay from the configuration the group started with.
      base.voters.length > 0 ? base : this.initialConf,
    );
    installConfig(scratch, start);
    for (const e of this.raftLog.slice(this.raftLog.firstIndex(), index + 1)) {
      const cc = confChangeOf(e);
      if (!cc) continue;
      try {
        installConfig(scratch, changeConfig({ tracker: scratch, lastIndex: 0 }, cc));
      } catch (error) {
        if (!(error instanceof ConfChangeError)) throw error;
      }
    }
    return scratch.confState();
  }

  /** A committed conf-change entry takes effect. */
  private commitConfChange(cc: ConfChange | ConfChangeV2, index: number): void {
    if (!this.tryChangeConfig(cc)) return;
    this.events.push({
      type: "membershipChanged",
      member: this.id,
      term: this.term,
      index,
      confState: this.tracker.confState(),
    });
    this.afterConfChange();
  }

  /** switchToConfig's second half: a transfer to a non-voter ends; a removed or demoted leader steps down. */
  private afterConfChange(): void {
    if (this.leadTransferee !== NONE && !this.tracker.isVoter(this.leadTransferee)) {
      this.leadTransferee = NONE;
    }
    if (this.state === "leader" && (!this.tracker.progress.has(this.id) || this.isLearner)) {
      // etcd's StepDownOnRemoval: a leader removed (or demoted) from the voters steps down.
      this.becomeFollower(this.term, NONE);
    }
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private reset(term: number): void {
    if (this.term !== term) {
      this.events.push({ type: "termChanged", member: this.id, term, previousTerm: this.term });
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.leadTransferee = NONE;
    this.tracker.resetVotes();
    const last = this.raftLog.lastIndex();
    for (const [id, pr] of this.tracker.progress) {
      const fresh = this.tracker.newProgress(last + 1, pr.isLearner);
      if (id === this.id) fresh.match = last;
      this.tracker.progress.set(id, fresh);
    }
    this.pendingConfIndex = 0;
    this.uncommittedSize = 0;
    this.pendingReads = new Map();
    this.pendingReadOrder = [];
    this.pendingReadIndexMessages = [];
  }

  /**
   * etcd-io/raft: randomized election timeout uniform in [electionTick, 2·electionTick − 1] (the
   * default jitter); randomness is what breaks split votes (paper §5.2, figure 16).
   */
  private resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.random.int(this.electionJitter);
  }

  private setState(state: StateType): void {
    if (this.state !== state)
      this.events.push({ type: "stateChanged", member: this.id, term: this.term, state });
    this.state = state;
  }

  private send(m: Message): void {
    // Proposals and read requests forwarded to the leader carry no term: they act as local input.
    const keepsTerm =
      m.type === "MsgVote" ||
      m.type === "MsgVoteResp" ||
      m.type === "MsgPreVote" ||
      m.type === "MsgPreVoteResp" ||
      m.type === "MsgProp" ||
      m.type === "MsgReadIndex" ||
      m.type === "MsgTransferLeader";
    this.msgs.push({ ...m, from: m.from === NONE ? this.id : m.from, term: keepsTerm ? m.term : this.term });
  }
}

function normalEntry(data: unknown): Entry {
  return { index: 0, term: 0, type: "EntryNormal", data };
}

/** The membership change an entry carries, if it is a conf-change entry. */
function confChangeOf(e: Entry): ConfChange | ConfChangeV2 | null {
  if (e.type === "EntryConfChange") return e.data as ConfChange;
  if (e.type === "EntryConfChangeV2") return e.data as ConfChangeV2;
  return null;
}

function voteEvent(
  type: "voteGranted" | "voteDenied",
  member: number,
  term: number,
  candidate: number,
  preVote: boolean,
): RaftEvent {
  return { type, member, term, candidate, preVote };
}
