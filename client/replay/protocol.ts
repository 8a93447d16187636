import type { PodListMessage } from "../../shared/protocol/messages.ts";
import type { RoundReplay } from "../../shared/protocol/replay.ts";
import type { Milestone } from "../../shared/sim/world/milestones.ts";

/** What the page asks the replay worker (client/replay/worker.ts). */
export type ToWorker =
  | { readonly type: "load"; readonly replay: RoundReplay }
  /** The cluster at `t` (game ms), encoded IncidentState. */
  | { readonly type: "frame"; readonly id: number; readonly t: number }
  | { readonly type: "pods"; readonly id: number; readonly t: number };

/** What the worker answers. */
export type FromWorker =
  /** The pass played this far; milestones found since the last progress. */
  | { readonly type: "progress"; readonly reached: number; readonly milestones: readonly Milestone[] }
  /** The pass reached the round's end: its digest, and whether it is the stored one. */
  | {
      readonly type: "verified";
      readonly digest: string;
      readonly matches: boolean;
      readonly refused: number;
    }
  | {
      readonly type: "frame";
      readonly id: number;
      readonly t: number;
      readonly bytes: Uint8Array;
      readonly ms: number;
    }
  | { readonly type: "pods"; readonly id: number; readonly list: PodListMessage }
  /** The round cannot be replayed here (another scenario version, an unknown scenario). */
  | { readonly type: "failed"; readonly why: "unknownScenario" | "otherVersion"; readonly version: number };
