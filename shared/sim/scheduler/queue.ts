/**
 * The scheduling queue (internal/queue/scheduling_queue.go): activeQ ordered by the
 * QueueSort plugin, backoffQ ordered by back-off expiry, and the unschedulable pods, which
 * cluster events move back. Time is simulated milliseconds passed in by the caller.
 */
import type { QueuedPodInfo } from "./framework/interface.ts";
import { KeyedHeap } from "./heap.ts";
import type { PodInfo } from "./podInfo.ts";

// scheduling_queue.go: DefaultPodMaxInUnschedulablePodsDuration, and the periods of the
// flushBackoffQCompleted (1 s) and flushUnschedulablePodsLeftover (30 s) loops.
export const podMaxInUnschedulablePodsDurationMs = 5 * 60 * 1000;
export const backoffFlushPeriodMs = 1000;
export const unschedulableFlushPeriodMs = 30 * 1000;

/** The cluster events that can make an unschedulable pod schedulable (framework/events.go). */
export type ClusterEvent =
  | "NodeAdd"
  | "NodeDelete"
  | "NodeLabelChange"
  | "NodeTaintChange"
  | "NodeAllocatableChange"
  | "AssignedPodAdd"
  | "AssignedPodUpdate"
  | "AssignedPodDelete";

const nodeEvents: readonly ClusterEvent[] = ["NodeAdd", "NodeLabelChange", "NodeTaintChange"];

/**
 * EventsToRegister of each filter plugin (without queueing hints, every Node/Add plugin also
 * registers label and taint updates: kubernetes/kubernetes#109437).
 */
export const pluginEvents: Readonly<Record<string, readonly ClusterEvent[]>> = {
  NodeUnschedulable: nodeEvents,
  NodeName: nodeEvents,
  TaintToleration: nodeEvents,
  NodeAffinity: nodeEvents,
  NodePorts: [...nodeEvents, "AssignedPodDelete"],
  NodeResourcesFit: [...nodeEvents, "NodeAllocatableChange", "AssignedPodDelete"],
  PodTopologySpread: [
    ...nodeEvents,
    "NodeDelete",
    "AssignedPodAdd",
    "AssignedPodUpdate",
    "AssignedPodDelete",
  ],
  InterPodAffinity: [...nodeEvents, "AssignedPodAdd", "AssignedPodUpdate", "AssignedPodDelete"],
};

/** One queued pod as saved: enough to put it back where it was. */
export interface SavedQueuedPod {
  readonly key: string;
  readonly where: "active" | "backoff" | "unschedulable";
  readonly timestamp: number;
  readonly attempts: number;
  readonly initialAttemptTimestamp: number;
  readonly arrival: number;
  readonly unschedulablePlugins: readonly string[];
}

/** The queue as plain data (between cycles: nothing is in flight). */
export interface SavedQueue {
  readonly pods: readonly SavedQueuedPod[];
  readonly schedulingCycle: number;
  readonly moveRequestCycle: number;
  readonly nextBackoffFlush: number;
  readonly nextUnschedulableFlush: number;
  readonly arrivals: number;
}

export interface QueueOptions {
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  podInitialBackoffMs: number;
  podMaxBackoffMs: number;
}

/** calculateBackoffDuration: initial × 2^(attempts−1), capped at the maximum. */
export function backoffDuration(attempts: number, initialMs: number, maxMs: number): number {
  let duration = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (duration > maxMs - duration) return maxMs;
    duration += duration;
  }
  return duration;
}

export class SchedulingQueue {
  private readonly options: QueueOptions;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  /** Incremented on every pop. */
  schedulingCycle = 0;
  /** The cycle of the last move request: a pod failing in that cycle or before goes to backoff. */
  private moveRequestCycle = -1;
  private nextBackoffFlush = 0;
  private nextUnschedulableFlush = 0;
  private arrivals = 0;

  constructor(options: QueueOptions) {
    this.options = options;
    const less = options.less;
    this.activeQ = new KeyedHeap(
      (q) => q.podInfo.key,
      (a, b) => less(a, b) || (!less(b, a) && a.arrival < b.arrival),
    );
    this.backoffQ = new KeyedHeap(
      (q) => q.podInfo.key,
      (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
    );
  }

  backoffExpiry(q: QueuedPodInfo): number {
    return (
      q.timestamp +
      backoffDuration(q.attempts, this.options.podInitialBackoffMs, this.options.podMaxBackoffMs)
    );
  }

  isBackingOff(q: QueuedPodInfo, now: number): boolean {
    return this.backoffExpiry(q) > now;
  }

  /** Add: a new pending pod goes straight to activeQ. */
  add(podInfo: PodInfo, now: number): void {
    const key = podInfo.key;
    const existing = this.find(key);
    this.backoffQ.remove(key);
    this.unschedulable.delete(key);
    if (existing !== undefined) {
      existing.podInfo = podInfo;
      if (this.inFlight.has(key)) return;
      this.activeQ.push(existing);
      return;
    }
    this.activeQ.push({
      podInfo,
      timestamp: now,
      attempts: 0,
      initialAttemptTimestamp: now,
      arrival: this.arrivals++,
      unschedulablePlugins: new Set(),
    });
  }

  /** Update: an unschedulable pod whose spec changed is retried. */
  update(podInfo: PodInfo, now: number): void {
    const key = podInfo.key;
    const active = this.activeQ.get(key) ?? this.backoffQ.get(key) ?? this.inFlight.get(key);
    if (active !== undefined) {
      active.podInfo = podInfo;
      if (this.activeQ.has(key)) this.activeQ.push(active);
      return;
    }
    const q = this.unschedulable.get(key);
    if (q === undefined) {
      this.add(podInfo, now);
      return;
    }
    q.podInfo = podInfo;
    this.unschedulable.delete(key);
    if (this.isBackingOff(q, now)) this.backoffQ.push(q);
    else this.activeQ.push(q);
  }

  delete(key: string): void {
    this.activeQ.remove(key);
    this.backoffQ.remove(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** Runs the periodic flushes due by `now`. */
  advance(now: number): void {
    while (this.nextBackoffFlush <= now) {
      const t = this.nextBackoffFlush;
      this.flushBackoffQCompleted(t);
      this.nextBackoffFlush =
        this.backoffQ.size === 0
          ? (Math.floor(now / backoffFlushPeriodMs) + 1) * backoffFlushPeriodMs
          : t + backoffFlushPeriodMs;
    }
    while (this.nextUnschedulableFlush <= now) {
      const t = this.nextUnschedulableFlush;
      this.flushUnschedulablePodsLeftover(t);
      this.nextUnschedulableFlush =
        this.unschedulable.size === 0
          ? (Math.floor(now / unschedulableFlushPeriodMs) + 1) * unschedulableFlushPeriodMs
          : t + unschedulableFlushPeriodMs;
    }
  }

  /** Pop: the head of activeQ, or null when nothing is ready at `now`. */
  pop(now: number): QueuedPodInfo | null {
    this.advance(now);
    const q = this.activeQ.pop();
    if (q === undefined) return null;
    this.schedulingCycle++;
    q.attempts++;
    this.inFlight.set(q.podInfo.key, q);
    return q;
  }

  /** The pod's cycle is over (bound or requeued). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * AddUnschedulableIfNotPresent: a pod that failed goes to the unschedulable pods, or to
   * backoffQ if a move request came while it was being scheduled or it failed with an error.
   */
  addUnschedulable(q: QueuedPodInfo, podSchedulingCycle: number, now: number): void {
    const key = q.podInfo.key;
    this.inFlight.delete(key);
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key)) return;
    q.timestamp = now;
    if (this.moveRequestCycle >= podSchedulingCycle || q.unschedulablePlugins.size === 0) {
      this.backoffQ.push(q);
    } else {
      this.unschedulable.set(key, q);
    }
  }

  /** A pod whose binding failed: back to backoffQ, its attempt counted. */
  addBackoff(podInfo: PodInfo, now: number): void {
    const key = podInfo.key;
    if (this.find(key) !== undefined) return;
    this.backoffQ.push({
      podInfo,
      timestamp: now,
      attempts: 1,
      initialAttemptTimestamp: now,
      arrival: this.arrivals++,
      unschedulablePlugins: new Set(),
    });
  }

  /** MoveAllToActiveOrBackoffQueue for the pods a cluster event may help. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, now: number): void {
    const moved: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values()) {
      if (
        q.unschedulablePlugins.size === 0 ||
        [...q.unschedulablePlugins].some((p) => pluginEvents[p]?.includes(event))
      ) {
        moved.push(q);
      }
    }
    for (const q of moved) this.moveToActiveOrBackoff(q, now);
    this.moveRequestCycle = this.schedulingCycle;
  }

  private moveToActiveOrBackoff(q: QueuedPodInfo, now: number): void {
    this.unschedulable.delete(q.podInfo.key);
    if (this.isBackingOff(q, now)) this.backoffQ.push(q);
    else this.activeQ.push(q);
  }

  private flushBackoffQCompleted(now: number): void {
    for (;;) {
      const head = this.backoffQ.peek();
      if (head === undefined || this.backoffExpiry(head) > now) return;
      this.backoffQ.pop();
      this.activeQ.push(head);
    }
  }

  private flushUnschedulablePodsLeftover(now: number): void {
    const stale = [...this.unschedulable.values()].filter(
      (q) => now - q.timestamp > podMaxInUnschedulablePodsDurationMs,
    );
    for (const q of stale) this.moveToActiveOrBackoff(q, now);
  }

  private find(key: string): QueuedPodInfo | undefined {
    return (
      this.activeQ.get(key) ?? this.backoffQ.get(key) ?? this.unschedulable.get(key) ?? this.inFlight.get(key)
    );
  }

  save(): SavedQueue {
    const saved = (q: QueuedPodInfo, where: SavedQueuedPod["where"]): SavedQueuedPod => ({
      key: q.podInfo.key,
      where,
      timestamp: q.timestamp,
      attempts: q.attempts,
      initialAttemptTimestamp: q.initialAttemptTimestamp,
      arrival: q.arrival,
      unschedulablePlugins: [...q.unschedulablePlugins],
    });
    return {
      pods: [
        ...[...this.activeQ.values()].map((q) => saved(q, "active")),
        ...[...this.backoffQ.values()].map((q) => saved(q, "backoff")),
        ...[...this.unschedulable.values()].map((q) => saved(q, "unschedulable")),
      ].sort((a, b) => a.arrival - b.arrival),
      schedulingCycle: this.schedulingCycle,
      moveRequestCycle: this.moveRequestCycle,
      nextBackoffFlush: this.nextBackoffFlush,
      nextUnschedulableFlush: this.nextUnschedulableFlush,
      arrivals: this.arrivals,
    };
  }

  /** Puts back what save() returned, into an empty queue; `podInfo` gives each pod by key. */
  restore(saved: SavedQueue, podInfo: (key: string) => PodInfo | undefined): void {
    for (const p of saved.pods) {
      const info = podInfo(p.key);
      if (info === undefined) continue;
      const q: QueuedPodInfo = {
        podInfo: info,
        timestamp: p.timestamp,
        attempts: p.attempts,
        initialAttemptTimestamp: p.initialAttemptTimestamp,
        arrival: p.arrival,
        unschedulablePlugins: new Set(p.unschedulablePlugins),
      };
      if (p.where === "active") this.activeQ.push(q);
      else if (p.where === "backoff") this.backoffQ.push(q);
      else this.unschedulable.set(p.key, q);
    }
    this.schedulingCycle = saved.schedulingCycle;
    this.moveRequestCycle = saved.moveRequestCycle;
    this.nextBackoffFlush = saved.nextBackoffFlush;
    this.nextUnschedulableFlush = saved.nextUnschedulableFlush;
    this.arrivals = saved.arrivals;
  }

  /** Where a pod is: "active", "backoff", "unschedulable", "in-flight" or undefined. */
  where(key: string): "active" | "backoff" | "unschedulable" | "in-flight" | undefined {
    if (this.activeQ.has(key)) return "active";
    if (this.backoffQ.has(key)) return "backoff";
    if (this.unschedulable.has(key)) return "unschedulable";
    if (this.inFlight.has(key)) return "in-flight";
    return undefined;
  }

  get(key: string): QueuedPodInfo | undefined {
    return this.find(key);
  }

  pendingPods(): QueuedPodInfo[] {
    return [...this.activeQ.values(), ...this.backoffQ.values(), ...this.unschedulable.values()];
  }

  get activeCount(): number {
    return this.activeQ.size;
  }

  /** How many pods wait in each of kube-scheduler's three queues (its pending_pods metric, by queue). */
  counts(): { readonly active: number; readonly backoff: number; readonly unschedulable: number } {
    return { active: this.activeQ.size, backoff: this.backoffQ.size, unschedulable: this.unschedulable.size };
  }
}

const noPods: readonly PodInfo[] = Object.freeze([]);

/** The pods nominated to each node by preemption (the PodNominator). */
export class Nominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  add(podInfo: PodInfo, nodeName: string): void {
    this.delete(podInfo.key);
    if (nodeName === "") return;
    const list = this.byNode.get(nodeName) ?? [];
    list.push(podInfo);
    this.byNode.set(nodeName, list);
    this.nodeOf.set(podInfo.key, nodeName);
  }

  delete(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = (this.byNode.get(node) ?? []).filter((p) => p.key !== key);
    if (list.length === 0) this.byNode.delete(node);
    else this.byNode.set(node, list);
  }

  /** Every nomination, pod key → node, in the order they were made per node. */
  entries(): [string, string][] {
    return [...this.byNode.entries()].flatMap(([node, pods]) =>
      pods.map((p): [string, string] => [p.key, node]),
    );
  }

  nominatedNode(key: string): string | undefined {
    return this.nodeOf.get(key);
  }

  podsForNode(nodeName: string): readonly PodInfo[] {
    if (this.byNode.size === 0) return noPods;
    return this.byNode.get(nodeName) ?? noPods;
  }
}
