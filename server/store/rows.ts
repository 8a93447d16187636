import type { LoggedCommand } from "../../shared/sim/index.ts";
import type { PuzzleBoardRow, ScenarioBoardRow, StoredRound } from "./types.ts";

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
    commandLog: json<LoggedCommand[]>(row.command_log),
    team: String(row.team),
    members: json<string[]>(row.members),
    timeToRecoveryMs: row.time_to_recovery_ms === null ? null : Number(row.time_to_recovery_ms),
    sloBurned: Number(row.slo_burned),
    actions: Number(row.actions),
    finishedAt: new Date(iso(row.finished_at)),
  };
}

export function scenarioRow(row: Row, rank: number): ScenarioBoardRow {
  return {
    rank,
    roundId: Number(row.id),
    team: String(row.team),
    members: json<string[]>(row.members),
    timeToRecoveryMs: Number(row.time_to_recovery_ms),
    sloBurned: Number(row.slo_burned),
    actions: Number(row.actions),
    finishedAt: iso(row.finished_at),
  };
}

export function puzzleRow(row: Row, rank: number): PuzzleBoardRow {
  return {
    rank,
    resultId: Number(row.id),
    player: String(row.player),
    moves: Number(row.moves),
    timeMs: Number(row.time_ms),
    finishedAt: iso(row.finished_at),
  };
}
