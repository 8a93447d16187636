import { schema, t } from "@colyseus/schema";

/** A node of the puzzle: what the scheduler's filters look at, as text for the labels and taints. */
export const PuzzleNodeState = schema(
  {
    name: t.string(),
    zone: t.string(),
    /** `key=value`, comma-separated. */
    labels: t.string(),
    /** `key=value:Effect`, comma-separated. */
    taints: t.string(),
    milliCPU: t.uint32(),
    memoryMiB: t.uint32(),
    maxPods: t.uint16(),
    unschedulable: t.boolean(),
  },
  "PuzzleNodeState",
);
export type PuzzleNodeState = InstanceType<typeof PuzzleNodeState>;

export const PuzzlePodState = schema(
  {
    name: t.string(),
    /** The `app` label, which colours it. */
    app: t.string(),
    /** What it requests: what kube-scheduler places it by. */
    milliCPU: t.uint32(),
    memoryMiB: t.uint32(),
    /** Its limits, summed over its containers; 0 when a container sets none (no limit). */
    limitMilliCPU: t.uint32(),
    limitMemoryMiB: t.uint32(),
    priority: t.int32(),
    /** Where it is: "" while pending. */
    node: t.string(),
    /** Running before the puzzle began (the player does not place it; they may evict it). */
    running: t.boolean(),
    evicted: t.boolean(),
    /** Tolerations, node selector and affinity in one line, for the pod's card. */
    constraints: t.string(),
  },
  "PuzzlePodState",
);
export type PuzzlePodState = InstanceType<typeof PuzzlePodState>;

/** A PodDisruptionBudget of a drain puzzle, shown from the start: what it guards and how it stands. */
export const PuzzleBudgetState = schema(
  {
    name: t.string(),
    /** Its selector, `app=api`. */
    selector: t.string(),
    minAvailable: t.uint16(),
    /** Its pods running on a node now. */
    running: t.uint16(),
  },
  "PuzzleBudgetState",
);
export type PuzzleBudgetState = InstanceType<typeof PuzzleBudgetState>;

/** The solo puzzle room: one puzzle, its placements, the moves and the grade. */
export const PuzzleState = schema(
  {
    player: t.string(),
    puzzleId: t.string(),
    order: t.uint8(),
    count: t.uint8(),
    level: t.string(),
    titleEn: t.string(),
    titleKo: t.string(),
    lessonEn: t.string(),
    lessonKo: t.string(),
    goalEn: t.string(),
    goalKo: t.string(),
    objective: t.string(),
    /** Higher values of the objective's measure are better. */
    higherIsBetter: t.boolean(),
    nodes: t.array(PuzzleNodeState),
    pods: t.array(PuzzlePodState),
    /** A drain puzzle's PodDisruptionBudgets (empty in other puzzles). */
    budgets: t.array(PuzzleBudgetState),
    moves: t.uint16(),
    /** Seconds since the puzzle was opened (the server's clock: a puzzle is not a simulation). */
    seconds: t.uint32(),
    /** Finished: the answer is submitted (or at the optimum), graded and stored; no more moves. */
    complete: t.boolean(),
    /** The objective is met now: the player may submit, or keep moving pods for more stars. */
    ready: t.boolean(),
    value: t.float32(),
    optimum: t.float32(),
    baseline: t.float32(),
    baselineComplete: t.boolean(),
    stars: t.uint8(),
    /** Why the placement does not meet the objective yet, one per line. */
    problems: t.string(),
    /** The best stars this player has earned on this puzzle before. */
    bestStars: t.uint8(),
    /** The stored result once solved (0: not yet). */
    resultId: t.uint32(),
  },
  "PuzzleState",
);
export type PuzzleState = InstanceType<typeof PuzzleState>;
