/**
 * `npm run bench:cluster -- [--processes 1,2] [--players 90,240,480] [--clients N] [--seconds N] [--speed N]`
 *
 * Concurrent players against the server's tick p99, for one and for two game-server processes
 * sharing matchmaking through Redis (and results through PostgreSQL), on this machine, loopback
 * only. The bots are those of bench:rooms (tests/bench/rooms.bench.ts): workshops of M players
 * playing Launch Day at 10×, each acting by its role about once every seven seconds. Workshop w
 * is created through process w mod N and its other players join through the next process, so
 * matchmaking crosses processes as in production; each bot's WebSocket goes straight to the
 * process that owns its room (publicAddress = that process's loopback address: no proxy, so
 * the figures are the game servers' alone). A fresh set of processes serves each process count.
 *
 * Per run it prints: the worst process's tick p50/p99/max (from each process's /metrics), the
 * share of ticks that ran (10 per room per second expected: fewer means the event loop fell
 * behind), the servers' CPU, the bots' own CPU (they share this machine's cores), and bytes/s
 * per client. Then the scaling factor: players served within the target (tick p99 ≤ 50 ms and
 * ≥ 95 % of ticks run) with two processes over one, and tick p99 with one over two, per load.
 * It stops by itself: at the defaults about three minutes.
 */
import { cpus, loadavg } from "node:os";
import { Client, type Room } from "@colyseus/sdk";
import { type LocalRedis, startLocalRedis } from "../../server/cluster/localRedis.ts";
import { GameServerProcess } from "../../server/cluster/processes.ts";
import { TICK_REAL_MS } from "../../server/rooms/IncidentRoom.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { freePort, SHARED_ADDRESS_ENV } from "../support/server.ts";
import { actLikePlayers, type Bot, ROLES_BY_SEAT } from "./bots.ts";
import { benchOptions, gameSpeed, printTable, wholeNumber } from "./cli.ts";

const TARGET_P99_MS = 50;
const TARGET_TICKS_RUN = 0.95;
const WARMUP_S = 3;

const usage =
  "usage: npm run bench:cluster -- [--processes 1,2] [--players 90,240,480] [--clients N] [--seconds N] [--speed N]";
const options = benchOptions(
  usage,
  {
    processes: { type: "string" },
    players: { type: "string" },
    clients: { type: "string" },
    seconds: { type: "string" },
    speed: { type: "string" },
  },
  (values) => {
    const list = (raw: string | boolean | undefined, fallback: string, max: number, flag: string) =>
      String(raw ?? fallback)
        .split(",")
        .map((x) => wholeNumber(x.trim(), 0, flag, { max }));
    return {
      processes: list(values.processes, "1,2", 8, "processes"),
      players: list(values.players, "90,240,480", 1200, "players"),
      clients: wholeNumber(values.clients, 6, "clients", { max: 12 }),
      seconds: wholeNumber(values.seconds, 10, "seconds", { max: 120 }),
      speed: gameSpeed(values.speed),
    };
  },
);

interface Metrics {
  ticks: number;
  tickP50Ms: number;
  tickP99Ms: number;
  tickMaxMs: number;
  cpuUserMicros: number;
  cpuSystemMicros: number;
}

interface Row {
  processes: number;
  players: number;
  workshops: number;
  spread: string;
  p50: number;
  p99: number;
  /** Each process's tick p99. */
  p99s: number[];
  /** The machine's 1-minute load average when the run ended. */
  load: number;
  max: number;
  ticksRun: number;
  serverCpu: number;
  botCpu: number;
  kbPerClient: number;
}

let redis: LocalRedis | undefined;
let postgres: TestPostgres | undefined;
let servers: GameServerProcess[] = [];
const cleanUp = async () => {
  await Promise.all(servers.map((s) => s.stop(5000)));
  await redis?.stop();
  postgres?.stop();
};
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

const rows: Row[] = [];
const started = performance.now();
/** The machine's load average before the run: other work on these cores skews every figure. */
const loadBefore = loadavg()[0]!;
try {
  redis = await startLocalRedis();
  postgres = await startPostgres();
  for (const n of options.processes) {
    servers = await startServers(n);
    for (const players of options.players) {
      const row = await run(n, players);
      rows.push(row);
      console.error(
        `  ${n} process(es), ${row.players} players: tick p99 ${row.p99.toFixed(2)} ms, ` +
          `${(row.ticksRun * 100).toFixed(0)} % of ticks run`,
      );
    }
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
  }
} finally {
  await cleanUp();
}
report();
process.exit(0);

async function startServers(n: number): Promise<GameServerProcess[]> {
  const list: GameServerProcess[] = [];
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    list.push(
      new GameServerProcess({
        port,
        env: {
          REDIS_URL: redis!.url,
          DATABASE_URL: postgres!.url,
          PUBLIC_ADDRESS: `127.0.0.1:${port}`,
          CLUSTER_CRISIS_QUIET: "1",
          ...SHARED_ADDRESS_ENV,
        },
      }),
    );
  }
  await Promise.all(list.map((s) => s.ready()));
  return list;
}

async function run(n: number, players: number): Promise<Row> {
  const workshops = Math.max(1, Math.round(players / options.clients));
  const bots: Bot[] = [];
  const owners = new Map<string, number>();
  const sdk = (i: number) =>
    new Client(`http://127.0.0.1:${servers[i % n]!.port}`, {
      urlBuilder: (url) => {
        if (url.protocol.startsWith("ws")) owners.set(url.pathname.split("/").at(-1)!, Number(url.port));
        return url.toString();
      },
    });
  const attach = (room: Room<unknown, IncidentState>, role: Bot["role"]): Bot => {
    const bot = { room, role, bytes: 0 };
    room.onMessage("commandResult", () => undefined);
    room.onMessage("error", () => undefined);
    const events = room.connection.events;
    const original = events.onmessage;
    events.onmessage = (event: MessageEvent) => {
      bot.bytes += (event.data as ArrayBuffer).byteLength ?? 0;
      original?.(event);
    };
    bots.push(bot);
    return bot;
  };

  for (let w = 0; w < workshops; w++) {
    const host = attach(
      await sdk(w).create("incident", { name: "Host", scenario: "launch-day", seed: 1000 + w }),
      "operator",
    );
    host.room.send("chooseRoles", { roles: ["operator"] });
    for (let c = 1; c < options.clients; c++) {
      const role = ROLES_BY_SEAT[c % ROLES_BY_SEAT.length]!;
      const bot = attach(await sdk(w + 1).joinById(host.room.roomId, { name: `Bot ${c}` }), role);
      bot.room.send("chooseRoles", { roles: [role] });
    }
    await sleep(50);
    host.room.send("openBriefing", {});
    host.room.send("startRound", {});
    host.room.send("setSpeed", { speed: options.speed });
  }

  const actors = actLikePlayers(bots);

  await sleep(WARMUP_S * 1000);
  const bytesBefore = bots.map((b) => b.bytes);
  const cpuBefore = await Promise.all(servers.map((s) => metrics(s.port, 1)));
  const botCpuBefore = process.cpuUsage();
  const t0 = performance.now();
  await sleep(options.seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const botCpu = process.cpuUsage(botCpuBefore);
  const after = await Promise.all(servers.map((s) => metrics(s.port, options.seconds)));
  clearInterval(actors);

  const cpu = (m: Metrics) => m.cpuUserMicros + m.cpuSystemMicros;
  const serverCpu = after.reduce((sum, m, i) => sum + cpu(m) - cpu(cpuBefore[i]!), 0) / 1e6 / elapsed;
  const perProcess = servers.map((s) => [...owners.values()].filter((p) => p === s.port).length);
  const bytes = bots.reduce((sum, b, i) => sum + b.bytes - bytesBefore[i]!, 0);
  const row: Row = {
    processes: n,
    players: bots.length,
    workshops,
    spread: perProcess.join("+"),
    p50: Math.max(...after.map((m) => m.tickP50Ms)),
    p99: Math.max(...after.map((m) => m.tickP99Ms)),
    p99s: after.map((m) => m.tickP99Ms),
    load: loadavg()[0]!,
    max: Math.max(...after.map((m) => m.tickMaxMs)),
    ticksRun:
      after.reduce((sum, m) => sum + m.ticks, 0) / (workshops * options.seconds * (1000 / TICK_REAL_MS)),
    serverCpu: serverCpu * 100,
    botCpu: ((botCpu.user + botCpu.system) / 1e6 / elapsed) * 100,
    kbPerClient: bytes / bots.length / elapsed / 1024,
  };
  for (const bot of bots) bot.room.reconnection.enabled = false;
  await Promise.all(bots.map((b) => Promise.race([b.room.leave().catch(() => undefined), sleep(2000)])));
  await sleep(1500); // the emptied rooms dispose
  return row;
}

function report(): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `\nbench:cluster — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores, ` +
      `launch-day at ${options.speed}×, ${options.clients} players per workshop, ` +
      `${options.seconds} s measured after ${WARMUP_S} s, ${seconds} s in all; ` +
      `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after\n`,
  );
  if (loadBefore > 0.5)
    console.log("(other work was running on this machine: the figures are noisier than on an idle one)\n");
  const header = [
    "processes",
    "players",
    "workshops",
    "tick p50",
    "tick p99",
    "p99 per process",
    "tick max",
    "ticks run",
    "server CPU",
    "bots' CPU",
    "KB/s/client",
    "load",
  ];
  printTable(
    header,
    rows.map((r) => [
      String(r.processes),
      String(r.players),
      `${r.workshops} (${r.spread})`,
      `${r.p50.toFixed(2)} ms`,
      `${r.p99.toFixed(2)} ms`,
      r.p99s.map((p) => p.toFixed(1)).join(" / "),
      `${r.max.toFixed(1)} ms`,
      `${(r.ticksRun * 100).toFixed(0)} %`,
      `${r.serverCpu.toFixed(0)} %`,
      `${r.botCpu.toFixed(0)} %`,
      r.kbPerClient.toFixed(2),
      r.load.toFixed(1),
    ]),
  );
  console.log(
    `\ntick p50/p99/max: the worst process's (with two, the worse of two p99s: biased upward); ticks run: ` +
      `of 10 per room per second; CPU: % of one core (servers summed); load: the machine's 1-minute load ` +
      `average at the end of the run.\nTarget: tick p99 ≤ ${TARGET_P99_MS} ms with ≥ ${TARGET_TICKS_RUN * 100} % of ticks run.`,
  );

  const one = rows.filter((r) => r.processes === 1);
  const two = rows.filter((r) => r.processes === 2);
  if (one.length === 0 || two.length === 0) return;
  // The largest load such that it, and every smaller load tested, met the target.
  const within = (rs: Row[]) => {
    let served = 0;
    for (const r of [...rs].sort((a, b) => a.players - b.players)) {
      if (r.p99 > TARGET_P99_MS || r.ticksRun < TARGET_TICKS_RUN) break;
      served = r.players;
    }
    return served;
  };
  const [cap1, cap2] = [within(one), within(two)];
  const topTested = Math.max(...two.map((r) => r.players));
  console.log("\nscaling, 2 processes over 1:");
  console.log(
    `  players within target: ${cap1} → ${cap2}` +
      (cap1 > 0
        ? `  (×${(cap2 / cap1).toFixed(2)}${cap2 === topTested ? ", at least: the largest load tested" : ""})`
        : ""),
  );
  for (const r1 of one) {
    const r2 = two.find((r) => r.players === r1.players);
    if (r2)
      console.log(
        `  ${String(r1.players).padStart(4)} players: tick p99 ${r1.p99.toFixed(2)} → ${r2.p99.toFixed(2)} ms ` +
          `(×${(r1.p99 / Math.max(r2.p99, 0.001)).toFixed(2)}), ticks run ${(r1.ticksRun * 100).toFixed(0)} → ` +
          `${(r2.ticksRun * 100).toFixed(0)} %`,
      );
  }
  const heaviest = [...rows].sort((a, b) => b.players - a.players)[0]!;
  console.log(
    `\n${cpus().length} cores shared by the game servers, the bots (${heaviest.botCpu.toFixed(0)} % of a core at ` +
      `${heaviest.players} players), Redis and PostgreSQL: a second process can only scale with a core of its own.`,
  );
}

async function metrics(port: number, window: number): Promise<Metrics> {
  return (await (await fetch(`http://127.0.0.1:${port}/metrics?window=${window}`)).json()) as Metrics;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
