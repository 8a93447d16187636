/**
 * ReplicaSet controller: how many pods to create or delete in one sync, how creations are
 * batched, and which pods go first on scale-down.
 */

import { floorLog2 } from "../engine/math.ts";

/** pkg/controller/replicaset/replica_set.go `BurstReplicas = 500`: at most this many creations/deletions per sync. */
export const burstReplicas = 500;
/** pkg/controller/controller_utils.go `SlowStartInitialBatchSize = 1`. */
export const slowStartInitialBatchSize = 1;

export type ReplicaSetAction =
  | { readonly kind: "none" }
  | { readonly kind: "create"; readonly count: number }
  | { readonly kind: "delete"; readonly count: number };

/** manageReplicas: diff = active pods − replicas, clipped to the burst. */
export function replicaSetAction(replicas: number, activePods: number): ReplicaSetAction {
  const diff = activePods - replicas;
  if (diff < 0) return { kind: "create", count: Math.min(-diff, burstReplicas) };
  if (diff > 0) return { kind: "delete", count: Math.min(diff, burstReplicas) };
  return { kind: "none" };
}

/** The slow-start batch sizes for `count` creations: 1, 2, 4, 8, … until the count is reached. */
export function slowStartBatches(count: number, initialBatchSize = slowStartInitialBatchSize): number[] {
  const batches: number[] = [];
  let remaining = count;
  let size = Math.min(remaining, initialBatchSize);
  while (size > 0) {
    batches.push(size);
    remaining -= size;
    size = Math.min(2 * size, remaining);
  }
  return batches;
}

export interface SlowStartResult {
  readonly succeeded: number;
  /** Creations never attempted: the controller lowers its expectations by this many and retries next sync. */
  readonly skipped: number;
  /** The batches attempted. */
  readonly batches: readonly number[];
}

/**
 * slowStartBatch: each batch's calls run together; if any call of a batch fails, no further batch
 * is tried — so a quota or admission error costs one call, not 500. `create(i)` says whether the
 * i-th creation (0-based, in call order) is accepted.
 */
export function slowStartBatch(count: number, create: (index: number) => boolean): SlowStartResult {
  let succeeded = 0;
  let attempted = 0;
  const batches: number[] = [];
  for (const size of slowStartBatches(count)) {
    batches.push(size);
    let failed = false;
    for (let i = 0; i < size; i++) {
      if (create(attempted + i)) succeeded++;
      else failed = true;
    }
    attempted += size;
    if (failed) break;
  }
  return { succeeded, skipped: count - attempted, batches };
}

export type ActivePodPhase = "Pending" | "Running" | "Succeeded" | "Failed" | "Unknown";

/** A pod as the deletion ranking sees it. Times are simulated ms; `name` stands in for the UID tie-break. */
export interface RankedPod {
  readonly name: string;
  /** `spec.nodeName`, empty while unassigned. */
  readonly nodeName: string;
  readonly phase: ActivePodPhase;
  readonly ready: boolean;
  /** When the Ready condition last turned True; `null` if not ready. */
  readonly readySinceMs: number | null;
  readonly restartCount: number;
  readonly createdAtMs: number;
  /** `controller.kubernetes.io/pod-deletion-cost`, default 0. */
  readonly deletionCost?: number;
}

/** controller_utils.go `podPhaseToOrdinal`: Pending < Unknown < Running. */
const phaseOrdinal: Record<ActivePodPhase, number> = {
  Pending: 0,
  Unknown: 1,
  Running: 2,
  Succeeded: 0,
  Failed: 0,
};

/** LogarithmicScaleDown (on by default since v1.22): compare ages by ⌊log2(age in ns)⌋, not exactly. */
function logRank(sinceMs: number, nowMs: number): number {
  const ageNs = (nowMs - sinceMs) * 1e6;
  return ageNs > 0 ? floorLog2(ageNs) : -1;
}

/**
 * controller.ActivePodsWithRanks.Less: the pod to delete first sorts first.
 * 1 unassigned < assigned; 2 Pending < Unknown < Running; 3 not ready < ready; 4 lower
 * pod-deletion-cost first; 5 more replicas co-located on its node first (rank); 6 ready more
 * recently first (log-scale); 7 more restarts first; 8 newer first (log-scale); then by UID.
 */
export function compareForDeletion(
  a: RankedPod,
  aRank: number,
  b: RankedPod,
  bRank: number,
  nowMs: number,
): number {
  if (a.nodeName !== b.nodeName && (a.nodeName === "" || b.nodeName === ""))
    return a.nodeName === "" ? -1 : 1;
  if (phaseOrdinal[a.phase] !== phaseOrdinal[b.phase]) return phaseOrdinal[a.phase] - phaseOrdinal[b.phase];
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  const aCost = a.deletionCost ?? 0;
  const bCost = b.deletionCost ?? 0;
  if (aCost !== bCost) return aCost - bCost;
  if (aRank !== bRank) return bRank - aRank;
  if (a.ready && b.ready && a.readySinceMs !== b.readySinceMs) {
    const diff = logRank(a.readySinceMs ?? nowMs, nowMs) - logRank(b.readySinceMs ?? nowMs, nowMs);
    if (diff !== 0) return diff;
    return byName(a, b);
  }
  if (a.restartCount !== b.restartCount) return b.restartCount - a.restartCount;
  if (a.createdAtMs !== b.createdAtMs) {
    const diff = logRank(a.createdAtMs, nowMs) - logRank(b.createdAtMs, nowMs);
    if (diff !== 0) return diff;
    return byName(a, b);
  }
  return 0;
}

function byName(a: RankedPod, b: RankedPod): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * getPodsToDelete: ranks `pods` (each ranked by how many of `relatedPods` share its node,
 * getPodsRankedByRelatedPodsOnSameNode) and returns the first `count`.
 */
export function podsToDelete(
  pods: readonly RankedPod[],
  count: number,
  nowMs: number,
  relatedPods: readonly RankedPod[] = pods,
): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of relatedPods) onNode.set(p.nodeName, (onNode.get(p.nodeName) ?? 0) + 1);
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.nodeName) ?? 0 }));
  ranked.sort((x, y) => compareForDeletion(x.pod, x.rank, y.pod, y.rank, nowMs));
  return ranked.slice(0, Math.max(0, count)).map((r) => r.pod);
}
