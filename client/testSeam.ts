import type { ClusterView, NodeView, PodView, ServerNotice } from "./net/connection.ts";
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
 * - `eventLines()`, `sloServices()`, `scoreLines()`: what the incident's event log (each event and its
 *   why, newest first), SLO panel (the services charted, in order) and score panel show ([] off it).
 * - `debrief()`: what the debrief screen shows (null off it).
 */
export interface TestSeam {
  scene: string;
  state: ClusterView | null;
  notices: ServerNotice[];
  nodeCenter(name: string): { x: number; y: number } | null;
  buttonCenter(label: string): { x: number; y: number } | null;
  sloSamples(): number;
  leaderboard(): LeaderboardSeam | null;
  eventLines(): string[];
  sloServices(): string[];
  scoreLines(): string[];
  /** The score panel's explanation showing (on hover or keyboard focus), "" for none. */
  scoreExplanation(): string;
  debrief(): DebriefSeam | null;
  /** The replay viewer as drawn (null off it). */
  replay(): ReplaySeam | null;
  /** The facilitator's activity list, one line per player ([] off the incident screen or when hidden). */
  activityLines(): string[];
  /** The pause strip above the map, its words and where it is (game coordinates); null while the round runs. */
  pauseStrip(): { text: string; x: number; y: number; width: number; height: number } | null;
  /** Every text the projector draws now ([] off the projector). */
  projectorTexts(): string[];
  /** The solo puzzle's latest view (a copy), or null outside a puzzle. */
  puzzle: PuzzleView | null;
  /** The refusal shown near a node on the puzzle screen ("" when none). */
  puzzleNote: string;
  /** Where a pod block of the puzzle is, in page coordinates. */
  podCenter(name: string): { x: number; y: number } | null;
  /** Where a pod's block is on its node's card on the incident map (page coordinates), or null. */
  mapPodCenter(name: string): { x: number; y: number } | null;
  /** Where the puzzle's pending queue is, in page coordinates. */
  queueCenter(): { x: number; y: number } | null;
  /** The incident map's camera zoom, and the zoom that shows the whole cluster. */
  mapZoom: number;
  mapFitZoom: number;
  /** The map's level of detail: full cards, compact tiles, or the aggregated heat grid. */
  mapLevel: string;
  /** The node with the map's keyboard selection, or null. */
  selectedNode: string | null;
  /** Each zone's header as drawn: its name, nodes Ready, pods ready and CPU requested. */
  mapZones: string[];
  /**
   * Draws these nodes and pods on the incident map instead of the server's (until the scene ends):
   * for benchmarks and tests of cluster sizes no scenario has, like 500 nodes.
   */
  mapFeed(nodes: NodeView[], pods: PodView[]): void;
  /** Whether the game skips decorative motion now (ui/motion.ts). */
  reducedMotion(): boolean;
  /** The label of the control with the keyboard focus ring (ui/Button.ts), or null. */
  focused(): string | null;
  /** The node the map draws its keyboard selection ring on now, or null. */
  mapRing: string | null;
  /**
   * Every focus ring showing now: "button:<label>" (the canvas' ring), "node:<name>" (the map's
   * selection), "page:<name>" (an HTML field or button with the browser's focus ring).
   */
  focusRings(): string[];
  /** The guided first incident's step on screen (client/guide.ts), or null when no guide shows. */
  guideStep(): string | null;
  /**
   * Every text the running scenes draw now, where it shows on screen in game coordinates (through
   * the camera that draws it, clipped to that camera's viewport), for tests of overlapping text.
   */
  texts(): TextBox[];
}

/** A text as drawn: its words, its box on screen (game coordinates) and its depth. */
export interface TextBox {
  readonly scene: string;
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  /** The camera that draws it: "main", or another's name ("map"). */
  readonly camera: string;
}

/** The debrief screen as drawn: a copy, for reading only. */
export interface DebriefSeam {
  /** The lesson cards, in order, by id (shared/lessons/lessons.ts). */
  readonly lessons: readonly string[];
  /** Markers on the timeline: the cluster's milestones plus the players' actions. */
  readonly timelineEntries: number;
  /** The outcome banner as shown ("" when the round has none). */
  readonly outcome: string;
  /** What happened, in sentences, over the lessons. */
  readonly summary: string;
  /** The lesson card open now ("" for none). */
  readonly expanded: string;
  /** What has keyboard focus: "marker:<i>", "lesson:<id>", "button:<label>", or "". */
  readonly focus: string;
  /** The detail line under the timeline (what the hovered or focused marker is, or a hint). */
  readonly detail: string;
  /** Where each timeline marker is, in time order, in page coordinates. */
  readonly markers: readonly { readonly x: number; readonly y: number }[];
  /** The timeline's marks where the workshop moved to another server, as their detail lines say. */
  readonly moves: readonly string[];
}

/** The replay viewer: where its playhead is and what its integrity line says. */
export interface ReplaySeam {
  readonly roundId: number;
  /** The moment shown (game ms), the one the playhead is at, how far the worker's pass got, and the end. */
  readonly shownAt: number;
  readonly at: number;
  readonly reached: number;
  readonly durationMs: number;
  readonly playing: boolean;
  readonly speed: number;
  /** "checking", "verified", "mismatch", "unplayable", or "failed" (the round could not be fetched). */
  readonly integrity: string;
  /** The integrity line as shown. */
  readonly integrityText: string;
  /** The timeline's lanes (cluster, then each player) and how many marks each has. */
  readonly lanes: readonly { readonly name: string; readonly marks: number }[];
  /** Where the timeline's track begins and ends, in page coordinates (at its middle height). */
  readonly track: {
    readonly left: { x: number; y: number };
    readonly right: { x: number; y: number };
  } | null;
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
  /** A scenario board's week and the seed every round on it plays, as shown ("" for none). */
  readonly week: string;
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
  eventLines: () => [],
  sloServices: () => [],
  scoreLines: () => [],
  scoreExplanation: () => "",
  debrief: () => null,
  replay: () => null,
  activityLines: () => [],
  pauseStrip: () => null,
  projectorTexts: () => [],
  puzzle: null,
  puzzleNote: "",
  podCenter: () => null,
  mapPodCenter: () => null,
  queueCenter: () => null,
  mapZoom: 0,
  mapFitZoom: 0,
  mapLevel: "",
  selectedNode: null,
  mapZones: [],
  mapFeed: () => {},
  reducedMotion: () => false,
  focused: () => null,
  mapRing: null,
  focusRings: () => [],
  guideStep: () => null,
  texts: () => [],
};

/** Game coordinates (1280×720) to page coordinates, through the canvas' scaling. */
export function toPage(x: number, y: number): { x: number; y: number } {
  const canvas = document.querySelector("canvas");
  const rect = canvas?.getBoundingClientRect() ?? { left: 0, top: 0, width: 1280 };
  const scale = rect.width / 1280;
  return { x: rect.left + x * scale, y: rect.top + y * scale };
}

window.__clusterCrisis = seam;
