import { ROLES } from "../../shared/protocol/messages.ts";
import { isDisplayName } from "../../shared/protocol/names.ts";
import { parseBoard } from "../rounds/boards.ts";
import {
  MAX_PAGE_LIMIT,
  type Page,
  type PuzzleResult,
  type RoundResult,
  roundOutcomes,
  StoreError,
} from "./types.ts";

/** The store refuses what no honest server would write; nothing is half-written. */
export function checkRound(round: RoundResult): void {
  checkId(round.scenarioId, "scenarioId");
  if (round.board !== null && parseBoard(round.board)?.scenarioId !== round.scenarioId)
    throw new StoreError("board: expected <scenario id>@<ISO week> of the round's scenario, or none");
  checkCount(round.scenarioVersion, "scenarioVersion", 1);
  checkCount(round.seed, "seed", 0);
  checkName(round.team, "team");
  if (round.members.length === 0 || round.members.length > 12)
    throw new StoreError("members: 1 to 12 players");
  for (const [i, m] of round.members.entries()) checkName(m, `members[${i}]`);
  if (!roundOutcomes.includes(round.outcome))
    throw new StoreError(`outcome: one of ${roundOutcomes.join(", ")}`);
  if (round.timeToRecoveryMs !== null) checkCount(round.timeToRecoveryMs, "timeToRecoveryMs", 0);
  if (!Number.isFinite(round.budgetSpent) || round.budgetSpent < 0)
    throw new StoreError("budgetSpent: expected a number ≥ 0");
  checkCount(round.actions, "actions", 0);
  checkCount(round.durationMs, "durationMs", 0);
  if (!/^[0-9a-f]{1,64}$/.test(round.worldHash)) throw new StoreError("worldHash: expected a hex digest");
  checkDate(round.finishedAt);
  for (const [i, p] of (round.players ?? []).entries()) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(p.id)) throw new StoreError(`players[${i}].id: expected a session id`);
    checkName(p.name, `players[${i}].name`);
    if (!Array.isArray(p.roles) || p.roles.some((r) => !ROLES.includes(r)))
      throw new StoreError(`players[${i}].roles: each one of ${ROLES.join(", ")}`);
  }
  if (round.roundKey !== undefined && !/^[A-Za-z0-9_-]{1,64}\/\d{1,9}$/.test(round.roundKey))
    throw new StoreError("roundKey: expected <workshop uid>/<round>");
}

export function checkPuzzle(result: PuzzleResult): void {
  checkId(result.puzzleId, "puzzleId");
  checkCount(result.puzzleVersion, "puzzleVersion", 1);
  checkName(result.player, "player");
  checkCount(result.moves, "moves", 0);
  checkCount(result.timeMs, "timeMs", 0);
  if (!Number.isInteger(result.stars) || result.stars < 1 || result.stars > 3)
    throw new StoreError("stars: 1 to 3 (only a complete puzzle is stored)");
  checkDate(result.finishedAt);
}

export function checkPage(page: Page): Page {
  checkCount(page.limit, "limit", 1);
  checkCount(page.offset, "offset", 0);
  if (page.limit > MAX_PAGE_LIMIT) throw new StoreError(`limit: at most ${MAX_PAGE_LIMIT}`);
  return page;
}

function checkId(value: string, field: string): void {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(value)) throw new StoreError(`${field}: expected a lowercase id`);
}

function checkName(value: string, field: string): void {
  if (!isDisplayName(value)) throw new StoreError(`${field}: not a valid display name`);
}

function checkCount(value: number, field: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min)
    throw new StoreError(`${field}: expected a whole number ≥ ${min}`);
}

function checkDate(value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new StoreError("finishedAt: expected a date");
}
