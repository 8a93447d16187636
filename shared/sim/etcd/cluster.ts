/**
 * An etcd cluster: members, the network between them, crashes and restarts, in simulated time.
 *
 * The network is abstract (`RaftTransport`): the cluster hands it every Raft message a member
 * sends and asks it which messages arrive by a given time. `NetworkTransport` carries them over
 * the simulated network (shared/sim/network), where members are the machines `etcd-<id>`.
 */
import { Network } from "../network/network.ts";
import type { Message, PersistentState } from "../raft/types.ts";
import { createRandom } from "../random.ts";
import { type EtcdEvent, EtcdMember, type EtcdMemberConfig } from "./member.ts";
import { KvStore } from "./mvcc.ts";
import type { ClientRequest, ClientResponse, WatchResponse } from "./types.ts";

export interface RaftTransport {
  /** A member hands a message to the network at simulated time `now` (ms). */
  send(message: Message, now: number): void;
  /** Removes and returns the messages that arrive by `now`, in arrival order. */
  deliver(now: number): Message[];
  /** When the next message in flight arrives (Infinity if none). */
  nextDeliveryAt(): number;
}

export interface NetworkTransportOptions {
  readonly seed: number;
  /** One-way latency, uniform in [min, max] ms. */
  readonly minLatencyMs?: number;
  readonly maxLatencyMs?: number;
  /** Share of messages lost, in percent. */
  readonly lossPercent?: number;
}

/** The machine name of etcd member `id` on the simulated network. */
export function etcdMachine(id: number): string {
  return `etcd-${id}`;
}

/**
 * The members' messages over the simulated network (shared/sim/network): per-message latency
 * (which reorders), loss, partitions that also cut what is already on the wire.
 */
export class NetworkTransport implements RaftTransport {
  readonly network: Network<Message>;
  private readonly members = new Set<number>();

  constructor(options: NetworkTransportOptions) {
    this.network = new Network<Message>({
      random: createRandom(options.seed, "etcd-network"),
      link: {
        latencyMs: [options.minLatencyMs ?? 1, options.maxLatencyMs ?? 5],
        loss: (options.lossPercent ?? 0) / 100,
        duplicate: 0,
      },
    });
  }

  /**
   * The partitions in force, replacing any earlier: each splits the members into groups that cannot
   * reach each other's, so two members talk only if no partition puts them on different sides.
   */
  partition(partitions: readonly (readonly (readonly number[])[])[]): void {
    this.network.heal();
    for (const groups of partitions) this.network.partition(...groups.map((g) => g.map(etcdMachine)));
  }

  /** Cuts one member off from every other. */
  isolate(id: number): void {
    const others = [...this.members].filter((m) => m !== id).map(etcdMachine);
    this.network.partition([etcdMachine(id)], others);
  }

  heal(): void {
    this.network.heal();
  }

  connected(a: number, b: number): boolean {
    return this.network.connected(etcdMachine(a), etcdMachine(b));
  }

  send(message: Message, now: number): void {
    this.members.add(message.from);
    this.members.add(message.to);
    this.network.send(etcdMachine(message.from), etcdMachine(message.to), message, now);
  }

  deliver(now: number): Message[] {
    return this.network.deliverDue(now).map((d) => d.payload);
  }

  nextDeliveryAt(): number {
    return this.network.nextDeliveryAt() ?? Number.POSITIVE_INFINITY;
  }
}

export interface EtcdClusterOptions {
  /** Member ids (etcd's are random 64-bit; ours are small numbers like etcd-io/raft's tests). */
  readonly ids: readonly number[];
  readonly seed: number;
  readonly transport?: RaftTransport;
  /** Settings shared by every member (tick, election timeout, snapshot count, …). */
  readonly member?: Omit<Partial<EtcdMemberConfig>, "id" | "peers" | "random" | "storage" | "now">;
  /** Per-member overrides, e.g. a deliberately unsafe member in a negative test. */
  readonly memberOverrides?: (id: number) => Partial<EtcdMemberConfig>;
  /**
   * Keys every member starts with, as after `etcdutl snapshot restore` on each of them: the data
   * at revision n, in a Raft snapshot at index 1 of term 1 with every member a voter.
   */
  readonly initialData?: readonly (readonly [string, string])[];
  /** Simulated time at which the cluster starts (a cluster restored from a snapshot mid-round). */
  readonly startMs?: number;
}

export class EtcdCluster {
  /** The members, in the order they joined (a removed one leaves the list). */
  readonly ids: number[];
  readonly transport: RaftTransport;
  private readonly members = new Map<number, EtcdMember>();
  private readonly disks = new Map<number, PersistentState>();
  private readonly options: EtcdClusterOptions;
  private restarts = 0;
  private clock = 0;
  private responses: ClientResponse[] = [];
  private watchResponses: { member: number; response: WatchResponse }[] = [];
  private events: EtcdEvent[] = [];

  constructor(options: EtcdClusterOptions) {
    this.options = options;
    this.ids = [...options.ids];
    this.transport = options.transport ?? new NetworkTransport({ seed: options.seed });
    this.clock = options.startMs ?? 0;
    if (options.initialData !== undefined && options.initialData.length > 0) {
      const store = new KvStore();
      for (const [key, value] of options.initialData) store.apply({ type: "put", key, value });
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
    for (const m of this.members.values()) next = Math.min(next, m.nextTickTime);
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
      for (const [id, m] of this.members) {
        m.advance(this.clock);
        this.flush(id, m);
      }
      for (const msg of this.transport.deliver(this.clock)) {
        const to = this.members.get(msg.to);
        if (!to) continue; // a crashed member loses what is sent to it
        to.receive(msg);
        this.flush(msg.to, to);
      }
    }
    this.clock = Math.max(this.clock, t);
    for (const [id, m] of this.members) {
      m.advance(this.clock);
      this.flush(id, m);
    }
  }

  /** A client request to member `id`; lost (no answer) if the member is down. */
  request(id: number, req: ClientRequest): void {
    const m = this.members.get(id);
    if (!m) return;
    m.request(req);
    this.flush(id, m);
  }

  /**
   * `etcdctl member add`: the leader proposes adding `id` (a ConfChange), and the new member starts
   * empty, knowing the cluster it joins; it catches up from the leader's log or snapshot.
   * False when there is no leader to take the change, or another change is still pending.
   */
  addMember(id: number): boolean {
    const leader = this.leader();
    if (leader === undefined || this.ids.includes(id)) return false;
    if (!leader.raft.proposeConfChange({ type: "ConfChangeAddNode", nodeId: id })) return false;
    this.flush(leader.id, leader);
    this.ids.push(id);
    this.start(id);
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
    return true;
  }

  /** The member stops; only its persisted state survives. In-flight requests there are lost. */
  crash(id: number): void {
    const m = this.members.get(id);
    if (!m) return;
    this.disks.set(id, m.persistentState());
    this.members.delete(id);
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
    const m = new EtcdMember({
      ...this.options.member,
      ...this.options.memberOverrides?.(id),
      id,
      peers: [...this.ids],
      random: createRandom(this.options.seed, `etcd-raft-${id}-${this.restarts++}`),
      now: this.clock,
      ...(storage ? { storage } : {}),
    });
    this.members.set(id, m);
    this.flush(id, m);
  }

  private flush(id: number, m: EtcdMember): void {
    for (const msg of m.readMessages()) this.transport.send(msg, this.clock);
    for (const r of m.takeResponses()) this.responses.push(r);
    for (const response of m.takeWatchResponses()) this.watchResponses.push({ member: id, response });
    for (const e of m.takeEvents()) this.events.push(e);
  }
}
