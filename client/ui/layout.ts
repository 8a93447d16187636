/**
 * The incident screen's regions (game coordinates, 1280×720). Each panel owns one region, so
 * panels never overlap and a change to one does not move another.
 */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const MARGIN = 24;

export const incidentLayout = {
  /** Who plays what (left) and the role toolbar (right), under the header. */
  toolbar: { x: MARGIN, y: 66, width: 1232, height: 26 },
  /** Zones → nodes, zoomable and pannable. */
  map: { x: MARGIN, y: 96, width: 872, height: 426 },
  /** `kubectl get events`, each with its one-line why. */
  events: { x: MARGIN, y: 530, width: 480, height: 166 },
  /** The role's hand: the scheduler's pending queue, the chaos agent's deck. */
  dock: { x: 512, y: 530, width: 384, height: 166 },
  /** API server load and 429s, the etcd members and their Raft messages, the scheduler's queue. */
  controlPlane: { x: 912, y: 96, width: 344, height: 220 },
  /** Each service's request rate, availability, p99 and error budget. */
  slo: { x: 912, y: 324, width: 344, height: 200 },
  /** The objective's checks and the score. */
  score: { x: 912, y: 530, width: 344, height: 166 },
  /** The kubectl console, over the lower map when open. */
  console: { x: MARGIN, y: 300, width: 872, height: 396 },
} as const satisfies Record<string, Rect>;
