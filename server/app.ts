import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineRoom, defineServer } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";
import { roomNames } from "../shared/protocol/messages.ts";
import { isDisplayName } from "../shared/protocol/names.ts";
import { puzzleRoomName } from "../shared/protocol/puzzle.ts";
import type { SharedMatchmaking } from "./cluster/matchmaking.ts";
import { processesSubscribed, TakeoverWatcher } from "./cluster/takeover.ts";
import { allowOnlyOrigins } from "./http/cors.ts";
import { GuardedHttpServer } from "./http/guard.ts";
import { DEFAULT_LIMITS, type ServerLimits } from "./limits.ts";
import { log } from "./log.ts";
import { metricsReport } from "./metrics.ts";
import { scenarioListing } from "./rooms/catalog.ts";
import { IncidentRoom } from "./rooms/IncidentRoom.ts";
import { PuzzleRoom } from "./rooms/PuzzleRoom.ts";
import { puzzleListing } from "./rooms/puzzleCatalog.ts";
import type { RoundLogStore } from "./rounds/log.ts";
import type { RoundRecorder } from "./rounds/recorder.ts";
import { leaderboardRoutes } from "./routes/leaderboards.ts";
import { mountMonitor } from "./routes/monitor.ts";
import { roundRoutes } from "./routes/rounds.ts";
import { runSheetRoutes } from "./routes/runsheet.ts";
import { workshopRoutes } from "./routes/workshops.ts";
import { runSheetNotes } from "./runsheet/notes.ts";
import type { Store } from "./store/index.ts";

/** Where `npm run build` puts the client. */
export const CLIENT_DIST = fileURLToPath(new URL("../dist/client", import.meta.url));

// Frames larger than this close the socket before any room code sees them; the
// room refuses smaller oversized messages itself with a readable error.
const MAX_FRAME_BYTES = 64 * 1024;

/**
 * The game server: Colyseus rooms, the HTTP API and the built client on one origin. Rooms hand
 * their finished rounds to `recorder`, which stores them and verifies them by replay, and write
 * each round's log to `roundLog` as it grows; the server takes over the workshops of processes
 * that died (server/cluster/takeover.ts).
 * With `matchmaking` (REDIS_URL set: see server/cluster/matchmaking.ts), several such processes
 * share matchmaking through Redis, and each advertises its own public address. `limits` bound what
 * one client may ask (server/limits.ts; main.ts reads them from the environment).
 */
export function createGameServer({
  store,
  recorder,
  roundLog,
  matchmaking,
  takeoverStaggerMs,
  limits = DEFAULT_LIMITS,
}: {
  store: Store;
  recorder: RoundRecorder;
  roundLog: RoundLogStore;
  matchmaking?: SharedMatchmaking | undefined;
  takeoverStaggerMs?: number | undefined;
  limits?: ServerLimits;
}) {
  const takeovers = new TakeoverWatcher({
    store: roundLog,
    liveProcesses: async () => (matchmaking ? processesSubscribed() : null),
    ...(takeoverStaggerMs !== undefined && { staggerMs: takeoverStaggerMs }),
  });
  allowOnlyOrigins(limits.allowedOrigins);
  const server = defineServer({
    greet: false,
    ...(matchmaking && {
      presence: matchmaking.presence,
      driver: matchmaking.driver,
      publicAddress: matchmaking.publicAddress,
      selectProcessIdToCreateRoom: matchmaking.selectProcessIdToCreateRoom,
    }),
    transport: new WebSocketTransport({ maxPayload: MAX_FRAME_BYTES, server: new GuardedHttpServer(limits) }),
    rooms: {
      // Each server's rooms record their finished rounds with that server's recorder.
      [roomNames.incident]: defineRoom(
        class extends IncidentRoom {
          override recorder = recorder;
          override roundLogStore = roundLog;
        },
      ),
      // Solo puzzles, solved ones stored under the player's name.
      [puzzleRoomName]: defineRoom(
        class extends PuzzleRoom {
          override store = store;
        },
      ),
    },
    express: (app) => {
      // Strangers learn nothing of the stack: no X-Powered-By, and errors as JSON without internals.
      app.disable("x-powered-by");
      app.get("/healthz", (_req, res) => {
        res.json({ ok: true });
      });
      // Room tick percentiles over the last `window` seconds (default 10), but of the rooms in
      // `exclude` (join codes, comma-separated), CPU and memory.
      app.get("/metrics", (req, res) => {
        const window = Number(req.query.window ?? 10);
        if (!Number.isFinite(window) || window <= 0 || window > 3600) {
          res.status(400).json({ error: "window: seconds, from 1 to 3600" });
          return;
        }
        const exclude = req.query.exclude ?? "";
        if (typeof exclude !== "string" || exclude.length > 1000) {
          res.status(400).json({ error: "exclude: room ids, comma-separated" });
          return;
        }
        res.json(metricsReport(window, new Set(exclude.split(","))));
      });
      app.get("/api/scenarios", (_req, res) => {
        res.json(scenarioListing(runSheetNotes));
      });
      app.get("/api/puzzles", (_req, res) => {
        res.json(puzzleListing());
      });
      // A player's best stars and fewest moves per puzzle.
      app.get("/api/puzzles/progress/:player", async (req, res) => {
        const player = req.params.player;
        if (!isDisplayName(player)) {
          res.status(400).json({ error: "player: a display name (1–24 letters, digits, spaces or -_.')" });
          return;
        }
        res.json(await store.puzzleProgress(player));
      });
      // The entry proxy saw a process's sockets close: look for workshops to take over now.
      app.post("/internal/takeovers/check", (_req, res) => {
        void takeovers.check();
        res.status(202).json({ checking: true });
      });
      app.use(leaderboardRoutes(store));
      app.use(roundRoutes(store));
      app.use(workshopRoutes());
      app.use(runSheetRoutes());
      mountMonitor(app);
      if (existsSync(CLIENT_DIST)) app.use(express.static(CLIENT_DIST));
      app.use(answerErrors);
    },
    // Looks every second once matchmaking is ready (server/cluster/takeover.ts).
    beforeListen: () => takeovers.start(),
  });
  server.onBeforeShutdown(() => takeovers.stop());
  return server;
}

/**
 * Express' last error handler: a request it could not parse (a malformed %-escape in the path, a bad
 * body) is a 400, anything else a 500, each as `{ error }` with no stack trace or file path (issue 18,
 * item 16); the server's own log keeps the details of a 500.
 */
function answerErrors(
  error: unknown,
  _req: express.Request,
  res: express.Response,
  _next: express.NextFunction,
): void {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status;
  const code = typeof status === "number" && status >= 400 && status < 600 ? status : 500;
  if (code >= 500) log.warn(JSON.stringify({ event: "http.error", error: String(error) }));
  if (res.headersSent) return;
  res.status(code).json({ error: code < 500 ? "bad request" : "internal error" });
}
