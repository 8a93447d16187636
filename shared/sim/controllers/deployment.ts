/**
 * Deployment controller: the rolling update's arithmetic (how far the new ReplicaSet may grow
 * and the old ones shrink), rollout status, progress deadline and rollback.
 */

/** An absolute count or a percentage of the desired replicas (`intstr.IntOrString`). */
export type IntOrPercent =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "percent"; readonly value: number };

/** apps/v1 RollingUpdateDeployment defaults: maxSurge 25 %, maxUnavailable 25 %. */
export const defaultMaxSurge: IntOrPercent = { kind: "percent", value: 25 };
export const defaultMaxUnavailable: IntOrPercent = { kind: "percent", value: 25 };
/** apps/v1 DeploymentSpec `progressDeadlineSeconds` default 600. */
export const defaultProgressDeadlineSeconds = 600;
/** apps/v1 DeploymentSpec `revisionHistoryLimit` default 10: old ReplicaSets kept for rollback. */
export const defaultRevisionHistoryLimit = 10;

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v.kind === "int") return v.value;
  const exact = (v.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * deploymentutil.ResolveFenceposts: surge rounds up, unavailable rounds down, and if both come to
 * 0 one pod may be unavailable so the rollout can move at all.
 */
export function resolveFenceposts(
  maxSurge: IntOrPercent,
  maxUnavailable: IntOrPercent,
  replicas: number,
): { readonly surge: number; readonly unavailable: number } {
  const surge = scaledValue(maxSurge, replicas, true);
  let unavailable = scaledValue(maxUnavailable, replicas, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export interface RolloutReplicaSet {
  readonly name: string;
  /** `spec.replicas`. */
  readonly replicas: number;
  /** `status.availableReplicas` (ready for minReadySeconds). */
  readonly available: number;
  readonly revision: number;
  readonly createdAtMs: number;
}

export interface RollingUpdateSpec {
  readonly replicas: number;
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
}

/**
 * reconcileNewReplicaSet + deploymentutil.NewRSNewReplicas: grow the new ReplicaSet up to
 * replicas + surge pods in all; a new ReplicaSet above the desired count is cut straight back.
 */
export function newReplicaSetReplicas(
  spec: RollingUpdateSpec,
  newRS: RolloutReplicaSet,
  oldRSs: readonly RolloutReplicaSet[],
): number {
  if (newRS.replicas >= spec.replicas) return spec.replicas;
  const { surge } = resolveFenceposts(spec.maxSurge, spec.maxUnavailable, spec.replicas);
  const current = newRS.replicas + oldRSs.reduce((sum, rs) => sum + rs.replicas, 0);
  const maxTotal = spec.replicas + surge;
  if (current >= maxTotal) return newRS.replicas;
  const scaleUp = Math.min(maxTotal - current, spec.replicas - newRS.replicas);
  return newRS.replicas + Math.max(0, scaleUp);
}

/**
 * reconcileOldReplicaSets: shrink old ReplicaSets only as far as keeps replicas − maxUnavailable
 * pods available — first their unavailable pods (cleanupUnhealthyReplicas), then available ones,
 * oldest ReplicaSet first. Returns the new `spec.replicas` of each old ReplicaSet, by name.
 */
export function oldReplicaSetsReplicas(
  spec: RollingUpdateSpec,
  newRS: RolloutReplicaSet,
  oldRSs: readonly RolloutReplicaSet[],
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const rs of oldRSs) result[rs.name] = rs.replicas;
  const oldPods = oldRSs.reduce((sum, rs) => sum + rs.replicas, 0);
  if (oldPods === 0) return result;
  const { unavailable } = resolveFenceposts(spec.maxSurge, spec.maxUnavailable, spec.replicas);
  const minAvailable = spec.replicas - unavailable;
  const newUnavailable = newRS.replicas - newRS.available;
  const allPods = oldPods + newRS.replicas;
  let maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return result;
  const oldestFirst = [...oldRSs].sort((a, b) => a.createdAtMs - b.createdAtMs || (a.name < b.name ? -1 : 1));
  // cleanupUnhealthyReplicas: unavailable old pods cost no availability.
  for (const rs of oldestFirst) {
    if (maxScaledDown <= 0) break;
    const unhealthy = result[rs.name]! - rs.available;
    if (unhealthy <= 0) continue;
    const cut = Math.min(unhealthy, maxScaledDown);
    result[rs.name] = result[rs.name]! - cut;
    maxScaledDown -= cut;
  }
  // scaleDownOldReplicaSetsForRollingUpdate: available pods above minAvailable.
  const available =
    oldRSs.reduce((sum, rs) => sum + Math.min(rs.available, result[rs.name]!), 0) + newRS.available;
  let canCut = available - minAvailable;
  for (const rs of oldestFirst) {
    if (canCut <= 0) break;
    const cut = Math.min(result[rs.name]!, canCut);
    result[rs.name] = result[rs.name]! - cut;
    canCut -= cut;
  }
  return result;
}

export interface DeploymentStatus {
  /** `status.replicas`: pods of all ReplicaSets. */
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly availableReplicas: number;
}

/** kubectl rollout status (kubectl/pkg/polymorphichelpers/rollout_status.go DeploymentStatusViewer). */
export function rolloutStatus(
  name: string,
  desired: number,
  status: DeploymentStatus,
  progressDeadlineExceeded: boolean,
): { readonly done: boolean; readonly message: string } {
  if (progressDeadlineExceeded) {
    return { done: true, message: `error: deployment "${name}" exceeded its progress deadline` };
  }
  if (status.updatedReplicas < desired) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${status.updatedReplicas} out of ${desired} new replicas have been updated...`,
    };
  }
  if (status.replicas > status.updatedReplicas) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${status.replicas - status.updatedReplicas} old replicas are pending termination...`,
    };
  }
  if (status.availableReplicas < status.updatedReplicas) {
    return {
      done: false,
      message: `Waiting for deployment "${name}" rollout to finish: ${status.availableReplicas} of ${status.updatedReplicas} updated replicas are available...`,
    };
  }
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

/**
 * The Progressing condition: a rollout that made no progress (no new pod created or becoming
 * available) for progressDeadlineSeconds turns Progressing=False, reason ProgressDeadlineExceeded.
 * The controller does not roll back by itself.
 */
export function progressDeadlineExceeded(
  lastProgressAtMs: number,
  nowMs: number,
  complete: boolean,
  progressDeadlineSeconds = defaultProgressDeadlineSeconds,
): boolean {
  return !complete && nowMs - lastProgressAtMs > progressDeadlineSeconds * 1000;
}

/**
 * `kubectl rollout undo [--to-revision=N]`: the ReplicaSet whose template is restored. Revision 0
 * means the previous one (the highest revision below the current). The restored template then
 * gets revision max + 1. Returns `null` when there is nothing to roll back to.
 */
export function rollbackTarget(
  replicaSets: readonly RolloutReplicaSet[],
  toRevision = 0,
): { readonly target: RolloutReplicaSet; readonly newRevision: number } | null {
  if (replicaSets.length === 0) return null;
  const current = Math.max(...replicaSets.map((rs) => rs.revision));
  const target =
    toRevision === 0
      ? [...replicaSets].filter((rs) => rs.revision < current).sort((a, b) => b.revision - a.revision)[0]
      : replicaSets.find((rs) => rs.revision === toRevision);
  if (!target || target.revision === current) return null;
  return { target, newRevision: current + 1 };
}
