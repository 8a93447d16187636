/**
 * framework.Status and the FitError summary line ("0/5 nodes are available: …").
 */
import type { StatusCode } from "../types.ts";

export interface Status {
  code: StatusCode;
  reasons: readonly string[];
  /** The plugin that produced it ("" when not set). */
  plugin: string;
}

export function status(code: StatusCode, ...reasons: string[]): Status {
  return { code, reasons, plugin: "" };
}

export function unschedulable(...reasons: string[]): Status {
  return status("Unschedulable", ...reasons);
}

export function unresolvable(...reasons: string[]): Status {
  return status("UnschedulableAndUnresolvable", ...reasons);
}

export const skipStatus: Status = Object.freeze({ code: "Skip", reasons: [], plugin: "" });

export function withPlugin(s: Status, plugin: string): Status {
  return { code: s.code, reasons: s.reasons, plugin };
}

export function isRejected(s: Status | null): boolean {
  return s !== null && (s.code === "Unschedulable" || s.code === "UnschedulableAndUnresolvable");
}

/** Status.Message(): the reasons joined with ", ". */
export function message(s: Status | null): string {
  return s === null ? "" : s.reasons.join(", ");
}

/**
 * framework.NodeToStatus: explicit per-node statuses plus one status for every node not in
 * the map (the "absent" nodes, e.g. those a PreFilterResult excluded).
 */
export class NodeToStatus {
  readonly statuses = new Map<string, Status>();
  absent: Status = unresolvable();

  set(node: string, s: Status): void {
    this.statuses.set(node, s);
  }

  get(node: string): Status {
    return this.statuses.get(node) ?? this.absent;
  }

  get size(): number {
    return this.statuses.size;
  }
}

// pkg/scheduler/framework/types.go: NoNodeAvailableMsg and SeparatorFormat.
const noNodeAvailable = (n: number) => `0/${n} nodes are available:`;

/**
 * FitError.Error(): the reasons histogram ("<count> <reason>") sorted as strings, then the
 * PostFilter (preemption) message.
 */
export function fitErrorMessage(
  numAllNodes: number,
  nodeToStatus: NodeToStatus,
  preFilterMessage: string,
  postFilterMessage: string,
): string {
  let text = noNodeAvailable(numAllNodes);
  if (preFilterMessage !== "") {
    text += ` ${preFilterMessage}.`;
  } else {
    const histogram = new Map<string, number>();
    for (const s of nodeToStatus.statuses.values()) {
      for (const reason of s.reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
    }
    const absentCount = numAllNodes - nodeToStatus.size;
    if (absentCount > 0) {
      for (const reason of nodeToStatus.absent.reasons) {
        histogram.set(reason, (histogram.get(reason) ?? 0) + absentCount);
      }
    }
    // sort.Strings on "count reason": byte order, so "10 …" sorts before "2 …" as in Go.
    const lines = [...histogram.entries()].map(([reason, count]) => `${count} ${reason}`).sort(byteOrder);
    if (lines.length > 0) text += ` ${lines.join(", ")}.`;
  }
  if (postFilterMessage !== "") text += ` ${postFilterMessage}.`;
  return text;
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
