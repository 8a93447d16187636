import type { PuzzleHint } from "../../../shared/protocol/puzzle.ts";
import { t } from "../../i18n/index.ts";

/**
 * kube-scheduler's explanation of a node for a pod (shared/puzzle/play.ts `hint`), worded in the
 * player's language. Plugin names, reasons and the FitError summary stay kube-scheduler's own.
 */

/** "NodeResourcesFit: Insufficient cpu": the refusing filter and its reasons. */
function refusal(hint: PuzzleHint): string {
  return `${hint.plugin === "" ? "" : `${hint.plugin}: `}${hint.reasons.join(", ")}`;
}

/** The verdict as a sentence: "api-1 fits on node-1: every filter passed." */
export function hintVerdict(hint: PuzzleHint): string {
  return hint.fits
    ? t("puzzle.hintFits", { pod: hint.pod, node: hint.node })
    : t("puzzle.hintRefuses", { pod: hint.pod, node: hint.node, why: refusal(hint) });
}

/** The verdict after the node's name, in the HINT button's list of every node. */
export function hintShortVerdict(hint: PuzzleHint): string {
  return hint.fits ? t("puzzle.hintPasses") : refusal(hint);
}

/** The score breakdown of a node that fits ("" when it does not). */
export function hintScores(hint: PuzzleHint): string {
  if (!hint.fits) return "";
  if (hint.score === null) return t("puzzle.hintNotScored");
  const parts = hint.score.plugins.map((s) => `${s.plugin} ${s.normalized}×${s.weight}`).join(", ");
  return t("puzzle.hintScores", { scores: parts, total: hint.score.total });
}

/** Where kube-scheduler would put the pod, or why it would put it nowhere. */
export function hintPick(hint: PuzzleHint): string {
  if (hint.pick === null) return t("puzzle.hintNoPick", { summary: hint.summary });
  return hint.pick.total === null
    ? t("puzzle.hintPick", { node: hint.pick.node })
    : t("puzzle.hintPickTotal", { node: hint.pick.node, total: hint.pick.total });
}
