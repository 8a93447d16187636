/**
 * PodTopologySpread: keeps matching pods spread across topology domains. DoNotSchedule
 * constraints filter (skew = matching pods in the node's domain + self − global minimum must
 * stay ≤ maxSkew); ScheduleAnyway constraints score. A pod without constraints gets the
 * system defaults (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) over the selector of
 * the Services and controllers that own it.
 */

import { ln } from "../../../engine/math.ts";
import type {
  CycleState,
  FilterPlugin,
  PreFilterExtensions,
  PreFilterOutcome,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  StateData,
} from "../../framework/interface.ts";
import { type Status, skipStatus, unresolvable, unschedulable } from "../../framework/status.ts";
import {
  firstUntoleratedHardTaint,
  labelOf,
  podRequiredNodeAffinityMatches,
  Selector,
} from "../../labels.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { ClusterSnapshot } from "../../snapshot.ts";
import type { LabelSelector, Node, Pod, TopologySpreadConstraint } from "../../types.ts";

// podtopologyspread/plugin.go: ErrReasonConstraintsNotMatch, ErrReasonNodeLabelNotMatch.
export const errReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const errReasonNodeLabelNotMatch = `${errReasonConstraintsNotMatch} (missing required label)`;

// v1.LabelHostname and v1.LabelTopologyZone.
export const labelHostname = "kubernetes.io/hostname";
export const labelTopologyZone = "topology.kubernetes.io/zone";

// podtopologyspread/plugin.go systemDefaultConstraints (List default, KEP-1258).
export const systemDefaultConstraints: readonly TopologySpreadConstraint[] = [
  {
    maxSkew: 3,
    topologyKey: labelHostname,
    whenUnsatisfiable: "ScheduleAnyway",
    nodeAffinityPolicy: "Honor",
    nodeTaintsPolicy: "Ignore",
    matchLabelKeys: [],
  },
  {
    maxSkew: 5,
    topologyKey: labelTopologyZone,
    whenUnsatisfiable: "ScheduleAnyway",
    nodeAffinityPolicy: "Honor",
    nodeTaintsPolicy: "Ignore",
    matchLabelKeys: [],
  },
];

// math.MaxInt32: the critical paths' starting value.
const maxInt32 = 2147483647;

/** The selector of the Services, ReplicaSets, StatefulSets… that own a pod (helper.DefaultSelector). */
export type DefaultSelectorSource = (pod: Pod) => LabelSelector | undefined;

interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: "Honor" | "Ignore";
  nodeTaintsPolicy: "Honor" | "Ignore";
}

interface CriticalPath {
  value: string;
  matchNum: number;
}

/** Two lowest-count domains, updated incrementally (criticalPaths in filtering.go). */
class CriticalPaths {
  readonly paths: [CriticalPath, CriticalPath] = [
    { value: "", matchNum: maxInt32 },
    { value: "", matchNum: maxInt32 },
  ];

  update(value: string, num: number): void {
    const p = this.paths;
    let i = -1;
    if (value === p[0].value) i = 0;
    else if (value === p[1].value) i = 1;
    if (i >= 0) {
      (p[i] as CriticalPath).matchNum = num;
      if (p[0].matchNum > p[1].matchNum) {
        const t = p[0];
        p[0] = p[1];
        p[1] = t;
      }
    } else if (num < p[0].matchNum) {
      p[1] = { ...p[0] };
      p[0] = { value, matchNum: num };
    } else if (num < p[1].matchNum) {
      p[1] = { value, matchNum: num };
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.paths[0] = { ...this.paths[0] };
    c.paths[1] = { ...this.paths[1] };
    return c;
  }
}

const preFilterStateKey = "PreFilterPodTopologySpread";
const preScoreStateKey = "PreScorePodTopologySpread";

class PreFilterState implements StateData {
  readonly constraints: readonly Constraint[];
  readonly tpValueToMatchNum: Map<string, number>[];
  readonly criticalPaths: CriticalPaths[];

  constructor(constraints: readonly Constraint[], counts: Map<string, number>[], paths: CriticalPaths[]) {
    this.constraints = constraints;
    this.tpValueToMatchNum = counts;
    this.criticalPaths = paths;
  }

  /** minMatchNum: the global minimum, 0 while fewer than minDomains domains exist. */
  minMatchNum(i: number, minDomains: number): number {
    const counts = this.tpValueToMatchNum[i] as Map<string, number>;
    if (counts.size < minDomains) return 0;
    return (this.criticalPaths[i] as CriticalPaths).paths[0].matchNum;
  }

  clone(): StateData {
    return new PreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.criticalPaths.map((p) => p.clone()),
    );
  }
}

class PreScoreState implements StateData {
  readonly constraints: readonly Constraint[];
  readonly ignoredNodes: ReadonlySet<string>;
  readonly topologyValueToPodCounts: readonly Map<string, number>[];
  readonly topologyNormalizingWeight: readonly number[];

  constructor(
    constraints: readonly Constraint[],
    ignored: ReadonlySet<string>,
    counts: readonly Map<string, number>[],
    weights: readonly number[],
  ) {
    this.constraints = constraints;
    this.ignoredNodes = ignored;
    this.topologyValueToPodCounts = counts;
    this.topologyNormalizingWeight = weights;
  }

  clone(): StateData {
    return this;
  }
}

function nodeLabelsMatchSpreadConstraints(node: Node, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (labelOf(node.labels, c.topologyKey) === undefined) return false;
  return true;
}

/** matchNodeInclusionPolicies: nodeAffinityPolicy Honor / nodeTaintsPolicy Honor. */
function nodeIncluded(c: Constraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !podRequiredNodeAffinityMatches(pod, node)) return false;
  if (
    c.nodeTaintsPolicy === "Honor" &&
    firstUntoleratedHardTaint(node.taints, pod.tolerations) !== undefined
  ) {
    return false;
  }
  return true;
}

/** Matching pods per domain, walking every node (calPreFilterState). */
function scannedCounts(
  pod: Pod,
  constraints: readonly Constraint[],
  nodes: readonly NodeInfo[],
): Map<string, number>[] {
  const counts = constraints.map(() => new Map<string, number>());
  for (const nodeInfo of nodes) {
    const node = nodeInfo.node;
    if (!nodeLabelsMatchSpreadConstraints(node, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as Constraint;
      if (!nodeIncluded(c, pod, node)) continue;
      const value = labelOf(node.labels, c.topologyKey) as string;
      const m = counts[i] as Map<string, number>;
      m.set(value, (m.get(value) ?? 0) + countMatching(nodeInfo, c.selector, pod.namespace));
    }
  }
  return counts;
}

function countMatching(nodeInfo: NodeInfo, selector: Selector, namespace: string): number {
  return nodeInfo.countMatching(namespace, selector.key, (p) => selector.matches(p.pod.labels));
}

/** topologyNormalizingWeight: ln(domains + 2), so small topologies are not watered down. */
export function topologyNormalizingWeight(size: number): number {
  return ln(size + 2);
}

/** scoreForCount: count × weight + (maxSkew − 1). */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

export class PodTopologySpread
  implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = "PodTopologySpread";
  private readonly snapshot: ClusterSnapshot;
  private readonly defaultSelector: DefaultSelectorSource;
  private readonly defaultConstraints: readonly TopologySpreadConstraint[];
  /** True while the default constraints are the system defaults. */
  private readonly systemDefaulted: boolean;

  constructor(
    snapshot: ClusterSnapshot,
    defaultSelector: DefaultSelectorSource = () => undefined,
    defaultConstraints: readonly TopologySpreadConstraint[] = systemDefaultConstraints,
  ) {
    this.snapshot = snapshot;
    this.defaultSelector = defaultSelector;
    this.defaultConstraints = defaultConstraints;
    this.systemDefaulted = defaultConstraints === systemDefaultConstraints;
  }

  private buildConstraints(
    constraints: readonly TopologySpreadConstraint[],
    pod: Pod,
    action: TopologySpreadConstraint["whenUnsatisfiable"],
  ): Constraint[] {
    const result: Constraint[] = [];
    for (const c of constraints) {
      if (c.whenUnsatisfiable !== action) continue;
      // matchLabelKeys: the pod's own values for these keys are ANDed into the selector.
      const extra: Record<string, string> = Object.fromEntries(
        c.matchLabelKeys.flatMap((key) => {
          const value = labelOf(pod.labels, key);
          return value === undefined ? [] : [[key, value]];
        }),
      );
      const base =
        c.labelSelector === undefined && Object.keys(extra).length > 0
          ? { matchLabels: {}, matchExpressions: [] }
          : c.labelSelector;
      result.push({
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector: new Selector(base, extra),
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: c.nodeAffinityPolicy,
        nodeTaintsPolicy: c.nodeTaintsPolicy,
      });
    }
    return result;
  }

  private constraintsFor(pod: Pod, action: TopologySpreadConstraint["whenUnsatisfiable"]): Constraint[] {
    if (pod.topologySpreadConstraints.length > 0) {
      return this.buildConstraints(pod.topologySpreadConstraints, pod, action);
    }
    const constraints = this.buildConstraints(this.defaultConstraints, pod, action);
    if (constraints.length === 0) return [];
    const owner = this.defaultSelector(pod);
    if (owner === undefined) return [];
    const selector = new Selector(owner);
    if (selector.isEmpty()) return [];
    for (const c of constraints) c.selector = selector;
    return constraints;
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    const constraints = this.constraintsFor(pod.pod, "DoNotSchedule");
    if (constraints.length === 0) return { status: skipStatus };
    const counts = this.indexedCounts(pod.pod, constraints) ?? scannedCounts(pod.pod, constraints, nodes);
    const paths = counts.map((m) => {
      const p = new CriticalPaths();
      for (const [value, num] of m) p.update(value, num);
      return p;
    });
    state.write(preFilterStateKey, new PreFilterState(constraints, counts, paths));
    return { status: null };
  }

  /**
   * The counts from the snapshot's incremental index, when every node with the topology key
   * counts: one topology key for all constraints, and no node inclusion policy that depends on
   * the incoming pod. Otherwise undefined, and preFilter walks the nodes as kube-scheduler does.
   */
  private indexedCounts(pod: Pod, constraints: readonly Constraint[]): Map<string, number>[] | undefined {
    const topologyKey = (constraints[0] as Constraint).topologyKey;
    const hasNodeAffinity =
      Object.keys(pod.nodeSelector).length > 0 || pod.affinity.nodeAffinity?.required !== undefined;
    for (const c of constraints) {
      if (c.topologyKey !== topologyKey || c.nodeTaintsPolicy === "Honor") return undefined;
      if (c.nodeAffinityPolicy === "Honor" && hasNodeAffinity) return undefined;
    }
    const namespace = pod.namespace;
    return constraints.map((c) => {
      const live = this.snapshot.topologyCounts({
        key: `${namespace}\u0000${c.selector.key}`,
        topologyKey,
        count: (p) => (p.pod.namespace === namespace && c.selector.matches(p.pod.labels) ? 1 : 0),
      });
      // A copy: preemption's what-ifs change the counts in their own cycle state.
      return new Map(live);
    });
  }

  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): void {
    this.updateWithPod(state, podToAdd, podToSchedule, nodeInfo.node, 1);
  }

  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): void {
    this.updateWithPod(state, podToRemove, podToSchedule, nodeInfo.node, -1);
  }

  private updateWithPod(
    state: CycleState,
    updated: PodInfo,
    preemptor: PodInfo,
    node: Node,
    delta: number,
  ): void {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (s === undefined || updated.pod.namespace !== preemptor.pod.namespace) return;
    if (!nodeLabelsMatchSpreadConstraints(node, s.constraints)) return;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i] as Constraint;
      if (!c.selector.matches(updated.pod.labels)) continue;
      if (!nodeIncluded(c, preemptor.pod, node)) continue;
      const value = labelOf(node.labels, c.topologyKey) as string;
      const m = s.tpValueToMatchNum[i] as Map<string, number>;
      const n = (m.get(value) ?? 0) + delta;
      m.set(value, n);
      (s.criticalPaths[i] as CriticalPaths).update(value, n);
    }
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (s === undefined || s.constraints.length === 0) return null;
    const node = nodeInfo.node;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i] as Constraint;
      const value = labelOf(node.labels, c.topologyKey);
      if (value === undefined) return unresolvable(errReasonNodeLabelNotMatch);
      const minMatchNum = s.minMatchNum(i, c.minDomains);
      const selfMatchNum = c.selector.matches(pod.pod.labels) ? 1 : 0;
      const matchNum = (s.tpValueToMatchNum[i] as Map<string, number>).get(value) ?? 0;
      if (matchNum + selfMatchNum - minMatchNum > c.maxSkew)
        return unschedulable(errReasonConstraintsNotMatch);
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, filteredNodes: readonly NodeInfo[]): Status | null {
    const allNodes = this.snapshot.list();
    // scoring.go PreScore: nothing to score without nodes, or without nodes that passed Filter.
    if (allNodes.length === 0 || filteredNodes.length === 0) return skipStatus;
    // Only non-default constraints require every topology label on a node: without a zone
    // label a node can still be spread by hostname under the system defaults.
    const requireAllTopologies = pod.pod.topologySpreadConstraints.length > 0 || !this.systemDefaulted;
    const constraints = this.constraintsFor(pod.pod, "ScheduleAnyway");
    if (constraints.length === 0) return skipStatus;
    const ignored = new Set<string>();
    const counts = constraints.map(() => new Map<string, number>());
    const topoSize = constraints.map(() => 0);
    for (const nodeInfo of filteredNodes) {
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(nodeInfo.node, constraints)) {
        ignored.add(nodeInfo.name);
        continue;
      }
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i] as Constraint;
        if (c.topologyKey === labelHostname) continue;
        const value = labelOf(nodeInfo.node.labels, c.topologyKey) ?? "";
        const m = counts[i] as Map<string, number>;
        if (!m.has(value)) {
          m.set(value, 0);
          topoSize[i] = (topoSize[i] as number) + 1;
        }
      }
    }
    const weights = constraints.map((c, i) =>
      topologyNormalizingWeight(
        c.topologyKey === labelHostname ? filteredNodes.length - ignored.size : (topoSize[i] as number),
      ),
    );
    for (const nodeInfo of allNodes) {
      const node = nodeInfo.node;
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node, constraints)) continue;
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i] as Constraint;
        if (!nodeIncluded(c, pod.pod, node)) continue;
        const value = labelOf(node.labels, c.topologyKey) ?? "";
        const m = counts[i] as Map<string, number>;
        const current = m.get(value);
        // Only domains of nodes that passed the filters are counted; hostname is counted in Score.
        if (current === undefined) continue;
        m.set(value, current + countMatching(nodeInfo, c.selector, pod.pod.namespace));
      }
    }
    state.write(preScoreStateKey, new PreScoreState(constraints, ignored, counts, weights));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (s === undefined || s.ignoredNodes.has(nodeInfo.name)) return 0;
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i] as Constraint;
      const value = labelOf(nodeInfo.node.labels, c.topologyKey);
      if (value === undefined) continue;
      const count =
        c.topologyKey === labelHostname
          ? countMatching(nodeInfo, c.selector, pod.pod.namespace)
          : ((s.topologyValueToPodCounts[i] as Map<string, number>).get(value) ?? 0);
      score += scoreForCount(count, c.maxSkew, s.topologyNormalizingWeight[i] as number);
    }
    return Math.round(score);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (s === undefined) return;
    let minScore = Number.MAX_SAFE_INTEGER;
    let maxScore = 0;
    const invalid = -1;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has((nodes[i] as NodeInfo).name)) {
        scores[i] = invalid;
        continue;
      }
      const score = scores[i] as number;
      if (score < minScore) minScore = score;
      if (score > maxScore) maxScore = score;
    }
    for (let i = 0; i < scores.length; i++) {
      const score = scores[i] as number;
      if (score === invalid) {
        scores[i] = 0;
      } else if (maxScore === 0) {
        scores[i] = 100;
      } else {
        scores[i] = Math.trunc((100 * (maxScore + minScore - score)) / maxScore);
      }
    }
  }
}
