/**
 * PodDisruptionBudgets: the disruption controller's status of a budget and the Eviction API's check
 * against it, as pure functions.
 *
 * - Status (kube-controller-manager pkg/controller/disruption/disruption.go, v1.32): a pod is
 *   healthy when it is not being deleted and is Ready (`countHealthyPods`); for an integer
 *   minAvailable the desired healthy count is that number, otherwise it is figured from the scale of
 *   the pods' controllers (`getExpectedPodCount`, percentages rounded up); disruptionsAllowed =
 *   currentHealthy − desiredHealthy, never below 0.
 * - The check (kube-apiserver pkg/registry/core/pod/storage/eviction.go, v1.32): a pod that is not
 *   running (Pending, Succeeded, Failed) or is already being deleted is evicted without a budget
 *   check; a running pod that is not Ready may go under unhealthyPodEvictionPolicy AlwaysAllow, or
 *   under the default IfHealthyBudget only while currentHealthy ≥ desiredHealthy; a Ready pod needs
 *   disruptionsAllowed > 0, and takes one. Otherwise 429 Too Many Requests: "Cannot evict pod as it
 *   would violate the pod's disruption budget." The taint manager's and the kubelet's evictions, and
 *   `kubectl delete`, do not go through this check.
 */
import type { IntOrPercent, PodDisruptionBudgetManifest } from "../scenario/types.ts";

/** The Eviction API's message when a budget refuses (pkg/registry/core/pod/storage/eviction.go). */
export const evictionRefusedMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

/** kubectl drain asks again for a refused eviction after 5 s (staging/src/k8s.io/kubectl/pkg/drain/drain.go, "will retry after 5s"). */
export const drainRetryMs = 5_000;

/**
 * The line kubectl drain writes to stderr for each refused eviction before it asks again
 * (staging/src/k8s.io/kubectl/pkg/drain/drain.go, v1.32: "error when evicting pods/%q -n %q (will
 * retry after 5s): %v", the error being the Eviction API's message).
 */
export function drainRefusalLine(pod: string, namespace: string): string {
  return `error when evicting pods/"${pod}" -n "${namespace}" (will retry after 5s): ${evictionRefusedMessage}`;
}

/** An IntOrString as kubectl prints it (intstr.String): "0", "25%". */
export function intOrPercentText(value: IntOrPercent): string {
  return "count" in value ? String(value.count) : `${Math.round(value.fraction * 100)}%`;
}

/** policy/v1 PodDisruptionBudgetStatus, as the disruption controller writes it. */
export interface BudgetStatus {
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  /** The summed scale of the selected pods' controllers. */
  readonly expectedPods: number;
  readonly disruptionsAllowed: number;
}

/**
 * The budget's status from its `healthy` pods (selected, Ready and not being deleted) and the
 * summed scale of their controllers.
 */
export function budgetStatus(
  budget: Pick<PodDisruptionBudgetManifest, "minAvailable" | "maxUnavailable">,
  healthy: number,
  controllersScale: number,
): BudgetStatus {
  const { minAvailable, maxUnavailable } = budget;
  let desiredHealthy: number;
  if (minAvailable !== null && "count" in minAvailable) desiredHealthy = minAvailable.count;
  else if (minAvailable !== null) desiredHealthy = scaled(minAvailable, controllersScale);
  else
    desiredHealthy = Math.max(0, controllersScale - scaled(maxUnavailable ?? { count: 0 }, controllersScale));
  return {
    currentHealthy: healthy,
    desiredHealthy,
    expectedPods: controllersScale,
    disruptionsAllowed: Math.max(0, healthy - desiredHealthy),
  };
}

/** intstr.GetScaledValueFromIntOrPercent, rounding up as the disruption controller asks. */
const scaled = (value: IntOrPercent, total: number) =>
  "count" in value ? value.count : Math.ceil((Math.round(value.fraction * 100) * total) / 100);

export interface EvictionCandidate {
  readonly running: boolean;
  readonly ready: boolean;
}

/**
 * Whether the Eviction API lets `pod` go under `budget` given `status`, with `taken` disruptions
 * already granted by this drain's pass; "take" when it goes and spends one disruption.
 */
export function evictionVerdict(
  pod: EvictionCandidate,
  budget: Pick<PodDisruptionBudgetManifest, "unhealthyPodEvictionPolicy">,
  status: Pick<BudgetStatus, "currentHealthy" | "desiredHealthy">,
  taken: number,
): "allow" | "take" | "refuse" {
  if (!pod.running) return "allow";
  const healthy = status.currentHealthy - taken;
  if (!pod.ready) {
    if (budget.unhealthyPodEvictionPolicy === "AlwaysAllow") return "allow";
    return healthy >= status.desiredHealthy ? "allow" : "refuse";
  }
  return healthy - status.desiredHealthy > 0 ? "take" : "refuse";
}
