/**
 * Node-pressure eviction: the kubelet watches the node's free memory and disk against hard
 * eviction thresholds, reports MemoryPressure/DiskPressure, and evicts pods one at a time until
 * the signal is back over the threshold.
 */

export type EvictionSignal =
  | "memory.available"
  | "nodefs.available"
  | "imagefs.available"
  | "nodefs.inodesFree";

export type HardThreshold =
  | { readonly signal: EvictionSignal; readonly kind: "quantity"; readonly value: number }
  | { readonly signal: EvictionSignal; readonly kind: "percentage"; readonly value: number };

/**
 * kubelet `evictionHard` defaults on Linux (pkg/kubelet/apis/config/v1beta1/defaults_linux.go;
 * kubernetes.io "Node-pressure Eviction"): memory.available<100Mi, nodefs.available<10%,
 * imagefs.available<15%, nodefs.inodesFree<5%. Memory quantities are in MiB here.
 */
export const defaultHardEvictionThresholds: readonly HardThreshold[] = [
  { signal: "memory.available", kind: "quantity", value: 100 },
  { signal: "nodefs.available", kind: "percentage", value: 0.1 },
  { signal: "imagefs.available", kind: "percentage", value: 0.15 },
  { signal: "nodefs.inodesFree", kind: "percentage", value: 0.05 },
];

/** kubelet `evictionPressureTransitionPeriod` default 5m: a pressure condition is held this long after the signal recovers. */
export const evictionPressureTransitionPeriodMs = 300_000;
/** pkg/kubelet/kubelet.go `evictionMonitoringPeriod = time.Second * 10`: how often the eviction manager runs. */
export const evictionMonitoringPeriodMs = 10_000;

/** An observed signal: what is available and, for percentage thresholds, out of what capacity. */
export interface SignalObservation {
  readonly available: number;
  readonly capacity: number;
}

export type NodeSignals = Readonly<Partial<Record<EvictionSignal, SignalObservation>>>;

export type PressureCondition = "MemoryPressure" | "DiskPressure";

/** pkg/kubelet/eviction/helpers.go `signalToNodeCondition`. */
export const signalToCondition: Record<EvictionSignal, PressureCondition> = {
  "memory.available": "MemoryPressure",
  "nodefs.available": "DiskPressure",
  "imagefs.available": "DiskPressure",
  "nodefs.inodesFree": "DiskPressure",
};

/** The threshold below which a signal counts as met, in the signal's own unit. */
export function thresholdQuantity(threshold: HardThreshold, observation: SignalObservation): number {
  return threshold.kind === "quantity" ? threshold.value : threshold.value * observation.capacity;
}

/** The thresholds met now: available strictly below the threshold quantity (the `<` of `memory.available<100Mi`). */
export function thresholdsMet(
  signals: NodeSignals,
  thresholds: readonly HardThreshold[] = defaultHardEvictionThresholds,
): HardThreshold[] {
  return thresholds.filter((t) => {
    const observed = signals[t.signal];
    return observed !== undefined && observed.available < thresholdQuantity(t, observed);
  });
}

export interface PressureState {
  /** When each condition's threshold was last seen met. */
  readonly lastMetAtMs: Readonly<Partial<Record<PressureCondition, number>>>;
}

export const noPressure: PressureState = { lastMetAtMs: {} };

export interface PressureObservation {
  readonly state: PressureState;
  readonly conditions: ReadonlySet<PressureCondition>;
  /** The thresholds met right now: the eviction manager evicts only while one is met. */
  readonly met: readonly HardThreshold[];
}

/**
 * One eviction-manager pass: a condition is True while its threshold is met and for
 * `evictionPressureTransitionPeriod` after, so a node does not flap in and out of pressure.
 */
export function observePressure(
  state: PressureState,
  signals: NodeSignals,
  nowMs: number,
  thresholds: readonly HardThreshold[] = defaultHardEvictionThresholds,
): PressureObservation {
  const met = thresholdsMet(signals, thresholds);
  const lastMetAtMs: Partial<Record<PressureCondition, number>> = { ...state.lastMetAtMs };
  for (const t of met) lastMetAtMs[signalToCondition[t.signal]] = nowMs;
  const conditions = new Set<PressureCondition>();
  for (const [condition, at] of Object.entries(lastMetAtMs) as [PressureCondition, number][]) {
    if (nowMs - at < evictionPressureTransitionPeriodMs) conditions.add(condition);
  }
  return { state: { lastMetAtMs }, conditions, met };
}

/**
 * The NoSchedule taints the node lifecycle controller puts on a node under pressure
 * (TaintNodesByCondition; kubernetes.io "Taints and Tolerations", well-known taints).
 */
export const pressureTaintKeys: Record<PressureCondition, string> = {
  MemoryPressure: "node.kubernetes.io/memory-pressure",
  DiskPressure: "node.kubernetes.io/disk-pressure",
};

export function pressureTaints(
  conditions: ReadonlySet<PressureCondition>,
): { readonly key: string; readonly effect: "NoSchedule" }[] {
  const order: PressureCondition[] = ["MemoryPressure", "DiskPressure"];
  return order
    .filter((c) => conditions.has(c))
    .map((c) => ({ key: pressureTaintKeys[c], effect: "NoSchedule" }));
}

/** A pod as the eviction manager ranks it, for the resource under pressure (MiB of memory or bytes of disk). */
export interface EvictionCandidate {
  readonly name: string;
  readonly priority: number;
  readonly usage: number;
  readonly request: number;
}

/**
 * pkg/kubelet/eviction/helpers.go `rankMemoryPressure` / `rankDiskPressureFunc`:
 * `orderedBy(exceedRequests, priority, usage above requests)` — pods using more than they asked
 * for go first, then lower priority first, then the largest overage first.
 */
export function rankForEviction(pods: readonly EvictionCandidate[]): EvictionCandidate[] {
  return [...pods].sort((a, b) => {
    const aExceeds = a.usage > a.request;
    const bExceeds = b.usage > b.request;
    if (aExceeds !== bExceeds) return aExceeds ? -1 : 1;
    if (a.priority !== b.priority) return a.priority - b.priority;
    return b.usage - b.request - (a.usage - a.request);
  });
}

/** The eviction manager evicts at most one pod per pass (pkg/kubelet/eviction/eviction_manager.go synchronize). */
export function podToEvict(pods: readonly EvictionCandidate[]): EvictionCandidate | null {
  return rankForEviction(pods)[0] ?? null;
}

/** The signal whose pods are ranked: memory first, then disk (eviction manager reclaims for the first threshold met). */
export function resourceUnderPressure(met: readonly HardThreshold[]): "memory" | "disk" | null {
  if (met.some((t) => t.signal === "memory.available")) return "memory";
  return met.length > 0 ? "disk" : null;
}

/**
 * What the kubelet writes on a pod it evicts for node pressure: phase Failed, reason Evicted, and
 * (hard thresholds) no grace period (kubernetes.io "Node-pressure Eviction": "the kubelet … terminates
 * the pod immediately without graceful termination"). The message follows eviction_manager.go.
 */
export function evictedPodStatus(resource: "memory" | "disk"): {
  readonly phase: "Failed";
  readonly reason: "Evicted";
  readonly message: string;
  readonly gracePeriodMs: 0;
} {
  const name = resource === "memory" ? "memory" : "ephemeral-storage";
  return {
    phase: "Failed",
    reason: "Evicted",
    message: `The node was low on resource: ${name}.`,
    gracePeriodMs: 0,
  };
}
