/** NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods tolerating its taint. */
import type { CycleState, FilterPlugin } from "../../framework/interface.ts";
import { type Status, unresolvable } from "../../framework/status.ts";
import { taintToleratedBy } from "../../labels.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { Taint } from "../../types.ts";

// nodeunschedulable.ErrReasonUnschedulable.
export const errReasonUnschedulable = "node(s) were unschedulable";

// v1.TaintNodeUnschedulable: the taint a cordoned node is treated as having.
const unschedulableTaint: Taint = {
  key: "node.kubernetes.io/unschedulable",
  value: "",
  effect: "NoSchedule",
};

export class NodeUnschedulable implements FilterPlugin {
  readonly name = "NodeUnschedulable";

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (!nodeInfo.node.unschedulable) return null;
    if (taintToleratedBy(unschedulableTaint, pod.pod.tolerations)) return null;
    return unresolvable(errReasonUnschedulable);
  }
}
