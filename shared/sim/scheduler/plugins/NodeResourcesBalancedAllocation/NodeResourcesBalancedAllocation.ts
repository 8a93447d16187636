/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory utilization (with the
 * pod, real requests) stay close to each other. Best-effort pods are not scored by it.
 */
import type { CycleState, PreScorePlugin, ScorePlugin, StateData } from "../../framework/interface.ts";
import { type Status, skipStatus } from "../../framework/status.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { ResourceWeight } from "../../types.ts";
import {
  nodeRequestedAndAllocatable,
  podResourceRequests,
  resourceKinds,
} from "../NodeResourcesFit/resourceAllocation.ts";
import { balancedResourceScorer } from "../NodeResourcesFit/scorers.ts";

const preScoreStateKey = "PreScoreNodeResourcesBalancedAllocation";

// NodeResourcesBalancedAllocationArgs defaults (apis/config/v1/defaults.go): cpu 1, memory 1.
export const defaultBalancedResources: readonly ResourceWeight[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];

class PreScoreState implements StateData {
  readonly podRequests: readonly number[];
  constructor(podRequests: readonly number[]) {
    this.podRequests = podRequests;
  }
  clone(): StateData {
    return this;
  }
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = "NodeResourcesBalancedAllocation";
  private readonly resources: readonly ResourceWeight[];
  private readonly kinds: readonly number[];
  private readonly requested: number[];
  private readonly allocatable: number[];

  constructor(resources: readonly ResourceWeight[] = defaultBalancedResources) {
    this.resources = resources;
    this.kinds = resourceKinds(this.resources);
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const podRequests = podResourceRequests(pod, this.resources, true);
    // kubernetes/kubernetes#129138: best-effort pods would all pile onto one node.
    if (podRequests.every((r) => r === 0)) return skipStatus;
    state.write(preScoreStateKey, new PreScoreState(podRequests));
    return null;
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: number[]): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    // PreScore already skipped a pod with no requests; without PreScore, check here.
    let podRequests = state.read<PreScoreState>(preScoreStateKey)?.podRequests;
    if (podRequests === undefined) {
      podRequests = podResourceRequests(pod, this.resources, true);
      if (podRequests.every((r) => r === 0)) return 0;
    }
    nodeRequestedAndAllocatable(
      nodeInfo,
      this.resources,
      this.kinds,
      podRequests,
      true,
      this.requested,
      this.allocatable,
    );
    return balancedResourceScorer(this.requested, this.allocatable);
  }
}
