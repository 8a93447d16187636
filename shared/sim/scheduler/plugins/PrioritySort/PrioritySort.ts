/** PrioritySort: the queue order — higher priority first, then the earlier queue timestamp. */
import type { QueuedPodInfo, QueueSortPlugin } from "../../framework/interface.ts";

export class PrioritySort implements QueueSortPlugin {
  readonly name = "PrioritySort";

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = a.podInfo.priority;
    const p2 = b.podInfo.priority;
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}
