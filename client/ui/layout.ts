/**
 * The incident screen's regions (game coordinates, 1280 wide). Each panel owns one region, so
 * panels never overlap and a change to one does not move another.
 */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const MARGIN = 24;

/**
 * The regions at a screen height: 720 is the design (16:9); a taller screen (4:3 is 960) gives its
 * extra height to the map and the right column's panels, so a 4:3 screen shows the nodes larger
 * instead of letterboxing them.
 */
export function incidentLayoutFor(height: number) {
  const extra = Math.max(0, height - 720);
  const half = Math.round(extra / 2);
  return {
    /** Who plays what (left) and the role toolbar (right), under the header. */
    toolbar: { x: MARGIN, y: 66, width: 1232, height: 26 },
    /** Zones → nodes, zoomable and pannable. */
    map: { x: MARGIN, y: 96, width: 872, height: 426 + extra },
    /** `kubectl get events`, each with its one-line why. */
    events: { x: MARGIN, y: 530 + extra, width: 480, height: 166 },
    /** The role's hand: the scheduler's pending queue, the chaos agent's deck. */
    dock: { x: 512, y: 530 + extra, width: 384, height: 166 },
    /** API server load and 429s, the etcd members and their Raft messages, the scheduler's queue. */
    controlPlane: { x: 912, y: 96, width: 344, height: 220 + half },
    /** Each service's request rate, availability, p99 and error budget. */
    slo: { x: 912, y: 324 + half, width: 344, height: 200 + extra - half },
    /** The objective's checks and the score. */
    score: { x: 912, y: 530 + extra, width: 344, height: 166 },
    /** The kubectl console, over the lower map when open. */
    console: { x: MARGIN, y: 300 + extra, width: 872, height: 396 },
  } as const satisfies Record<string, Rect>;
}

export type IncidentLayout = ReturnType<typeof incidentLayoutFor>;

/** The regions at the designed 1280×720. */
export const incidentLayout = incidentLayoutFor(720);
