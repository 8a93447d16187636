/**
 * Node heartbeat: the kubelet renews its Lease in kube-node-lease so the node lifecycle
 * controller can tell a live node from a dead one.
 */

/** kubelet `nodeLeaseDurationSeconds` default 40 (kubelet config v1beta1 defaults). */
export const nodeLeaseDurationMs = 40_000;
/** kubelet `NodeLeaseRenewIntervalFraction = 0.25` (pkg/kubelet/kubelet.go): renew every 0.25 × 40 s = 10 s. */
export const nodeLeaseRenewIntervalMs = nodeLeaseDurationMs / 4;
/**
 * component-helpers apimachinery/lease/controller.go: an update is retried at once up to
 * maxUpdateRetries (5) times, then backoffEnsureLease waits 200 ms (100 ms doubled before the
 * first wait), doubling…
 */
export const leaseRetryInitialMs = 200;
/** …up to `maxBackoff = 7 * time.Second`. The renew loop's 4 % jitter (JitterUntil 0.04) is not modelled. */
export const leaseRetryMaxMs = 7_000;

/** When the kubelet tries next, after a renewal at `lastAttemptMs` that succeeded or failed `failuresInRow` times. */
export function nextLeaseAttemptMs(lastAttemptMs: number, failuresInRow: number): number {
  if (failuresInRow <= 0) return lastAttemptMs + nodeLeaseRenewIntervalMs;
  return lastAttemptMs + Math.min(leaseRetryInitialMs * 2 ** (failuresInRow - 1), leaseRetryMaxMs);
}

/** Whether a lease renewed at `renewTimeMs` is still held at `nowMs`. */
export function isLeaseHeld(renewTimeMs: number, nowMs: number): boolean {
  return nowMs - renewTimeMs <= nodeLeaseDurationMs;
}
