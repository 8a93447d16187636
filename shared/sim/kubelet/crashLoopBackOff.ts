/**
 * CrashLoopBackOff: how long the kubelet waits before restarting a container that exited.
 *
 * The kubelet keeps one back-off entry per container (client-go `flowcontrol.Backoff`): each
 * restart doubles the delay up to a cap, and an entry not touched for twice the cap is forgotten,
 * so a container that ran cleanly for 10 minutes starts again from the initial delay.
 */

/** kubernetes pkg/kubelet/kubelet.go: `backOffPeriod = time.Second * 10`. */
export const initialBackOffMs = 10_000;
/** kubernetes pkg/kubelet/kubelet.go: `MaxContainerBackOff = 300 * time.Second`. */
export const maxBackOffMs = 300_000;
/**
 * client-go util/flowcontrol/backoff.go: an entry has expired when `eventTime - lastUpdate > 2 * maxDuration`,
 * i.e. 10 minutes of clean running since the last restart (kubernetes.io "Container restart policy").
 */
export const backOffResetAfterMs = 2 * maxBackOffMs;

/** One container's back-off entry; `null` fields mean the kubelet has no entry yet. */
export interface CrashLoopBackOff {
  /** The delay applied to the last restart. */
  readonly backOffMs: number | null;
  /** When the kubelet last restarted the container (the entry's `lastUpdate`). */
  readonly lastRestartAtMs: number | null;
  /** Restarts so far: `restartCount` in the container status. */
  readonly restartCount: number;
}

export const noBackOff: CrashLoopBackOff = { backOffMs: null, lastRestartAtMs: null, restartCount: 0 };

export interface RestartDecision {
  /** When the kubelet starts the container again. */
  readonly restartAtMs: number;
  /** The delay the container waits in `CrashLoopBackOff` (`waiting.reason`). */
  readonly backOffMs: number;
  readonly next: CrashLoopBackOff;
}

/**
 * The restart of a container that exited at `exitedAtMs` (restartPolicy Always or OnFailure).
 *
 * The documented sequence (kubernetes.io pod lifecycle: "10s, 20s, 40s, …, capped at five minutes")
 * is modelled: the first exit waits 10 s. (The kubelet source restarts the very first exit at
 * once and applies 10 s from the second; the game follows the documented sequence.)
 */
export function restartAfterExit(state: CrashLoopBackOff, exitedAtMs: number): RestartDecision {
  const expired = state.lastRestartAtMs !== null && exitedAtMs - state.lastRestartAtMs > backOffResetAfterMs;
  const backOffMs =
    state.backOffMs === null || expired ? initialBackOffMs : Math.min(state.backOffMs * 2, maxBackOffMs);
  const restartAtMs = exitedAtMs + backOffMs;
  return {
    restartAtMs,
    backOffMs,
    next: { backOffMs, lastRestartAtMs: restartAtMs, restartCount: state.restartCount + 1 },
  };
}

/** Whether a container is still waiting in `CrashLoopBackOff` at `nowMs`. */
export function isInBackOff(decision: RestartDecision, nowMs: number): boolean {
  return nowMs < decision.restartAtMs;
}

export type RestartPolicy = "Always" | "OnFailure" | "Never";

/** Whether the kubelet restarts a container that exited with `exitCode` (kubernetes.io pod lifecycle, restartPolicy). */
export function shouldRestart(policy: RestartPolicy, exitCode: number): boolean {
  if (policy === "Always") return true;
  if (policy === "OnFailure") return exitCode !== 0;
  return false;
}
