import { z } from "zod";
import { displayNameSchema } from "./names.ts";

/**
 * The solo puzzle room's messages. The server holds the puzzle and the placements; the client
 * asks to place, move or take back pods and draws what the state says.
 */
export const puzzleRoomName = "puzzle";

// Pod and node names are RFC 1123 subdomains in Kubernetes; puzzle ids are file names' labels.
const objectName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes object name");
const puzzleId = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a puzzle id");
const empty = z.strictObject({});

export const puzzleJoinOptions = z.strictObject({
  name: displayNameSchema,
  /** The puzzle to open first; the player's first unsolved one when left out. */
  puzzle: puzzleId.optional(),
});
export type PuzzleJoinOptions = z.infer<typeof puzzleJoinOptions>;

export const puzzleMessages = {
  /** Put a pending pod on a node, or move a placed one: refused with the scheduler filter's reason. */
  place: z.strictObject({ pod: objectName, node: objectName }),
  /** Take a placed pod back to the pending queue, or give an evicted pod its node back. */
  unplace: z.strictObject({ pod: objectName }),
  /** Evict a running pod (puzzles about preemption): a pod of higher priority may then take its room. */
  evict: z.strictObject({ pod: objectName }),
  undo: empty,
  reset: empty,
  /**
   * Finish with the answer on the board: the objective is met and the player stops improving it
   * (an answer at the proven optimum finishes by itself).
   */
  submit: empty,
  /** kube-scheduler's explanation of that node for that pod (filters, scores); changes nothing. */
  hint: z.strictObject({ pod: objectName, node: objectName }),
  /** Open another puzzle (the next one, or any from GET /api/puzzles). */
  open: z.strictObject({ puzzle: puzzleId }),
} as const;
export type PuzzleMessageType = keyof typeof puzzleMessages;
export type PuzzleMessage<T extends PuzzleMessageType> = z.infer<(typeof puzzleMessages)[T]>;

export function isPuzzleMessageType(type: unknown): type is PuzzleMessageType {
  return typeof type === "string" && Object.hasOwn(puzzleMessages, type);
}

/** Server → client: a refused message (nothing changed), or the hint asked for. */
export const puzzleServerMessages = { refused: "refused", hint: "hint" } as const;

export interface PuzzleRefusal {
  readonly type: string;
  readonly message: string;
}

/** kube-scheduler's explanation of one node for one pod, as data (shared/puzzle/play.ts). */
export type { PlacementHint as PuzzleHint, PluginScore } from "../puzzle/play.ts";
