import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ColyseusTestServer } from "@colyseus/testing";
import { createGameServer } from "../../server/app.ts";
import { DEFAULT_LIMITS, type ServerLimits, UNLIMITED_RATES } from "../../server/limits.ts";
import { RoundRecorder, Verifier } from "../../server/rounds/recorder.ts";
import { SqlRoundLog } from "../../server/rounds/sqlLog.ts";
import { SqliteStore } from "../../server/store/sqlite.ts";

/**
 * The environment that lifts the per-address rate limits of a server process (server/limits.ts), for
 * benchmarks and test clusters whose many clients all come from 127.0.0.1.
 */
export const SHARED_ADDRESS_ENV = {
  CREATES_PER_ADDRESS_PER_MINUTE: "1000000",
  CREATES_PER_MINUTE: "1000000",
  MATCHMAKING_PER_ADDRESS_PER_MINUTE: "1000000",
  JOINS_PER_ADDRESS_PER_MINUTE: "1000000",
} as const;

/** A free loopback port, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A SQLite store in a fresh temporary folder, removed on close. */
export function temporaryStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), "cluster-crisis-test-"));
  const store = new SqliteStore(join(dir, "results.sqlite"));
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  };
  return store;
}

/**
 * The real game server (rooms, HTTP API, built client) on a free loopback port, with a temporary store.
 * Every test client comes from 127.0.0.1, so the per-address rate limits are off unless a test
 * about them passes its own `limits`.
 */
export async function startGameServer(limits: ServerLimits = { ...DEFAULT_LIMITS, ...UNLIMITED_RATES }) {
  const port = await freePort();
  const store = temporaryStore();
  const verifier = new Verifier();
  const recorder = new RoundRecorder(store, verifier);
  const roundLog = SqlRoundLog.sqlite(store.path);
  const server = createGameServer({ store, recorder, roundLog, limits });
  await server.listen(port, "127.0.0.1");
  const release = async () => {
    await recorder.idle();
    await verifier.close();
    await roundLog.shutdown();
    await store.close();
  };
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/`,
    store,
    recorder,
    stop: async () => {
      await server.gracefullyShutdown(false);
      await release();
    },
    /** After the server stopped: the verifications under way end, then the worker and the store close. */
    release,
  };
}

/**
 * The game server under `@colyseus/testing`. (`boot()` given a Server instance ignores its
 * port argument and always binds 2568, so it is not used.)
 */
export async function bootTestServer() {
  const { server, port, store, recorder, release } = await startGameServer();
  const colyseus = new ColyseusTestServer(server);
  return {
    colyseus,
    port,
    store,
    recorder,
    close: async () => {
      await colyseus.shutdown();
      await release();
    },
  };
}
