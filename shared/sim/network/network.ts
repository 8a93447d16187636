/**
 * The simulated network between machines (etcd members, API servers, nodes). Pure: time is
 * simulated ms passed in by the caller, randomness comes from the seeded stream it is given,
 * and deliveries come out in (time, send order), so a seed decides every drop and delay.
 *
 * What it can do to a message, each a knob the chaos agent or a test turns:
 * - latency: each link delays a message by a whole number of ms drawn uniformly from its range;
 *   messages on one link overtake each other when the range is wider than their spacing
 *   (reordering), unless the network is `ordered` (a TCP stream per link: a message never arrives
 *   before the one sent ahead of it on its link);
 * - loss and duplication: per link, a probability per message;
 * - partitions: cut links between groups of machines, or one way only; heal() joins them again;
 *   a message whose link is cut when it would arrive is lost, as on a real wire;
 * - crash: a crashed machine sends and receives nothing; restart() brings it back (the caller
 *   rebuilds the process from what it persisted);
 * - slow disk: a machine's fsync latency delays everything it sends, since a member persists
 *   its term, vote and log before it answers.
 */
import { EventQueue } from "../engine/eventQueue.ts";
import type { Random } from "../random.ts";

export interface LinkConfig {
  /** One-way delay in whole ms, drawn uniformly from [min, max]. */
  latencyMs: readonly [number, number];
  /** Probability that a message is lost. */
  loss: number;
  /** Probability that a message arrives twice (the copy with its own delay). */
  duplicate: number;
}

/** A LAN between machines in one data centre: about a millisecond each way, nothing lost. */
export const defaultLink: LinkConfig = { latencyMs: [1, 2], loss: 0, duplicate: 0 };

export interface Delivery<P> {
  readonly from: string;
  readonly to: string;
  readonly payload: P;
  /** Simulated ms at which it arrives. */
  readonly at: number;
}

export type DropReason = "partition" | "loss" | "crashed";

export interface NetworkStats {
  sent: number;
  delivered: number;
  duplicated: number;
  dropped: Record<DropReason, number>;
}

/** A message put on the wire: when it left and when it is due (it may still be lost on arrival). */
export interface Sent<P> extends Delivery<P> {
  readonly sentAt: number;
}

/** How many of the latest sends the network remembers for a view of the wire. */
const RECENT_SENDS = 64;

interface InFlight<P> {
  readonly from: string;
  readonly to: string;
  readonly payload: P;
}

function linkKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}

function validLink(config: LinkConfig): LinkConfig {
  const [min, max] = config.latencyMs;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    throw new RangeError(`latencyMs must be whole ms with 0 ≤ min ≤ max, got [${min}, ${max}]`);
  }
  for (const p of [config.loss, config.duplicate]) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`loss and duplicate must be probabilities, got ${p}`);
  }
  return config;
}

/**
 * Who reaches whom: the one partition rule of the simulation. Machines in different groups of a
 * partition cannot reach each other; a machine a partition does not name keeps its links across
 * it; a cut can also be one way. The etcd peers' network below and the World's machines (nodes,
 * API servers, control-plane processes) both ask this.
 */
export class Reachability {
  private readonly cuts = new Set<string>();

  /** Machines in different groups can no longer reach each other; machines not named keep their links. */
  partition(...groups: readonly (readonly string[])[]): void {
    for (const [i, a] of groups.entries()) {
      for (const b of groups.slice(i + 1)) {
        for (const x of a) {
          for (const y of b) {
            this.cuts.add(linkKey(x, y));
            this.cuts.add(linkKey(y, x));
          }
        }
      }
    }
  }

  /** Cuts one direction only: `from` can no longer reach `to` (an asymmetric partition). */
  cut(from: string, to: string): void {
    this.cuts.add(linkKey(from, to));
  }

  /** Every cut link works again. */
  heal(): void {
    this.cuts.clear();
  }

  /** The partitions in force now, replacing any earlier (an empty list heals every link). */
  partitionAll(partitions: readonly (readonly (readonly string[])[])[]): void {
    this.heal();
    for (const groups of partitions) this.partition(...groups);
  }

  connected(from: string, to: string): boolean {
    // Asked on every API call and traffic second: no key to build while nothing is cut.
    return this.cuts.size === 0 || !this.cuts.has(linkKey(from, to));
  }
}

export class Network<P> {
  private readonly random: Random;
  private readonly baseLink: LinkConfig;
  private readonly links = new Map<string, LinkConfig>();
  private readonly reach = new Reachability();
  private readonly crashed = new Set<string>();
  private readonly diskMs = new Map<string, number>();
  private readonly queue = new EventQueue<InFlight<P>>();
  private readonly ordered: boolean;
  /** With `ordered`: when the last message sent on each link arrives. */
  private readonly lastArrival = new Map<string, number>();
  /** The latest sends, oldest first: for the players' view only, never read by the simulation. */
  private readonly recent: Sent<P>[] = [];
  readonly stats: NetworkStats = {
    sent: 0,
    delivered: 0,
    duplicated: 0,
    dropped: { partition: 0, loss: 0, crashed: 0 },
  };

  constructor(options: { random: Random; link?: LinkConfig; ordered?: boolean }) {
    this.random = options.random;
    this.baseLink = validLink(options.link ?? defaultLink);
    this.ordered = options.ordered ?? false;
  }

  /** Overrides the link from one machine to another (one direction). */
  setLink(from: string, to: string, config: LinkConfig): void {
    this.links.set(linkKey(from, to), validLink(config));
  }

  link(from: string, to: string): LinkConfig {
    return this.links.get(linkKey(from, to)) ?? this.baseLink;
  }

  /** Machines in different groups can no longer reach each other (Reachability.partition). */
  partition(...groups: readonly (readonly string[])[]): void {
    this.reach.partition(...groups);
  }

  /** Cuts one direction only: `from` can no longer reach `to` (an asymmetric partition). */
  cut(from: string, to: string): void {
    this.reach.cut(from, to);
  }

  /** Every cut link works again. */
  heal(): void {
    this.reach.heal();
  }

  /** The partitions in force now, replacing any earlier. */
  partitionAll(partitions: readonly (readonly (readonly string[])[])[]): void {
    this.reach.partitionAll(partitions);
  }

  connected(from: string, to: string): boolean {
    return this.reach.connected(from, to);
  }

  crash(machine: string): void {
    this.crashed.add(machine);
  }

  restart(machine: string): void {
    this.crashed.delete(machine);
  }

  isUp(machine: string): boolean {
    return !this.crashed.has(machine);
  }

  /** Fsync latency of a machine's disk, added to everything it sends (0 = a healthy SSD). */
  setDiskLatency(machine: string, ms: number): void {
    if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`disk latency must be whole ms ≥ 0, got ${ms}`);
    if (ms === 0) this.diskMs.delete(machine);
    else this.diskMs.set(machine, ms);
  }

  diskLatency(machine: string): number {
    return this.diskMs.get(machine) ?? 0;
  }

  /** Sends a message at `now`; false when it is dropped at once (crashed sender, cut link, loss). */
  send(from: string, to: string, payload: P, now: number): boolean {
    this.stats.sent++;
    if (this.crashed.has(from)) return this.drop("crashed");
    const key = linkKey(from, to);
    if (!this.reach.connected(from, to)) return this.drop("partition");
    const link = this.links.get(key) ?? this.baseLink;
    if (link.loss > 0 && this.random.next() < link.loss) return this.drop("loss");
    const departs = now + this.diskLatency(from);
    let at = departs + this.delay(link);
    if (this.ordered) {
      // In order on its link: never before the message sent ahead of it (same ms: send order).
      at = Math.max(at, this.lastArrival.get(key) ?? at);
      this.lastArrival.set(key, at);
    }
    this.queue.push(at, { from, to, payload });
    this.recent.push({ from, to, payload, sentAt: now, at });
    if (this.recent.length > RECENT_SENDS) this.recent.shift();
    if (link.duplicate > 0 && this.random.next() < link.duplicate) {
      this.stats.duplicated++;
      this.queue.push(departs + this.delay(link), { from, to, payload });
    }
    return true;
  }

  /** When the next message arrives, or undefined when none is in flight. */
  nextDeliveryAt(): number | undefined {
    return this.queue.peek()?.time;
  }

  /**
   * The messages arriving at or before `now`, in arrival order; those lost on arrival (cut link,
   * crashed receiver) are left out, and pushed onto `lost` when given, for a sender that wants to
   * know (a transport reporting an undelivered snapshot).
   */
  deliverDue(now: number, lost?: Delivery<P>[]): Delivery<P>[] {
    const out: Delivery<P>[] = [];
    for (let next = this.queue.peek(); next !== undefined && next.time <= now; next = this.queue.peek()) {
      this.queue.pop();
      const { from, to, payload } = next.event;
      const linked = this.reach.connected(from, to);
      if (this.crashed.has(to) || !linked) lost?.push({ from, to, payload, at: next.time });
      if (this.crashed.has(to)) this.drop("crashed");
      else if (!linked) this.drop("partition");
      else {
        this.stats.delivered++;
        out.push({ from, to, payload, at: next.time });
      }
    }
    return out;
  }

  /** The latest messages sent (at most 64, oldest first), whether or not they have arrived yet. */
  recentSends(): readonly Sent<P>[] {
    return this.recent;
  }

  /** Messages still travelling. */
  get inFlight(): number {
    return this.queue.size;
  }

  private delay(link: LinkConfig): number {
    return this.random.intBetween(link.latencyMs[0], link.latencyMs[1]);
  }

  private drop(reason: DropReason): false {
    this.stats.dropped[reason]++;
    return false;
  }
}
