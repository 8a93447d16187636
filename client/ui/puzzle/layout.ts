import type { Rect } from "../layout.ts";
import { HEIGHT, WIDTH } from "../theme.ts";

/**
 * The puzzle screen's regions (game coordinates, 1280×720), as the incident screen's
 * (client/ui/layout.ts): each part of the screen owns one, so none overlaps another.
 */
export const MARGIN = 24;
const LEFT_RIGHT = 900;
const SIDE_X = LEFT_RIGHT + 16;
const SIDE_WIDTH = WIDTH - MARGIN - SIDE_X;
const BOTTOM = HEIGHT - MARGIN;

export const puzzleLayout = {
  /** BACK, UNDO, RESET, HINT, SUBMIT and the move count, in a row above the nodes (centred on y 96). */
  toolbar: { x: MARGIN, y: 76, width: LEFT_RIGHT - MARGIN, height: 40 },
  /** The nodes as cards, side by side. */
  nodes: { x: MARGIN, y: 128, width: LEFT_RIGHT - MARGIN, height: 372 },
  /** The pending pods (and evicted ones), to drag onto the nodes. */
  queue: { x: MARGIN, y: 512, width: LEFT_RIGHT - MARGIN, height: BOTTOM - 512 },
  /** The puzzle's level, lesson and goal. */
  brief: { x: SIDE_X, y: 72, width: SIDE_WIDTH, height: 246 },
  /** What kube-scheduler says, what is still to do and the budgets; the result once solved. */
  explain: { x: SIDE_X, y: 330, width: SIDE_WIDTH, height: BOTTOM - 330 },
} as const satisfies Record<string, Rect>;

export const inside = (r: Rect, x: number, y: number): boolean =>
  x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;
