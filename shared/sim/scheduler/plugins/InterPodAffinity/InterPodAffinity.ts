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
import { labelOf } from "../../labels.ts";
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

/** topologyToMatchedTermCount: topology key → value → count (nested, so no key strings are built). */
type TopologyCounts = Map<string, Map<string, number>>;

function bump(counts: TopologyCounts, key: string, value: string, delta: number): void {
  let byValue = counts.get(key);
  if (byValue === undefined) {
    byValue = new Map();
    counts.set(key, byValue);
  }
  const n = (byValue.get(value) ?? 0) + delta;
  if (n !== 0) byValue.set(value, n);
  else {
    byValue.delete(value);
    if (byValue.size === 0) counts.delete(key);
  }
}

function countOf(counts: TopologyCounts, key: string, value: string): number {
  return counts.get(key)?.get(value) ?? 0;
}

/**
 * Adds a domain → count map under a topology key. The first map is shared, not copied (it may
 * be the snapshot's live index): the state never changes it in place, as clone() and
 * updateWithPod copy first.
 */
function addCounts(counts: TopologyCounts, key: string, add: ReadonlyMap<string, number>): void {
  const present = counts.get(key);
  if (present === undefined) {
    counts.set(key, add as Map<string, number>);
    return;
  }
  const merged = new Map(present);
  for (const [value, n] of add) merged.set(value, (merged.get(value) ?? 0) + n);
  counts.set(key, merged);
}

/**
 * Whether some domain has a positive count. The snapshot's indexes keep domains whose count
 * is 0, while kube-scheduler's topologyToMatchedTermCount holds positive counts only, so its
 * len() > 0 is this.
 */
function anyPositive(counts: TopologyCounts): boolean {
  for (const byValue of counts.values()) for (const n of byValue.values()) if (n > 0) return true;
  return false;
}

function copyCounts(counts: TopologyCounts): TopologyCounts {
  const copy: TopologyCounts = new Map();
  for (const [key, byValue] of counts) copy.set(key, new Map(byValue));
  return copy;
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
    const value = labelOf(node.labels, t.topologyKey);
    if (value !== undefined) bump(counts, t.topologyKey, value, delta);
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
    const value = labelOf(node.labels, t.topologyKey);
    if (value !== undefined) bump(counts, t.topologyKey, value, delta);
  }
}

class PreFilterState implements StateData {
  existingAntiAffinityCounts: TopologyCounts;
  readonly affinityCounts: TopologyCounts;
  antiAffinityCounts: TopologyCounts;
  readonly podInfo: PodInfo;
  /** Whether the anti-affinity counts may still hold the snapshot's live maps (PreFilter's state). */
  private shared: boolean;

  constructor(
    podInfo: PodInfo,
    existing: TopologyCounts,
    affinity: TopologyCounts,
    anti: TopologyCounts,
    shared = false,
  ) {
    this.podInfo = podInfo;
    this.existingAntiAffinityCounts = existing;
    this.affinityCounts = affinity;
    this.antiAffinityCounts = anti;
    this.shared = shared;
  }

  updateWithPod(updated: PodInfo, node: Node, delta: number): void {
    // AddPod/RemovePod change this cycle's state only, never the cluster: kube-scheduler's
    // state owns its maps. Copy the snapshot's live maps before the first change (the framework
    // clones the state first, but an AddPod on PreFilter's own state must not leak either).
    if (this.shared) {
      this.existingAntiAffinityCounts = copyCounts(this.existingAntiAffinityCounts);
      this.antiAffinityCounts = copyCounts(this.antiAffinityCounts);
      this.shared = false;
    }
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
      copyCounts(this.existingAntiAffinityCounts),
      copyCounts(this.affinityCounts),
      copyCounts(this.antiAffinityCounts),
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
  const value = labelOf(node.labels, term.topologyKey);
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

function canScoreOthers(p: PodInfo): boolean {
  return (
    p.requiredAffinityTerms.length > 0 ||
    p.preferredAffinityTerms.length > 0 ||
    p.preferredAntiAffinityTerms.length > 0
  );
}

function hasAnyLabel(node: Node): boolean {
  for (const _ in node.labels) return true;
  return false;
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
    // Existing pods' anti-affinity, one distinct term at a time from the snapshot's index.
    const existing: TopologyCounts = new Map();
    for (const term of this.snapshot.antiAffinityTermsInUse()) {
      if (affinityTermMatches(term, pod.pod)) {
        addCounts(existing, term.topologyKey, this.snapshot.antiAffinityTermCounts(term));
      }
    }
    const affinity: TopologyCounts = new Map();
    if (pod.requiredAffinityTerms.length > 0) {
      for (const nodeInfo of allNodes) {
        for (const other of nodeInfo.pods) {
          updateWithAffinityTerms(affinity, other.pod, nodeInfo.node, pod.requiredAffinityTerms, 1);
        }
      }
    }
    const anti: TopologyCounts = new Map();
    for (const t of pod.requiredAntiAffinityTerms) {
      const counts = this.snapshot.topologyCounts({
        key: `anti-affinity-target\u0000${t.key}`,
        topologyKey: t.topologyKey,
        count: (p) => (affinityTermMatches(t, p.pod) ? 1 : 0),
      });
      addCounts(anti, t.topologyKey, counts);
    }
    // Existing pods' terms that match the incoming pod but whose topology key no node has (or
    // whose domains hold no such pod) count nothing: PreFilter skips as kube-scheduler does.
    if (
      !anyPositive(existing) &&
      pod.requiredAffinityTerms.length === 0 &&
      pod.requiredAntiAffinityTerms.length === 0
    ) {
      return { status: skipStatus };
    }
    state.write(preFilterStateKey, new PreFilterState(pod, existing, affinity, anti, true));
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
        const value = labelOf(labels, t.topologyKey);
        if (value !== undefined && countOf(s.antiAffinityCounts, t.topologyKey, value) > 0) {
          return unschedulable(errReasonAntiAffinityRulesNotMatch);
        }
      }
    }
    if (s.existingAntiAffinityCounts.size > 0) {
      for (const [key, byValue] of s.existingAntiAffinityCounts) {
        const value = labelOf(labels, key);
        if (value !== undefined && (byValue.get(value) ?? 0) > 0) {
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
    const allNodes = hasConstraints ? this.snapshot.list() : this.snapshot.havePodsWithAffinity();
    const topologyScore = new Map<string, Map<string, number>>();
    for (const nodeInfo of allNodes) {
      const node = nodeInfo.node;
      const pods = hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity;
      for (const existing of pods) {
        // A pod with only required anti-affinity cannot score the incoming pod: skip it early.
        if (!hasConstraints && !canScoreOthers(existing)) continue;
        this.processExistingPod(topologyScore, pod, existing, node);
      }
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
    if (!hasAnyLabel(node)) return;
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
      const value = labelOf(nodeInfo.node.labels, key);
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
    const value = labelOf(labels, t.topologyKey);
    // Every topology key of the terms must be present on the node.
    if (value === undefined) return false;
    if (countOf(s.affinityCounts, t.topologyKey, value) <= 0) podsExist = false;
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
