/**
 * scheduleManifests: the whole `schedule` CLI as a pure function. Loads the
 * manifests (all-or-nothing), hands nodes, running pods and the configuration to
 * the scheduler, schedules the pending pods in queue order and reports each one.
 */
import { runScheduler } from "./adapter.ts";
import { loadManifests } from "./manifests.ts";
import type { ScheduleReport } from "./report.ts";

export interface ScheduleOptions {
  /** Seed of the scheduler's PRNG stream (ties between equal totals are broken at random). */
  seed: number;
}

export function scheduleManifests(text: string, options: ScheduleOptions): ScheduleReport {
  return runScheduler(loadManifests(text), options.seed);
}
