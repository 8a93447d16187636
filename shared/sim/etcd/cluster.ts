/**
 * An etcd cluster: members, the network between them, crashes and restarts, in simulated time.
 *
 * The network is abstract (`RaftTransport`): the cluster hands it every Raft message a member
 * sends and asks it which messages arrive by a given time. `LocalTransport` is a small seeded
 * network (latency, loss, partitions) for tests and for rooms until the full simulated network
 * (`shared/sim/network/`) is plugged in through the same interface.
 */
import type { Message, PersistentState } from "../raft/types.ts";
import { createRandom, type Random } from "../random.ts";
import { type EtcdEvent, EtcdMember, type EtcdMemberConfig } from "./member.ts";
import type { ClientRequest, ClientResponse, WatchResponse } from "./types.ts";

export interface RaftTransport {
  /** A member hands a message to the network at simulated time `now` (ms). */
  send(message: Message, now: number): void;
  /** Removes and returns the messages that arrive by `now`, in arrival order. */
  deliver(now: number): Message[];
  /** When the next message in flight arrives (Infinity if none). */
  nextDeliveryAt(): number;
}

export interface LocalTransportOptions {
  readonly seed: number;
  /** One-way latency, uniform in [min, max] ms. */
  readonly minLatencyMs?: number;
  readonly maxLatencyMs?: number;
  /** Share of messages lost, in percent. */
  readonly lossPercent?: number;
}

interface InFlight {
  readonly at: number;
  readonly order: number;
  readonly message: Message;
}

/** A seeded network with per-message latency (which reorders), loss and partitions. */
export class LocalTransport implements RaftTransport {
  private readonly random: Random;
  private readonly minLatencyMs: number;
  private readonly maxLatencyMs: number;
  lossPercent: number;
  private inFlight: InFlight[] = [];
  private order = 0;
  /** member → side; members on different sides cannot talk. Empty: fully connected. */
  private sides = new Map<number, number>();

  constructor(options: LocalTransportOptions) {
    this.random = createRandom(options.seed, "etcd-network");
    this.minLatencyMs = options.minLatencyMs ?? 1;
    this.maxLatencyMs = options.maxLatencyMs ?? 5;
    this.lossPercent = options.lossPercent ?? 0;
  }

  /** Splits the members into groups that can only talk within themselves. */
  partition(groups: readonly (readonly number[])[]): void {
    this.sides = new Map();
    groups.forEach((g, side) => {
      for (const id of g) this.sides.set(id, side);
    });
  }

  /** Cuts one member off from every other. */
  isolate(id: number): void {
    const sides = new Map(this.sides);
    sides.set(id, -1 - id);
    this.sides = sides;
  }

  heal(): void {
    this.sides = new Map();
  }

  connected(a: number, b: number): boolean {
    return (this.sides.get(a) ?? 0) === (this.sides.get(b) ?? 0);
  }

  send(message: Message, now: number): void {
    if (this.lossPercent > 0 && this.random.int(100) < this.lossPercent) return;
    const at = now + this.random.intBetween(this.minLatencyMs, this.maxLatencyMs);
    const item = { at, order: this.order++, message };
    let lo = 0;
    let hi = this.inFlight.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.inFlight[mid];
      if (m && (m.at < at || (m.at === at && m.order < item.order))) lo = mid + 1;
      else hi = mid;
    }
    this.inFlight.splice(lo, 0, item);
  }

  deliver(now: number): Message[] {
    let n = 0;
    while (n < this.inFlight.length && (this.inFlight[n]?.at ?? Number.POSITIVE_INFINITY) <= now) n++;
    if (n === 0) return [];
    const due = this.inFlight.splice(0, n);
    // A partition cuts messages already on the wire too.
    return due.map((d) => d.message).filter((m) => this.connected(m.from, m.to));
  }

  nextDeliveryAt(): number {
    return this.inFlight[0]?.at ?? Number.POSITIVE_INFINITY;
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
}

export class EtcdCluster {
  readonly ids: readonly number[];
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
    this.transport = options.transport ?? new LocalTransport({ seed: options.seed });
    for (const id of this.ids) this.start(id);
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
      let next = this.transport.nextDeliveryAt();
      for (const m of this.members.values()) next = Math.min(next, m.nextTickTime);
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
      peers: this.ids,
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
