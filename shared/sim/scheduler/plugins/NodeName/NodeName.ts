/** NodeName: a pod that names its node (spec.nodeName) fits only there. */
import type { CycleState, FilterPlugin } from "../../framework/interface.ts";
import { type Status, unresolvable } from "../../framework/status.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";

// nodename.ErrReason.
export const errReasonNodeName = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = "NodeName";

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const wanted = pod.pod.nodeName;
    if (wanted === "" || wanted === nodeInfo.name) return null;
    return unresolvable(errReasonNodeName);
  }
}
