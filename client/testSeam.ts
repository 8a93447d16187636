import type { ClusterView, ServerNotice } from "./net/connection.ts";
import type { PuzzleView } from "./net/puzzle.ts";

/**
 * A small, read-only window into the running game for browser tests, so they
 * wait on state instead of sleeping: `window.__clusterCrisis`.
 *
 * - `scene`: the key of the active scene ("Boot", "Title", "Leaderboard", "Lobby", "Incident", "Debrief", "Projector").
 * - `state`: the latest replicated view (a copy), or null before joining.
 * - `notices`: the server's errors and command results so far.
 * - `nodeCenter(name)`: where a node card is, in page (CSS pixel) coordinates.
 * - `buttonCenter(label)`: where a visible button is, in page coordinates.
 * - `sloSamples()`: how many game seconds the projector's SLO charts hold (0 off the projector).
 * - `leaderboard()`: what the leaderboard screen shows (null off it).
 */
export interface TestSeam {
  scene: string;
  state: ClusterView | null;
  notices: ServerNotice[];
  nodeCenter(name: string): { x: number; y: number } | null;
  buttonCenter(label: string): { x: number; y: number } | null;
  sloSamples(): number;
  leaderboard(): LeaderboardSeam | null;
  /** The solo puzzle's latest view (a copy), or null outside a puzzle. */
  puzzle: PuzzleView | null;
  /** The refusal shown near a node on the puzzle screen ("" when none). */
  puzzleNote: string;
  /** Where a pod block of the puzzle is, in page coordinates. */
  podCenter(name: string): { x: number; y: number } | null;
  /** Where the puzzle's pending queue is, in page coordinates. */
  queueCenter(): { x: number; y: number } | null;
}

/** The leaderboard screen as drawn: a copy, for reading only. */
export interface LeaderboardSeam {
  readonly tab: "scenarios" | "puzzles";
  /** The entries of the list on the left, in order, as labelled. */
  readonly items: readonly string[];
  /** The chosen entry's index in `items` (-1 when the list is empty). */
  readonly selected: number;
  /** The board on the right, like "scenario:launch-day"; "" when none is chosen. */
  readonly board: string;
  /** 0-based. */
  readonly page: number;
  readonly status: "idle" | "loading" | "ready" | "empty" | "error";
  /** Each row's cells exactly as the canvas shows them (long names end in "…"). */
  readonly rows: readonly (readonly string[])[];
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

declare global {
  interface Window {
    __clusterCrisis: TestSeam;
  }
}

/** Buttons on screen, by label, in game coordinates; Button keeps this current. */
export const visibleButtons = new Map<string, { x: number; y: number }>();

export const seam: TestSeam = {
  scene: "",
  state: null,
  notices: [],
  nodeCenter: () => null,
  buttonCenter: (label) => {
    const at = visibleButtons.get(label);
    return at ? toPage(at.x, at.y) : null;
  },
  sloSamples: () => 0,
  leaderboard: () => null,
  puzzle: null,
  puzzleNote: "",
  podCenter: () => null,
  queueCenter: () => null,
};

/** Game coordinates (1280×720) to page coordinates, through the canvas' scaling. */
export function toPage(x: number, y: number): { x: number; y: number } {
  const canvas = document.querySelector("canvas");
  const rect = canvas?.getBoundingClientRect() ?? { left: 0, top: 0, width: 1280 };
  const scale = rect.width / 1280;
  return { x: rect.left + x * scale, y: rect.top + y * scale };
}

window.__clusterCrisis = seam;
