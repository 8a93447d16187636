/**
 * TaintToleration: NoSchedule/NoExecute taints must be tolerated (filter); each untolerated
 * PreferNoSchedule taint lowers the score (reverse-normalized).
 */
import type {
  CycleState,
  FilterPlugin,
  PreScorePlugin,
  ScorePlugin,
  StateData,
} from "../../framework/interface.ts";
import { type Status, unresolvable } from "../../framework/status.ts";
import { firstUntoleratedHardTaint, taintToleratedBy } from "../../labels.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { Toleration } from "../../types.ts";
import { defaultNormalizeScore, maxNodeScore } from "../helper.ts";

const preScoreStateKey = "PreScoreTaintToleration";

class PreScoreState implements StateData {
  readonly tolerationsPreferNoSchedule: readonly Toleration[];
  constructor(tolerations: readonly Toleration[]) {
    this.tolerationsPreferNoSchedule = tolerations;
  }
  clone(): StateData {
    return this;
  }
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin {
  readonly name = "TaintToleration";

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const taint = firstUntoleratedHardTaint(nodeInfo.node.taints, pod.pod.tolerations);
    if (taint === undefined) return null;
    return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value}}`);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    // getAllTolerationPreferNoSchedule: tolerations with an empty or PreferNoSchedule effect.
    const tolerations = pod.pod.tolerations.filter((t) => t.effect === "" || t.effect === "PreferNoSchedule");
    state.write(preScoreStateKey, new PreScoreState(tolerations));
    return null;
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: number[]): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const tolerations =
      state.read<PreScoreState>(preScoreStateKey)?.tolerationsPreferNoSchedule ??
      pod.pod.tolerations.filter((t) => t.effect === "" || t.effect === "PreferNoSchedule");
    let count = 0;
    for (const taint of nodeInfo.node.taints) {
      if (taint.effect !== "PreferNoSchedule") continue;
      if (!taintToleratedBy(taint, tolerations)) count++;
    }
    return count;
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): void {
    defaultNormalizeScore(maxNodeScore, true, scores);
  }
}
