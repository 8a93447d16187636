/**
 * The bridge from loaded manifests to the scheduling framework in shared/sim/scheduler/.
 */
import type { Manifests, NodeObject, PodObject, SchedulerConfigDocument } from "./manifests.ts";
import type { ScheduleReport } from "./report.ts";

/** A scheduler loaded with a cluster; schedule() places one pod (binding it) and returns the node. */
export interface SchedulingRun {
  schedule(pod: PodObject): string | null;
}

/** Thrown while the framework this bridge drives is missing from the tree. */
export class FrameworkUnavailableError extends Error {
  constructor() {
    super("the scheduling framework (shared/sim/scheduler/) is not available yet");
    this.name = "FrameworkUnavailableError";
  }
}

export function createSchedulingRun(
  nodes: readonly NodeObject[],
  runningPods: readonly PodObject[],
  config: SchedulerConfigDocument,
  seed: number,
): SchedulingRun {
  void [nodes, runningPods, config, seed];
  throw new FrameworkUnavailableError();
}

export function runScheduler(manifests: Manifests, seed: number): ScheduleReport {
  void [manifests, seed];
  throw new FrameworkUnavailableError();
}
