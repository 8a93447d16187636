/**
 * One etcd member: a RaftNode, the MVCC store applied from its committed entries, and the server
 * logic between them that clients meet (etcd's `server/etcdserver`): proposals that wait for their
 * entry to apply or time out, linearizable reads through ReadIndex, serializable local reads,
 * watches, snapshots, metrics, and events for the game.
 *
 * Pure and deterministic: no clock, no timers, no I/O. The caller passes simulated time with
 * `advance(now)` (the member ticks Raft every `tickMs`), delivers Raft messages with `receive`,
 * submits client requests with `request`, and takes messages, responses, watch responses and
 * events out, as a network and clients would.
 *
 *   const m = new EtcdMember({ id: 1, peers: [1, 2, 3], random: createRandom(seed, "etcd-1") });
 *   m.advance(now);                      // time passes: ticks, timeouts, ReadIndex retries
 *   m.receive(message);                  // a Raft message from a peer
 *   m.request({ clientId, seq, request: { type: "put", key, value } });
 *   m.readMessages();                    // Raft messages to send
 *   m.takeResponses();                   // answers to client requests
 *   m.takeWatchResponses(); m.takeEvents();
 *
 * A crash keeps `persistentState()`; a restarted member (`storage`) rebuilds its store from the
 * Raft snapshot and the committed entries after it.
 */
import { RaftNode } from "../raft/raft.ts";
import type { ReadOnlyOption } from "../raft/types.ts";
import { type Entry, NONE, type PersistentState, type RaftEvent, type Snapshot } from "../raft/types.ts";
import type { Random } from "../random.ts";
import {
  ERR_COMPACTED,
  ERR_LEADER_CHANGED,
  ERR_NO_LEADER,
  ERR_NO_SPACE,
  ERR_REQUEST_TOO_LARGE,
  ERR_TIMEOUT,
  ERR_TIMEOUT_DUE_TO_CONNECTION_LOST,
  ERR_TIMEOUT_DUE_TO_LEADER_FAIL,
  ERR_TOO_MANY_REQUESTS,
  type EtcdErrorMessage,
} from "./errors.ts";
import { type KvSnapshot, KvStore, requestCost } from "./mvcc.ts";
import type {
  AlarmMember,
  ClientRequest,
  ClientResponse,
  KeyRange,
  KvProposal,
  KvResult,
  RangeRequest,
  WatchRequest,
  WatchResponse,
  WriteRequest,
} from "./types.ts";

/** etcd's default --heartbeat-interval is 100 ms (v3.6 server/embed/config.go NewConfig: TickMs: 100). */
export const DEFAULT_TICK_MS = 100;
/** etcd's default --election-timeout is 1000 ms (v3.6 server/embed/config.go NewConfig: ElectionMs: 1000), 10 ticks. */
export const DEFAULT_ELECTION_TICKS = 10;
/** etcd v3.6 server/embed/config.go DefaultMaxRequestBytes = 1.5 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/**
 * Applied entries between snapshots: etcd v3.6 server/etcdserver/server.go DefaultSnapshotCount = 10000
 * (v3.5 had 100000; CHANGELOG-3.6 lists the new default). The simulation keeps etcd v3.6's defaults
 * (version.ts names the release).
 */
export const DEFAULT_SNAPSHOT_COUNT = 10_000;
/** etcd v3.6 server/storage/quota.go DefaultQuotaBytes: --quota-backend-bytes defaults to 2 GiB. */
export const DEFAULT_QUOTA_BACKEND_BYTES = 2 * 1024 ** 3;
/**
 * How fast `etcdctl defrag` rewrites a member's backend, bytes of data in use per second. A game
 * choice: etcd states no rate (it depends on the disk); 100 MiB/s is an SSD's sequential write.
 */
export const DEFRAG_BYTES_PER_SECOND = 100 * 1024 ** 2;
/** etcd v3_server.go maxGapBetweenApplyAndCommitIndex = 5000: beyond it, "too many requests". */
export const MAX_GAP_BETWEEN_APPLY_AND_COMMIT_INDEX = 5000;
/** etcd v3_server.go readIndexRetryTime = 500 ms: a ReadIndex without answer is sent again. */
export const READ_INDEX_RETRY_MS = 500;

/**
 * etcd server/config/config.go ReqTimeout(): "5s for queue waiting, computation and disk IO delay
 * + 2 * election timeout for possible leader election" — 7 s with the defaults.
 */
export function requestTimeoutMs(tickMs: number, electionTicks: number): number {
  return 5000 + 2 * electionTicks * tickMs;
}

/**
 * Commit-latency histogram buckets, in ms: 1, 2, 4, … 8192, the shape of etcd's disk histograms
 * (`prometheus.ExponentialBuckets(0.001, 2, 14)` seconds, server/storage/wal/metrics.go).
 */
export const LATENCY_BUCKETS_MS: readonly number[] = Array.from({ length: 14 }, (_, i) => 2 ** i);

export interface EtcdMemberConfig {
  readonly id: number;
  /** Voters when the group is new (ignored when `storage` holds a configuration). */
  readonly peers: readonly number[];
  /** Learners when the group is new (a member added with `member add --learner` knows itself as one). */
  readonly learners?: readonly number[];
  /** Seeded PRNG for Raft's randomized election timeout. */
  readonly random: Random;
  readonly tickMs?: number;
  readonly electionTicks?: number;
  /** etcd --pre-vote defaults to true since v3.5. */
  readonly preVote?: boolean;
  /** etcd always runs Raft with CheckQuorum (etcdserver/raft.go raftConfig). */
  readonly checkQuorum?: boolean;
  readonly storage?: PersistentState;
  /** Simulated time at start, in ms. */
  readonly now?: number;
  /** When the first tick comes after `now` (default one tick): the phase of this member's ticker. */
  readonly firstTickMs?: number;
  /**
   * etcd's transport ActiveSince for a peer: since when this member's streams with it work (null:
   * they do not). Used to word a timed-out request's error as etcd does.
   */
  readonly peerActiveSince?: (peer: number) => number | null;
  readonly snapshotCount?: number;
  readonly maxRequestBytes?: number;
  /** --quota-backend-bytes: past it writes are refused and NOSPACE raised (0: the 2 GiB default; < 0: no quota). */
  readonly quotaBackendBytes?: number;
  /**
   * How Raft confirms a linearizable read: "safe" (ReadIndex, a round of heartbeats; etcd's only
   * setting) or "leaseBased" (etcd-io/raft's ReadOnlyLeaseBased, which etcd does not offer: the
   * leader trusts its lease, so a leader whose clock runs slow can serve stale reads).
   */
  readonly readOnlyOption?: ReadOnlyOption;
  /** Committed entries applied per tick (a slow backend); unlimited by default. */
  readonly applyEntriesPerTick?: number;
  readonly maxCommitApplyGap?: number;
  /**
   * A deliberately broken member for tests and the game's "what if" lessons: a member that
   * believes it is the leader serves linearizable reads from its local state without ReadIndex.
   */
  readonly unsafeLocalReads?: boolean;
}

/** Events for the game and the trace: Raft's own, plus what the member sees of the group. */
export type EtcdEvent =
  | RaftEvent
  | {
      readonly type: "leaderChanged";
      readonly member: number;
      readonly term: number;
      readonly leader: number;
      readonly previousLeader: number;
    }
  | {
      readonly type: "leaderLost";
      readonly member: number;
      readonly term: number;
      readonly previousLeader: number;
    }
  | {
      readonly type: "requestFailed";
      readonly member: number;
      readonly clientId: string;
      readonly seq: number;
      readonly error: EtcdErrorMessage;
    }
  | {
      readonly type: "snapshotSaved";
      readonly member: number;
      readonly index: number;
      readonly revision: number;
    }
  | {
      readonly type: "defragmented";
      readonly member: number;
      /** The backend file before and after. */
      readonly fromBytes: number;
      readonly toBytes: number;
      readonly tookMs: number;
    };

export interface LatencyHistogram {
  readonly count: number;
  readonly sumMs: number;
  readonly maxMs: number;
  /** Cumulative counts per upper bound (Prometheus style): `counts[i]` samples ≤ LATENCY_BUCKETS_MS[i]. */
  readonly counts: readonly number[];
}

/** Named after etcd's Prometheus metrics (etcd_server_*), as the game's dashboards show them. */
export interface EtcdMetrics {
  /** etcd_server_has_leader */
  readonly hasLeader: boolean;
  /** etcd_server_is_leader */
  readonly isLeader: boolean;
  /** etcd_server_leader_changes_seen_total */
  readonly leaderChangesSeen: number;
  /** etcd_server_proposals_committed_total (the commit index) */
  readonly proposalsCommitted: number;
  /** etcd_server_proposals_applied_total (the applied index) */
  readonly proposalsApplied: number;
  /** etcd_server_proposals_pending */
  readonly proposalsPending: number;
  /** etcd_server_proposals_failed_total */
  readonly proposalsFailed: number;
  /** etcd_server_read_indexes_failed_total */
  readonly readIndexFailed: number;
  /** Time from a client's write reaching this member to its entry being applied here. */
  readonly commitLatency: LatencyHistogram;
  /** etcd_mvcc_db_total_size_in_bytes: the backend file. */
  readonly dbSize: number;
  /** etcd_mvcc_db_total_size_in_use_in_bytes. */
  readonly dbSizeInUse: number;
  /** etcd_server_quota_backend_bytes. */
  readonly quotaBackendBytes: number;
}

interface PendingProposal {
  readonly clientId: string;
  readonly seq: number;
  readonly request: WriteRequest;
  readonly submittedAt: number;
  deadline: number;
  proposed: boolean;
}

interface PendingRead {
  readonly clientId: string;
  readonly seq: number;
  readonly request: RangeRequest;
  readonly deadline: number;
}

/** One ReadIndex round trip serving every read queued when it started (etcd's linearizableReadLoop). */
interface ReadBatch {
  readonly context: string;
  reads: PendingRead[];
  lastSentAt: number;
}

interface Watcher {
  readonly id: number;
  readonly range: KeyRange;
  readonly prevKv: boolean;
  nextRevision: number;
}

function proposalKey(clientId: string, seq: number): string {
  return `${clientId}#${seq}`;
}

function isKvProposal(data: unknown): data is KvProposal {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "kv";
}

/**
 * etcd v3.6 EtcdServer.parseProposeCtxErr: what a client is told when its proposal's context ran
 * out. A proposal made in the two election timeouts before this member became leader was likely
 * lost with the previous leader; a member whose streams to its leader (or, leading, to a quorum)
 * have not stood since the proposal began has likely lost its connection; otherwise it simply
 * timed out.
 */
export function proposalTimeoutError(c: {
  readonly start: number;
  readonly self: number;
  readonly lead: number;
  /** When this member last became leader (server.go leadElectedTime), or null. */
  readonly leadElectedAt: number | null;
  readonly electionMs: number;
  readonly members: readonly number[];
  /** rafthttp Transporter.ActiveSince(peer), null when the peer is not active. */
  readonly activeSince: (peer: number) => number | null;
}): EtcdErrorMessage {
  const elected = c.leadElectedAt;
  if (elected !== null && c.start > elected - 2 * c.electionMs && c.start < elected) {
    return ERR_TIMEOUT_DUE_TO_LEADER_FAIL;
  }
  // util.go isConnectedSince: active, and since before the proposal began.
  const connectedSince = (peer: number) => {
    const since = c.activeSince(peer);
    return since !== null && since < c.start;
  };
  if (c.lead === c.self) {
    const connected = c.members.filter((m) => m === c.self || connectedSince(m)).length;
    if (connected < Math.floor(c.members.length / 2) + 1) return ERR_TIMEOUT_DUE_TO_CONNECTION_LOST;
  } else if (c.lead !== NONE && !connectedSince(c.lead)) {
    return ERR_TIMEOUT_DUE_TO_CONNECTION_LOST;
  }
  return ERR_TIMEOUT;
}

export class EtcdMember {
  readonly id: number;
  /** The Raft group member, readable for the Raft panel (term, state, log, commit). */
  readonly raft: RaftNode;
  readonly tickMs: number;
  readonly electionTicks: number;
  /** etcd's ReqTimeout(): a request not done by then fails with "etcdserver: request timed out". */
  readonly requestTimeoutMs: number;
  private store = new KvStore();
  private readsServed: { revision: number; term: number }[] = [];
  private now: number;
  private nextTickAt: number;
  private readonly snapshotCount: number;
  private readonly maxRequestBytes: number;
  private readonly applyEntriesPerTick: number;
  private readonly maxCommitApplyGap: number;
  private readonly unsafeLocalReads: boolean;
  /** --quota-backend-bytes (Infinity: no quota). */
  readonly quotaBackendBytes: number;
  /** While `etcdctl defrag` rewrites the backend: when it ends, and the requests it holds. */
  private defrag: { readonly startedAt: number; readonly until: number; held: ClientRequest[] } | null = null;
  /** When this member last proposed raising NOSPACE (it proposes again at most once a tick). */
  private noSpaceProposedAt = Number.NEGATIVE_INFINITY;
  private alarmSeq = 0;

  private applyQueue: Entry[] = [];
  private applyBudget: number;
  private readonly proposals = new Map<string, PendingProposal>();
  private readQueue: PendingRead[] = [];
  private activeRead: ReadBatch | null = null;
  private confirmedReads: { index: number; reads: PendingRead[] }[] = [];
  private readSeq = 0;
  private readonly watchers = new Map<number, Watcher>();
  private nextWatchId = 1;
  private lastLead = NONE;
  /**
   * The earliest deadline of a request held here (null: to be worked out again). A request that
   * leaves early can leave it too early, which only costs a wake-up with nothing to do.
   */
  private earliestDeadline: number | null = null;
  /** When this member last became leader (etcd's leadElectedTime), or null. */
  private leadElectedAt: number | null = null;
  private readonly peerActiveSince: (peer: number) => number | null;

  private responses: ClientResponse[] = [];
  private watchResponses: WatchResponse[] = [];
  private events: EtcdEvent[] = [];

  private leaderChangesSeen = 0;
  private proposalsFailed = 0;
  private readIndexFailed = 0;
  private latency = { count: 0, sumMs: 0, maxMs: 0, counts: LATENCY_BUCKETS_MS.map(() => 0) };

  constructor(config: EtcdMemberConfig) {
    this.id = config.id;
    this.tickMs = config.tickMs ?? DEFAULT_TICK_MS;
    this.electionTicks = config.electionTicks ?? DEFAULT_ELECTION_TICKS;
    this.requestTimeoutMs = requestTimeoutMs(this.tickMs, this.electionTicks);
    this.snapshotCount = config.snapshotCount ?? DEFAULT_SNAPSHOT_COUNT;
    this.maxRequestBytes = config.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.applyEntriesPerTick = config.applyEntriesPerTick ?? Number.POSITIVE_INFINITY;
    this.applyBudget = this.applyEntriesPerTick;
    this.maxCommitApplyGap = config.maxCommitApplyGap ?? MAX_GAP_BETWEEN_APPLY_AND_COMMIT_INDEX;
    this.unsafeLocalReads = config.unsafeLocalReads ?? false;
    const quota = config.quotaBackendBytes ?? 0;
    this.quotaBackendBytes =
      quota < 0 ? Number.POSITIVE_INFINITY : quota === 0 ? DEFAULT_QUOTA_BACKEND_BYTES : quota;
    this.peerActiveSince = config.peerActiveSince ?? (() => 0);
    this.now = config.now ?? 0;
    this.nextTickAt = this.now + (config.firstTickMs ?? this.tickMs);
    this.raft = new RaftNode({
      id: config.id,
      peers: config.peers,
      ...(config.learners ? { learners: config.learners } : {}),
      // etcd's raft config: ElectionTick = election-timeout / heartbeat-interval, HeartbeatTick = 1.
      electionTick: this.electionTicks,
      heartbeatTick: 1,
      preVote: config.preVote ?? true,
      checkQuorum: config.checkQuorum ?? true,
      // etcd server/etcdserver/raft.go: MaxSizePerMsg 1 MiB, MaxInflightMsgs 4096 / 8.
      maxSizePerMsg: 1024 * 1024,
      maxInflightMsgs: 512,
      ...(config.readOnlyOption ? { readOnlyOption: config.readOnlyOption } : {}),
      random: config.random,
      ...(config.storage ? { storage: config.storage } : {}),
    });
    this.process();
  }

  // ---- readable state -------------------------------------------------------------------------

  get revision(): number {
    return this.store.revision;
  }

  get compactRevision(): number {
    return this.store.compactRevision;
  }

  get appliedIndex(): number {
    return this.store.appliedIndex;
  }

  get leader(): number {
    return this.raft.lead;
  }

  get isLeader(): boolean {
    return this.raft.state === "leader";
  }

  get time(): number {
    return this.now;
  }

  /** The member's local store, for the game's inspector and for tests (reads are not linearizable). */
  get kv(): KvStore {
    return this.store;
  }

  get metrics(): EtcdMetrics {
    return {
      hasLeader: this.raft.lead !== NONE,
      isLeader: this.isLeader,
      leaderChangesSeen: this.leaderChangesSeen,
      proposalsCommitted: this.raft.commitIndex,
      proposalsApplied: this.store.appliedIndex,
      proposalsPending: this.proposals.size,
      proposalsFailed: this.proposalsFailed,
      readIndexFailed: this.readIndexFailed,
      commitLatency: { ...this.latency, counts: [...this.latency.counts] },
      dbSize: this.store.fileBytes,
      dbSizeInUse: this.store.inUseBytes,
      quotaBackendBytes: this.quotaBackendBytes,
    };
  }

  /** The cluster's alarms as this member has applied them (`etcdctl alarm list`). */
  get alarms(): readonly AlarmMember[] {
    return this.store.alarms;
  }

  /** Whether `etcdctl defrag` is rewriting this member's backend now. */
  get defragmenting(): boolean {
    return this.defrag !== null;
  }

  // ---- inputs ---------------------------------------------------------------------------------

  /**
   * Simulated time passes until `now` (ms): Raft ticks every `tickMs`; at each tick requests past
   * their deadline time out and an unanswered ReadIndex is sent again.
   */
  advance(now: number): void {
    for (let next = this.nextWakeTime; next <= now; next = this.nextWakeTime) {
      this.now = next;
      if (this.defrag !== null && next >= this.defrag.until) this.finishDefrag();
      if (next === this.nextTickAt) {
        this.nextTickAt += this.tickMs;
        this.applyBudget = this.applyEntriesPerTick;
        this.raft.tick();
        this.process();
      }
      this.expire();
      this.process();
    }
    if (now > this.now) this.now = now;
  }

  /** When the member next ticks (ms). */
  get nextTickTime(): number {
    return this.nextTickAt;
  }

  /** When the member next has something to do: a tick, or a request's deadline. */
  get nextWakeTime(): number {
    if (this.earliestDeadline === null) {
      let next = Number.POSITIVE_INFINITY;
      for (const p of this.proposals.values()) next = Math.min(next, p.deadline);
      for (const r of this.readQueue) next = Math.min(next, r.deadline);
      for (const r of this.activeRead?.reads ?? []) next = Math.min(next, r.deadline);
      for (const c of this.confirmedReads) for (const r of c.reads) next = Math.min(next, r.deadline);
      this.earliestDeadline = next;
    }
    return Math.min(this.nextTickAt, this.earliestDeadline, this.defrag?.until ?? Number.POSITIVE_INFINITY);
  }

  /** A Raft message delivered by the network. */
  receive(message: Parameters<RaftNode["step"]>[0]): void {
    this.raft.step(message);
    this.process();
  }

  /** A client request; its answer comes out of `takeResponses()`. */
  request(req: ClientRequest): void {
    const r = req.request;
    if (this.defrag !== null) {
      // Defragmentation holds the backend: the request waits for it (its deadline still runs).
      this.defrag.held.push({ ...req, deadline: this.deadlineOf(req) });
      return;
    }
    // etcd v3_server.go processInternalRaftRequestOnce: a marshalled request above
    // --max-request-bytes is refused before it reaches Raft.
    const valueSize = r.type === "put" ? (r.valueSize ?? 0) : 0;
    if (JSON.stringify(r).length + valueSize > this.maxRequestBytes) {
      this.fail(req.clientId, req.seq, ERR_REQUEST_TOO_LARGE);
      return;
    }
    // etcd v3rpc interceptor: with WithRequireLeader a member without leader answers at once.
    if (req.requireLeader && this.raft.lead === NONE) {
      this.fail(req.clientId, req.seq, ERR_NO_LEADER);
      return;
    }
    if (r.type === "range") {
      if (r.serializable || (this.unsafeLocalReads && this.isLeader)) {
        this.respond(req.clientId, req.seq, this.serve(r));
        return;
      }
      this.readQueue.push({
        clientId: req.clientId,
        seq: req.seq,
        request: r,
        deadline: this.deadlineOf(req),
      });
      this.process();
      return;
    }
    if (this.raft.commitIndex - this.store.appliedIndex > this.maxCommitApplyGap) {
      this.fail(req.clientId, req.seq, ERR_TOO_MANY_REQUESTS);
      return;
    }
    // v3rpc quotaKVServer: a write that would take the backend past the quota is refused, and the
    // member raises NOSPACE for the whole cluster.
    if (!this.quotaAvailable(r)) {
      this.raiseNoSpace();
      this.fail(req.clientId, req.seq, ERR_NO_SPACE);
      return;
    }
    const key = proposalKey(req.clientId, req.seq);
    const existing = this.proposals.get(key);
    if (existing) {
      // A retry at the same member: propose again (the first may have been lost); dedup applies it once.
      existing.deadline = this.deadlineOf(req);
      existing.proposed = false;
    } else {
      this.proposals.set(key, {
        clientId: req.clientId,
        seq: req.seq,
        request: r,
        submittedAt: this.now,
        deadline: this.deadlineOf(req),
        proposed: false,
      });
    }
    this.process();
  }

  /**
   * etcd v3_server.go: the request's context is the client's (gRPC carries its deadline) with
   * ReqTimeout() on top; whichever comes first ends it.
   */
  private deadlineOf(req: ClientRequest): number {
    const deadline = Math.min(this.now + this.requestTimeoutMs, req.deadline ?? Number.POSITIVE_INFINITY);
    if (this.earliestDeadline !== null) this.earliestDeadline = Math.min(this.earliestDeadline, deadline);
    return deadline;
  }

  /** Opens a watch on a key or range; its events come out of `takeWatchResponses()`. */
  watch(req: WatchRequest): number {
    const id = this.nextWatchId++;
    const start = req.startRevision && req.startRevision > 0 ? req.startRevision : this.store.revision + 1;
    this.watchers.set(id, {
      id,
      range: req.rangeEnd === undefined ? { key: req.key } : { key: req.key, rangeEnd: req.rangeEnd },
      prevKv: req.prevKv ?? false,
      nextRevision: start,
    });
    this.syncWatchers();
    return id;
  }

  cancelWatch(id: number): void {
    this.watchers.delete(id);
  }

  // ---- outputs --------------------------------------------------------------------------------

  readMessages(): ReturnType<RaftNode["readMessages"]> {
    return this.raft.readMessages();
  }

  /**
   * The linearizable reads answered since the last call, each with the revision it showed and the
   * term of the member that answered: what the cluster checks for stale reads.
   */
  takeReadsServed(): { readonly revision: number; readonly term: number }[] {
    const served = this.readsServed;
    this.readsServed = [];
    return served;
  }

  takeResponses(): ClientResponse[] {
    if (this.responses.length === 0) return [];
    const r = this.responses;
    this.responses = [];
    return r;
  }

  takeWatchResponses(): WatchResponse[] {
    if (this.watchResponses.length === 0) return [];
    const r = this.watchResponses;
    this.watchResponses = [];
    return r;
  }

  takeEvents(): EtcdEvent[] {
    if (this.events.length === 0) return [];
    const e = this.events;
    this.events = [];
    return e;
  }

  /** What survives a crash (the WAL, the snapshot and the hard state). */
  persistentState(): PersistentState {
    return this.raft.persistentState();
  }

  // ---- the server loop ------------------------------------------------------------------------

  /** Takes everything Raft produced and moves requests along, until nothing changes. */
  private process(): void {
    // Defragmentation holds the backend: nothing is applied or read until it is done.
    if (this.defrag !== null) {
      for (const ev of this.raft.takeEvents()) this.events.push(ev);
      this.trackLeader();
      return;
    }
    for (let round = 0; round < 8; round++) {
      const snapshot = this.raft.takeSnapshot();
      if (snapshot) this.restore(snapshot);
      for (const e of this.raft.takeCommitted()) this.applyQueue.push(e);
      const applied = this.applyEntries();
      this.takeReadStates();
      for (const ev of this.raft.takeEvents()) this.events.push(ev);
      this.trackLeader();
      const proposed = this.proposePending();
      this.startReadBatch();
      this.serveConfirmedReads();
      if (applied > 0) {
        this.maybeSnapshot();
        this.syncWatchers();
      }
      if (!proposed && applied === 0 && !this.raftHasOutput()) return;
    }
  }

  /** Whether Raft committed something or answered a read since we last looked. */
  private raftHasOutput(): boolean {
    return this.raft.commitIndex > this.raft.appliedIndex;
  }

  private restore(snapshot: Snapshot): void {
    this.store = KvStore.restore(snapshot.data as KvSnapshot);
    this.store.skip(snapshot.metadata.index);
    this.applyQueue = this.applyQueue.filter((e) => e.index > snapshot.metadata.index);
    // Writes that are inside the snapshot are answered from the dedup sessions it carries.
    for (const [key, p] of this.proposals) {
      const result = this.store.sessionResult(p.clientId, p.seq);
      if (result) {
        this.proposals.delete(key);
        this.respond(p.clientId, p.seq, result);
        this.recordLatency(this.now - p.submittedAt);
      }
    }
    this.syncWatchers();
  }

  private applyEntries(): number {
    let n = 0;
    while (this.applyQueue.length > 0 && this.applyBudget > 0) {
      const e = this.applyQueue.shift();
      if (!e) break;
      this.applyBudget--;
      n++;
      if (e.index <= this.store.appliedIndex) continue;
      if (e.type !== "EntryNormal" || !isKvProposal(e.data)) {
        this.store.skip(e.index);
        continue;
      }
      const { clientId, seq, request } = e.data;
      // quotaApplierV3: a write applied past the quota is applied, and answered "database space
      // exceeded" while the member raises NOSPACE.
      const available = this.quotaAvailable(request);
      const applied = this.store.applyProposal(clientId, seq, request, e.index);
      const result: KvResult | undefined =
        applied?.ok && !available ? { ok: false, error: ERR_NO_SPACE } : applied;
      if (applied?.ok && !available) this.raiseNoSpace();
      const key = proposalKey(clientId, seq);
      const pending = this.proposals.get(key);
      if (pending && result) {
        this.proposals.delete(key);
        this.recordLatency(this.now - pending.submittedAt);
        this.respond(clientId, seq, result);
      }
    }
    return n;
  }

  private proposePending(): boolean {
    if (this.raft.lead === NONE) return false; // etcd's raft node blocks proposals until a leader is known
    let proposed = false;
    for (const p of this.proposals.values()) {
      if (p.proposed) continue;
      const data: KvProposal = { kind: "kv", clientId: p.clientId, seq: p.seq, request: p.request };
      // A value that stands for a larger object weighs what it stands for in Raft's byte limits.
      if (p.request.type === "put" && p.request.valueSize !== undefined) {
        Object.assign(data, { payloadBytes: requestCost(p.request) });
      }
      if (this.raft.propose(data)) {
        p.proposed = true;
        proposed = true;
      }
    }
    return proposed;
  }

  // ---- the space quota (storage/quota.go, v3rpc/quota.go, apply's quotaApplierV3) --------------

  /** BackendQuota.Available: a write fits when the backend file plus its cost stays under the quota. */
  private quotaAvailable(request: Parameters<typeof requestCost>[0]): boolean {
    const cost = requestCost(request);
    return cost === 0 || this.store.fileBytes + cost < this.quotaBackendBytes;
  }

  /** The member raises the NOSPACE alarm through the log (an AlarmRequest), once a tick at most. */
  private raiseNoSpace(): void {
    if (this.store.hasAlarm("NOSPACE") || this.now - this.noSpaceProposedAt < this.tickMs) return;
    if (this.raft.lead === NONE) return;
    this.noSpaceProposedAt = this.now;
    const data: KvProposal = {
      kind: "kv",
      clientId: `alarm-${this.id}`,
      seq: ++this.alarmSeq,
      request: { type: "alarm", action: "activate", memberId: this.id, alarm: "NOSPACE" },
    };
    this.raft.propose(data);
  }

  /**
   * `etcdctl defrag` on this member: the backend is rewritten with only what is in use, at
   * DEFRAG_BYTES_PER_SECOND; meanwhile the member applies nothing and answers nobody (Raft goes on).
   * False when one is already running.
   */
  defragment(): boolean {
    if (this.defrag !== null) return false;
    const tookMs = Math.max(1, Math.ceil((this.store.inUseBytes / DEFRAG_BYTES_PER_SECOND) * 1000));
    this.defrag = { startedAt: this.now, until: this.now + tookMs, held: [] };
    return true;
  }

  private finishDefrag(): void {
    const d = this.defrag;
    if (!d) return;
    const fromBytes = this.store.fileBytes;
    this.store.defragment();
    this.defrag = null;
    this.events.push({
      type: "defragmented",
      member: this.id,
      fromBytes,
      toBytes: this.store.fileBytes,
      tookMs: this.now - d.startedAt,
    });
    for (const req of d.held) {
      if ((req.deadline ?? Number.POSITIVE_INFINITY) <= this.now)
        this.fail(req.clientId, req.seq, ERR_TIMEOUT);
      else this.request(req);
    }
    this.process();
  }

  // ---- linearizable reads (etcd's linearizableReadLoop) ----------------------------------------

  private startReadBatch(): void {
    if (this.activeRead || this.readQueue.length === 0) return;
    const context = `read-${this.id}-${++this.readSeq}`;
    this.activeRead = { context, reads: this.readQueue, lastSentAt: this.now };
    this.readQueue = [];
    this.raft.readIndex(context);
    // A single-voter leader answers at once.
    this.takeReadStates();
  }

  private takeReadStates(): void {
    for (const rs of this.raft.takeReadStates()) {
      const batch = this.activeRead;
      if (!batch || rs.context !== batch.context) continue; // an answer to a retry we no longer need
      this.activeRead = null;
      this.confirmedReads.push({ index: rs.index, reads: batch.reads });
    }
    this.serveConfirmedReads();
  }

  private serveConfirmedReads(): void {
    const ready = this.confirmedReads.filter((c) => c.index <= this.store.appliedIndex);
    if (ready.length === 0) return;
    this.confirmedReads = this.confirmedReads.filter((c) => c.index > this.store.appliedIndex);
    for (const c of ready)
      for (const r of c.reads) {
        this.respond(r.clientId, r.seq, this.serve(r.request));
        this.readsServed.push({ revision: this.store.revision, term: this.raft.term });
      }
  }

  private serve(r: RangeRequest): KvResult {
    return this.store.range(r);
  }

  /** etcd updateLeadership: a new leader is a leader change, and fails the ReadIndex in flight. */
  private trackLeader(): void {
    const lead = this.raft.lead;
    if (lead === this.lastLead) return;
    const previous = this.lastLead;
    this.lastLead = lead;
    if (lead === NONE) {
      this.events.push({
        type: "leaderLost",
        member: this.id,
        term: this.raft.term,
        previousLeader: previous,
      });
      return;
    }
    this.leaderChangesSeen++;
    if (lead === this.id) this.leadElectedAt = this.now;
    this.events.push({
      type: "leaderChanged",
      member: this.id,
      term: this.raft.term,
      leader: lead,
      previousLeader: previous,
    });
    const batch = this.activeRead;
    if (batch) {
      // etcd requestCurrentIndex: "return a retryable error" when the leader changes.
      this.activeRead = null;
      this.readIndexFailed++;
      for (const r of batch.reads) this.fail(r.clientId, r.seq, ERR_LEADER_CHANGED);
    }
  }

  // ---- timeouts -------------------------------------------------------------------------------

  private expire(): void {
    this.earliestDeadline = null;
    for (const [key, p] of this.proposals) {
      if (p.deadline > this.now) continue;
      // The context is done: a write not proposed yet never will be; one proposed may still commit.
      this.proposals.delete(key);
      this.proposalsFailed++;
      this.fail(p.clientId, p.seq, this.timeoutError(p.submittedAt));
    }
    const expired = (r: PendingRead) => r.deadline <= this.now;
    const failReads = (reads: PendingRead[]) => {
      for (const r of reads) this.fail(r.clientId, r.seq, ERR_TIMEOUT);
    };
    failReads(this.readQueue.filter(expired));
    this.readQueue = this.readQueue.filter((r) => !expired(r));
    for (const c of this.confirmedReads) failReads(c.reads.filter(expired));
    this.confirmedReads = this.confirmedReads
      .map((c) => ({ index: c.index, reads: c.reads.filter((r) => !expired(r)) }))
      .filter((c) => c.reads.length > 0);
    const batch = this.activeRead;
    if (batch) {
      const gone = batch.reads.filter(expired);
      if (gone.length > 0) {
        this.readIndexFailed++;
        failReads(gone);
        batch.reads = batch.reads.filter((r) => !expired(r));
      }
      if (batch.reads.length === 0) this.activeRead = null;
      else if (this.now - batch.lastSentAt >= READ_INDEX_RETRY_MS) {
        batch.lastSentAt = this.now;
        this.raft.readIndex(batch.context);
        this.takeReadStates();
      }
    }
    this.startReadBatch();
  }

  /** etcd's parseProposeCtxErr for a proposal started at `start` whose context ran out now. */
  private timeoutError(start: number): EtcdErrorMessage {
    const { voters, learners } = this.raft.confState;
    return proposalTimeoutError({
      start,
      self: this.id,
      lead: this.raft.lead,
      leadElectedAt: this.leadElectedAt,
      electionMs: this.electionTicks * this.tickMs,
      members: [...voters, ...learners],
      activeSince: this.peerActiveSince,
    });
  }

  // ---- snapshots ------------------------------------------------------------------------------

  /**
   * etcd triggerSnapshot: every `snapshotCount` applied entries the store is saved into a Raft
   * snapshot and the log before it compacted (etcd keeps SnapshotCatchUpEntries = 5000 entries
   * for slow followers; our RaftNode compacts up to the snapshot, so they get a MsgSnap).
   */
  private maybeSnapshot(): void {
    const applied = this.store.appliedIndex;
    if (applied - this.raft.snapshot.metadata.index < this.snapshotCount) return;
    this.raft.compact(applied, this.store.snapshot());
    this.events.push({
      type: "snapshotSaved",
      member: this.id,
      index: applied,
      revision: this.store.revision,
    });
  }

  // ---- watches --------------------------------------------------------------------------------

  /** Sends each watcher the events it has not seen; a watcher behind the compaction is canceled. */
  private syncWatchers(): void {
    for (const w of this.watchers.values()) {
      if (w.nextRevision > this.store.revision) continue;
      const events = this.store.eventsFrom(w.nextRevision, w.range);
      if (!events) {
        // etcd watchable_store: a watcher whose start revision was compacted gets the compact
        // revision and is canceled; clientv3 reports it as ErrCompacted.
        this.watchers.delete(w.id);
        this.watchResponses.push({
          watchId: w.id,
          revision: this.store.revision,
          events: [],
          compactRevision: this.store.compactRevision,
          canceled: true,
          error: ERR_COMPACTED,
        });
        continue;
      }
      w.nextRevision = this.store.revision + 1;
      if (events.length === 0) continue;
      this.watchResponses.push({
        watchId: w.id,
        revision: this.store.revision,
        events: w.prevKv ? events : events.map((e) => ({ type: e.type, kv: e.kv })),
        canceled: false,
      });
    }
  }

  // ---- answers --------------------------------------------------------------------------------

  private respond(clientId: string, seq: number, result: KvResult): void {
    const stamped: KvResult = result.ok
      ? {
          ok: true,
          response: {
            ...result.response,
            header: {
              revision: result.response.header.revision,
              memberId: this.id,
              raftTerm: this.raft.term,
            },
          },
        }
      : result;
    this.responses.push({ clientId, seq, member: this.id, result: stamped });
  }

  private fail(clientId: string, seq: number, error: EtcdErrorMessage): void {
    this.events.push({ type: "requestFailed", member: this.id, clientId, seq, error });
    this.responses.push({ clientId, seq, member: this.id, result: { ok: false, error } });
  }

  private recordLatency(ms: number): void {
    const l = this.latency;
    l.count++;
    l.sumMs += ms;
    l.maxMs = Math.max(l.maxMs, ms);
    LATENCY_BUCKETS_MS.forEach((le, i) => {
      if (ms <= le) l.counts[i] = (l.counts[i] ?? 0) + 1;
    });
  }
}
