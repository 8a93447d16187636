import type { ClusterView, ServerNotice } from "./net/connection.ts";

/**
 * A small, read-only window into the running game for browser tests, so they
 * wait on state instead of sleeping: `window.__clusterCrisis`.
 *
 * - `scene`: the key of the active scene ("Boot", "Title", "Cluster").
 * - `state`: the latest replicated cluster view (a copy), or null before joining.
 * - `notices`: the server's errors and command results so far.
 * - `nodeCenter(name)`: where a node card is, in page (CSS pixel) coordinates.
 */
export interface TestSeam {
  scene: string;
  state: ClusterView | null;
  notices: ServerNotice[];
  nodeCenter(name: string): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __clusterCrisis: TestSeam;
  }
}

export const seam: TestSeam = {
  scene: "",
  state: null,
  notices: [],
  nodeCenter: () => null,
};

window.__clusterCrisis = seam;
