/**
 * `npm run puzzles [-- <file.yaml>…]`
 *
 * Loads every puzzle under shared/puzzles/ (or the files given), solves each exactly, runs
 * kube-scheduler's greedy baseline, and prints one table row per puzzle. A broken puzzle file:
 * its PuzzleFileError and exit code 2.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { greedyBaseline } from "../shared/puzzle/greedy.ts";
import { loadPuzzle, PuzzleFileError } from "../shared/puzzle/load.ts";
import { solve } from "../shared/puzzle/solve.ts";
import { higherIsBetter, type Objective } from "../shared/puzzle/types.ts";
import { alignTable } from "../shared/sim/scheduler/k8s/report.ts";

const directory = join(import.meta.dirname, "..", "shared", "puzzles");
const files =
  process.argv.length > 2
    ? process.argv.slice(2)
    : readdirSync(directory)
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => join(directory, f));

function objectiveText(objective: Objective): string {
  switch (objective.kind) {
    case "maxSkew":
      return `maxSkew ≤${objective.maxSkew}`;
    case "surviveZoneLoss":
      return `surviveZoneLoss ≥${objective.minReplicas}`;
    case "drain":
      return `drain ${objective.node}`;
    case "leaveRoomFor":
      return `leaveRoomFor ${objective.pod.name}`;
    default:
      return objective.kind;
  }
}

const rows: string[][] = [];
let failures = 0;
for (const file of files) {
  let puzzle: ReturnType<typeof loadPuzzle>;
  try {
    puzzle = loadPuzzle(readFileSync(file, "utf8"), file.slice(file.lastIndexOf("/") + 1));
  } catch (error) {
    if (!(error instanceof PuzzleFileError)) throw error;
    process.stderr.write(`puzzles: ${error.message}\n`);
    process.exit(2);
  }
  const started = performance.now();
  const solution = solve(puzzle);
  const ms = performance.now() - started;
  const greedy = greedyBaseline(puzzle);
  if (!solution.complete || !solution.proven) failures++;
  const measure = (complete: boolean, value: number) => `${value}${complete ? "" : " (incomplete)"}`;
  rows.push([
    file.slice(file.lastIndexOf("/") + 1, file.lastIndexOf("/") + 3),
    puzzle.id,
    puzzle.level,
    objectiveText(puzzle.objective),
    higherIsBetter(puzzle.objective.kind) ? "max" : "min",
    measure(solution.complete, solution.optimum) + (solution.proven ? "" : " ?"),
    measure(greedy.complete, greedy.value),
    String(solution.explored),
    ms.toFixed(1),
  ]);
}
const header = ["#", "ID", "LEVEL", "OBJECTIVE", "GOAL", "OPTIMUM", "KUBE-SCHEDULER", "EXPLORED", "SOLVE MS"];
process.stdout.write(
  `${alignTable(header, rows, [true, false, false, false, false, true, true, true, true]).join("\n")}\n`,
);
if (failures > 0) {
  process.stderr.write(`puzzles: ${failures} puzzle(s) without a proven complete solution\n`);
  process.exit(1);
}
