/**
 * An etcd cluster: members, the network between them, crashes and restarts, in simulated time.
 *
 * The network is abstract (`RaftTransport`): the cluster hands it every Raft message a member
 * sends and asks it which messages arrive by a given time. `NetworkTransport` carries them over
 * the simulated network (shared/sim/network), where members are the machines `etcd-<id>`.
 */
import { EventQueue } from "../engine/eventQueue.ts";
import { type Delivery, Network } from "../network/network.ts";
import { type Message, type PersistentState, message as raftMessage } from "../raft/types.ts";
import { createRandom } from "../random.ts";
import { ERR_NO_LEADER } from "./errors.ts";
import { DEFAULT_TICK_MS, type EtcdEvent, EtcdMember, type EtcdMemberConfig } from "./member.ts";
import { KvStore } from "./mvcc.ts";
import { PeerLinks } from "./peerLinks.ts";
import {
  ERR_MEMBER_NOT_FOUND,
  HEALTH_INTERVAL_MS,
  mayAddMember,
  mayPromoteMember,
  mayRemoveMember,
  type VotingMember,
} from "./reconfig.ts";
import type { ClientRequest, ClientResponse, WatchResponse } from "./types.ts";

export interface RaftTransport {
  /** A member hands a message to the network at simulated time `now` (ms). */
  send(message: Message, now: number): void;
  /**
   * Removes and returns the messages that arrive by `now`, in arrival order, with the transport's
   * own reports to a sender (MsgUnreachable, MsgSnapStatus) among them.
   */
  deliver(now: number): Message[];
  /** When the next message in flight arrives, or the transport has something to do (Infinity if none). */
  nextDeliveryAt(): number;
  /** Simulated time has reached `now` (the cluster's clock); changes to the network are dated by it. */
  advanceTo?(now: number): void;
  /** Member `id` stopped or started again at `now`. */
  memberDown?(id: number, now: number): void;
  memberUp?(id: number, now: number): void;
  /** etcd's Transporter.ActiveSince: since when member `a`'s link with peer `b` works (null: it does not). */
  activeSince?(a: number, b: number): number | null;
}

export interface NetworkTransportOptions {
  readonly seed: number;
  /** One-way latency, uniform in [min, max] ms. */
  readonly minLatencyMs?: number;
  readonly maxLatencyMs?: number;
  /** The election timeout, which sets rafthttp's dial timeout (default etcd's 1000 ms). */
  readonly electionTimeoutMs?: number;
  /** Simulated time at which the transport starts (a cluster started before the round: negative). */
  readonly startMs?: number;
}

/** The machine name of etcd member `id` on the simulated network. */
export function etcdMachine(id: number): string {
  return `etcd-${id}`;
}

/**
 * The members' messages over the simulated network (shared/sim/network), carried as etcd carries
 * them: ordered TCP streams per pair of members, which outlive a short cut and take time to come
 * back after a long one (peerLinks.ts), and which tell a sender's Raft when a peer is unreachable
 * or a snapshot did or did not arrive.
 */
export class NetworkTransport implements RaftTransport {
  readonly network: Network<Message>;
  private readonly links: PeerLinks<Message>;
  private readonly members = new Set<number>();
  /** The transport's reports to senders (MsgUnreachable, MsgSnapStatus), by when they are due. */
  private readonly reports = new EventQueue<Message>();
  private clock = 0;

  constructor(options: NetworkTransportOptions) {
    this.network = new Network<Message>({
      random: createRandom(options.seed, "etcd-network"),
      link: { latencyMs: [options.minLatencyMs ?? 1, options.maxLatencyMs ?? 5], loss: 0, duplicate: 0 },
      ordered: true,
    });
    this.links = new PeerLinks({ electionTimeoutMs: options.electionTimeoutMs ?? 1000 });
    this.clock = options.startMs ?? 0;
  }

  /**
   * The partitions in force, replacing any earlier: each splits the members into groups that cannot
   * reach each other's, so two members talk only if no partition puts them on different sides.
   */
  partition(partitions: readonly (readonly (readonly number[])[])[]): void {
    this.network.partitionAll(partitions.map((groups) => groups.map((g) => g.map(etcdMachine))));
    this.linksChanged();
  }

  /** Cuts one member off from every other. */
  isolate(id: number): void {
    const others = [...this.members].filter((m) => m !== id).map(etcdMachine);
    this.network.partition([etcdMachine(id)], others);
    this.linksChanged();
  }

  heal(): void {
    this.network.heal();
    this.linksChanged();
  }

  /** Whether the network carries a → b now (whatever the streams on it). */
  connected(a: number, b: number): boolean {
    return this.network.connected(etcdMachine(a), etcdMachine(b));
  }

  activeSince(a: number, b: number): number | null {
    return this.links.activeSince(a, b, this.clock);
  }

  advanceTo(now: number): void {
    this.clock = Math.max(this.clock, now);
  }

  memberUp(id: number, now: number): void {
    this.advanceTo(now);
    this.members.add(id);
    this.links.memberUp(id, this.clock);
    this.linksChanged();
  }

  memberDown(id: number, now: number): void {
    this.advanceTo(now);
    this.links.memberDown(id, this.clock);
  }

  send(message: Message, now: number): void {
    this.advanceTo(now);
    this.members.add(message.from);
    this.members.add(message.to);
    const outcome = this.links.send(message, this.clock);
    switch (outcome.kind) {
      case "wire":
        this.network.send(etcdMachine(message.from), etcdMachine(message.to), message, this.clock);
        return;
      case "held":
        return;
      case "lost":
        if (outcome.report === "unreachable") this.report(message, "MsgUnreachable", false, this.clock);
        return;
      case "snapshotFailed":
        this.report(message, "MsgSnapStatus", true, outcome.at);
        this.report(message, "MsgUnreachable", false, outcome.at);
        return;
    }
  }

  deliver(now: number): Message[] {
    this.advanceTo(now);
    for (const { message, at } of this.links.due(now)) {
      this.network.send(etcdMachine(message.from), etcdMachine(message.to), message, at);
    }
    const out: { message: Message; at: number }[] = [];
    const cut: Delivery<Message>[] = [];
    for (const d of this.network.deliverDue(now, cut)) {
      this.links.delivered(d.payload.from, d.payload.to, d.at);
      out.push({ message: d.payload, at: d.at });
      // rafthttp's snapshot sender: the receiver took it.
      if (d.payload.type === "MsgSnap") this.report(d.payload, "MsgSnapStatus", false, d.at);
    }
    for (const d of cut) {
      // A snapshot broke on the way: its sender hears it failed.
      if (!this.links.requeue(d.payload, d.at, now) && d.payload.type === "MsgSnap")
        this.report(d.payload, "MsgSnapStatus", true, d.at);
    }
    for (let r = this.reports.peek(); r !== undefined && r.time <= now; r = this.reports.peek()) {
      this.reports.pop();
      out.push({ message: r.event, at: r.time });
    }
    return out.sort((a, b) => a.at - b.at).map((o) => o.message);
  }

  nextDeliveryAt(): number {
    return Math.min(
      this.network.nextDeliveryAt() ?? Number.POSITIVE_INFINITY,
      this.reports.peek()?.time ?? Number.POSITIVE_INFINITY,
      this.links.nextEventAt(),
    );
  }

  /** Dates a change to the network's cuts by the transport's clock. */
  private linksChanged(): void {
    const members = [...this.members].sort((a, b) => a - b);
    this.links.update(this.clock, members, (a, b) => !this.connected(a, b));
  }

  /** A report to the sender of `about`, as rafthttp's ReportUnreachable / ReportSnapshot. */
  private report(
    about: Message,
    type: "MsgUnreachable" | "MsgSnapStatus",
    reject: boolean,
    at: number,
  ): void {
    this.reports.push(
      Math.max(at, this.clock),
      raftMessage({ type, from: about.to, to: about.from, reject }),
    );
  }
}

export interface EtcdClusterOptions {
  /** Member ids (etcd's are random 64-bit; ours are small numbers like etcd-io/raft's tests). */
  readonly ids: readonly number[];
  readonly seed: number;
  readonly transport?: RaftTransport;
  /** Settings shared by every member (tick, election timeout, snapshot count, …). */
  readonly member?: Omit<
    Partial<EtcdMemberConfig>,
    "id" | "peers" | "random" | "storage" | "now" | "firstTickMs" | "peerActiveSince"
  >;
  /** Per-member overrides, e.g. a deliberately unsafe member in a negative test. */
  readonly memberOverrides?: (id: number) => Partial<EtcdMemberConfig>;
  /**
   * Keys every member starts with, as after `etcdutl snapshot restore` on each of them: the data
   * at revision n, in a Raft snapshot at index 1 of term 1 with every member a voter.
   */
  readonly initialData?: readonly (readonly [string, string])[];
  /** Simulated time at which the cluster starts (a cluster restored from a snapshot mid-round). */
  readonly startMs?: number;
  /**
   * The backend as the cluster starts: data the simulation does not hold key by key (the rest of
   * the cluster's objects) and the file's size (free pages left by history compacted away).
   */
  readonly initialBackend?: { readonly otherBytes: number; readonly fileBytes: number };
}

export class EtcdCluster {
  /** The members, in the order they joined (a removed one leaves the list). */
  readonly ids: number[];
  readonly transport: RaftTransport;
  private readonly members = new Map<number, EtcdMember>();
  private readonly disks = new Map<number, PersistentState>();
  /** The configuration each member added later was started with (the founders: every founder a voter). */
  private readonly initialConf = new Map<
    number,
    { voters: readonly number[]; learners: readonly number[] }
  >();
  private readonly options: EtcdClusterOptions;
  private restarts = 0;
  private clock = 0;
  private responses: ClientResponse[] = [];
  private watchResponses: { member: number; response: WatchResponse }[] = [];
  private events: EtcdEvent[] = [];
  /**
   * Linearizable reads a deposed leader answered from its lease while a leader of a later term had
   * already applied writes they miss: stale reads, which raft's ReadOnlyLeaseBased allows (its lease
   * is checked only every election timeout, etcd-io/raft raft.go tickHeartbeat / MsgCheckQuorum) and
   * ReadOnlySafe never does.
   */
  staleReads = 0;

  constructor(options: EtcdClusterOptions) {
    this.options = options;
    this.ids = [...options.ids];
    this.transport = options.transport ?? new NetworkTransport({ seed: options.seed });
    this.clock = options.startMs ?? 0;
    if ((options.initialData !== undefined && options.initialData.length > 0) || options.initialBackend) {
      const store = new KvStore();
      store.otherBytes = options.initialBackend?.otherBytes ?? 0;
      for (const [key, value] of options.initialData ?? []) store.apply({ type: "put", key, value });
      store.fileBytes = Math.max(store.fileBytes, options.initialBackend?.fileBytes ?? 0);
      store.skip(1);
      const data = store.snapshot();
      const restored: PersistentState = {
        hardState: { term: 1, vote: 0, commit: 1 },
        snapshot: { metadata: { index: 1, term: 1, confState: { voters: this.ids, learners: [] } }, data },
        entries: [],
      };
      for (const id of this.ids) this.disks.set(id, restored);
    }
    for (const id of this.ids) this.start(id);
  }

  /** When the next tick or message delivery is due. */
  nextEventAt(): number {
    let next = this.transport.nextDeliveryAt();
    for (const m of this.members.values()) next = Math.min(next, m.nextWakeTime);
    return next;
  }

  get now(): number {
    return this.clock;
  }

  /** A running member, or undefined when it is crashed. */
  member(id: number): EtcdMember | undefined {
    return this.members.get(id);
  }

  running(): EtcdMember[] {
    return this.ids.flatMap((id) => this.members.get(id) ?? []);
  }

  /** The leader of the highest term among running members, if any. */
  leader(): EtcdMember | undefined {
    let best: EtcdMember | undefined;
    for (const m of this.members.values()) {
      if (m.isLeader && (!best || m.raft.term > best.raft.term)) best = m;
    }
    return best;
  }

  /** Simulated time passes by `ms`. */
  advance(ms: number): void {
    this.advanceTo(this.clock + ms);
  }

  /** Runs every tick and message delivery up to time `t`, in time order. */
  advanceTo(t: number): void {
    while (true) {
      const next = this.nextEventAt();
      if (next > t) break;
      this.clock = Math.max(this.clock, next);
      // Only the members with something due (their clocks catch up when a message arrives).
      for (const [id, m] of this.members) {
        if (m.nextWakeTime > this.clock) continue;
        m.advance(this.clock);
        this.flush(id, m);
      }
      if (this.transport.nextDeliveryAt() > this.clock) continue;
      for (const msg of this.transport.deliver(this.clock)) {
        const to = this.members.get(msg.to);
        if (!to) continue; // a crashed member loses what is sent to it
        to.advance(this.clock);
        to.receive(msg);
        this.flush(msg.to, to);
      }
    }
    this.clock = Math.max(this.clock, t);
    for (const [id, m] of this.members) {
      m.advance(this.clock);
      this.flush(id, m);
    }
    this.transport.advanceTo?.(this.clock);
  }

  /** A client request to member `id`; lost (no answer) if the member is down. */
  request(id: number, req: ClientRequest): void {
    const m = this.members.get(id);
    if (!m) return;
    m.advance(this.clock);
    m.request(req);
    this.flush(id, m);
  }

  /**
   * `etcdctl member add [--learner]`: the leader proposes adding `id` (a ConfChange), and the new
   * member starts empty, knowing the cluster it joins (etcd prints its ETCD_INITIAL_CLUSTER); it
   * catches up from the leader's log or snapshot. False when there is no leader to take the change,
   * or another change is still pending. Check `reconfigRefusal` first, as etcd does.
   */
  addMember(id: number, learner = false): boolean {
    const leader = this.leader();
    if (leader === undefined || this.ids.includes(id)) return false;
    const { voters, learners } = leader.raft.confState;
    const type = learner ? "ConfChangeAddLearnerNode" : "ConfChangeAddNode";
    if (!leader.raft.proposeConfChange({ type, nodeId: id })) return false;
    this.flush(leader.id, leader);
    this.ids.push(id);
    this.initialConf.set(
      id,
      learner ? { voters, learners: [...learners, id] } : { voters: [...voters, id], learners },
    );
    this.start(id);
    return true;
  }

  /** `etcdctl member promote`: the leader proposes making learner `id` a voter (ConfChangeAddNode). */
  promoteMember(id: number): boolean {
    const leader = this.leader();
    if (leader === undefined || !this.ids.includes(id)) return false;
    if (!leader.raft.proposeConfChange({ type: "ConfChangeAddNode", nodeId: id })) return false;
    this.flush(leader.id, leader);
    return true;
  }

  /** `etcdctl member remove`: the leader proposes the removal; the member stops and its data is gone. */
  removeMember(id: number): boolean {
    const leader = this.leader();
    if (leader === undefined || !this.ids.includes(id)) return false;
    if (!leader.raft.proposeConfChange({ type: "ConfChangeRemoveNode", nodeId: id })) return false;
    this.flush(leader.id, leader);
    this.members.delete(id);
    this.disks.delete(id);
    this.ids.splice(this.ids.indexOf(id), 1);
    this.transport.memberDown?.(id, this.clock);
    return true;
  }

  /**
   * What etcd's leader answers before proposing a membership change, with --strict-reconfig-check
   * (reconfig.ts), as the leader sees its peers now; null when it would propose it. Every member
   * the simulation adds starts at once, so each has published its name (started).
   */
  reconfigRefusal(
    change:
      | { readonly kind: "add"; readonly learner: boolean }
      | { readonly kind: "remove" | "promote"; readonly id: number },
  ): string | null {
    const leader = this.leader();
    if (leader === undefined) return ERR_NO_LEADER;
    const cs = leader.raft.confState;
    const since = (m: number) =>
      m === leader.id ? this.clock : (this.transport.activeSince?.(leader.id, m) ?? null);
    const voters: VotingMember[] = cs.voters.map((m) => {
      const activeSince = since(m);
      return {
        id: m,
        started: true,
        active: m === leader.id || (activeSince !== null && activeSince <= this.clock - HEALTH_INTERVAL_MS),
        reachable: activeSince !== null,
      };
    });
    switch (change.kind) {
      case "add":
        return mayAddMember(voters, { learner: change.learner, learners: cs.learners.length });
      case "remove":
        if (!this.ids.includes(change.id)) return ERR_MEMBER_NOT_FOUND;
        // "no need to check quorum when removing non-voting member"
        if (cs.learners.includes(change.id)) return null;
        return mayRemoveMember(voters, change.id, leader.id);
      case "promote": {
        if (!this.ids.includes(change.id)) return ERR_MEMBER_NOT_FOUND;
        const pr = leader.raft.progressOf(change.id);
        const self = leader.raft.progressOf(leader.id);
        return mayPromoteMember(
          voters,
          { isLearner: cs.learners.includes(change.id), match: pr?.match ?? 0 },
          self?.match ?? leader.raft.lastIndex,
        );
      }
    }
  }

  /** `etcdctl defrag` on member `id`; false when it is down or already defragmenting. */
  defragment(id: number): boolean {
    const m = this.members.get(id);
    if (!m) return false;
    m.advance(this.clock);
    return m.defragment();
  }

  /** The member stops; only its persisted state survives. In-flight requests there are lost. */
  crash(id: number): void {
    const m = this.members.get(id);
    if (!m) return;
    this.disks.set(id, m.persistentState());
    this.members.delete(id);
    this.transport.memberDown?.(id, this.clock);
  }

  /** A crashed member starts again from its persisted state. */
  restart(id: number): void {
    if (this.members.has(id)) return;
    this.start(id);
  }

  takeResponses(): ClientResponse[] {
    if (this.responses.length === 0) return [];
    const r = this.responses;
    this.responses = [];
    return r;
  }

  takeWatchResponses(): { member: number; response: WatchResponse }[] {
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

  private start(id: number): void {
    const storage = this.disks.get(id);
    const run = this.restarts++;
    const settings = { ...this.options.member, ...this.options.memberOverrides?.(id) };
    // Each member is its own process, started at its own moment: its 100 ms ticker runs at its own
    // phase, drawn uniformly in (0, tick] (members ticking in lockstep would tie their elections).
    const tickMs = settings.tickMs ?? DEFAULT_TICK_MS;
    const m = new EtcdMember({
      ...settings,
      id,
      peers: this.initialConf.get(id)?.voters ?? this.ids,
      learners: this.initialConf.get(id)?.learners ?? [],
      random: createRandom(this.options.seed, `etcd-raft-${id}-${run}`),
      now: this.clock,
      firstTickMs: 1 + createRandom(this.options.seed, `etcd-clock-${id}-${run}`).int(tickMs),
      ...(this.transport.activeSince
        ? { peerActiveSince: (peer: number) => this.transport.activeSince?.(id, peer) ?? null }
        : {}),
      ...(storage ? { storage } : {}),
    });
    this.members.set(id, m);
    this.transport.memberUp?.(id, this.clock);
    this.flush(id, m);
  }

  private flush(id: number, m: EtcdMember): void {
    for (const msg of m.readMessages()) this.transport.send(msg, this.clock);
    for (const r of m.takeResponses()) this.responses.push(r);
    for (const read of m.takeReadsServed()) {
      const leader = this.leader();
      if (leader !== undefined && leader.raft.term > read.term && leader.kv.revision > read.revision)
        this.staleReads++;
    }
    for (const response of m.takeWatchResponses()) this.watchResponses.push({ member: id, response });
    for (const e of m.takeEvents()) this.events.push(e);
  }
}
