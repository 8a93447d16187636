/**
 * OOM kill: the kernel's cgroup OOM killer ends a container whose memory usage goes over its limit.
 * The kubelet reports it as terminated with reason OOMKilled and exit code 137, and the restart
 * then goes through the CrashLoopBackOff like any other exit.
 */

/** 128 + SIGKILL(9): the exit code of a process killed by the OOM killer (kubernetes.io "Assign Memory Resources"). */
export const oomKilledExitCode = 137;
/** `status.containerStatuses[].lastState.terminated.reason` (kubernetes.io "Assign Memory Resources"). */
export const oomKilledReason = "OOMKilled";

export interface ContainerTermination {
  readonly exitCode: number;
  readonly reason: string;
}

export interface ContainerMemory {
  readonly usageMiB: number;
  /** `resources.limits.memory`; `null` when the container has no limit (bounded only by the node). */
  readonly limitMiB: number | null;
}

/** The termination the kernel imposes, or `null` while usage stays within the limit. */
export function oomKill(memory: ContainerMemory): ContainerTermination | null {
  if (memory.limitMiB === null || memory.usageMiB <= memory.limitMiB) return null;
  return { exitCode: oomKilledExitCode, reason: oomKilledReason };
}
