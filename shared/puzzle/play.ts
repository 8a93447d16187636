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

/**
 * kube-scheduler's explanation of one node for one pod, as data: the client words it in the player's
 * language. Plugin names, reasons and the summary are kube-scheduler's own (kubectl shows them so).
 */
export interface PlacementHint {
  readonly pod: string;
  readonly node: string;
  /** Every filter passed on this node. */
  readonly fits: boolean;
  /** The filter plugin that refused the node ("" when it fits). */
  readonly plugin: string;
  /** That plugin's reasons. */
  readonly reasons: readonly string[];
  /** The node's scores by plugin (by plugin name) and their total; null when it was not scored. */
  readonly score: { readonly total: number; readonly plugins: readonly PluginScore[] } | null;
  /** Where kube-scheduler would put the pod now, with that node's total; null when no node fits. */
  readonly pick: { readonly node: string; readonly total: number | null } | null;
  /** Why no node fits (kube-scheduler's FitError message); "" when one does. */
  readonly summary: string;
}

export interface PluginScore {
  readonly plugin: string;
  /** 0–100, as the plugin's NormalizeScore left it. */
  readonly normalized: number;
  readonly weight: number;
}

/**
 * kube-scheduler's explanation of `node` for `pod`, as data (the client words it): the filter
 * verdict with its plugin and reasons, the score breakdown when the node is one of several feasible
 * nodes, and where kube-scheduler would go. A pod or node the puzzle lacks is refused in words.
 */
export function hint(
  puzzle: Puzzle,
  placements: Placements,
  pod: string,
  node: string,
): PlacementHint | string {
  if (!puzzle.pending.some((p) => p.name === pod)) return `no pod "${pod}" to place in this puzzle`;
  const cluster = PuzzleCluster.with(puzzle, without(placements, pod));
  const explanation = cluster.scheduler.explain(cluster.info(pod));
  const n = explanation.nodes.find((x) => x.name === node);
  if (n === undefined) return `no node "${node}"`;
  const pick = explanation.nodes.find((x) => x.name === explanation.node);
  return {
    pod,
    node,
    fits: n.feasible,
    plugin: n.feasible ? "" : n.plugin,
    reasons: n.feasible ? [] : n.reasons,
    score: n.feasible && n.total !== null ? { total: n.total, plugins: scores(n) } : null,
    pick: pick === undefined ? null : { node: pick.name, total: pick.total },
    summary: pick === undefined ? explanation.summary : "",
  };
}

function scores(n: NodeExplanation): PluginScore[] {
  return Object.entries(n.scores)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([plugin, s]) => ({ plugin, normalized: s.normalized, weight: s.weight }));
}
