/**
 * What the game asks while a player works: may this pod go on that node (the real filters'
 * verdict), why (the scheduler's explanation of that node), and how good is the result.
 */
import type { NodeExplanation } from "../sim/scheduler/types.ts";
import { PuzzleCluster, verdictText } from "./cluster.ts";
import { atLeastAsGood, evaluate } from "./evaluate.ts";
import { type Baseline, greedyBaseline } from "./greedy.ts";
import { type Solution, solve } from "./solve.ts";
import type { Placements, Puzzle } from "./types.ts";

export type PlacementCheck =
  | { ok: true }
  /** `plugin` is the filter that refused ("" when the move itself is not allowed); `reason` its words. */
  | { ok: false; plugin: string; reason: string };

/** The state with `pod` taken off wherever it is, so it can be asked about anew. */
function without(placements: Placements, pod: string): Placements {
  const rest = new Map(placements);
  rest.delete(pod);
  return rest;
}

/**
 * Runs kube-scheduler's PreFilter and Filter plugins for `pod` on `node`, given the pods placed
 * (and evicted) in `state`. A refusal carries the plugin's own reason string.
 */
export function checkPlacement(puzzle: Puzzle, state: Placements, pod: string, node: string): PlacementCheck {
  if (!puzzle.pending.some((p) => p.name === pod))
    return { ok: false, plugin: "", reason: `no pod "${pod}" to place in this puzzle` };
  if (!puzzle.nodes.some((n) => n.name === node))
    return { ok: false, plugin: "", reason: `no node "${node}"` };
  const cluster = PuzzleCluster.with(puzzle, without(state, pod));
  const verdict = cluster.filter(pod, node);
  return verdict === null
    ? { ok: true }
    : { ok: false, plugin: verdict.plugin, reason: verdictText(verdict) };
}

export interface Grade {
  complete: boolean;
  valid: boolean;
  value: number;
  optimum: number;
  baseline: { complete: boolean; value: number };
  /** 3 = the optimum; 2 = at least as good as kube-scheduler's greedy run; 1 = complete; 0 = not yet. */
  stars: 0 | 1 | 2 | 3;
  problems: string[];
}

// solve() and greedyBaseline() are pure: one answer per loaded puzzle is enough.
const solutions = new WeakMap<Puzzle, Solution>();
const baselines = new WeakMap<Puzzle, Baseline>();

export function solution(puzzle: Puzzle): Solution {
  let s = solutions.get(puzzle);
  if (s === undefined) {
    s = solve(puzzle);
    solutions.set(puzzle, s);
  }
  return s;
}

export function baseline(puzzle: Puzzle): Baseline {
  let b = baselines.get(puzzle);
  if (b === undefined) {
    b = greedyBaseline(puzzle);
    baselines.set(puzzle, b);
  }
  return b;
}

export function grade(puzzle: Puzzle, placements: Placements): Grade {
  const result = evaluate(puzzle, placements);
  const best = solution(puzzle);
  const greedy = baseline(puzzle);
  let stars: Grade["stars"] = 0;
  if (result.complete) {
    stars = 1;
    if (atLeastAsGood(puzzle, result, greedy)) stars = 2;
    if (best.complete && atLeastAsGood(puzzle, result, { complete: true, value: best.optimum })) stars = 3;
  }
  return {
    complete: result.complete,
    valid: result.valid,
    value: result.value,
    optimum: best.optimum,
    baseline: { complete: greedy.complete, value: greedy.value },
    stars,
    problems: result.problems,
  };
}

function scoreLine(n: NodeExplanation): string {
  const parts = Object.entries(n.scores)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([plugin, s]) => `${plugin} ${s.normalized}×${s.weight}`);
  return `  scores: ${parts.join(", ")} = ${n.total}`;
}

/**
 * The scheduler's explanation for `node`, as text: the filter verdict with its reason, the score
 * breakdown when the node is one of several feasible nodes, and where kube-scheduler would go.
 */
export function hint(puzzle: Puzzle, placements: Placements, pod: string, node: string): string[] {
  const target = puzzle.pending.find((p) => p.name === pod);
  if (target === undefined) return [`no pod "${pod}" to place in this puzzle`];
  const cluster = PuzzleCluster.with(puzzle, without(placements, pod));
  const explanation = cluster.scheduler.explain(cluster.info(pod));
  const n = explanation.nodes.find((x) => x.name === node);
  if (n === undefined) return [`no node "${node}"`];
  const lines: string[] = [];
  if (n.feasible) {
    lines.push(`${pod} fits on ${node}: every filter passed.`);
    if (n.total !== null) lines.push(scoreLine(n));
    else lines.push("  not scored: kube-scheduler scores only when more than one node fits");
  } else {
    lines.push(
      `${pod} does not fit on ${node}: ${n.plugin === "" ? "" : `${n.plugin}: `}${n.reasons.join(", ")}`,
    );
  }
  if (explanation.node !== null) {
    const chosen = explanation.nodes.find((x) => x.name === explanation.node);
    lines.push(
      `kube-scheduler would pick ${explanation.node}${chosen?.total == null ? "" : ` (total ${chosen.total})`}.`,
    );
  } else {
    lines.push(`kube-scheduler: ${explanation.summary}`);
  }
  return lines;
}
