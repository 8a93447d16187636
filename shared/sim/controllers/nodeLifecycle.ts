/**
 * Node lifecycle controller: tells dead nodes from live ones by their heartbeats, marks them
 * Ready=Unknown, taints them NoExecute, and lets the taint eviction controller remove their pods
 * once the pods' tolerations run out — at a rate that slows, or stops, when a whole zone is sick.
 */
import { newTokenBucket, type TokenBucket, tryAccept, withQps } from "./tokenBucket.ts";

/** kube-controller-manager `--node-monitor-period` default 5s. */
export const nodeMonitorPeriodMs = 5_000;
/** `--node-monitor-grace-period` default 50s since v1.32 (kubernetes PR #126287; 40s before). */
export const nodeMonitorGracePeriodMs = 50_000;
/** `--node-startup-grace-period` default 60s: allowed before a newly registered node first reports Ready. */
export const nodeStartupGracePeriodMs = 60_000;
/** `--node-eviction-rate` default 0.1: nodes per second whose pods may be evicted (tainted), per zone. */
export const evictionLimiterQps = 0.1;
/** `--secondary-node-eviction-rate` default 0.01: in a partially disrupted large zone. */
export const secondaryEvictionLimiterQps = 0.01;
/** `--unhealthy-zone-threshold` default 0.55: share of NotReady nodes (at least 3) that makes a zone unhealthy. */
export const unhealthyZoneThreshold = 0.55;
/** `--large-cluster-size-threshold` default 50: zones this size or smaller stop evicting when unhealthy. */
export const largeClusterSizeThreshold = 50;
/** node_lifecycle_controller.go `evictionRateLimiterBurst = 1`. */
export const evictionRateLimiterBurst = 1;
/** DefaultTolerationSeconds admission plugin: `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds` 300. */
export const defaultTolerationSeconds = 300;

/** The NoExecute taints of kubernetes.io "Taints and Tolerations" (taint based evictions). */
export const unreachableTaintKey = "node.kubernetes.io/unreachable";
export const notReadyTaintKey = "node.kubernetes.io/not-ready";

export type ConditionStatus = "True" | "False" | "Unknown";

export interface NodeHeartbeat {
  readonly registeredAtMs: number;
  /** When the controller last saw the lease renewed or the status updated (its `probeTimestamp`); `null` never. */
  readonly lastHeartbeatMs: number | null;
  /** The Ready status the kubelet last posted; `null` before its first status. */
  readonly reportedReady: ConditionStatus | null;
}

/**
 * monitorNodeHealth: a node whose heartbeat is older than the grace period is Ready=Unknown
 * (`now.After(probeTimestamp + gracePeriod)`); a node that never posted status gets the startup grace.
 */
export function observedReady(node: NodeHeartbeat, nowMs: number): ConditionStatus {
  const grace = node.reportedReady === null ? nodeStartupGracePeriodMs : nodeMonitorGracePeriodMs;
  const since = node.lastHeartbeatMs ?? node.registeredAtMs;
  if (nowMs > since + grace) return "Unknown";
  return node.reportedReady ?? "Unknown";
}

/** The NoExecute taint for a Ready status (node_lifecycle_controller.go processTaintBaseEviction). */
export function noExecuteTaintFor(ready: ConditionStatus): string | null {
  if (ready === "Unknown") return unreachableTaintKey;
  if (ready === "False") return notReadyTaintKey;
  return null;
}

/** The first monitor pass (every `nodeMonitorPeriod`, from `firstPassMs`) that sees the node Unknown. */
export function notReadyDetectedAtMs(node: NodeHeartbeat, firstPassMs: number): number {
  const since = node.lastHeartbeatMs ?? node.registeredAtMs;
  const grace = node.reportedReady === null ? nodeStartupGracePeriodMs : nodeMonitorGracePeriodMs;
  const deadline = since + grace;
  if (firstPassMs > deadline) return firstPassMs;
  return firstPassMs + (Math.floor((deadline - firstPassMs) / nodeMonitorPeriodMs) + 1) * nodeMonitorPeriodMs;
}

export interface TaintToleration {
  readonly key: string;
  readonly effect: "NoExecute" | "NoSchedule" | "PreferNoSchedule";
  /** `null`: tolerate forever. */
  readonly tolerationSeconds: number | null;
}

/** What DefaultTolerationSeconds admission adds to every pod that does not set them itself. */
export const defaultNoExecuteTolerations: readonly TaintToleration[] = [
  { key: notReadyTaintKey, effect: "NoExecute", tolerationSeconds: defaultTolerationSeconds },
  { key: unreachableTaintKey, effect: "NoExecute", tolerationSeconds: defaultTolerationSeconds },
];

/**
 * Taint eviction controller (pkg/controller/tainteviction): a pod without a matching toleration
 * goes at once, one with tolerationSeconds at taint time + the smallest of them, one tolerating
 * forever stays. Returns `null` for "stays". The eviction is cancelled if the taint is removed first
 * (the node came back).
 */
export function podEvictionAtMs(
  taintKey: string,
  taintAddedAtMs: number,
  tolerations: readonly TaintToleration[],
): number | null {
  const matching = tolerations.filter(
    (t) => t.effect === "NoExecute" && (t.key === taintKey || t.key === ""),
  );
  if (matching.length === 0) return taintAddedAtMs;
  if (matching.some((t) => t.tolerationSeconds === null)) return null;
  const seconds = Math.min(...matching.map((t) => Math.max(0, t.tolerationSeconds ?? 0)));
  return taintAddedAtMs + seconds * 1000;
}

export type ZoneState = "Normal" | "PartialDisruption" | "FullDisruption";

/** ComputeZoneState: full if no node is Ready; partial if > 2 NotReady and ≥ 55 % of the zone; else normal. */
export function computeZoneState(readyStatuses: readonly ConditionStatus[]): ZoneState {
  const ready = readyStatuses.filter((s) => s === "True").length;
  const notReady = readyStatuses.length - ready;
  if (ready === 0 && notReady > 0) return "FullDisruption";
  if (notReady > 2 && notReady / readyStatuses.length >= unhealthyZoneThreshold) return "PartialDisruption";
  return "Normal";
}

/**
 * setLimiterInZone: Normal and FullDisruption evict at the healthy rate (HealthyQPSFunc),
 * PartialDisruption at ReducedQPSFunc — 0.01 in a zone larger than 50 nodes, 0 otherwise.
 * When every zone is fully disrupted, handleDisruption stops all evictions (the controller
 * assumes its own network is at fault).
 */
export function zoneEvictionQps(state: ZoneState, zoneSize: number, allZonesFullyDisrupted: boolean): number {
  if (allZonesFullyDisrupted) return 0;
  if (state === "PartialDisruption") {
    return zoneSize > largeClusterSizeThreshold ? secondaryEvictionLimiterQps : 0;
  }
  return evictionLimiterQps;
}

export interface MonitoredNode extends NodeHeartbeat {
  readonly name: string;
  readonly zone: string;
}

export interface NodeLifecycleState {
  /** The Ready status the controller last wrote, per node. */
  readonly ready: ReadonlyMap<string, ConditionStatus>;
  /** The NoExecute taint on each tainted node. */
  readonly taints: ReadonlyMap<string, string>;
  readonly zoneStates: ReadonlyMap<string, ZoneState>;
  readonly limiters: ReadonlyMap<string, TokenBucket>;
}

export const initialNodeLifecycleState: NodeLifecycleState = {
  ready: new Map(),
  taints: new Map(),
  zoneStates: new Map(),
  limiters: new Map(),
};

export type NodeLifecycleDecision =
  | { readonly kind: "setReady"; readonly node: string; readonly status: ConditionStatus }
  /** MarkPodsNotReady: the node's pods lose their Ready condition, so Endpoints drop them. */
  | { readonly kind: "markPodsNotReady"; readonly node: string }
  | { readonly kind: "addTaint"; readonly node: string; readonly key: string }
  | { readonly kind: "removeTaint"; readonly node: string; readonly key: string }
  | { readonly kind: "zoneState"; readonly zone: string; readonly state: ZoneState };

export interface MonitorPass {
  readonly state: NodeLifecycleState;
  readonly decisions: readonly NodeLifecycleDecision[];
}

/**
 * One monitor pass (every `nodeMonitorPeriod`). Taints go through each zone's rate limiter
 * (the controller's tainting worker, which runs every 100 ms, is folded into the pass);
 * a node that comes back loses its taint at once. Nodes are visited in name order for determinism.
 */
export function monitorNodes(
  state: NodeLifecycleState,
  nodes: readonly MonitoredNode[],
  nowMs: number,
): MonitorPass {
  const decisions: NodeLifecycleDecision[] = [];
  const ready = new Map<string, ConditionStatus>();
  const sorted = [...nodes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const n of sorted) {
    const status = observedReady(n, nowMs);
    ready.set(n.name, status);
    if (state.ready.get(n.name) !== status) decisions.push({ kind: "setReady", node: n.name, status });
    // monitorNodeHealth: on the transition from Ready=True, the node's pods are marked not ready (event NodeNotReady).
    if (state.ready.get(n.name) === "True" && status !== "True")
      decisions.push({ kind: "markPodsNotReady", node: n.name });
  }

  const zones = new Map<string, MonitoredNode[]>();
  for (const n of sorted) {
    const members = zones.get(n.zone);
    if (members) members.push(n);
    else zones.set(n.zone, [n]);
  }
  const zoneStates = new Map<string, ZoneState>();
  for (const [zone, members] of zones) {
    const zoneState = computeZoneState(members.map((m) => ready.get(m.name)!));
    zoneStates.set(zone, zoneState);
    if (state.zoneStates.get(zone) !== zoneState)
      decisions.push({ kind: "zoneState", zone, state: zoneState });
  }
  const allFullyDisrupted = zones.size > 0 && [...zoneStates.values()].every((s) => s === "FullDisruption");

  const taints = new Map<string, string>();
  const limiters = new Map<string, TokenBucket>();
  for (const [zone, members] of [...zones].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const qps = zoneEvictionQps(zoneStates.get(zone)!, members.length, allFullyDisrupted);
    const previous = state.limiters.get(zone);
    let limiter = previous
      ? withQps(previous, qps, nowMs)
      : newTokenBucket(qps, evictionRateLimiterBurst, nowMs);
    for (const n of members) {
      const current = state.taints.get(n.name);
      // All zones down: markNodeAsReachable — take every taint off and evict nothing.
      const wanted = allFullyDisrupted ? null : noExecuteTaintFor(ready.get(n.name)!);
      if (current && current !== wanted) decisions.push({ kind: "removeTaint", node: n.name, key: current });
      if (wanted === null) continue;
      if (current === wanted) {
        taints.set(n.name, wanted);
        continue;
      }
      // Swapping unreachable ↔ not-ready keeps the node's place; a new taint waits for a token.
      const accepted =
        current !== undefined ? { accepted: true, bucket: limiter } : tryAccept(limiter, nowMs);
      limiter = accepted.bucket;
      if (accepted.accepted) {
        taints.set(n.name, wanted);
        decisions.push({ kind: "addTaint", node: n.name, key: wanted });
      }
    }
    limiters.set(zone, limiter);
  }
  return { state: { ready, taints, zoneStates, limiters }, decisions };
}
