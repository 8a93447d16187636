/**
 * resourceAllocationScorer: the per-resource (requested, allocatable) pairs a resource score
 * reads. NodeResourcesFit uses the non-zero requests (100m / 200 MiB for containers without a
 * request); BalancedAllocation uses the real ones.
 */
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { ResourceWeight } from "../../types.ts";

/** calculatePodResourceRequest for each configured resource, in the configuration's order. */
export function podResourceRequests(
  pod: PodInfo,
  resources: readonly ResourceWeight[],
  useRequested: boolean,
): number[] {
  return resources.map((r) => {
    switch (r.name) {
      case "cpu":
        return useRequested ? pod.requests.milliCPU : pod.nonZeroMilliCPU;
      case "memory":
        return useRequested ? pod.requests.memory : pod.nonZeroMemory;
      case "ephemeral-storage":
        return pod.requests.ephemeralStorage;
      default:
        for (const [name, amount] of pod.requests.scalar) if (name === r.name) return amount;
        return 0;
    }
  });
}

// Where NodeInfo keeps each resource: resolved once per plugin, not per node.
const cpuKind = 0;
const memoryKind = 1;
const storageKind = 2;
const scalarKind = 3;

export function resourceKinds(resources: readonly ResourceWeight[]): readonly number[] {
  return resources.map((r) =>
    r.name === "cpu"
      ? cpuKind
      : r.name === "memory"
        ? memoryKind
        : r.name === "ephemeral-storage"
          ? storageKind
          : scalarKind,
  );
}

/**
 * Fills requested[] and allocatable[] for one node; a resource the node does not offer, or an
 * extended resource the pod does not request, is left at (0, 0) and so skipped by the scorer.
 */
export function nodeRequestedAndAllocatable(
  nodeInfo: NodeInfo,
  resources: readonly ResourceWeight[],
  kinds: readonly number[],
  podRequests: readonly number[],
  useRequested: boolean,
  requested: number[],
  allocatable: number[],
): void {
  const alloc = nodeInfo.node.allocatable;
  for (let i = 0; i < kinds.length; i++) {
    const podRequest = podRequests[i] as number;
    let a = 0;
    let r = 0;
    switch (kinds[i]) {
      case cpuKind:
        a = alloc.milliCPU;
        r = (useRequested ? nodeInfo.requestedMilliCPU : nodeInfo.nonZeroRequestedMilliCPU) + podRequest;
        break;
      case memoryKind:
        a = alloc.memory;
        r = (useRequested ? nodeInfo.requestedMemory : nodeInfo.nonZeroRequestedMemory) + podRequest;
        break;
      case storageKind:
        a = alloc.ephemeralStorage;
        r = nodeInfo.requestedEphemeralStorage + podRequest;
        break;
      default: {
        const name = (resources[i] as ResourceWeight).name;
        if (podRequest !== 0 && alloc.scalar[name] !== undefined) {
          a = alloc.scalar[name] as number;
          r = (nodeInfo.requestedScalar.get(name) ?? 0) + podRequest;
        }
      }
    }
    allocatable[i] = a;
    requested[i] = a === 0 ? 0 : r;
  }
}
