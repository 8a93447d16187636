/**
 * HorizontalPodAutoscaler: every 15 s, desired = ceil(current × metric / target), with the
 * tolerance, the treatment of missing and not-ready pods, the scale-down stabilization window and
 * the scaling policies of autoscaling/v2 (pkg/controller/podautoscaler, kubernetes.io "Horizontal
 * Pod Autoscaling" algorithm details).
 */

/** kube-controller-manager `--horizontal-pod-autoscaler-sync-period` default 15s. */
export const hpaSyncPeriodMs = 15_000;
/** `--horizontal-pod-autoscaler-tolerance` default 0.1: ratios within 10 % of 1 change nothing. */
export const hpaTolerance = 0.1;
/** `--horizontal-pod-autoscaler-downscale-stabilization` default 5m. */
export const downscaleStabilizationMs = 300_000;

/** `--horizontal-pod-autoscaler-cpu-initialization-period` default 5m. */
export const cpuInitializationPeriodMs = 300_000;
/** `--horizontal-pod-autoscaler-initial-readiness-delay` default 30s. */
export const initialReadinessDelayMs = 30_000;

/** What groupPods looks at to decide whether a pod's CPU sample counts. */
export interface CpuSampleContext {
  readonly podStartedAtMs: number | null;
  /** The Ready condition's status and last transition; `null` if the pod has no Ready condition. */
  readonly readyCondition: { readonly ready: boolean; readonly lastTransitionMs: number } | null;
  readonly sampleTimestampMs: number;
  /** The metric's window (metrics-server's resolution). */
  readonly sampleWindowMs: number;
}

/**
 * replica_calculator.go groupPods, for CPU: within the first 5 minutes after start, a pod's sample is
 * ignored if it is not ready or the sample does not cover a full window since its last readiness
 * change (start-up CPU bursts); later, only a pod that is not ready and has never been ready (its
 * readiness last changed within 30 s of its start) is ignored.
 */
export function cpuSampleUnready(pod: CpuSampleContext, nowMs: number): boolean {
  const condition = pod.readyCondition;
  if (condition === null || pod.podStartedAtMs === null) return true;
  if (pod.podStartedAtMs + cpuInitializationPeriodMs > nowMs) {
    return !condition.ready || pod.sampleTimestampMs < condition.lastTransitionMs + pod.sampleWindowMs;
  }
  return !condition.ready && pod.podStartedAtMs + initialReadinessDelayMs > condition.lastTransitionMs;
}

export type ScalingPolicy = {
  readonly type: "Pods" | "Percent";
  readonly value: number;
  readonly periodSeconds: number;
};

export interface ScalingRules {
  readonly stabilizationWindowSeconds: number;
  /** `Max` picks the policy allowing the biggest change, `Min` the smallest, `Disabled` none. */
  readonly selectPolicy: "Max" | "Min" | "Disabled";
  readonly policies: readonly ScalingPolicy[];
}

export interface HpaBehavior {
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
}

/** autoscaling/v2 defaults (pkg/apis/autoscaling/v2/defaults.go; kubernetes.io HPA "Default Behavior"). */
export const defaultBehavior: HpaBehavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Pods", value: 4, periodSeconds: 15 },
      { type: "Percent", value: 100, periodSeconds: 15 },
    ],
  },
  scaleDown: {
    stabilizationWindowSeconds: downscaleStabilizationMs / 1000,
    selectPolicy: "Max",
    policies: [{ type: "Percent", value: 100, periodSeconds: 15 }],
  },
};

/** A target pod as the replica calculator sees it. */
export interface MetricPod {
  readonly name: string;
  readonly phase: "Pending" | "Running" | "Failed";
  readonly deleting: boolean;
  /** Its sample is set aside as not yet ready: for CPU, `cpuSampleUnready`; other metrics, false. */
  readonly unready: boolean;
  /** The pod's metric value in the target's unit (e.g. % of CPU request); `null` when missing. */
  readonly value: number | null;
}

export type ReplicaProposal =
  | { readonly kind: "replicas"; readonly replicas: number; readonly usageRatio: number }
  | { readonly kind: "noMetrics" };

const withinTolerance = (ratio: number, tolerance: number) => Math.abs(1 - ratio) <= tolerance;

/**
 * How a metric is averaged: `utilization` is a Resource metric's averageUtilization (per-pod values in
 * % of the pod's request; requests assumed equal across the target's pods), `value` a Pods/Object
 * metric's averageValue.
 */
export type MetricKind = "utilization" | "value";

/**
 * The average the controller compares with the target. For utilization, metrics.GetResourceUtilizationRatio
 * truncates to a whole percent (`int32(metricsTotal * 100 / requestsTotal)`).
 */
function average(values: readonly number[], kind: MetricKind): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return kind === "utilization" ? Math.trunc(mean) : mean;
}

/**
 * replica_calculator.go GetResourceReplicas / calcPlainMetricReplicas. Failed and deleting pods are
 * ignored; Pending and not-yet-ready pods are "unready"; running pods without a metric are "missing".
 * When any are missing or (on a scale-up) unready, the ratio is recomputed conservatively — missing pods
 * count as using max(100 %, target) of their request (utilization) or the target (value) on a scale-down
 * and 0 on a scale-up, unready pods as 0 — and the scale is abandoned if that lands within the
 * tolerance or flips its direction. The replica count is ceil(ratio × pods counted).
 */
export function proposeReplicas(
  currentReplicas: number,
  target: number,
  pods: readonly MetricPod[],
  tolerance = hpaTolerance,
  kind: MetricKind = "utilization",
): ReplicaProposal {
  const counted = pods.filter((p) => !p.deleting && p.phase !== "Failed");
  const unready = counted.filter((p) => p.phase === "Pending" || (p.unready && p.value !== null));
  const missing = counted.filter((p) => p.phase !== "Pending" && p.value === null);
  const readyValues = counted
    .filter((p) => p.phase !== "Pending" && !p.unready && p.value !== null)
    .map((p) => p.value ?? 0);
  if (readyValues.length === 0) return { kind: "noMetrics" };
  const usageRatio = average(readyValues, kind) / target;

  const scaleUpWithUnready = unready.length > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && missing.length === 0) {
    if (withinTolerance(usageRatio, tolerance))
      return { kind: "replicas", replicas: currentReplicas, usageRatio };
    return { kind: "replicas", replicas: Math.ceil(usageRatio * readyValues.length), usageRatio };
  }

  const values = [...readyValues];
  if (usageRatio < 1) {
    const fallback = kind === "utilization" ? Math.max(100, target) : target;
    for (const _ of missing) values.push(fallback);
  } else if (usageRatio > 1) {
    for (const _ of missing) values.push(0);
  }
  if (scaleUpWithUnready) for (const _ of unready) values.push(0);
  const newRatio = average(values, kind) / target;
  if (
    withinTolerance(newRatio, tolerance) ||
    (usageRatio < 1 && newRatio > 1) ||
    (usageRatio > 1 && newRatio < 1)
  ) {
    return { kind: "replicas", replicas: currentReplicas, usageRatio: newRatio };
  }
  const replicas = Math.ceil(newRatio * values.length);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) {
    return { kind: "replicas", replicas: currentReplicas, usageRatio: newRatio };
  }
  return { kind: "replicas", replicas, usageRatio: newRatio };
}

export interface TimedRecommendation {
  readonly atMs: number;
  readonly replicas: number;
}

export interface ScaleEvent {
  readonly atMs: number;
  /** Pods added (scale-up) or removed (scale-down), positive. */
  readonly change: number;
}

export interface HpaState {
  /** Raw recommendations of past syncs, for the stabilization windows. */
  readonly recommendations: readonly TimedRecommendation[];
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

export const initialHpaState: HpaState = { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };

/**
 * stabilizeRecommendationWithBehaviors: scale up no further than the lowest recommendation in the
 * scale-up window and down no further than the highest in the scale-down window.
 */
export function stabilize(
  recommendations: readonly TimedRecommendation[],
  currentReplicas: number,
  desired: number,
  behavior: HpaBehavior,
  nowMs: number,
): number {
  const upCutoff = nowMs - behavior.scaleUp.stabilizationWindowSeconds * 1000;
  const downCutoff = nowMs - behavior.scaleDown.stabilizationWindowSeconds * 1000;
  let up = desired;
  let down = desired;
  for (const r of recommendations) {
    if (r.atMs > upCutoff) up = Math.min(up, r.replicas);
    if (r.atMs > downCutoff) down = Math.max(down, r.replicas);
  }
  let recommendation = currentReplicas;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  return recommendation;
}

function changeInPeriod(events: readonly ScaleEvent[], periodSeconds: number, nowMs: number): number {
  const cutoff = nowMs - periodSeconds * 1000;
  return events.filter((e) => e.atMs > cutoff).reduce((s, e) => s + e.change, 0);
}

/** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. */
export function scaleUpLimit(
  currentReplicas: number,
  state: HpaState,
  rules: ScalingRules,
  nowMs: number,
): number {
  if (rules.selectPolicy === "Disabled" || rules.policies.length === 0) return currentReplicas;
  const proposals = rules.policies.map((p) => {
    const start =
      currentReplicas -
      changeInPeriod(state.scaleUpEvents, p.periodSeconds, nowMs) +
      changeInPeriod(state.scaleDownEvents, p.periodSeconds, nowMs);
    return p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
  });
  return rules.selectPolicy === "Max" ? Math.max(...proposals) : Math.min(...proposals);
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
export function scaleDownLimit(
  currentReplicas: number,
  state: HpaState,
  rules: ScalingRules,
  nowMs: number,
): number {
  if (rules.selectPolicy === "Disabled" || rules.policies.length === 0) return currentReplicas;
  const proposals = rules.policies.map((p) => {
    const start =
      currentReplicas +
      changeInPeriod(state.scaleDownEvents, p.periodSeconds, nowMs) -
      changeInPeriod(state.scaleUpEvents, p.periodSeconds, nowMs);
    return p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
  });
  return rules.selectPolicy === "Max" ? Math.min(...proposals) : Math.max(...proposals);
}

export interface HpaSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** The target per pod, in the metric's unit (e.g. averageUtilization 50 for 50 % of CPU request). */
  readonly target: number;
  readonly behavior: HpaBehavior;
  readonly tolerance?: number;
  /** Default `utilization` (a Resource metric's averageUtilization). */
  readonly metricKind?: MetricKind;
}

export type HpaReason =
  | "ScalingDisabled"
  | "TooFewReplicas"
  | "TooManyReplicas"
  | "NoMetrics"
  | "ScaleUpLimit"
  | "ScaleDownLimit"
  | "DesiredWithinRange";

export interface HpaSync {
  readonly desiredReplicas: number;
  readonly reason: HpaReason;
  readonly state: HpaState;
}

/**
 * One reconcile of an HPA at `nowMs` (horizontal.go reconcileAutoscaler): the metric's proposal,
 * stabilized, limited by the policies and by min/max. The caller rescales when
 * `desiredReplicas !== currentReplicas`; the scale event is recorded here.
 */
export function syncHpa(
  spec: HpaSpec,
  state: HpaState,
  currentReplicas: number,
  pods: readonly MetricPod[],
  nowMs: number,
): HpaSync {
  if (currentReplicas === 0 && spec.minReplicas !== 0) {
    return { desiredReplicas: 0, reason: "ScalingDisabled", state };
  }
  if (currentReplicas > spec.maxReplicas)
    return rescaled(state, currentReplicas, spec.maxReplicas, "TooManyReplicas", nowMs);
  if (currentReplicas < spec.minReplicas)
    return rescaled(state, currentReplicas, spec.minReplicas, "TooFewReplicas", nowMs);

  const proposal = proposeReplicas(
    currentReplicas,
    spec.target,
    pods,
    spec.tolerance ?? hpaTolerance,
    spec.metricKind ?? "utilization",
  );
  if (proposal.kind === "noMetrics") return { desiredReplicas: currentReplicas, reason: "NoMetrics", state };

  const stabilized = stabilize(
    state.recommendations,
    currentReplicas,
    proposal.replicas,
    spec.behavior,
    nowMs,
  );
  const longestWindowMs =
    Math.max(
      spec.behavior.scaleUp.stabilizationWindowSeconds,
      spec.behavior.scaleDown.stabilizationWindowSeconds,
    ) * 1000;
  const recommendations = [
    ...state.recommendations.filter((r) => r.atMs > nowMs - longestWindowMs),
    { atMs: nowMs, replicas: proposal.replicas },
  ];
  const withRecommendation: HpaState = { ...state, recommendations };

  let desired = stabilized;
  let reason: HpaReason = "DesiredWithinRange";
  if (stabilized > currentReplicas) {
    const limit = Math.max(
      currentReplicas,
      scaleUpLimit(currentReplicas, state, spec.behavior.scaleUp, nowMs),
    );
    const maximum = Math.min(spec.maxReplicas, limit);
    if (desired > maximum) {
      desired = maximum;
      reason = limit < spec.maxReplicas ? "ScaleUpLimit" : "TooManyReplicas";
    }
  } else if (stabilized < currentReplicas) {
    const limit = Math.min(
      currentReplicas,
      scaleDownLimit(currentReplicas, state, spec.behavior.scaleDown, nowMs),
    );
    const minimum = Math.max(spec.minReplicas, limit);
    if (desired < minimum) {
      desired = minimum;
      reason = limit > spec.minReplicas ? "ScaleDownLimit" : "TooFewReplicas";
    }
  }
  return rescaled(withRecommendation, currentReplicas, desired, reason, nowMs);
}

function rescaled(
  state: HpaState,
  current: number,
  desired: number,
  reason: HpaReason,
  nowMs: number,
): HpaSync {
  // Events older than the longest policy period no longer limit anything; 15 min keeps any sane policy.
  const keep = (e: ScaleEvent) => e.atMs > nowMs - 900_000;
  const up = state.scaleUpEvents.filter(keep);
  const down = state.scaleDownEvents.filter(keep);
  if (desired > current) up.push({ atMs: nowMs, change: desired - current });
  if (desired < current) down.push({ atMs: nowMs, change: current - desired });
  return { desiredReplicas: desired, reason, state: { ...state, scaleUpEvents: up, scaleDownEvents: down } };
}
