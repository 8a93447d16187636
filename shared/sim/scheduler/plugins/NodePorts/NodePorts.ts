/** NodePorts: a host port (protocol, ip, port) can be used by one pod per node. */
import type {
  CycleState,
  FilterPlugin,
  PreFilterOutcome,
  PreFilterPlugin,
} from "../../framework/interface.ts";
import { type Status, skipStatus, unschedulable } from "../../framework/status.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";

// nodeports.ErrReason.
export const errReasonNodePorts = "node(s) didn't have free ports for the requested pod ports";

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = "NodePorts";

  preFilter(_state: CycleState, pod: PodInfo): PreFilterOutcome {
    // No host ports: nothing to check (PreFilter returns Skip).
    return { status: pod.hostPorts.length === 0 ? skipStatus : null };
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    for (const port of pod.hostPorts) {
      if (nodeInfo.usedPorts.conflicts(port)) return unschedulable(errReasonNodePorts);
    }
    return null;
  }
}
