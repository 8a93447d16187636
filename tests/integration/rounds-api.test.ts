import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { boardOf, boardSeed, periodOf } from "../../server/rounds/boards.ts";
import { roundRoutes } from "../../server/routes/rounds.ts";
import type { RoundResult, Store } from "../../server/store/index.ts";
import { PostgresStore } from "../../server/store/postgres.ts";
import type { RoundReplay } from "../../shared/protocol/replay.ts";
import { runWorld, type WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import { startGameServer } from "../support/server.ts";

/**
 * A real round of First Light on this week's board seed: two players (ids as the room logs them,
 * session ids), each acting; its digest and score are what the World computes.
 */
function playedRound(): RoundResult {
  const scenario = scenarioCatalog.get("first-light");
  if (scenario === undefined) throw new Error("first-light is missing");
  const period = periodOf(new Date());
  const seed = boardSeed(scenario.id, period);
  const log: WorldLoggedCommand[] = [
    { at: 20_000, player: "sessA1", command: { type: "scale", deployment: "web", replicas: 4 } },
    { at: 45_000, player: "sessB2", command: { type: "cordon", node: "node-b3" } },
  ];
  const durationMs = 90_000;
  const replay = runWorld(scenario, seed, log, durationMs);
  expect(replay.commands.rejected).toBe(0);
  return {
    scenarioId: scenario.id,
    scenarioVersion: scenario.version,
    seed,
    commandLog: log,
    durationMs,
    scripted: true,
    worldHash: replay.hash,
    team: "Ada",
    members: ["Ada", "민지"],
    outcome: "ended",
    board: boardOf(scenario.id, period),
    timeToRecoveryMs: replay.score.timeToRecoveryMs,
    budgetSpent: replay.score.budgetSpent,
    actions: replay.score.actions,
    finishedAt: new Date("2026-12-07T10:00:00Z"),
    players: [
      { id: "sessA1", name: "Ada", roles: ["operator"] },
      { id: "sessB2", name: "민지", roles: ["scheduler", "operator"] },
    ],
  };
}

/** The game server on SQLite (its real file); the route alone on a real PostgreSQL server. */
const engines: [string, () => Promise<{ url: string; store: Store; stop: () => Promise<void> }>][] = [
  [
    "the game server on a SQLite file",
    async () => {
      const server = await startGameServer();
      return { url: server.url, store: server.store, stop: server.stop };
    },
  ],
  [
    "PostgreSQL",
    async () => {
      const store = await PostgresStore.open(inject("postgresUrl"));
      const app = express().use(roundRoutes(store));
      const http = await new Promise<ReturnType<typeof app.listen>>((resolve) => {
        const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
      });
      const { port } = http.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}/`,
        store,
        stop: async () => {
          await new Promise((resolve) => http.close(resolve));
          await store.close();
        },
      };
    },
  ],
];

describe.each(engines)("GET /api/rounds/:id over real HTTP on %s", (_engine, start) => {
  let server: Awaited<ReturnType<(typeof engines)[number][1]>>;
  let ranked: number;
  let pending: number;
  let practice: number;
  const round = playedRound();

  beforeAll(async () => {
    server = await start();
    ranked = await server.store.saveRound(round);
    await server.store.markVerified(ranked);
    pending = await server.store.saveRound({ ...round, team: "Pending" });
    practice = await server.store.saveRound({ ...round, team: "Practice", board: null });
    await server.store.markVerified(practice);
  });
  afterAll(async () => server.stop());

  const get = async (path: string) => {
    const response = await fetch(new URL(path, server.url));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("serves a ranked round: scenario and version, seed, duration, score, digest and the log by name and role", async () => {
    const { status, body } = await get(`api/rounds/${ranked}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: ranked,
      scenario: { id: "first-light", version: round.scenarioVersion },
      seed: round.seed,
      durationMs: 90_000,
      digest: round.worldHash,
      verified: true,
      team: "Ada",
      score: { actions: round.actions, budgetSpent: round.budgetSpent },
      players: [
        { name: "Ada", roles: ["operator"] },
        { name: "민지", roles: ["scheduler", "operator"] },
      ],
      commands: [
        { at: 20_000, player: "Ada", role: "operator", command: round.commandLog[0]?.command },
        { at: 45_000, player: "민지", role: "operator", command: round.commandLog[1]?.command },
      ],
    });
    // Session ids stay on the server.
    expect(JSON.stringify(body)).not.toContain("sessA1");
  });

  it("serves enough to replay the round to its digest", async () => {
    const replay = (await get(`api/rounds/${ranked}`)).body as unknown as RoundReplay;
    const scenario = scenarioCatalog.get(replay.scenario.id);
    if (scenario === undefined) throw new Error("unknown scenario");
    const log = replay.commands.map(({ at, player, command }) => ({ at, player, command }));
    expect(runWorld(scenario, replay.seed, log, replay.durationMs).hash).toBe(replay.digest);
  });

  it.each([
    ["a word", "api/rounds/abc"],
    ["zero", "api/rounds/0"],
    ["a negative id", "api/rounds/-1"],
    ["a fraction", "api/rounds/1.5"],
    ["an exponent", "api/rounds/1e3"],
    ["an id past any round", "api/rounds/99999999999999999999"],
    ["an injection", "api/rounds/1%20OR%201=1"],
  ])("answers 400 for %s and changes nothing", async (_what, path) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(String(body.error)).toContain("round id");
    expect(await server.store.getRound(ranked)).toMatchObject({ verified: true, team: "Ada" });
  });

  it("answers 404 for a round that is not public: unknown, practice, not yet verified", async () => {
    for (const id of [987_654, practice, pending]) {
      const { status, body } = await get(`api/rounds/${id}`);
      expect(status).toBe(404);
      expect(String(body.error)).toContain("no ranked round");
    }
    expect(await server.store.getRound(pending)).toMatchObject({ verified: false, team: "Pending" });
  });
});
