import { describeFault, faultSchema } from "../scenario/faults.ts";
import type { Scenario } from "../scenario/types.ts";
import { availabilityTargets } from "./score.ts";
import { isSloSample, type WorldTraceRecord } from "./types.ts";
import type { World } from "./world.ts";

/**
 * What happened to the cluster in a round, for the debrief's timeline and the incident screen:
 * the incident's start, each fault, etcd leader changes and quorum, SLO breaches, nodes lost and
 * back, evictions, the objective met. Pure: it reads the World's trace records (fed from the
 * World's trace sink, in order) and, each tick, the World itself — never a clock — so a replay of
 * the same round gives the same milestones.
 *
 * Details, so a client can word them in any language:
 * - incidentStart, fault: `<fault kind> <target>` (target as in Kubernetes: node/x, etcd member, …);
 *   an incident the scenario's own load starts (a launch's traffic) has an empty detail;
 * - leaderElected: `<member> <term>`;
 * - nodeNotReady, nodeReady: node names, comma-separated (the node lifecycle controller marks
 *   every lost node in the same pass, so a zone lost is one milestone);
 * - podsEvicted: `<node> <count>`;
 * - sloBreached, sloRestored: the Service's name;
 * - quorumLost, quorumRestored, objectiveMet: "".
 */

export type MilestoneKind =
  | "incidentStart"
  | "fault"
  | "leaderElected"
  | "quorumLost"
  | "quorumRestored"
  | "sloBreached"
  | "sloRestored"
  | "nodeNotReady"
  | "nodeReady"
  | "podsEvicted"
  | "objectiveMet";

export interface Milestone {
  /** Simulated ms. */
  readonly time: number;
  readonly kind: MilestoneKind;
  readonly detail: string;
}

/**
 * A leader change normally leaves etcd unable to commit for one election (followers wait an
 * election timeout, randomized between 1× and 2× in etcd's raft: raft.go resetRandomizedElectionTimeout,
 * then one round of votes). Only an outage longer than this many election timeouts is a lost quorum,
 * so a routine re-election does not show as one.
 */
const QUORUM_GRACE_ELECTIONS = 3;

/** A Service is back within its objective once every second of this long met it (one breach, not a flicker of many). */
const SLO_RESTORE_HOLD_MS = 10_000;

/** Evictions from one node closer together than this are one milestone (a drain, a taint manager's pass). */
const EVICTION_BATCH_MS = 5_000;

/** The reasons of the events that say a pod was evicted: by the taint manager, by kubectl drain or the kubelet. */
const evictionReasons: ReadonlySet<string> = new Set(["TaintManagerEviction", "Evicted"]);

/** What a MilestoneTracker is gathering, as plain data: a round's keyframe carries it. */
export interface MilestoneTrackerSnapshot {
  readonly found: readonly Milestone[];
  readonly unwritableSince: number | null;
  readonly quorumLostTold: boolean;
  readonly breachedSince: readonly (readonly [string, number])[];
  readonly goodSince: readonly (readonly [string, number])[];
  readonly notReady: readonly string[];
  readonly eventsSeen: number;
  readonly evictions: readonly (readonly [string, { first: number; last: number; count: number }])[];
}

export class MilestoneTracker {
  private readonly found: Milestone[] = [];
  private readonly targets: ReadonlyMap<string, number>;
  private readonly quorumGraceMs: number;
  /** Since when etcd could not commit (null: it can); and whether that was told as quorumLost. */
  private unwritableSince: number | null = null;
  private quorumLostTold = false;
  private readonly breachedSince = new Map<string, number>();
  /** Per breached Service: since when every second has met the target again. */
  private readonly goodSince = new Map<string, number>();
  private readonly notReady = new Set<string>();
  private eventsSeen = 0;
  private readonly evictions = new Map<string, { first: number; last: number; count: number }>();

  /** Made before the World, so its trace sink can feed this from the first record. */
  constructor(scenario: Scenario) {
    this.targets = availabilityTargets(scenario);
    this.quorumGraceMs = QUORUM_GRACE_ELECTIONS * scenario.etcd.electionTimeoutMs;
  }

  snapshot(): MilestoneTrackerSnapshot {
    return structuredClone({
      found: this.found,
      unwritableSince: this.unwritableSince,
      quorumLostTold: this.quorumLostTold,
      breachedSince: [...this.breachedSince],
      goodSince: [...this.goodSince],
      notReady: [...this.notReady],
      eventsSeen: this.eventsSeen,
      evictions: [...this.evictions],
    });
  }

  /** Carries on from what `snapshot()` returned (of the same round's World at the same time). */
  restore(from: MilestoneTrackerSnapshot): void {
    const copy = structuredClone(from);
    this.found.splice(0, this.found.length, ...copy.found);
    this.unwritableSince = copy.unwritableSince;
    this.quorumLostTold = copy.quorumLostTold;
    replace(this.breachedSince, copy.breachedSince);
    replace(this.goodSince, copy.goodSince);
    this.notReady.clear();
    for (const node of copy.notReady) this.notReady.add(node);
    this.eventsSeen = copy.eventsSeen;
    replace(this.evictions, copy.evictions);
  }

  /** Feed every trace record of the World, in order (from the World's trace sink). */
  record(r: WorldTraceRecord): void {
    if (r.kind === "incident.start")
      this.found.push({ time: r.t, kind: "incidentStart", detail: stringField(r, "cause") ?? "" });
    else if (r.kind === "fault") this.faultTraced(r);
    else if (r.kind === "etcd.leader") {
      const member = stringField(r, "member");
      if (member !== undefined && member !== "")
        this.found.push({
          time: r.t,
          kind: "leaderElected",
          detail: `${member} ${numberField(r, "term") ?? 0}`,
        });
    } else if (r.kind === "node.condition" && stringField(r, "type") === "Ready") {
      this.nodeCondition(r.t, stringField(r, "node") ?? "", stringField(r, "status") === "True");
    } else if (isSloSample(r)) this.sloSample(r.t, r.service, r.availability);
    else if (r.kind === "objective.met") this.found.push({ time: r.t, kind: "objectiveMet", detail: "" });
  }

  /**
   * Called once a tick, after the World advanced: what the World's state says (quorum, evictions),
   * then every milestone found since the last call, oldest first.
   */
  observe(world: World): Milestone[] {
    this.quorum(world.etcdWritable(), world.now);
    this.readEvictions(world);
    for (const [node, batch] of [...this.evictions])
      if (world.now - batch.last >= EVICTION_BATCH_MS) this.flushEvictions(node);
    return this.take();
  }

  /** The round is over: whatever is still being gathered (a batch of evictions) is told now. */
  finish(world: World): Milestone[] {
    this.readEvictions(world);
    for (const node of [...this.evictions.keys()]) this.flushEvictions(node);
    return this.take();
  }

  private take(): Milestone[] {
    // Stable: milestones of one instant keep the order they happened in.
    return this.found.splice(0).sort((a, b) => a.time - b.time);
  }

  private faultTraced(r: WorldTraceRecord): void {
    // A fault the World refused carries its reason; an undoing (revert) strikes nothing.
    if (r.revert === true || r.simulated !== true || "reason" in r) return;
    const parsed = faultSchema.safeParse(r.fault);
    if (parsed.success) this.found.push({ time: r.t, kind: "fault", detail: describeFault(parsed.data) });
  }

  private quorum(writable: boolean, now: number): void {
    if (!writable) {
      this.unwritableSince ??= now;
      if (!this.quorumLostTold && now - this.unwritableSince > this.quorumGraceMs) {
        this.quorumLostTold = true;
        this.found.push({ time: this.unwritableSince, kind: "quorumLost", detail: "" });
      }
      return;
    }
    if (this.quorumLostTold) this.found.push({ time: now, kind: "quorumRestored", detail: "" });
    this.unwritableSince = null;
    this.quorumLostTold = false;
  }

  private nodeCondition(time: number, node: string, ready: boolean): void {
    if (ready === !this.notReady.has(node)) return;
    if (ready) this.notReady.delete(node);
    else this.notReady.add(node);
    const kind = ready ? "nodeReady" : "nodeNotReady";
    // One pass of the node lifecycle controller marks many nodes at one instant: one milestone.
    const last = this.found.findLast((m) => m.kind === kind && m.time === time);
    if (last === undefined) this.found.push({ time, kind, detail: node });
    else this.found[this.found.indexOf(last)] = { ...last, detail: `${last.detail},${node}` };
  }

  private sloSample(time: number, service: string, availability: number): void {
    const target = this.targets.get(service);
    if (target === undefined) return;
    const breached = this.breachedSince.has(service);
    if (availability < target) {
      this.goodSince.delete(service);
      if (!breached) {
        this.breachedSince.set(service, time);
        this.found.push({ time, kind: "sloBreached", detail: service });
      }
      return;
    }
    if (!breached) return;
    const since = this.goodSince.get(service) ?? time;
    this.goodSince.set(service, since);
    if (time - since >= SLO_RESTORE_HOLD_MS) {
      this.breachedSince.delete(service);
      this.goodSince.delete(service);
      this.found.push({ time: since, kind: "sloRestored", detail: service });
    }
  }

  /** Eviction events since the last look, gathered per node. */
  private readEvictions(world: World): void {
    const fresh = world.eventCount - this.eventsSeen;
    this.eventsSeen = world.eventCount;
    if (fresh <= 0) return;
    const events = world.recentEvents().slice(-fresh);
    if (!events.some((e) => evictionReasons.has(e.reason))) return;
    const nodeOf = new Map(world.podList().map((p) => [`pod/${p.name}`, p.nodeName]));
    for (const event of events) {
      if (!evictionReasons.has(event.reason)) continue;
      // An evicted pod keeps its node while it terminates (and a kubelet-evicted one stays Failed on it).
      const node = nodeOf.get(event.object) ?? "";
      const batch = this.evictions.get(node);
      if (batch === undefined)
        this.evictions.set(node, { first: event.timeMs, last: event.timeMs, count: 1 });
      else {
        batch.last = event.timeMs;
        batch.count++;
      }
    }
  }

  private flushEvictions(node: string): void {
    const batch = this.evictions.get(node);
    if (batch === undefined) return;
    this.evictions.delete(node);
    this.found.push({ time: batch.first, kind: "podsEvicted", detail: `${node} ${batch.count}` });
  }
}

function stringField(r: WorldTraceRecord, key: string): string | undefined {
  const value = r[key];
  return typeof value === "string" ? value : undefined;
}

function numberField(r: WorldTraceRecord, key: string): number | undefined {
  const value = r[key];
  return typeof value === "number" ? value : undefined;
}

function replace<K, V>(map: Map<K, V>, entries: readonly (readonly [K, V])[]): void {
  map.clear();
  for (const [key, value] of entries) map.set(key, value);
}
