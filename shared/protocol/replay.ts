import type { Command } from "../sim/commands.ts";
import type { Role } from "./messages.ts";

/**
 * `GET /api/rounds/:id`: everything a replay needs — the scenario and its version, the seed, the
 * command log with who did each command — and what the round claims: its duration, score and the
 * World's digest at its end, which a replay must reach to be believed.
 */
export interface RoundReplay {
  readonly id: number;
  readonly scenario: { readonly id: string; readonly version: number };
  readonly seed: number;
  /** The scenario's script played chaos (only such rounds rank): without it, a replay plays no scripted faults. */
  readonly scripted: boolean;
  /** Simulated ms the round lasted. */
  readonly durationMs: number;
  /** The World's digest (World.hash()) at `durationMs`. */
  readonly digest: string;
  /** The server's own replay reached that digest and score. */
  readonly verified: boolean;
  readonly board: string | null;
  readonly team: string;
  readonly outcome: "resolved" | "survived" | "failed" | "ended";
  readonly score: {
    readonly timeToRecoveryMs: number | null;
    readonly budgetSpent: number;
    readonly actions: number;
  };
  readonly finishedAt: string;
  readonly players: readonly ReplayPlayer[];
  readonly commands: readonly ReplayCommand[];
}

export interface ReplayPlayer {
  readonly name: string;
  readonly roles: readonly Role[];
}

export interface ReplayCommand {
  /** Simulated ms at which it took effect. */
  readonly at: number;
  /** The name of who gave it. */
  readonly player: string;
  /** The role it is a command of. */
  readonly role: Role | "facilitator";
  readonly command: Command;
}
