/**
 * The bridge from loaded manifests to the Scheduler: the schedule CLI and the benchmark drive
 * the same scheduling cycle the game runs.
 */
import { createRandom } from "../../random.ts";
import { Scheduler } from "../scheduler.ts";
import type { PodExplanation } from "../types.ts";
import type { Manifests, NodeObject, PodObject, SchedulerConfigDocument } from "./manifests.ts";
import type { PodReport, ScheduleReport } from "./report.ts";

/** A scheduler loaded with a cluster; schedule() places one pod (binding it) and returns the node. */
export interface SchedulingRun {
  schedule(pod: PodObject): string | null;
}

function loadedScheduler(
  nodes: readonly NodeObject[],
  runningPods: readonly PodObject[],
  config: SchedulerConfigDocument,
  seed: number,
): Scheduler {
  const scheduler = new Scheduler({ config, random: createRandom(seed, "scheduler") });
  for (const node of nodes) scheduler.addNode(node, 0);
  for (const pod of runningPods) scheduler.addPod(pod, 0);
  return scheduler;
}

export function createSchedulingRun(
  nodes: readonly NodeObject[],
  runningPods: readonly PodObject[],
  config: SchedulerConfigDocument,
  seed: number,
): SchedulingRun {
  const scheduler = loadedScheduler(nodes, runningPods, config, seed);
  return {
    schedule(pod) {
      scheduler.addPod(pod, 0);
      return scheduler.scheduleOne(0)?.explanation.node ?? null;
    },
  };
}

function podReport(name: string, namespace: string, e: PodExplanation): PodReport {
  return {
    name,
    namespace,
    node: e.node,
    summary: e.summary,
    nodes: e.nodes.map((n) => ({
      name: n.name,
      feasible: n.feasible,
      reasons: n.reasons,
      scores: n.scores,
      total: n.total,
    })),
    preemption: e.preemption,
  };
}

/**
 * Schedules the pending pods once each, in queue order (priority, then order in the file).
 * A pod that preempts is nominated and reported with its victims; it would bind on a later
 * cycle, once the victims have terminated.
 */
export function runScheduler(manifests: Manifests, seed: number): ScheduleReport {
  const running = manifests.pods.filter((p) => p.nodeName !== "");
  const scheduler = loadedScheduler(manifests.nodes, running, manifests.config, seed);
  for (const pod of manifests.pods) if (pod.nodeName === "") scheduler.addPod(pod, 0);
  const pods: PodReport[] = [];
  for (
    let result = scheduler.scheduleOne(0, true);
    result !== null;
    result = scheduler.scheduleOne(0, true)
  ) {
    const pod = result.podInfo.pod;
    pods.push(podReport(pod.name, pod.namespace, result.explanation));
  }
  return { pods };
}
