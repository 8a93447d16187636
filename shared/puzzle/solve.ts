/**
 * The exact solver: depth-first branch and bound over "which node does each pending pod go to"
 * (and, in a preemption puzzle, which lower-priority pods it evicts), deterministic. Every step
 * asks the real scheduler's filters; a refusal that more pods can never lift (resources, taints,
 * node affinity, anti-affinity) prunes the branch, and a finished assignment is accepted only if
 * every pod passes the filters where it ends up. Symmetry is cut twice: identical pods take
 * nodes in non-decreasing order, and of several empty, identical nodes only the first is tried.
 */
import type { PodObject } from "../sim/scheduler/k8s/manifests.ts";
import { labelOf } from "../sim/scheduler/labels.ts";
import { isMonotone, PuzzleCluster } from "./cluster.ts";
import {
  better,
  domainCounts,
  type Evaluation,
  evaluate,
  evictionProblem,
  matches,
  measure,
  objectiveProblem,
} from "./evaluate.ts";
import type { Placements, Puzzle } from "./types.ts";

export interface Solution {
  /** Whether some placement meets the objective. */
  complete: boolean;
  /** The best value of the objective's measure (see Objective). */
  optimum: number;
  /** One placement reaching it. */
  placements: Placements;
  /** The search space was exhausted (or a value no placement can beat was reached). */
  proven: boolean;
  /** Search nodes visited. */
  explored: number;
}

export interface SolveOptions {
  /** Gives up (proven: false) after this many search nodes. */
  maxExplored?: number;
}

function podSignature(pod: PodObject): string {
  const { name: _n, creationIndex: _c, uid: _u, ...rest } = pod;
  return JSON.stringify(rest);
}

function hasLateConstraints(pod: PodObject): boolean {
  return (
    (pod.affinity.podAffinity?.required.length ?? 0) > 0 ||
    pod.topologySpreadConstraints.some((c) => c.whenUnsatisfiable === "DoNotSchedule")
  );
}

export function solve(puzzle: Puzzle, options: SolveOptions = {}): Solution {
  const maxExplored = options.maxExplored ?? 3_000_000;
  const objective = puzzle.objective;
  const cluster = new PuzzleCluster(puzzle);
  const nodes = puzzle.nodes.map((n) => n.name);
  const unplacedIndex = nodes.length;

  // Queue order (priority first), identical pods side by side.
  const groupOf = new Map<string, number>();
  for (const pod of puzzle.pending)
    if (!groupOf.has(podSignature(pod))) groupOf.set(podSignature(pod), groupOf.size);
  const order = [...puzzle.pending].sort(
    (a, b) =>
      b.priority - a.priority ||
      (groupOf.get(podSignature(a)) ?? 0) - (groupOf.get(podSignature(b)) ?? 0) ||
      a.creationIndex - b.creationIndex,
  );
  const sameAsPrevious = order.map(
    (pod, i) => i > 0 && podSignature(pod) === podSignature(order[i - 1] as PodObject),
  );

  const everyPod = JSON.stringify([puzzle.pending, objective]);
  const nodesInterchangeable =
    !everyPod.includes("kubernetes.io/hostname") && !everyPod.includes("metadata.name");
  const nodeSignature = puzzle.nodes.map((n) => {
    const { "kubernetes.io/hostname": _h, ...labels } = n.labels;
    return JSON.stringify([labels, n.allocatable, n.taints, n.unschedulable, n.images]);
  });

  const needsFinalCheck = puzzle.pending.some(hasLateConstraints);
  const allowUnplaced = objective.kind === "drain";
  const allowEvictions = objective.kind === "fewestEvictions";
  const lateFitIsMonotone = objective.kind === "leaveRoomFor" && !hasLateConstraints(objective.pod);

  const chosen = new Array<number>(order.length).fill(0);
  const evicted: string[] = [];
  let placed = 0;
  let explored = 0;
  let best: (Pick<Evaluation, "complete" | "value"> & { placements: Placements }) | null = null;
  let stop = false;
  const ideal =
    objective.kind === "placeAll" || objective.kind === "drain"
      ? puzzle.pending.length
      : objective.kind === "fewestEvictions" || objective.kind === "maxSkew"
        ? 0
        : undefined;

  /** An optimistic value for any completion of the current partial placement. */
  function optimistic(i: number): number | undefined {
    switch (objective.kind) {
      case "drain":
        return placed + (order.length - i);
      case "fewestNodes":
        return nodes.filter((n) => cluster.node(n).pods.length > 0).length;
      case "fewestEvictions":
        return evicted.length;
      case "maxSkew": {
        const counts = [
          ...domainCounts(puzzle, cluster, objective.topologyKey, (l) =>
            matches(objective.selector, l),
          ).values(),
        ];
        if (counts.length === 0) return 0;
        let left = order.slice(i).filter((p) => matches(objective.selector, p.labels)).length;
        // Water-filling the smallest domains is the least skew any completion can reach.
        counts.sort((a, b) => a - b);
        while (left > 0) {
          counts[0] = (counts[0] as number) + 1;
          counts.sort((a, b) => a - b);
          left--;
        }
        return (counts[counts.length - 1] as number) - (counts[0] as number);
      }
      case "surviveZoneLoss": {
        // Pods only arrive: a domain's count only grows, an app's final total is known.
        const appLabel = objective.appLabel;
        let bound = Number.POSITIVE_INFINITY;
        const apps = new Set([...puzzle.running, ...puzzle.pending].map((p) => labelOf(p.labels, appLabel)));
        for (const app of apps) {
          if (app === undefined) continue;
          const total = [...puzzle.running, ...puzzle.pending].filter(
            (p) => labelOf(p.labels, appLabel) === app,
          ).length;
          for (const inDomain of domainCounts(
            puzzle,
            cluster,
            objective.topologyKey,
            (l) => l[appLabel] === app,
          ).values())
            bound = Math.min(bound, total - inDomain);
        }
        return bound;
      }
      case "leaveRoomFor":
        return lateFitIsMonotone ? measure(puzzle, cluster, placed, 0) : undefined;
      case "placeAll":
        return undefined;
    }
  }

  function cannotBeat(i: number): boolean {
    if (best === null || !best.complete) return false;
    const bound = optimistic(i);
    if (bound === undefined) return false;
    return !better(puzzle, { complete: true, value: bound }, best);
  }

  function leaf(): void {
    const unplaced: string[] = [];
    for (const pod of order) {
      const node = cluster.nodeOf(pod.name);
      if (node === undefined) unplaced.push(pod.name);
      else if (needsFinalCheck && cluster.holds(pod.name, node) !== null) return;
    }
    for (const victim of evicted) if (evictionProblem(puzzle, cluster, victim) !== "") return;
    const value = measure(puzzle, cluster, placed, evicted.length);
    const candidate = { complete: objectiveProblem(puzzle, cluster, unplaced, value) === "", value };
    if (best !== null && !better(puzzle, candidate, best)) return;
    const placements = new Map<string, string | null>();
    for (const pod of order) {
      const node = cluster.nodeOf(pod.name);
      if (node !== undefined) placements.set(pod.name, node);
    }
    for (const victim of evicted) placements.set(victim, null);
    best = { ...candidate, placements };
    if (candidate.complete && candidate.value === ideal) stop = true;
  }

  function place(i: number, pod: string, j: number): void {
    cluster.add(pod, nodes[j] as string);
    placed++;
    chosen[i] = j;
    search(i + 1);
    chosen[i] = 0;
    placed--;
    cluster.remove(pod);
  }

  function withEvictions(i: number, pod: PodObject, j: number): void {
    const node = nodes[j] as string;
    const candidates = cluster.podsOn(node).filter((name) => {
      const victim = puzzle.running.find((p) => p.name === name);
      return victim !== undefined && victim.priority < pod.priority;
    });
    const subsets: string[][] = [];
    for (let mask = 1; mask < 1 << candidates.length; mask++)
      subsets.push(candidates.filter((_, k) => (mask & (1 << k)) !== 0));
    subsets.sort((a, b) => a.length - b.length);
    for (const victims of subsets) {
      if (stop) return;
      for (const v of victims) cluster.remove(v);
      evicted.push(...victims);
      const verdict = cluster.filter(pod.name, node);
      if (verdict === null || !isMonotone(verdict)) place(i, pod.name, j);
      evicted.splice(evicted.length - victims.length, victims.length);
      for (const v of victims) cluster.add(v, node);
    }
  }

  function search(i: number): void {
    if (stop) return;
    explored++;
    if (explored > maxExplored) {
      stop = true;
      return;
    }
    if (cannotBeat(i)) return;
    if (i === order.length) {
      leaf();
      return;
    }
    const pod = order[i] as PodObject;
    const from = sameAsPrevious[i] ? (chosen[i - 1] as number) : 0;
    const verdicts = cluster.filterAll(pod.name);
    const triedEmpty = new Set<string>();
    for (let j = from; j < nodes.length && !stop; j++) {
      const node = nodes[j] as string;
      if (nodesInterchangeable && cluster.node(node).pods.length === 0) {
        const signature = nodeSignature[j] as string;
        if (triedEmpty.has(signature)) continue;
        triedEmpty.add(signature);
      }
      const verdict = verdicts.get(node) ?? null;
      if (verdict === null || !isMonotone(verdict)) place(i, pod.name, j);
      else if (allowEvictions && pod.preemptionPolicy !== "Never") withEvictions(i, pod, j);
    }
    if (allowUnplaced && !stop) {
      chosen[i] = unplacedIndex;
      search(i + 1);
      chosen[i] = 0;
    }
  }

  search(0);
  const proven = explored <= maxExplored;
  const found = best as (Pick<Evaluation, "complete" | "value"> & { placements: Placements }) | null;
  if (found === null) return { complete: false, optimum: 0, placements: new Map(), proven, explored };
  // The winner is judged once more from scratch, by the same rules a player's placement meets.
  const check = evaluate(puzzle, found.placements);
  if (!check.valid || check.complete !== found.complete || check.value !== found.value)
    throw new Error(`solver disagrees with evaluate() on ${puzzle.id}: ${check.problems.join("; ")}`);
  return { complete: found.complete, optimum: found.value, placements: found.placements, proven, explored };
}
