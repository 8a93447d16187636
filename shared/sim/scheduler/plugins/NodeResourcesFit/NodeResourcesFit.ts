/**
 * NodeResourcesFit: the node must have room for the pod's requests (every shortfall is
 * reported), and the scoring strategy (LeastAllocated by default) ranks the nodes that fit.
 */
import type {
  CycleState,
  FilterPlugin,
  PreFilterOutcome,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  StateData,
} from "../../framework/interface.ts";
import { type Status, unschedulable } from "../../framework/status.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { ResourceWeight, SchedulerConfig } from "../../types.ts";
import { nodeRequestedAndAllocatable, podResourceRequests, resourceKinds } from "./resourceAllocation.ts";
import {
  leastAllocatedScorer,
  mostAllocatedScorer,
  type ResourceScorer,
  requestedToCapacityRatioScorer,
} from "./scorers.ts";

const preScoreStateKey = "PreScoreNodeResourcesFit";

class PreScoreState implements StateData {
  readonly podRequests: readonly number[];
  constructor(podRequests: readonly number[]) {
    this.podRequests = podRequests;
  }
  clone(): StateData {
    return this;
  }
}

/** insufficientResources(...).length === 0, without building the reasons (the common case). */
function fits(pod: PodInfo, nodeInfo: NodeInfo): boolean {
  const alloc = nodeInfo.node.allocatable;
  const r = pod.requests;
  return (
    (nodeInfo.pods.length + 1 <= alloc.pods &&
      r.milliCPU <= alloc.milliCPU - nodeInfo.requestedMilliCPU &&
      r.memory <= alloc.memory - nodeInfo.requestedMemory &&
      r.ephemeralStorage <= alloc.ephemeralStorage - nodeInfo.requestedEphemeralStorage &&
      r.scalar.length === 0) ||
    insufficientResources(pod, nodeInfo).length === 0
  );
}

/** fitsRequest: the reasons a node cannot hold the pod, in kube-scheduler's order. */
export function insufficientResources(pod: PodInfo, nodeInfo: NodeInfo): string[] {
  const reasons: string[] = [];
  const alloc = nodeInfo.node.allocatable;
  if (nodeInfo.pods.length + 1 > alloc.pods) reasons.push("Too many pods");
  const r = pod.requests;
  if (r.milliCPU === 0 && r.memory === 0 && r.ephemeralStorage === 0 && r.scalar.length === 0) return reasons;
  if (r.milliCPU > 0 && r.milliCPU > alloc.milliCPU - nodeInfo.requestedMilliCPU) {
    reasons.push("Insufficient cpu");
  }
  if (r.memory > 0 && r.memory > alloc.memory - nodeInfo.requestedMemory) reasons.push("Insufficient memory");
  if (
    r.ephemeralStorage > 0 &&
    r.ephemeralStorage > alloc.ephemeralStorage - nodeInfo.requestedEphemeralStorage
  ) {
    reasons.push("Insufficient ephemeral-storage");
  }
  for (const [name, amount] of r.scalar) {
    if (amount > (alloc.scalar[name] ?? 0) - (nodeInfo.requestedScalar.get(name) ?? 0)) {
      reasons.push(`Insufficient ${name}`);
    }
  }
  return reasons;
}

export class NodeResourcesFit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "NodeResourcesFit";
  private readonly resources: readonly ResourceWeight[];
  private readonly scorer: ResourceScorer;
  private readonly kinds: readonly number[];
  private readonly requested: number[];
  private readonly allocatable: number[];

  constructor(strategy: SchedulerConfig["scoringStrategy"]) {
    this.resources = strategy.resources;
    switch (strategy.type) {
      case "LeastAllocated":
        this.scorer = leastAllocatedScorer(strategy.resources);
        break;
      case "MostAllocated":
        this.scorer = mostAllocatedScorer(strategy.resources);
        break;
      case "RequestedToCapacityRatio":
        this.scorer = requestedToCapacityRatioScorer(strategy.resources, strategy.shape);
        break;
    }
    this.kinds = resourceKinds(this.resources);
    this.requested = new Array<number>(strategy.resources.length).fill(0);
    this.allocatable = new Array<number>(strategy.resources.length).fill(0);
  }

  preFilter(): PreFilterOutcome {
    // The requests are precomputed in PodInfo (computePodResourceRequest).
    return { status: null };
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (fits(pod, nodeInfo)) return null;
    return unschedulable(...insufficientResources(pod, nodeInfo));
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(preScoreStateKey, new PreScoreState(podResourceRequests(pod, this.resources, false)));
    return null;
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: number[]): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const podRequests =
      state.read<PreScoreState>(preScoreStateKey)?.podRequests ??
      podResourceRequests(pod, this.resources, false);
    nodeRequestedAndAllocatable(
      nodeInfo,
      this.resources,
      this.kinds,
      podRequests,
      false,
      this.requested,
      this.allocatable,
    );
    return this.scorer(this.requested, this.allocatable);
  }
}
