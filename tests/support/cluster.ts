import { Client } from "@colyseus/sdk";
import pg from "pg";
import { type LocalRedis, startLocalRedis } from "../../server/cluster/localRedis.ts";
import { GameServerProcess } from "../../server/cluster/processes.ts";
import { EntryProxy } from "../../server/cluster/proxy.ts";
import { freePort, SHARED_ADDRESS_ENV } from "./server.ts";

/**
 * A local cluster for the tests: a throwaway redis-server, N game-server processes (the real
 * `server/main.ts`, each its own Node process) sharing it and one PostgreSQL database, and the
 * entry proxy in front, all on loopback. Each process advertises `127.0.0.1:<proxy>/p/<port>`.
 */
export interface TestCluster {
  readonly redis: LocalRedis;
  readonly proxy: EntryProxy;
  readonly proxyPort: number;
  readonly processes: GameServerProcess[];
  /** Starts process `i` again on its port (after a kill), and waits until it serves. */
  revive(i: number): Promise<GameServerProcess>;
  stop(): Promise<void>;
}

export async function startCluster({
  processes: count,
  databaseUrl,
  env = {},
}: {
  processes: number;
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<TestCluster> {
  const redis = await startLocalRedis();
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  const proxy = new EntryProxy({ ports });
  const proxyPort = await proxy.listen(0, "127.0.0.1");
  const start = (port: number) => {
    const server = new GameServerProcess({
      port,
      env: {
        REDIS_URL: redis.url,
        DATABASE_URL: databaseUrl,
        PUBLIC_ADDRESS: `127.0.0.1:${proxyPort}/p/${port}`,
        // The tests read the processes' start-up lines, which `npm test` otherwise silences.
        CLUSTER_CRISIS_QUIET: "0",
        ...SHARED_ADDRESS_ENV,
        ...env,
      },
    });
    void server.exited.then(() => proxy.markDown(port));
    return server;
  };
  const processes = ports.map(start);
  const revive = async (i: number) => {
    const server = start(ports[i]!);
    processes[i] = server;
    await server.ready();
    proxy.markUp(ports[i]!);
    return server;
  };
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop(5000)));
    await proxy.close();
    await redis.stop();
  };
  try {
    await Promise.all(processes.map((p) => p.ready()));
  } catch (error) {
    await stop();
    throw error;
  }
  return { redis, proxy, proxyPort, processes, revive, stop };
}

/**
 * A Colyseus client whose matchmaking requests go to one process (by its own port), and which
 * notes the WebSocket URLs it opens (they name the process that owns the room: `/p/<port>/`).
 */
export function clientVia(port: number): { client: Client; sockets: string[] } {
  const sockets: string[] = [];
  const client = new Client(`http://127.0.0.1:${port}`, {
    urlBuilder: (url) => {
      if (url.protocol.startsWith("ws")) sockets.push(url.toString());
      return url.toString();
    },
  });
  return { client, sockets };
}

/** The port of the process a WebSocket URL (through the entry proxy) leads to. */
export function ownerPort(socketUrl: string | undefined): number {
  const match = /\/p\/(\d+)\//.exec(socketUrl ?? "");
  if (!match) throw new Error(`not a WebSocket URL through the entry proxy: ${socketUrl}`);
  return Number(match[1]);
}

/** A fresh, empty database in the test PostgreSQL server; dropped by `drop()`. */
export async function temporaryDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cluster_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new pg.Client({ connectionString: serverUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}
