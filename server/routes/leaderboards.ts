import express from "express";
import { z } from "zod";
import { type Store, StoreError } from "../store/index.ts";

const boardName = z.string().regex(/^(scenario|puzzle):[a-z0-9][a-z0-9-]{0,62}$/);
const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/**
 * `GET /api/leaderboards/:board?limit=&offset=` — a board is `scenario:<id>`
 * (fastest recovery) or `puzzle:<id>` (fewest moves). JSON in, JSON out; a bad
 * request gets 400 with the reason.
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
    try {
      const rows =
        kind === "scenario"
          ? await store.scenarioBoard(id, page.data)
          : await store.puzzleBoard(id, page.data);
      res.json({ board: board.data, ...page.data, rows });
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
