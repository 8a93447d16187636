import { existsSync } from "node:fs";
import { CLIENT_DIST, createGameServer } from "./app.ts";
import { ClusterConfigError, confirmSharedMatchmaking, sharedMatchmaking } from "./cluster/matchmaking.ts";
import { LimitsError, limitsFromEnv } from "./limits.ts";
import { log } from "./log.ts";
import { openRoundLog } from "./rounds/openLog.ts";
import { RoundRecorder, Verifier } from "./rounds/recorder.ts";
import { openStore, StoreError, storeDescription } from "./store/index.ts";

const port = parsePort(process.env.PORT);
const limits = readLimits();
// REDIS_URL: one of several processes sharing matchmaking (see the README's deployment guide).
const matchmaking = await sharedMatchmaking(process.env, port).catch(refuseToStart);
if (matchmaking && !process.env.DATABASE_URL)
  log.warn(
    "REDIS_URL is set without DATABASE_URL: each process keeps its own SQLite results; " +
      "set DATABASE_URL so every process shares one PostgreSQL leaderboard.",
  );
const store = await openStore().catch(refuseToStart);
const verifier = new Verifier();
const recorder = new RoundRecorder(store, verifier);
// Each round's log, so that another process (or this one, restarted) can take its workshop over.
const roundLog = openRoundLog();
const takeoverStaggerMs = parseStagger(process.env.TAKEOVER_STAGGER_MS);
const server = createGameServer({ store, recorder, roundLog, matchmaking, takeoverStaggerMs, limits });
let stopSweep = () => {};
server.onShutdown(async () => {
  stopSweep();
  await verifier.close();
  await roundLog.shutdown();
  await store.close();
});

if (!existsSync(CLIENT_DIST))
  log.warn("The client is not built: run `npm run build` (npm start does it for you).");

await server.listen(port);
if (matchmaking) stopSweep = await confirmSharedMatchmaking(matchmaking).catch(refuseToStart);
// Rounds a crash left pending are replayed now, off the game loop.
void recorder.resume();
log.info(`Cluster Crisis is running at http://localhost:${port}/  (Ctrl-C to stop)`);
log.info(storeDescription());
log.info(`Rounds' logs go to ${roundLog.where}: a workshop whose process dies is taken over.`);
// Colyseus shuts down gracefully on SIGINT/SIGTERM: rooms are disposed, then the process exits.

function refuseToStart(error: unknown): never {
  if (!(error instanceof ClusterConfigError || error instanceof StoreError)) throw error;
  console.error(`Cluster Crisis cannot start: ${error.message}`);
  process.exit(1);
}

function parseStagger(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 60_000) {
    console.error(`TAKEOVER_STAGGER_MS must be a whole number of ms from 0 to 60000, got "${value}"`);
    process.exit(2);
  }
  return n;
}

function readLimits() {
  try {
    return limitsFromEnv(process.env);
  } catch (error) {
    if (!(error instanceof LimitsError)) throw error;
    console.error(`Cluster Crisis cannot start: ${error.message}`);
    process.exit(2);
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === "") return 2567;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`PORT must be a whole number from 1 to 65535, got "${value}"`);
    process.exit(2);
  }
  return n;
}
