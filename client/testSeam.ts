import type { ClusterView, ServerNotice } from "./net/connection.ts";

/**
 * A small, read-only window into the running game for browser tests, so they
 * wait on state instead of sleeping: `window.__clusterCrisis`.
 *
 * - `scene`: the key of the active scene ("Boot", "Title", "Lobby", "Cluster", "Projector").
 * - `state`: the latest replicated view (a copy), or null before joining.
 * - `notices`: the server's errors and command results so far.
 * - `nodeCenter(name)`: where a node card is, in page (CSS pixel) coordinates.
 * - `buttonCenter(label)`: where a visible button is, in page coordinates.
 * - `sloSamples()`: how many game seconds the projector's SLO charts hold (0 off the projector).
 */
export interface TestSeam {
  scene: string;
  state: ClusterView | null;
  notices: ServerNotice[];
  nodeCenter(name: string): { x: number; y: number } | null;
  buttonCenter(label: string): { x: number; y: number } | null;
  sloSamples(): number;
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
};

/** Game coordinates (1280×720) to page coordinates, through the canvas' scaling. */
export function toPage(x: number, y: number): { x: number; y: number } {
  const canvas = document.querySelector("canvas");
  const rect = canvas?.getBoundingClientRect() ?? { left: 0, top: 0, width: 1280 };
  const scale = rect.width / 1280;
  return { x: rect.left + x * scale, y: rect.top + y * scale };
}

window.__clusterCrisis = seam;
