/**
 * What kube-scheduler itself does with the puzzle: the real Scheduler, with the puzzle's
 * profile, pops the pending pods in its queue order (priority, then arrival) and binds each to
 * the node its filters and scores pick; a pod that preempts has its victims deleted and binds on
 * a later cycle. Simulated time moves on while pods wait, so back-off and the unschedulable
 * queue's flushes happen as they would.
 */
import { createRandom } from "../sim/random.ts";
import { Scheduler } from "../sim/scheduler/scheduler.ts";
import { type Evaluation, evaluate } from "./evaluate.ts";
import type { Placements, Puzzle } from "./types.ts";

// queue.go: podMaxInUnschedulablePodsDuration is 5 min; after that long without a binding,
// every waiting pod has been retried and nothing else will change.
const giveUpAfterMs = 5 * 60_000 + 30_000;
const tickMs = 1000;

export interface Baseline extends Evaluation {
  placements: Placements;
  /** Pods kube-scheduler left pending. */
  unplaced: string[];
}

export function greedyBaseline(puzzle: Puzzle, seed = 1): Baseline {
  const scheduler = new Scheduler({ config: puzzle.scheduler, random: createRandom(seed, "scheduler") });
  for (const node of puzzle.nodes) scheduler.addNode(node, 0);
  for (const pod of puzzle.running) scheduler.addPod(pod, 0);
  for (const pod of [...puzzle.pending].sort((a, b) => a.creationIndex - b.creationIndex))
    scheduler.addPod(pod, 0);
  const placements = new Map<string, string | null>();
  let now = 0;
  let lastChange = 0;
  while (now - lastChange <= giveUpAfterMs) {
    const result = scheduler.scheduleOne(now);
    if (result === null) {
      now += tickMs;
      continue;
    }
    const node = result.explanation.node;
    if (node !== null) {
      placements.set(result.podInfo.pod.name, node);
      lastChange = now;
    }
    for (const victim of result.victims) {
      scheduler.deletePod(victim.key, now);
      placements.set(victim.pod.name, null);
      lastChange = now;
    }
  }
  const unplaced = puzzle.pending.filter((p) => !placements.has(p.name)).map((p) => p.name);
  return { ...evaluate(puzzle, placements), placements, unplaced };
}
