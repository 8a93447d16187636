import { fnv1a } from "../../shared/sim/random.ts";

/**
 * Boards that compare like with like (issue 15, item 6): each scenario has one board a week, and
 * that board plays one seed, the week's, which the server derives from the scenario and the week
 * (every process agrees without talking). Every team on a board faced the very same incident; a
 * round on any other seed is practice and does not rank.
 *
 * A round ranks on its week's board when it faced the scenario's script unchanged (no chaos agent,
 * no card played on top of it), on the week's seed, and the team acted — except on a tutorial's
 * board, which teaches by watching. Whether it won is the board's own filter.
 */

/** The ISO 8601 week of `date` in UTC, like "2026-W50": weeks start on Monday. */
export function periodOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  // The week belongs to the year of its Thursday.
  const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, "0")}`;
}

const PERIOD = /^(\d{4})-W(\d{2})$/;

export function isPeriod(text: string): boolean {
  const match = PERIOD.exec(text);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 53;
}

/** The seed every round on `scenarioId`'s board of `period` plays (31 bits, as join codes give). */
export function boardSeed(scenarioId: string, period: string): number {
  return fnv1a(`${scenarioId}@${period}`) & 0x7fffffff;
}

/** The board's key in the store: `first-light@2026-W50`. */
export function boardOf(scenarioId: string, period: string): string {
  return `${scenarioId}@${period}`;
}

/** `first-light@2026-W50` → its scenario and period, or null for anything else. */
export function parseBoard(board: string): { scenarioId: string; period: string } | null {
  const at = board.lastIndexOf("@");
  if (at <= 0) return null;
  const period = board.slice(at + 1);
  return isPeriod(period) ? { scenarioId: board.slice(0, at), period } : null;
}

export interface RankingFacts {
  readonly scenarioId: string;
  readonly tutorial: boolean;
  readonly seed: number;
  /** The week the round started in. */
  readonly period: string;
  /** The scenario's script played chaos (no person held the role). */
  readonly scripted: boolean;
  /** Cards played on top of the script (by a chaos agent or the facilitator). */
  readonly faultsInjected: number;
  /** Actions of the scheduler and the operator. */
  readonly defenderActions: number;
}

/** Why a round does not rank, as a code the client words in each language. */
export type Unranked = "chaosAgent" | "injected" | "practice" | "noAction";

/** The same reasons in English, for logs and the verifier's verdicts. */
export const unrankedWords: Readonly<Record<Unranked, string>> = {
  chaosAgent: "a chaos agent played: another incident than the script's",
  injected: "faults were injected on top of the script",
  practice: "practice: another seed than the week's board plays",
  noAction: "nobody acted: a round without an action ranks only on a tutorial's board",
};

/** The board the round ranks on, or why it does not. */
export function rankedBoard(round: RankingFacts): { board: string } | { unranked: Unranked } {
  if (!round.scripted) return { unranked: "chaosAgent" };
  if (round.faultsInjected > 0) return { unranked: "injected" };
  if (round.seed !== boardSeed(round.scenarioId, round.period)) return { unranked: "practice" };
  if (round.defenderActions === 0 && !round.tutorial) return { unranked: "noAction" };
  return { board: boardOf(round.scenarioId, round.period) };
}
