import express from "express";
import type { ReplayCommand, RoundReplay } from "../../shared/protocol/replay.ts";
import { commandRoles } from "../../shared/sim/commands.ts";
import type { Store, StoredRound } from "../store/index.ts";

/** A round id as the store numbers them: a positive whole number, nothing else. */
const ROUND_ID = /^[1-9][0-9]{0,14}$/;

/**
 * `GET /api/rounds/:id` — a ranked round, for its replay (shared/protocol/replay.ts). A round is
 * public once it is on a board and the server's replay verified it; any other id (practice, pending,
 * rejected, unknown) is 404, and an id that is not a round id 400. Players appear by the name they
 * played under; their session ids stay on the server.
 */
export function roundRoutes(store: Store): express.Router {
  const router = express.Router();
  router.get("/api/rounds/:id", async (req, res) => {
    if (!ROUND_ID.test(req.params.id)) {
      res.status(400).json({ error: "a round id is a positive whole number" });
      return;
    }
    const id = Number(req.params.id);
    let round: StoredRound | undefined;
    try {
      round = await store.getRound(id);
    } catch {
      res.status(503).json({ error: "the results store is unavailable" });
      return;
    }
    if (round === undefined || round.board === null || !round.verified) {
      res
        .status(404)
        .json({ error: `no ranked round ${id} (only verified rounds on a leaderboard are public)` });
      return;
    }
    // A stored round never changes: caches may keep it.
    res.set("Cache-Control", "public, max-age=3600").json(replayOf(round));
  });
  return router;
}

export function replayOf(round: StoredRound): RoundReplay {
  const names = new Map(round.players.map((p) => [p.id, p.name]));
  // Rounds stored before players were recorded: their players by order of first action.
  const unnamed = new Map<string, string>();
  const nameOf = (id: string): string => {
    const known = names.get(id) ?? unnamed.get(id);
    if (known !== undefined) return known;
    const name = `#${unnamed.size + 1}`;
    unnamed.set(id, name);
    return name;
  };
  const commands: ReplayCommand[] = round.commandLog.map(({ at, player, command }) => ({
    at,
    player: nameOf(player),
    role: commandRoles[command.type],
    command,
  }));
  return {
    id: round.id,
    scenario: { id: round.scenarioId, version: round.scenarioVersion },
    seed: round.seed,
    scripted: round.scripted,
    durationMs: round.durationMs,
    digest: round.worldHash,
    verified: round.verified,
    board: round.board,
    team: round.team,
    outcome: round.outcome,
    score: {
      timeToRecoveryMs: round.timeToRecoveryMs,
      budgetSpent: round.budgetSpent,
      actions: round.actions,
    },
    finishedAt: round.finishedAt.toISOString(),
    players: round.players.map(({ name, roles }) => ({ name, roles })),
    commands,
  };
}
