import type { Scenario } from "../scenario/types.ts";
import type { RoundScore } from "./score.ts";
import type { World } from "./world.ts";

/**
 * How a round ends, decided one way for the game room and for `npm run sim` / `npm run balance`:
 *
 * - recover: resolved the moment every check holds again after the incident broke the objective;
 *   at the time limit, failed if it has not — or survived if nothing ever broke it;
 * - survive and versus: failed the moment the error budget is spent; at the time limit, survived
 *   if every check holds, failed if one does not.
 *
 * The reason is a code the debrief words in each language, with the checks that did not hold.
 */
export type Outcome = "resolved" | "survived" | "failed";

export type EndReason =
  /** resolved: every check held again (after `timeToRecoveryMs`). */
  | "recovered"
  /** failed (recover): time ran out while a check still failed. */
  | "notRecovered"
  /** survived (recover): the incident struck but never broke the objective. */
  | "neverBroken"
  /** survived: no fault struck at all (a chaos agent who played nothing). */
  | "noIncident"
  /** failed (survive, versus): the error budget ran out at `atMs`. */
  | "budgetSpent"
  /** survived (survive, versus): the objective held to the end with budget left. */
  | "held"
  /** failed (survive, versus): time ran out with a check not holding. */
  | "notHeldAtEnd";

export interface RoundEnd {
  readonly outcome: Outcome;
  readonly reason: EndReason;
  /** Simulated ms at which the round ended. */
  readonly atMs: number;
  /** The checks that did not hold, as `<kind>` or `<kind>:<service or deployment>`. */
  readonly failing: readonly string[];
}

type ObjectiveStatus = ReturnType<World["objectiveStatus"]>;

/** The round's end if it is over at `nowMs`, else null. */
export function roundEnd(
  scenario: Scenario,
  status: ObjectiveStatus,
  score: RoundScore,
  nowMs: number,
): RoundEnd | null {
  const end = (outcome: Outcome, reason: EndReason, failing: readonly string[] = []): RoundEnd => ({
    outcome,
    reason,
    atMs: nowMs,
    failing,
  });
  const timeUp = nowMs >= scenario.timeLimitMs;
  const failing = status.checks
    .filter((c) => !c.holding)
    .map((c) => (c.subject === "" ? c.kind : `${c.kind}:${c.subject}`));
  if (scenario.objective.kind === "recover") {
    if (status.recoveredAtMs !== null) return end("resolved", "recovered");
    if (!timeUp) return null;
    if (status.incidentAtMs === null) return end("survived", "noIncident");
    if (!status.breached) return end("survived", "neverBroken");
    return end("failed", "notRecovered", failing);
  }
  if (status.incidentAtMs !== null && score.budgetSpent >= 1) return end("failed", "budgetSpent");
  if (!timeUp) return null;
  if (failing.length > 0) return end("failed", "notHeldAtEnd", failing);
  return end("survived", status.incidentAtMs === null ? "noIncident" : "held");
}
