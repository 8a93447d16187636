/**
 * The bridge from loaded manifests to the scheduling framework in shared/sim/scheduler/.
 */
import type { Manifests } from "./manifests.ts";
import type { ScheduleReport } from "./report.ts";

export function runScheduler(manifests: Manifests, seed: number): ScheduleReport {
  void seed;
  void manifests;
  // The framework (shared/sim/scheduler/types.ts and its Scheduler facade) is not in the tree yet.
  throw new Error("the scheduling framework is not available yet");
}
