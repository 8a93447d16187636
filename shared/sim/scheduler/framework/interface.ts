/**
 * The extension points of kube-scheduler's framework (framework/interface.go). A plugin
 * implements only the points it needs; the Framework runs them in the profile's order.
 */

import type { Random } from "../../random.ts";
import type { NodeInfo } from "../nodeInfo.ts";
import type { PodInfo } from "../podInfo.ts";
import type { ClusterSnapshot } from "../snapshot.ts";
import type { DisruptionBudget } from "../types.ts";
import type { NodeToStatus, Status } from "./status.ts";

/** Data a plugin keeps for one scheduling cycle; cloned for preemption's what-ifs. */
export interface StateData {
  clone(): StateData;
}

/** framework.CycleState. */
export class CycleState {
  private readonly data = new Map<string, StateData>();
  private lastKey = "";
  private lastValue: StateData | undefined;
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  readonly skipScorePlugins = new Set<string>();
  /** The profile's filters minus the skipped ones, worked out once per cycle by the framework. */
  filters: readonly FilterPlugin[] | null = null;

  write(key: string, value: StateData): void {
    this.data.set(key, value);
    if (key === this.lastKey) this.lastValue = value;
  }

  read<T extends StateData>(key: string): T | undefined {
    // Score runs one plugin over every node, so the same key is read many times in a row.
    if (key !== this.lastKey) {
      this.lastKey = key;
      this.lastValue = this.data.get(key);
    }
    return this.lastValue as T | undefined;
  }

  clone(): CycleState {
    const copy = new CycleState();
    for (const [k, v] of this.data) copy.data.set(k, v.clone());
    for (const p of this.skipFilterPlugins) copy.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) copy.skipScorePlugins.add(p);
    copy.filters = this.filters;
    return copy;
  }
}

export interface Plugin {
  readonly name: string;
}

export interface QueueSortPlugin extends Plugin {
  /** True when a should be popped before b. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface PreFilterOutcome {
  status: Status | null;
  /** PreFilterResult.NodeNames: only these nodes can fit; undefined = all nodes. */
  nodeNames?: ReadonlySet<string>;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome;
}

/** PreFilterExtensions: keep the PreFilter state right when pods are added/removed in a what-if. */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): void;
  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): void;
}

export interface FilterPlugin extends Plugin {
  /** null = the node fits. */
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface PostFilterResult {
  /** NominatingInfo: the node the pod is nominated to ("" clears a nomination). */
  nominatedNodeName: string;
  /** Pods preempted (deleted) to make room, highest priority first. */
  victims: PodInfo[];
}

export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: PodInfo,
    nodeToStatus: NodeToStatus,
  ): { result: PostFilterResult | null; status: Status };
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number;
  /**
   * Score() for each node into `out` (parallel to `nodes`). Optional: the same numbers as
   * calling score() per node, in one loop whose call site stays monomorphic.
   */
  scoreAll?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: number[]): void;
  /** ScoreExtensions.NormalizeScore: rewrites `scores` (parallel to `nodes`) in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
}

/** A pod in the scheduling queue (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was added to, or last moved within, the queue (simulated ms). */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts: number;
  /** When the pod first entered the queue. */
  initialAttemptTimestamp: number;
  /** Order of arrival in the queue: breaks ties the QueueSort plugin leaves, so the order is stable. */
  arrival: number;
  /** Plugins that rejected it in its last attempt; events for them may make it schedulable. */
  unschedulablePlugins: Set<string>;
}

/** What plugins may use from the framework (framework.Handle). */
export interface Handle {
  readonly snapshot: ClusterSnapshot;
  readonly random: Random;
  /** Filters with nominated pods of equal or higher priority counted in (RunFilterPluginsWithNominatedPods). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): void;
  runPreFilterExtensionRemovePod(
    state: CycleState,
    pod: PodInfo,
    podToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): void;
  /** Pods nominated to a node (status.nominatedNodeName) that are not yet bound. */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** The PodDisruptionBudgets' lister (the informer DefaultPreemption reads). */
  podDisruptionBudgets(): readonly DisruptionBudget[];
}

export function isPreFilterExtensions(p: object): p is PreFilterExtensions {
  return "addPod" in p && "removePod" in p;
}
