import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardOf, boardSeed, periodOf } from "../../server/rounds/boards.ts";
import { startGameServer } from "../support/server.ts";

describe("GET /api/leaderboards/:board over real HTTP", () => {
  let server: Awaited<ReturnType<typeof startGameServer>>;

  beforeAll(async () => {
    server = await startGameServer();
    for (const [team, timeToRecoveryMs] of [
      ["Gamma", 120_000],
      ["Alpha", 60_000],
      ["Beta", 90_000],
    ] as const) {
      // Written straight to the store and marked verified: this suite is about the HTTP API.
      const id = await server.store.saveRound({
        scenarioId: "launch-day",
        scenarioVersion: 1,
        seed: 1,
        commandLog: [],
        durationMs: 600_000,
        scripted: true,
        worldHash: "0123abcd",
        team,
        members: [team],
        outcome: "resolved",
        board: boardOf("launch-day", periodOf(new Date())),
        timeToRecoveryMs,
        budgetSpent: 0.1,
        actions: 3,
        finishedAt: new Date("2026-11-22T09:00:00Z"),
      });
      await server.store.markVerified(id);
    }
  });
  afterAll(async () => server.stop());

  const get = async (path: string) => {
    const response = await fetch(new URL(path, server.url));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("serves a scenario's board of the week in rank order, paged, with the week and its seed", async () => {
    const all = await get("api/leaderboards/scenario:launch-day");
    expect(all.status).toBe(200);
    const period = periodOf(new Date());
    expect(all.body).toMatchObject({ period, seed: boardSeed("launch-day", period) });
    // Another week's board is another board.
    const before = await get("api/leaderboards/scenario:launch-day?period=2020-W01");
    expect(before.body).toMatchObject({ period: "2020-W01", rows: [] });
    expect((all.body.rows as { team: string }[]).map((r) => r.team)).toEqual(["Alpha", "Beta", "Gamma"]);
    const page = await get("api/leaderboards/scenario:launch-day?limit=1&offset=1");
    expect(page.body).toMatchObject({ limit: 1, offset: 1, rows: [{ rank: 2, team: "Beta" }] });
  });

  it("serves an empty puzzle board", async () => {
    expect(await get("api/leaderboards/puzzle:taints-1")).toEqual({
      status: 200,
      body: { board: "puzzle:taints-1", limit: 20, offset: 0, rows: [] },
    });
  });

  it.each([
    ["an unknown board kind", "api/leaderboards/global:all", "board must be"],
    ["a hostile board name", "api/leaderboards/scenario:%3Cscript%3E", "board must be"],
    ["a limit too large", "api/leaderboards/scenario:launch-day?limit=5000", "limit"],
    ["a non-numeric offset", "api/leaderboards/scenario:launch-day?offset=abc", "offset"],
    ["an unknown parameter", "api/leaderboards/scenario:launch-day?sort=desc", "query"],
    ["a period that is no week", "api/leaderboards/scenario:launch-day?period=yesterday", "period"],
  ])("answers 400 with a reason for %s", async (_what, path, reason) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(String(body.error)).toContain(reason);
  });
});
