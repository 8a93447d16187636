/**
 * NodeAffinity: spec.nodeSelector and required node affinity filter nodes; preferred terms
 * add their weights to the score (normalized to 0–100).
 */
import type {
  CycleState,
  FilterPlugin,
  PreFilterOutcome,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from "../../framework/interface.ts";
import { type Status, skipStatus, status, unresolvable } from "../../framework/status.ts";
import {
  nodeSelectorTermErrors,
  nodeSelectorTermMatches,
  podRequiredNodeAffinityMatches,
} from "../../labels.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { PreferredSchedulingTerm } from "../../types.ts";
import { defaultNormalizeScore, maxNodeScore } from "../helper.ts";

// nodeaffinity.ErrReasonPod and errReasonConflict.
export const errReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const errReasonConflict = "pod affinity terms conflict";

function preferredTerms(pod: PodInfo): readonly PreferredSchedulingTerm[] {
  // NewPreferredSchedulingTerms drops terms with weight 0 or an empty preference.
  return (pod.pod.affinity.nodeAffinity?.preferred ?? []).filter(
    (t) =>
      t.weight !== 0 && (t.preference.matchExpressions.length > 0 || t.preference.matchFields.length > 0),
  );
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "NodeAffinity";

  preFilter(_state: CycleState, pod: PodInfo): PreFilterOutcome {
    const required = pod.pod.affinity.nodeAffinity?.required;
    if (required === undefined && Object.keys(pod.pod.nodeSelector).length === 0) {
      return { status: skipStatus };
    }
    if (required === undefined || required.length === 0) return { status: null };
    // Affinity to named nodes (matchFields metadata.name In …) narrows the search up front.
    let nodeNames: Set<string> | undefined;
    for (const term of required) {
      let termNames: Set<string> | undefined;
      for (const r of term.matchFields) {
        if (r.key !== "metadata.name" || r.operator !== "In") continue;
        const s = new Set(r.values);
        termNames = termNames === undefined ? s : new Set([...termNames].filter((n) => s.has(n)));
      }
      // A term without a node-name requirement admits every node: the terms are ORed.
      if (termNames === undefined) return { status: null };
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames !== undefined && nodeNames.size === 0) {
      return { status: unresolvable(errReasonConflict) };
    }
    return nodeNames === undefined ? { status: null } : { status: null, nodeNames };
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (podRequiredNodeAffinityMatches(pod.pod, nodeInfo.node)) return null;
    return unresolvable(errReasonPod);
  }

  preScore(_state: CycleState, pod: PodInfo): Status | null {
    // NewPreferredSchedulingTerms fails on a term that does not parse (e.g. an invalid label
    // key), and PreScore returns that as an Error, which fails the scheduling cycle.
    const errs: string[] = [];
    (pod.pod.affinity.nodeAffinity?.preferred ?? []).forEach((t, i) => {
      const empty = t.preference.matchExpressions.length === 0 && t.preference.matchFields.length === 0;
      if (t.weight !== 0 && !empty) errs.push(...nodeSelectorTermErrors(t.preference, `[${i}]`));
    });
    if (errs.length > 0) return status("Error", errs.join("\n"));
    return preferredTerms(pod).length === 0 ? skipStatus : null;
  }

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    let count = 0;
    for (const term of preferredTerms(pod)) {
      if (nodeSelectorTermMatches(term.preference, nodeInfo.node)) count += term.weight;
    }
    return count;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): void {
    defaultNormalizeScore(maxNodeScore, false, scores);
  }
}
