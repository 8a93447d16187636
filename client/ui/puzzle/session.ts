import type { PuzzleHint, PuzzleListing, PuzzleView } from "../../net/puzzle.ts";

/**
 * What the puzzle screen's parts share: the room's latest view, and what the player is doing with
 * it — the pod chosen or dragged, the node aimed at, and kube-scheduler's answers about them. The
 * scene holds one; each part reads it and the scene's actions change it.
 */
export class PuzzleScreenSession {
  view: PuzzleView | undefined;
  /** Every puzzle in play order (GET /api/puzzles): where NEXT goes. */
  puzzles: PuzzleListing[] = [];
  selectedPod = "";
  /** The node the keyboard aims at (←/→). */
  targetNode = "";
  /** The pod being dragged, and the node under it. */
  dragging = "";
  hoverNode = "";
  /** The node the last place asked for: a refusal is shown beside it. */
  noteNode = "";
  /** kube-scheduler's answers about the placement on the board, by `pod@node`. */
  readonly hints = new Map<string, PuzzleHint>();
  /** The one answer the player looks at (`pod@node`), or the pod the HINT button asked about on every node. */
  hintWanted = "";
  hintsAll = "";

  get preemption(): boolean {
    return this.view?.objective === "fewestEvictions";
  }

  /** The pod the player works with: the one dragged, else the one chosen. */
  get activePod(): string {
    return this.dragging || this.selectedPod;
  }

  answer(pod: string, node: string): PuzzleHint | undefined {
    return this.hints.get(`${pod}@${node}`);
  }

  /** A new puzzle: nothing chosen, aimed at or asked. */
  clear(): void {
    this.selectedPod = "";
    this.targetNode = "";
    this.hoverNode = "";
    this.dragging = "";
    this.noteNode = "";
    this.hints.clear();
    this.hintWanted = "";
    this.hintsAll = "";
  }
}
