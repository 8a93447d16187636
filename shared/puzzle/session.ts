/**
 * One player's work on one puzzle, with no sockets and no clock: where each pod stands, the moves
 * that led there (each can be taken back), and whether the answer is finished. The puzzle room
 * asks it to carry out each move and projects what it holds; every refusal leaves it unchanged.
 */
import { checkPlacement, type Grade, grade } from "./play.ts";
import type { Placements, Puzzle } from "./types.ts";

/** What a player may do to the board (the puzzle room's messages that change it). */
export type PuzzleMove =
  | { readonly type: "place"; readonly pod: string; readonly node: string }
  | { readonly type: "unplace"; readonly pod: string }
  | { readonly type: "evict"; readonly pod: string }
  | { readonly type: "undo" }
  | { readonly type: "reset" }
  | { readonly type: "submit" };

export interface SessionStatus {
  readonly grade: Grade;
  /** The objective is met by a valid placement: the player may submit it. */
  readonly ready: boolean;
  /** Submitted, or at the proven optimum (which cannot be bettered, so it finishes by itself). */
  readonly complete: boolean;
}

export class PuzzleSession {
  readonly puzzle: Puzzle;
  /** By pod name (a Map: a name such as "constructor" is a pod name, not Object's); null = evicted. */
  private current: Placements = new Map();
  /** The placements before each move still standing, oldest first. */
  private history: Placements[] = [];
  /** The player submitted the answer on the board. */
  private submitted = false;
  private graded: SessionStatus | undefined;

  constructor(puzzle: Puzzle) {
    this.puzzle = puzzle;
  }

  get placements(): Placements {
    return this.current;
  }

  /** Moves made and not taken back. */
  get moves(): number {
    return this.history.length;
  }

  /** The grade of the board as it stands (computed once per change). */
  get status(): SessionStatus {
    if (this.graded === undefined) {
      const g = grade(this.puzzle, this.current);
      const ready = g.complete && g.valid;
      this.graded = { grade: g, ready, complete: ready && (this.submitted || g.stars === 3) };
    }
    return this.graded;
  }

  /** Carries out one move; returns why not (and changes nothing) when it cannot. */
  apply(move: PuzzleMove): string | null {
    switch (move.type) {
      case "reset":
        if (this.history.length === 0) return "nothing to reset";
        this.history = [];
        this.change(new Map(), false);
        return null;
      case "submit":
        if (this.status.complete) return "this puzzle is finished: reset it or open another";
        if (!this.status.ready) return "the objective is not met yet: nothing to submit";
        this.change(this.current, true);
        return null;
      case "undo": {
        const previous = this.history.pop();
        if (previous === undefined) return "nothing to undo";
        this.change(previous, false);
        return null;
      }
      default: {
        if (this.status.complete) return "this puzzle is finished: reset it or open another";
        const next = this.moved(move);
        if (typeof next === "string") return next;
        this.history.push(this.current);
        this.change(next, this.submitted);
        return null;
      }
    }
  }

  private change(placements: Placements, submitted: boolean): void {
    this.current = placements;
    this.submitted = submitted;
    this.graded = undefined;
  }

  /** The placements after a place, unplace or evict, or why it is refused. */
  private moved(move: Extract<PuzzleMove, { pod: string }>): Placements | string {
    const { puzzle, current } = this;
    const { pod } = move;
    const pending = puzzle.pending.some((p) => p.name === pod);
    const running = puzzle.running.some((p) => p.name === pod);
    if (move.type === "place") {
      if (current.get(pod) === move.node) return `${pod} is already on ${move.node}`;
      const check = checkPlacement(puzzle, current, pod, move.node);
      if (!check.ok) return check.reason;
      return new Map(current).set(pod, move.node);
    }
    if (move.type === "evict") {
      if (!running) return `${pod} is not a running pod`;
      if (puzzle.objective.kind !== "fewestEvictions")
        return "this puzzle is not about preemption: nothing may be evicted";
      if (current.get(pod) === null) return `${pod} is already evicted`;
      return new Map(current).set(pod, null);
    }
    // unplace: a placed pod back to pending, or an evicted pod back on its node.
    if (!pending && !running) return `no pod "${pod}" in this puzzle`;
    if (!current.has(pod) || (pending && current.get(pod) === null))
      return `${pod} has not been ${running ? "evicted" : "placed"}`;
    const rest = new Map(current);
    rest.delete(pod);
    return rest;
  }
}
