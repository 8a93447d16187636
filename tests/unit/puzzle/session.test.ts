import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPuzzle, type Puzzle } from "../../../shared/puzzle/index.ts";
import { PuzzleSession } from "../../../shared/puzzle/session.ts";

const directory = join(import.meta.dirname, "..", "..", "..", "shared", "puzzles");
const puzzle = (file: string): Puzzle => loadPuzzle(readFileSync(join(directory, file), "utf8"), file);

describe("a puzzle session", () => {
  it("places a pod where kube-scheduler's filters let it, and refuses the rest with their reason", () => {
    const s = new PuzzleSession(puzzle("01-first-fit.yaml"));
    expect(s.apply({ type: "place", pod: "api-1", node: "node-small" })).toMatch(/Insufficient cpu/);
    expect(s.moves).toBe(0);
    expect(s.placements.size).toBe(0);
    expect(s.apply({ type: "place", pod: "api-1", node: "node-large" })).toBeNull();
    expect(s.moves).toBe(1);
    expect(s.placements.get("api-1")).toBe("node-large");
    expect(s.apply({ type: "place", pod: "api-1", node: "node-large" })).toBe(
      "api-1 is already on node-large",
    );
    expect(s.apply({ type: "place", pod: "nope", node: "node-large" })).toBe(
      'no pod "nope" to place in this puzzle',
    );
    expect(s.apply({ type: "unplace", pod: "web-1" })).toBe("web-1 has not been placed");
    expect(s.moves).toBe(1);
  });

  it("finishes by itself at the proven optimum and then takes no more moves", () => {
    const s = new PuzzleSession(puzzle("01-first-fit.yaml"));
    expect(s.apply({ type: "place", pod: "api-1", node: "node-large" })).toBeNull();
    expect(s.status.ready).toBe(false);
    expect(s.apply({ type: "place", pod: "web-1", node: "node-small" })).toBeNull();
    expect(s.status).toMatchObject({ ready: true, complete: true, grade: { stars: 3 } });
    expect(s.apply({ type: "unplace", pod: "web-1" })).toBe(
      "this puzzle is finished: reset it or open another",
    );
    expect(s.apply({ type: "submit" })).toBe("this puzzle is finished: reset it or open another");
  });

  it("takes moves back one by one, and resets to the empty board", () => {
    const s = new PuzzleSession(puzzle("01-first-fit.yaml"));
    expect(s.apply({ type: "undo" })).toBe("nothing to undo");
    expect(s.apply({ type: "reset" })).toBe("nothing to reset");
    s.apply({ type: "place", pod: "web-1", node: "node-small" });
    s.apply({ type: "place", pod: "web-1", node: "node-large" });
    s.apply({ type: "place", pod: "api-1", node: "node-large" });
    // Finished (every pod placed), the puzzle still takes its moves back.
    expect(s.status.complete).toBe(true);
    expect(s.moves).toBe(3);
    expect(s.apply({ type: "undo" })).toBeNull();
    expect(s.moves).toBe(2);
    expect(s.status.complete).toBe(false);
    expect([...s.placements]).toEqual([["web-1", "node-large"]]);
    expect(s.apply({ type: "undo" })).toBeNull();
    expect([...s.placements]).toEqual([["web-1", "node-small"]]);
    expect(s.apply({ type: "reset" })).toBeNull();
    expect(s.moves).toBe(0);
    expect(s.placements.size).toBe(0);
  });

  it("submits an answer that meets the objective short of the optimum; undo reopens it", () => {
    const s = new PuzzleSession(puzzle("11-fewest-nodes.yaml"));
    expect(s.apply({ type: "submit" })).toBe("the objective is not met yet: nothing to submit");
    const spread = ["node-1", "node-2", "node-3", "node-4"];
    for (const [i, pod] of ["api-1", "api-2", "api-3", "api-4", "worker-1", "worker-2"].entries())
      expect(s.apply({ type: "place", pod, node: spread[i % 4] as string })).toBeNull();
    expect(s.status.ready).toBe(true);
    expect(s.status.complete).toBe(false);
    expect(s.status.grade.stars).toBeLessThan(3);
    expect(s.apply({ type: "submit" })).toBeNull();
    expect(s.status.complete).toBe(true);
    expect(s.moves).toBe(6);
    expect(s.apply({ type: "undo" })).toBeNull();
    expect(s.status.complete).toBe(false);
    expect(s.moves).toBe(5);
  });

  it("evicts running pods only in a preemption puzzle, and gives an evicted pod its node back", () => {
    expect(new PuzzleSession(puzzle("01-first-fit.yaml")).apply({ type: "evict", pod: "api-1" })).toBe(
      "api-1 is not a running pod",
    );
    expect(new PuzzleSession(puzzle("11-fewest-nodes.yaml")).apply({ type: "unplace", pod: "nope" })).toBe(
      'no pod "nope" in this puzzle',
    );
    const s = new PuzzleSession(puzzle("22-preemption.yaml"));
    expect(s.apply({ type: "evict", pod: "checkout-1" })).toBe("checkout-1 is not a running pod");
    expect(s.apply({ type: "evict", pod: "report-a" })).toBeNull();
    expect(s.placements.get("report-a")).toBeNull();
    expect(s.apply({ type: "evict", pod: "report-a" })).toBe("report-a is already evicted");
    expect(s.apply({ type: "unplace", pod: "batch-a" })).toBe("batch-a has not been evicted");
    expect(s.apply({ type: "unplace", pod: "report-a" })).toBeNull();
    expect(s.placements.has("report-a")).toBe(false);
    expect(s.moves).toBe(2);
  });

  it("refuses evictions in a puzzle that is not about preemption", () => {
    const s = new PuzzleSession(puzzle("25-drain-with-pdb.yaml"));
    const running = s.puzzle.running[0]?.name ?? "";
    expect(s.apply({ type: "evict", pod: running })).toBe(
      "this puzzle is not about preemption: nothing may be evicted",
    );
  });
});
