/**
 * InterPodAffinity: required pod affinity / anti-affinity (the incoming pod's and the existing
 * pods' anti-affinity) filter nodes by topology domain; preferred terms — both ways — and
 * existing pods' required affinity (× hardPodAffinityWeight) score them.
 */
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
import type { NodeInfo } from "../../nodeInfo.ts";
import {
  type AffinityTerm,
  affinityTermMatches,
  type PodInfo,
  type WeightedAffinityTerm,
} from "../../podInfo.ts";
import type { ClusterSnapshot } from "../../snapshot.ts";
import type { Node, Pod } from "../../types.ts";

// interpodaffinity/filtering.go error reasons.
export const errReasonExistingAntiAffinityRulesNotMatch =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const errReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const errReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";

const preFilterStateKey = "PreFilterInterPodAffinity";
const preScoreStateKey = "PreScoreInterPodAffinity";

/** topologyToMatchedTermCount: "key\0value" → count. */
type TopologyCounts = Map<string, number>;

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

function bump(counts: TopologyCounts, key: string, delta: number): void {
  const n = (counts.get(key) ?? 0) + delta;
  if (n === 0) counts.delete(key);
  else counts.set(key, n);
}

function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!affinityTermMatches(t, pod)) return false;
  return true;
}

/** Counts each term's domain once when the target pod matches all the terms. */
function updateWithAffinityTerms(
  counts: TopologyCounts,
  target: Pod,
  node: Node,
  terms: readonly AffinityTerm[],
  delta: number,
): void {
  if (!podMatchesAllAffinityTerms(terms, target)) return;
  for (const t of terms) {
    const value = node.labels[t.topologyKey];
    if (value !== undefined) bump(counts, pairKey(t.topologyKey, value), delta);
  }
}

/** Counts the domain of every anti-affinity term the target pod matches. */
function updateWithAntiAffinityTerms(
  counts: TopologyCounts,
  target: Pod,
  node: Node,
  terms: readonly AffinityTerm[],
  delta: number,
): void {
  for (const t of terms) {
    if (!affinityTermMatches(t, target)) continue;
    const value = node.labels[t.topologyKey];
    if (value !== undefined) bump(counts, pairKey(t.topologyKey, value), delta);
  }
}

class PreFilterState implements StateData {
  readonly existingAntiAffinityCounts: TopologyCounts;
  readonly affinityCounts: TopologyCounts;
  readonly antiAffinityCounts: TopologyCounts;
  readonly podInfo: PodInfo;

  constructor(podInfo: PodInfo, existing: TopologyCounts, affinity: TopologyCounts, anti: TopologyCounts) {
    this.podInfo = podInfo;
    this.existingAntiAffinityCounts = existing;
    this.affinityCounts = affinity;
    this.antiAffinityCounts = anti;
  }

  updateWithPod(updated: PodInfo, node: Node, delta: number): void {
    updateWithAntiAffinityTerms(
      this.existingAntiAffinityCounts,
      this.podInfo.pod,
      node,
      updated.requiredAntiAffinityTerms,
      delta,
    );
    updateWithAffinityTerms(
      this.affinityCounts,
      updated.pod,
      node,
      this.podInfo.requiredAffinityTerms,
      delta,
    );
    updateWithAntiAffinityTerms(
      this.antiAffinityCounts,
      updated.pod,
      node,
      this.podInfo.requiredAntiAffinityTerms,
      delta,
    );
  }

  clone(): StateData {
    return new PreFilterState(
      this.podInfo,
      new Map(this.existingAntiAffinityCounts),
      new Map(this.affinityCounts),
      new Map(this.antiAffinityCounts),
    );
  }
}

class PreScoreState implements StateData {
  /** topologyKey → value → score. */
  readonly topologyScore: Map<string, Map<string, number>>;
  constructor(topologyScore: Map<string, Map<string, number>>) {
    this.topologyScore = topologyScore;
  }
  clone(): StateData {
    return this;
  }
}

function addScore(
  scores: Map<string, Map<string, number>>,
  term: AffinityTerm,
  weight: number,
  pod: Pod,
  node: Node,
  multiplier: number,
): void {
  if (!affinityTermMatches(term, pod)) return;
  const value = node.labels[term.topologyKey];
  if (value === undefined) return;
  let byValue = scores.get(term.topologyKey);
  if (byValue === undefined) {
    byValue = new Map();
    scores.set(term.topologyKey, byValue);
  }
  byValue.set(value, (byValue.get(value) ?? 0) + weight * multiplier);
}

function addScores(
  scores: Map<string, Map<string, number>>,
  terms: readonly WeightedAffinityTerm[],
  pod: Pod,
  node: Node,
  multiplier: number,
): void {
  for (const t of terms) addScore(scores, t.term, t.weight, pod, node, multiplier);
}

export class InterPodAffinity
  implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin
{
  readonly name = "InterPodAffinity";
  private readonly snapshot: ClusterSnapshot;
  private readonly hardPodAffinityWeight: number;

  constructor(snapshot: ClusterSnapshot, hardPodAffinityWeight: number) {
    this.snapshot = snapshot;
    this.hardPodAffinityWeight = hardPodAffinityWeight;
  }

  preFilter(state: CycleState, pod: PodInfo, allNodes: readonly NodeInfo[]): PreFilterOutcome {
    const existing: TopologyCounts = new Map();
    for (const nodeInfo of this.snapshot.havePodsWithRequiredAntiAffinityList()) {
      for (const other of nodeInfo.podsWithRequiredAntiAffinity) {
        updateWithAntiAffinityTerms(existing, pod.pod, nodeInfo.node, other.requiredAntiAffinityTerms, 1);
      }
    }
    const affinity: TopologyCounts = new Map();
    const anti: TopologyCounts = new Map();
    if (pod.requiredAffinityTerms.length > 0 || pod.requiredAntiAffinityTerms.length > 0) {
      for (const nodeInfo of allNodes) {
        for (const other of nodeInfo.pods) {
          updateWithAffinityTerms(affinity, other.pod, nodeInfo.node, pod.requiredAffinityTerms, 1);
          updateWithAntiAffinityTerms(anti, other.pod, nodeInfo.node, pod.requiredAntiAffinityTerms, 1);
        }
      }
    }
    if (
      existing.size === 0 &&
      pod.requiredAffinityTerms.length === 0 &&
      pod.requiredAntiAffinityTerms.length === 0
    ) {
      return { status: skipStatus };
    }
    state.write(preFilterStateKey, new PreFilterState(pod, existing, affinity, anti));
    return { status: null };
  }

  addPod(state: CycleState, _pod: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): void {
    state.read<PreFilterState>(preFilterStateKey)?.updateWithPod(podToAdd, nodeInfo.node, 1);
  }

  removePod(state: CycleState, _pod: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): void {
    state.read<PreFilterState>(preFilterStateKey)?.updateWithPod(podToRemove, nodeInfo.node, -1);
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(preFilterStateKey);
    if (s === undefined) return null;
    const labels = nodeInfo.node.labels;
    if (!satisfyPodAffinity(s, labels)) return unresolvable(errReasonAffinityRulesNotMatch);
    if (s.antiAffinityCounts.size > 0) {
      for (const t of s.podInfo.requiredAntiAffinityTerms) {
        const value = labels[t.topologyKey];
        if (value !== undefined && (s.antiAffinityCounts.get(pairKey(t.topologyKey, value)) ?? 0) > 0) {
          return unschedulable(errReasonAntiAffinityRulesNotMatch);
        }
      }
    }
    if (s.existingAntiAffinityCounts.size > 0) {
      for (const key in labels) {
        if ((s.existingAntiAffinityCounts.get(pairKey(key, labels[key] as string)) ?? 0) > 0) {
          return unschedulable(errReasonExistingAntiAffinityRulesNotMatch);
        }
      }
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return skipStatus;
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    // Without preferred terms of its own, only pods with affinity can score the incoming pod.
    const allNodes = hasConstraints ? this.snapshot.list() : this.snapshot.havePodsWithAffinityList();
    const topologyScore = new Map<string, Map<string, number>>();
    for (const nodeInfo of allNodes) {
      const node = nodeInfo.node;
      const pods = hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity;
      for (const existing of pods) this.processExistingPod(topologyScore, pod, existing, node);
    }
    if (topologyScore.size === 0) return skipStatus;
    state.write(preScoreStateKey, new PreScoreState(topologyScore));
    return null;
  }

  private processExistingPod(
    scores: Map<string, Map<string, number>>,
    incoming: PodInfo,
    existing: PodInfo,
    node: Node,
  ): void {
    if (Object.keys(node.labels).length === 0) return;
    addScores(scores, incoming.preferredAffinityTerms, existing.pod, node, 1);
    addScores(scores, incoming.preferredAntiAffinityTerms, existing.pod, node, -1);
    if (this.hardPodAffinityWeight > 0) {
      for (const t of existing.requiredAffinityTerms) {
        addScore(scores, t, this.hardPodAffinityWeight, incoming.pod, node, 1);
      }
    }
    addScores(scores, existing.preferredAffinityTerms, incoming.pod, node, 1);
    addScores(scores, existing.preferredAntiAffinityTerms, incoming.pod, node, -1);
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (s === undefined) return 0;
    let score = 0;
    for (const [key, byValue] of s.topologyScore) {
      const value = nodeInfo.node.labels[key];
      if (value !== undefined) score += byValue.get(value) ?? 0;
    }
    return score;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): void {
    const s = state.read<PreScoreState>(preScoreStateKey);
    if (s === undefined || s.topologyScore.size === 0) return;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of scores) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      scores[i] = diff > 0 ? Math.trunc(100 * (((scores[i] as number) - min) / diff)) : 0;
    }
  }
}

function satisfyPodAffinity(s: PreFilterState, labels: Readonly<Record<string, string>>): boolean {
  let podsExist = true;
  for (const t of s.podInfo.requiredAffinityTerms) {
    const value = labels[t.topologyKey];
    // Every topology key of the terms must be present on the node.
    if (value === undefined) return false;
    if ((s.affinityCounts.get(pairKey(t.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a group with affinity to itself: allowed when no pod anywhere matches
    // and the pod matches its own terms.
    return (
      s.affinityCounts.size === 0 &&
      podMatchesAllAffinityTerms(s.podInfo.requiredAffinityTerms, s.podInfo.pod)
    );
  }
  return true;
}
