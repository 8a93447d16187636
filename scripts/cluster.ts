/**
 * `npm run start:cluster -- [--processes N] [--port P] [--public-host HOST[:PORT]] [--no-restart]`
 *
 * N game-server processes on consecutive ports (P+1 … P+N) sharing matchmaking through Redis and
 * results through PostgreSQL, behind one entry point on P (default PORT or 2567) that serves the
 * client and routes each WebSocket to the process that owns its room (server/cluster/proxy.ts).
 *
 *   DATABASE_URL  required: the shared PostgreSQL for results and leaderboards.
 *   REDIS_URL     the shared Redis; without it a throwaway redis-server is started on loopback
 *                 (Debian's redis-server), which lives as long as this command.
 *
 * A process that dies is reported, the other processes take its workshops over (their players
 * reconnect by themselves), and it is started again a second later (not with --no-restart).
 * Ctrl-C stops everything: rooms hand their workshops' logs over and the processes exit.
 */
import { parseArgs } from "node:util";
import { type LocalRedis, startLocalRedis } from "../server/cluster/localRedis.ts";
import { redact } from "../server/cluster/matchmaking.ts";
import { GameServerProcess } from "../server/cluster/processes.ts";
import { EntryProxy } from "../server/cluster/proxy.ts";

const usage =
  "usage: npm run start:cluster -- [--processes N] [--port P] [--public-host HOST[:PORT]] [--no-restart]";
const options = (() => {
  try {
    const { values } = parseArgs({
      options: {
        processes: { type: "string" },
        port: { type: "string" },
        "public-host": { type: "string" },
        "no-restart": { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    });
    if (values.help) {
      console.log(usage);
      process.exit(0);
    }
    const int = (v: string | undefined, fallback: number, min: number, max: number, name: string) => {
      const n = v === undefined || v === "" ? fallback : Number(v);
      if (!Number.isInteger(n) || n < min || n > max)
        throw new Error(`${name} must be a whole number from ${min} to ${max}`);
      return n;
    };
    const processes = int(values.processes, 2, 1, 32, "--processes");
    const port = int(values.port ?? process.env.PORT, 2567, 1, 65535 - processes, "--port (or PORT)");
    const publicHost = (values["public-host"] ?? `localhost:${port}`).replace(/\/+$/, "");
    if (/^[a-z]+:\/\//i.test(publicHost))
      throw new Error("--public-host is HOST[:PORT] without a scheme, as browsers reach this entry point");
    return { processes, port, publicHost, restart: values["no-restart"] !== true };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    process.exit(2);
  }
})();

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    "start:cluster needs DATABASE_URL: every process stores results in the same PostgreSQL, so the " +
      "leaderboards are shared (e.g. DATABASE_URL=postgres://user:pass@127.0.0.1:5432/clustercrisis).",
  );
  process.exit(2);
}

let localRedis: LocalRedis | undefined;
let redisUrl = process.env.REDIS_URL;
if (!redisUrl) {
  localRedis = await startLocalRedis().catch((error: Error) => {
    console.error(`REDIS_URL is not set and no local Redis could be started: ${error.message}`);
    process.exit(1);
  });
  redisUrl = localRedis.url;
  console.log(`[cluster] REDIS_URL is not set: started redis-server at ${redisUrl} for this run.`);
}

const ports = Array.from({ length: options.processes }, (_, i) => options.port + 1 + i);
const proxy = new EntryProxy({ ports });
const servers = new Map<number, GameServerProcess>();
let stopping = false;

function start(port: number): GameServerProcess {
  const server = new GameServerProcess({
    port,
    env: {
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      PUBLIC_ADDRESS: `${options.publicHost}/p/${port}`,
    },
    onLine: (line) => console.log(`[${port}] ${line}`),
  });
  servers.set(port, server);
  void server.exited.then(({ code, signal }) => {
    proxy.markDown(port);
    if (stopping) return;
    console.error(
      `[cluster] the game server on port ${port} stopped (${signal ?? `exit ${code}`}); the other processes ` +
        `take its workshops over.${options.restart ? " Starting it again in 1 s." : ""}`,
    );
    if (options.restart)
      setTimeout(() => {
        if (!stopping)
          start(port)
            .ready()
            .then(() => proxy.markUp(port), reportStartFailure(port));
      }, 1000);
  });
  return server;
}

function reportStartFailure(port: number) {
  return (error: Error) =>
    console.error(`[cluster] the game server on port ${port} failed: ${error.message}`);
}

async function stopAll(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log("[cluster] stopping…");
    await Promise.all([...servers.values()].map((s) => s.stop()));
    await proxy.close().catch(() => undefined);
    await localRedis?.stop();
  }
  process.exit(exitCode);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

try {
  await proxy.listen(options.port);
} catch (error) {
  console.error(`[cluster] cannot listen on port ${options.port}: ${(error as Error).message}`);
  await stopAll(1);
}
const started = ports.map(start);
try {
  await Promise.all(started.map((s) => s.ready()));
} catch (error) {
  console.error(`[cluster] ${(error as Error).message}`);
  await stopAll(1);
}
for (const port of ports) proxy.markUp(port);

console.log(
  [
    "",
    `[cluster] Cluster Crisis is running at http://${options.publicHost}/  (Ctrl-C to stop)`,
    `[cluster] ${options.processes} game-server processes on ports ${ports.join(", ")}, behind the entry point on ${options.port}`,
    `[cluster] matchmaking through Redis at ${redact(redisUrl)}, results in PostgreSQL at ${redact(databaseUrl)}`,
    "",
  ].join("\n"),
);
