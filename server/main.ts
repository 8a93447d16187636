import { existsSync } from "node:fs";
import { CLIENT_DIST, createGameServer } from "./app.ts";
import { log } from "./log.ts";
import { RoundRecorder, Verifier } from "./rounds/recorder.ts";
import { openStore } from "./store/index.ts";

const port = parsePort(process.env.PORT);
const store = await openStore();
const verifier = new Verifier();
const recorder = new RoundRecorder(store, verifier);
const server = createGameServer({ store, recorder });
server.onShutdown(async () => {
  await verifier.close();
  await store.close();
});

if (!existsSync(CLIENT_DIST))
  log.warn("The client is not built: run `npm run build` (npm start does it for you).");

await server.listen(port);
// Rounds a crash left pending are replayed now, off the game loop.
void recorder.resume();
log.info(`Cluster Crisis is running at http://localhost:${port}/  (Ctrl-C to stop)`);
log.info(
  process.env.DATABASE_URL
    ? "Results are stored in PostgreSQL (DATABASE_URL)."
    : "Results are stored in SQLite under data/.",
);
// Colyseus shuts down gracefully on SIGINT/SIGTERM: rooms are disposed, then the process exits.

function parsePort(value: string | undefined): number {
  if (value === undefined || value === "") return 2567;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`PORT must be a whole number from 1 to 65535, got "${value}"`);
    process.exit(2);
  }
  return n;
}
