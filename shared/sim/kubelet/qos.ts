/**
 * Quality of Service classes and what the node does with them: the CPU a container gets under
 * contention (CFS shares from its request, a CFS quota from its limit) and which process the
 * kernel's OOM killer takes first when the node runs out of memory (oom_score_adj by class).
 */

export type QosClass = "Guaranteed" | "Burstable" | "BestEffort";

/**
 * A container's `resources.limits` of CPU and memory, null where the spec sets none: the one form of
 * limits the simulation keeps (the world's pods, the scheduler's pods, the puzzles' pods).
 */
export interface ContainerLimits {
  readonly milliCPU: number | null;
  readonly memoryBytes: number | null;
}

/** A container's resources as the pod spec states them (an unset request is 0, an unset limit null). */
export interface ContainerResources {
  readonly requests: { readonly milliCPU: number; readonly memoryBytes: number };
  readonly limits: ContainerLimits;
}

/**
 * pkg/apis/core/v1/helper/qos/qos.go `GetPodQOS` (kubernetes.io "Pod Quality of Service Classes"):
 * BestEffort when no container requests or limits CPU or memory; Guaranteed when every container
 * has CPU and memory limits and its requests equal them (an unset request defaults to the limit);
 * Burstable otherwise.
 */
export function qosClass(containers: readonly ContainerResources[]): QosClass {
  const none = containers.every(
    (c) =>
      c.requests.milliCPU === 0 &&
      c.requests.memoryBytes === 0 &&
      c.limits.milliCPU === null &&
      c.limits.memoryBytes === null,
  );
  if (none) return "BestEffort";
  const guaranteed = containers.every((c) => {
    const { milliCPU, memoryBytes } = c.limits;
    if (milliCPU === null || memoryBytes === null) return false;
    const cpu = c.requests.milliCPU === 0 ? milliCPU : c.requests.milliCPU;
    const memory = c.requests.memoryBytes === 0 ? memoryBytes : c.requests.memoryBytes;
    return cpu === milliCPU && memory === memoryBytes;
  });
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** pkg/kubelet/qos/policy.go: guaranteedOOMScoreAdj −997, besteffortOOMScoreAdj 1000. */
export const guaranteedOomScoreAdj = -997;
export const bestEffortOomScoreAdj = 1000;

/**
 * pkg/kubelet/qos/policy.go `GetContainerOOMScoreAdjust`: Guaranteed −997, BestEffort 1000,
 * Burstable 1000 − 1000 × memory request / node memory capacity, kept within [3, 999] so that a
 * Burstable container always dies before a Guaranteed one and after a BestEffort one.
 */
export function oomScoreAdj(qos: QosClass, memoryRequestBytes: number, memoryCapacityBytes: number): number {
  if (qos === "Guaranteed") return guaranteedOomScoreAdj;
  if (qos === "BestEffort") return bestEffortOomScoreAdj;
  const adj = 1000 - Math.floor((1000 * memoryRequestBytes) / memoryCapacityBytes);
  if (adj < 1000 + guaranteedOomScoreAdj) return 1000 + guaranteedOomScoreAdj;
  return adj === bestEffortOomScoreAdj ? adj - 1 : adj;
}

/**
 * The kernel's OOM killer (mm/oom_kill.c `oom_badness`): a process's memory as thousandths of the
 * machine's, plus its oom_score_adj; the highest score is killed.
 */
export function oomBadness(usageBytes: number, capacityBytes: number, adj: number): number {
  return Math.floor((1000 * usageBytes) / capacityBytes) + adj;
}

/**
 * pkg/kubelet/cm/helpers_linux.go `MilliCPUToShares`: cpu.shares = request × 1024 / 1000, at least
 * 2 (MinShares) — what a BestEffort container gets. Under contention CFS divides a busy node's CPU
 * in proportion to the shares.
 */
export function cpuShares(milliCPU: number): number {
  return Math.max(2, Math.floor((milliCPU * 1024) / 1000));
}

/** A busy container as CFS sees it: its cpu.shares and its quota (null: no limit). */
export interface CfsClaim {
  readonly shares: number;
  readonly limitMilliCPU: number | null;
}

/**
 * What each busy container gets of a node's CPU: CFS divides the CPU in proportion to the shares,
 * but a container with a CFS quota (a limit) never gets more than it; what it leaves is divided
 * again among the others, in proportion to their shares (water-filling).
 */
export function cfsAllocation(capacityMilliCPU: number, claims: readonly CfsClaim[]): number[] {
  const given = claims.map(() => 0);
  let open = claims.map((_, i) => i);
  let left = capacityMilliCPU;
  while (open.length > 0 && left > 0) {
    const total = open.reduce((sum, i) => sum + (claims[i]?.shares ?? 0), 0);
    const capped = open.filter((i) => {
      const limit = claims[i]?.limitMilliCPU ?? null;
      return limit !== null && limit <= (left * (claims[i]?.shares ?? 0)) / total;
    });
    if (capped.length === 0) {
      for (const i of open) given[i] = (left * (claims[i]?.shares ?? 0)) / total;
      break;
    }
    for (const i of capped) {
      given[i] = claims[i]?.limitMilliCPU ?? 0;
      left -= given[i] ?? 0;
    }
    open = open.filter((i) => !capped.includes(i));
  }
  return given;
}
