import type { Role } from "../../shared/protocol/messages.ts";
import type { WorldLoggedCommand } from "../../shared/sim/world/runner.ts";

/**
 * Finished rounds and puzzle results, and the leaderboards built from them.
 * One interface, two engines: SQLite (default, a file under data/) and PostgreSQL
 * (when DATABASE_URL is set). Every write is one transaction.
 */
export interface Store {
  /** Records a finished incident round; returns its id (the existing one's, for a round key stored before). */
  saveRound(round: RoundResult): Promise<number>;
  /** Records a finished puzzle; returns its id. */
  savePuzzle(result: PuzzleResult): Promise<number>;
  getRound(id: number): Promise<StoredRound | undefined>;
  /** Rounds written and not yet verified by replay, oldest first. */
  pendingRounds(): Promise<StoredRound[]>;
  /** The replay agreed: the round may rank. */
  markVerified(id: number): Promise<void>;
  /** The replay disagreed: the round is removed. */
  deleteRound(id: number): Promise<void>;
  /**
   * One board (`<scenario id>@<week>`, server/rounds/boards.ts): its rounds that won (resolved or
   * survived), fastest time to recovery first (none counts as 0: the objective never broke), then
   * least error budget spent, then earliest.
   */
  scenarioBoard(board: string, page?: Page): Promise<ScenarioBoardRow[]>;
  /** Most stars (the optimum first), then fewest moves, then fastest, then earliest. */
  puzzleBoard(puzzleId: string, page?: Page): Promise<PuzzleBoardRow[]>;
  /** What a player has solved: best stars and fewest moves per puzzle. */
  puzzleProgress(player: string): Promise<PuzzleProgress[]>;
  close(): Promise<void>;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

export interface RoundResult {
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly seed: number;
  readonly commandLog: readonly WorldLoggedCommand[];
  /** Simulated ms the round lasted: replaying the log this far gives the same score. */
  readonly durationMs: number;
  /**
   * The scenario's scripted faults played (no human chaos agent). Only these rounds rank, and only
   * when no one played a fault beyond the script (the command log holds no injectFault).
   */
  readonly scripted: boolean;
  /** The World's digest at the end of the round: the replay must reach the very same cluster. */
  readonly worldHash: string;
  readonly team: string;
  readonly members: readonly string[];
  /** resolved, survived or failed as the objective decided (shared/sim/world/outcome.ts), or ended by the facilitator. */
  readonly outcome: RoundOutcome;
  /** The board it ranks on (`first-light@2026-W50`), null for practice: server/rounds/boards.ts. */
  readonly board: string | null;
  /** A recover round's time to recovery; null when the objective did not hold again (or never broke). */
  readonly timeToRecoveryMs: number | null;
  /** The error budget spent, as a fraction of the objective's window budget (1 = all; may exceed 1). */
  readonly budgetSpent: number;
  readonly actions: number;
  /** When the round ended (server wall clock, never the client's). */
  readonly finishedAt: Date;
  /**
   * The workshop and round it was played as (`<workshop uid>/<round>`): a round is stored once
   * under it, whichever process stores it (one that took the workshop over may store it again).
   */
  readonly roundKey?: string;
  /**
   * Who played, by the id the command log names them with (`player`), with the name they played
   * under and the roles they held: a replay shows who did what. Rounds stored before it have none.
   */
  readonly players?: readonly RoundPlayer[];
}

export interface RoundPlayer {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export type RoundOutcome = "resolved" | "survived" | "failed" | "ended";
export const roundOutcomes: readonly RoundOutcome[] = ["resolved", "survived", "failed", "ended"];

export interface StoredRound extends RoundResult {
  readonly id: number;
  readonly players: readonly RoundPlayer[];
  /** The server's replay reached the round's digest and score (server/rounds/recorder.ts). */
  readonly verified: boolean;
}

export interface PuzzleResult {
  readonly puzzleId: string;
  readonly puzzleVersion: number;
  readonly player: string;
  readonly moves: number;
  readonly timeMs: number;
  /** 3: the proven optimum; 2: as good as kube-scheduler; 1: complete. */
  readonly stars: number;
  readonly finishedAt: Date;
}

export interface PuzzleProgress {
  readonly puzzleId: string;
  readonly stars: number;
  readonly moves: number;
}

export interface ScenarioBoardRow {
  readonly rank: number;
  readonly roundId: number;
  readonly team: string;
  readonly members: readonly string[];
  readonly outcome: RoundOutcome;
  /** null: the objective never broke (a survived round). */
  readonly timeToRecoveryMs: number | null;
  /** What was left of the error budget, 0 to 1. */
  readonly errorBudgetLeft: number;
  readonly actions: number;
  readonly finishedAt: string;
}

export interface PuzzleBoardRow {
  readonly rank: number;
  readonly resultId: number;
  readonly player: string;
  readonly stars: number;
  readonly moves: number;
  readonly timeMs: number;
  readonly finishedAt: string;
}

export class StoreError extends Error {
  override name = "StoreError";
}

export const DEFAULT_PAGE: Page = { limit: 20, offset: 0 };
export const MAX_PAGE_LIMIT = 100;
