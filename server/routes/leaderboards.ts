import express from "express";
import { z } from "zod";
import { boardOf, boardSeed, isPeriod, periodOf } from "../rounds/boards.ts";
import { type Store, StoreError } from "../store/index.ts";

const boardName = z.string().regex(/^(scenario|puzzle):[a-z0-9][a-z0-9-]{0,62}$/);
const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  // A scenario's board of another week than this one (ISO week, e.g. 2026-W50).
  period: z.string().refine(isPeriod, { error: "expected an ISO week like 2026-W50" }).optional(),
});

/**
 * `GET /api/leaderboards/:board?limit=&offset=[&period=]` — a board is `scenario:<id>`
 * (this week's, or `period`'s: its seed and its rounds, fastest recovery first) or `puzzle:<id>`
 * (most stars). JSON in, JSON out; a bad request gets 400 with the reason.
 */
export function leaderboardRoutes(store: Store): express.Router {
  const router = express.Router();
  router.get("/api/leaderboards/:board", async (req, res) => {
    const board = boardName.safeParse(req.params.board);
    if (!board.success) {
      res.status(400).json({ error: "board must be scenario:<id> or puzzle:<id>" });
      return;
    }
    const page = pageQuery.safeParse(req.query);
    if (!page.success) {
      const issue = page.error.issues[0];
      res.status(400).json({ error: `${issue?.path.join(".") || "query"}: ${issue?.message ?? "invalid"}` });
      return;
    }
    const [kind, id] = board.data.split(":") as ["scenario" | "puzzle", string];
    const { period: asked, ...paging } = page.data;
    try {
      if (kind === "puzzle") {
        res.json({ board: board.data, ...paging, rows: await store.puzzleBoard(id, paging) });
        return;
      }
      const period = asked ?? periodOf(new Date());
      const rows = await store.scenarioBoard(boardOf(id, period), paging);
      res.json({ board: board.data, period, seed: boardSeed(id, period), ...paging, rows });
    } catch (error) {
      if (error instanceof StoreError) {
        res.status(400).json({ error: error.message });
        return;
      }
      res.status(503).json({ error: "the leaderboard store is unavailable" });
    }
  });
  return router;
}
