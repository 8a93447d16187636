/** Solo puzzle mode: load a puzzle, check and hint placements, grade them, solve exactly. */
export { PuzzleCluster } from "./cluster.ts";
export { type BudgetStatus, budgetStatus, type Evaluation, evaluate } from "./evaluate.ts";
export { type Baseline, greedyBaseline } from "./greedy.ts";
export { loadPuzzle, PuzzleFileError } from "./load.ts";
export {
  baseline,
  checkPlacement,
  type Grade,
  grade,
  hint,
  type PlacementCheck,
  type PlacementHint,
  type PluginScore,
  solution,
} from "./play.ts";
export { type Solution, type SolveOptions, solve } from "./solve.ts";
export * from "./types.ts";
