import { nameKey } from "../../shared/protocol/names.ts";
import type { WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import {
  type PuzzleBoardRow,
  type PuzzleProgress,
  type PuzzleResult,
  type RoundOutcome,
  type RoundPlayer,
  type RoundResult,
  roundOutcomes,
  type ScenarioBoardRow,
  type StoredRound,
} from "./types.ts";

/** A round's values in the column order of INSERT_ROUND; dates as ISO text, which both engines store. */
export function roundValues(round: RoundResult): (string | number | null)[] {
  return [
    round.scenarioId,
    round.scenarioVersion,
    round.seed,
    JSON.stringify(round.commandLog),
    round.team,
    JSON.stringify(round.members),
    round.timeToRecoveryMs,
    round.budgetSpent,
    round.actions,
    round.finishedAt.toISOString(),
    round.durationMs,
    round.scripted ? 1 : 0,
    round.worldHash,
    round.outcome,
    faultsPlayed(round.commandLog),
    round.board,
    round.roundKey ?? null,
    nameKey(round.team),
    JSON.stringify(round.players ?? []),
  ];
}

/** Faults a player (chaos agent or facilitator) injected beyond the scenario's script. */
export function faultsPlayed(log: readonly WorldLoggedCommand[]): number {
  return log.filter((entry) => entry.command.type === "injectFault").length;
}

export function puzzleValues(result: PuzzleResult): (string | number)[] {
  return [
    result.puzzleId,
    result.puzzleVersion,
    result.player,
    result.moves,
    result.timeMs,
    result.finishedAt.toISOString(),
    result.stars,
    nameKey(result.player),
  ];
}

/** Rows come back as text JSON from SQLite and as parsed JSON from PostgreSQL; both read the same. */
type Row = Record<string, unknown>;

const json = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;
const iso = (value: unknown): string =>
  (value instanceof Date ? value : new Date(String(value))).toISOString();

export function roundFromRow(row: Row): StoredRound {
  return {
    id: Number(row.id),
    scenarioId: String(row.scenario_id),
    scenarioVersion: Number(row.scenario_version),
    seed: Number(row.seed),
    commandLog: json<WorldLoggedCommand[]>(row.command_log),
    durationMs: Number(row.duration_ms),
    scripted: Number(row.scripted) === 1,
    worldHash: String(row.world_hash),
    team: String(row.team),
    members: json<string[]>(row.members),
    outcome: outcomeOf(row.outcome),
    board: row.board === null || row.board === undefined ? null : String(row.board),
    timeToRecoveryMs: row.time_to_recovery_ms === null ? null : Number(row.time_to_recovery_ms),
    budgetSpent: Number(row.slo_burned),
    actions: Number(row.actions),
    finishedAt: new Date(iso(row.finished_at)),
    players: json<RoundPlayer[]>(row.players ?? "[]"),
    verified: Number(row.verified) === 1,
  };
}

const outcomeOf = (value: unknown): RoundOutcome => roundOutcomes.find((o) => o === value) ?? "failed";

export function scenarioRow(row: Row, rank: number): ScenarioBoardRow {
  return {
    rank,
    roundId: Number(row.id),
    team: String(row.team),
    members: json<string[]>(row.members),
    outcome: outcomeOf(row.outcome),
    timeToRecoveryMs: row.time_to_recovery_ms === null ? null : Number(row.time_to_recovery_ms),
    errorBudgetLeft: Math.max(0, Math.round((1 - Number(row.slo_burned)) * 10_000) / 10_000),
    actions: Number(row.actions),
    finishedAt: iso(row.finished_at),
  };
}

export function puzzleRow(row: Row, rank: number): PuzzleBoardRow {
  return {
    rank,
    resultId: Number(row.id),
    player: String(row.player),
    stars: Number(row.stars),
    moves: Number(row.moves),
    timeMs: Number(row.time_ms),
    finishedAt: iso(row.finished_at),
  };
}

export function progressRow(row: Row): PuzzleProgress {
  return { puzzleId: String(row.puzzle_id), stars: Number(row.stars), moves: Number(row.moves) };
}
