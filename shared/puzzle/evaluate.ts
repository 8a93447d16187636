/**
 * Judges a finished placement: is it valid (every placed pod passes kube-scheduler's filters
 * where it stands, against every other pod, and every eviction is one DefaultPreemption could
 * make), is the objective met, and what is its measure.
 */
import { labelOf, Selector } from "../sim/scheduler/labels.ts";
import type { LabelSelector } from "../sim/scheduler/types.ts";
import { PuzzleCluster, verdictText } from "./cluster.ts";
import { higherIsBetter, type Placements, type PodDisruptionBudget, type Puzzle } from "./types.ts";

export interface Evaluation {
  /** Every placement and eviction is allowed. */
  valid: boolean;
  /** Valid and the objective is met. */
  complete: boolean;
  /** The objective's measure (see Objective); meaningful when valid. */
  value: number;
  /** Why the placement is not valid or not complete, one line each. */
  problems: string[];
}

export function matches(selector: LabelSelector, labels: Record<string, string>): boolean {
  return new Selector(selector).matches(labels);
}

/** Whether `a` is better than `b` for this puzzle: complete first, then the measure. */
export function better(
  puzzle: Puzzle,
  a: Pick<Evaluation, "complete" | "value">,
  b: Pick<Evaluation, "complete" | "value">,
): boolean {
  if (a.complete !== b.complete) return a.complete;
  return higherIsBetter(puzzle.objective.kind) ? a.value > b.value : a.value < b.value;
}

export function atLeastAsGood(
  puzzle: Puzzle,
  a: Pick<Evaluation, "complete" | "value">,
  b: Pick<Evaluation, "complete" | "value">,
): boolean {
  return !better(puzzle, b, a);
}

/** Per domain of `key` (every node carrying it), how many pods on the cluster `count`. */
export function domainCounts(
  puzzle: Puzzle,
  cluster: PuzzleCluster,
  key: string,
  count: (labels: Record<string, string>) => boolean,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const node of puzzle.nodes) {
    const domain = labelOf(node.labels, key);
    if (domain === undefined) continue;
    let n = counts.get(domain) ?? 0;
    for (const p of cluster.node(node.name).pods) if (count(p.pod.labels)) n++;
    counts.set(domain, n);
  }
  return counts;
}

/** The measure of the objective on a cluster state (placements applied). */
export function measure(puzzle: Puzzle, cluster: PuzzleCluster, placed: number, evicted: number): number {
  const objective = puzzle.objective;
  switch (objective.kind) {
    case "placeAll":
    case "drain":
      return placed;
    case "fewestEvictions":
      return evicted;
    case "fewestNodes":
      return puzzle.nodes.filter((n) => cluster.node(n.name).pods.length > 0).length;
    case "maxSkew": {
      const counts = [
        ...domainCounts(puzzle, cluster, objective.topologyKey, (l) =>
          matches(objective.selector, l),
        ).values(),
      ];
      return counts.length === 0 ? 0 : Math.max(...counts) - Math.min(...counts);
    }
    case "leaveRoomFor":
      return [...cluster.filterAll(objective.pod).values()].filter((v) => v === null).length;
    case "surviveZoneLoss":
      return survivors(puzzle, cluster, objective.topologyKey, objective.appLabel);
  }
}

/** The fewest pods of any app left running after losing the worst single domain. */
export function survivors(puzzle: Puzzle, cluster: PuzzleCluster, key: string, appLabel: string): number {
  const apps = new Set<string>();
  for (const pod of [...puzzle.running, ...puzzle.pending]) {
    const app = labelOf(pod.labels, appLabel);
    if (app !== undefined) apps.add(app);
  }
  let worst = Number.POSITIVE_INFINITY;
  for (const app of apps) {
    const counts = domainCounts(puzzle, cluster, key, (l) => l[appLabel] === app);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    for (const inDomain of counts.values()) worst = Math.min(worst, total - inDomain);
  }
  return worst === Number.POSITIVE_INFINITY ? 0 : worst;
}

/** The pods a PodDisruptionBudget selects that run on a node now (placed, not evicted). */
function budgetRunning(puzzle: Puzzle, cluster: PuzzleCluster, pdb: PodDisruptionBudget): number {
  let running = 0;
  for (const n of puzzle.nodes)
    for (const p of cluster.node(n.name).pods) if (matches(pdb.selector, p.pod.labels)) running++;
  return running;
}

/** A PodDisruptionBudget as the player watches it: what it guards, and how many of its pods run now. */
export interface BudgetStatus {
  readonly name: string;
  /** Its selector as `key=value` terms (matchExpressions as `key operator values`). */
  readonly selector: string;
  readonly minAvailable: number;
  readonly running: number;
}

/** Every PodDisruptionBudget of the puzzle with how many of its pods the placement keeps running. */
export function budgetStatus(puzzle: Puzzle, placements: Placements): BudgetStatus[] {
  if (puzzle.podDisruptionBudgets.length === 0) return [];
  const cluster = PuzzleCluster.with(puzzle, placements);
  return puzzle.podDisruptionBudgets.map((pdb) => ({
    name: pdb.name,
    selector: [
      ...Object.entries(pdb.selector.matchLabels).map(([k, v]) => `${k}=${v}`),
      ...pdb.selector.matchExpressions.map((e) => `${e.key} ${e.operator} ${e.values.join(",")}`.trim()),
    ].join(", "),
    minAvailable: pdb.minAvailable,
    running: budgetRunning(puzzle, cluster, pdb),
  }));
}

/** Whether the objective is met, given a valid state. Returns the problem, or "" when met. */
export function objectiveProblem(
  puzzle: Puzzle,
  cluster: PuzzleCluster,
  unplaced: string[],
  value: number,
): string {
  const objective = puzzle.objective;
  if (objective.kind === "drain") {
    for (const pdb of puzzle.podDisruptionBudgets) {
      const wanted = (labels: Record<string, string>) => matches(pdb.selector, labels);
      const before = [...puzzle.running, ...puzzle.pending].filter((p) => wanted(p.labels)).length;
      const drained = puzzle.pending.some((p) => wanted(p.labels) && puzzle.drained.includes(p.name));
      // The Eviction API refuses while disruptionsAllowed = healthy − minAvailable is 0.
      if (drained && before - 1 < pdb.minAvailable)
        return `PodDisruptionBudget ${pdb.name} allows no disruption: the drain can never evict its pods`;
      const running = budgetRunning(puzzle, cluster, pdb);
      if (running < pdb.minAvailable)
        return `PodDisruptionBudget ${pdb.name}: ${running} pods running, minAvailable is ${pdb.minAvailable}: the drain is blocked`;
    }
    return "";
  }
  if (unplaced.length > 0) return `not placed: ${unplaced.join(", ")}`;
  if (objective.kind === "maxSkew" && value > objective.maxSkew)
    return `skew over ${objective.topologyKey} is ${value}, more than ${objective.maxSkew}`;
  if (objective.kind === "leaveRoomFor" && value === 0)
    return `${objective.pod.name} would not fit on any node`;
  if (objective.kind === "surviveZoneLoss" && value < objective.minReplicas)
    return `losing one ${objective.topologyKey} would leave ${value} replica(s) of an app, fewer than ${objective.minReplicas}`;
  return "";
}

export function evaluate(puzzle: Puzzle, placements: Placements): Evaluation {
  const problems: string[] = [];
  const running = new Map(puzzle.running.map((p) => [p.name, p]));
  const pending = new Map(puzzle.pending.map((p) => [p.name, p]));
  const evicted: string[] = [];
  for (const [name, node] of placements) {
    const runningPod = running.get(name);
    if (runningPod !== undefined) {
      if (node === runningPod.nodeName) continue;
      if (node !== null)
        problems.push(`${name} is already running on ${runningPod.nodeName}: it cannot move`);
      else if (puzzle.objective.kind !== "fewestEvictions")
        problems.push(`${name}: this puzzle does not let pods preempt (evict) running pods`);
      else evicted.push(name);
    } else if (!pending.has(name)) problems.push(`no pod "${name}" to place in this puzzle`);
    else if (node !== null && !puzzle.nodes.some((n) => n.name === node))
      problems.push(`${name}: no node "${node}"`);
  }
  const cluster = PuzzleCluster.with(puzzle, placements);
  const unplaced: string[] = [];
  let placed = 0;
  for (const pod of puzzle.pending) {
    const node = cluster.nodeOf(pod.name);
    if (node === undefined) {
      unplaced.push(pod.name);
      continue;
    }
    placed++;
    const verdict = cluster.holds(pod.name, node);
    if (verdict !== null) problems.push(`${pod.name} on ${node}: ${verdictText(verdict)}`);
  }
  for (const victim of evicted) {
    const problem = evictionProblem(puzzle, cluster, victim);
    if (problem !== "") problems.push(problem);
  }
  const value = measure(puzzle, cluster, placed, evicted.length);
  if (problems.length > 0) return { valid: false, complete: false, value, problems };
  const problem = objectiveProblem(puzzle, cluster, unplaced, value);
  return { valid: true, complete: problem === "", value, problems: problem === "" ? [] : [problem] };
}

/**
 * DefaultPreemption's rules for one victim: a pod placed on the victim's node, of higher
 * priority and allowed to preempt, would not fit with the victim still there (victims are the
 * fewest lower-priority pods that make room: selectVictimsOnNode reprieves every pod it can).
 */
export function evictionProblem(puzzle: Puzzle, cluster: PuzzleCluster, victim: string): string {
  const pod = puzzle.running.find((p) => p.name === victim);
  if (pod === undefined) return `${victim} is not a running pod`;
  const node = pod.nodeName;
  const preemptors = cluster
    .podsOn(node)
    .map((name) => puzzle.pending.find((p) => p.name === name))
    .filter((p) => p !== undefined && p.priority > pod.priority && p.preemptionPolicy !== "Never");
  if (preemptors.length === 0)
    return `${victim} was evicted, but no pod of higher priority that may preempt was placed on ${node}`;
  cluster.add(victim, node);
  try {
    if (preemptors.every((p) => p !== undefined && cluster.holds(p.name, node) === null))
      return `${victim} was evicted for nothing: every preemptor on ${node} fits with it still running`;
    return "";
  } finally {
    cluster.remove(victim);
  }
}
