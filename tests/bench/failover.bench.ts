/**
 * `npm run bench:failover -- [--workshops 40] [--bots 6] [--processes 3] [--every 30] [--for 180] [--speed 10] [--scenario launch-day] [--log FILE]`
 *
 * Workshops surviving the death of their game-server process, measured. N game-server processes
 * share matchmaking and round logs through a throwaway redis-server and results through a throwaway
 * PostgreSQL, behind the entry proxy, all on loopback. Each workshop's bots (the host operates, then
 * scheduler and operator seats in turn: no one plays chaos, so the scenario's script does and the
 * rounds can rank) play through the proxy as browsers do, and reconnect by themselves when their
 * socket closes (client/net/rejoin.ts). Operators play the scenario's written moves once the launch
 * climbs (Launch Day's playbook) and cordon and uncordon nodes now and then; schedulers ask
 * kube-scheduler's scores for pending pods. A round that ends is followed by the next.
 *
 * Every `--every` seconds for `--for` seconds one process is killed with SIGKILL (in turn), and
 * started again a second later, as `npm run start:cluster` does. Per kill it prints: the workshops
 * moved; the time until the last player of each was back (p50/p99/max over them); the commands
 * lost (each bot's accepted commands missing from its round's stored command log: must be 0);
 * how many of the moved rounds ranked (verified by replay, on the scenario's board; rounds still
 * running when the bench ends are ended by their facilitator and cannot rank); and the surviving
 * processes' room tick p99 over the takeover (from their /metrics). It stops by itself.
 */
import { createWriteStream } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import pg from "pg";
import { rejoin } from "../../client/net/rejoin.ts";
import { type LocalRedis, startLocalRedis } from "../../server/cluster/localRedis.ts";
import { GameServerProcess } from "../../server/cluster/processes.ts";
import { EntryProxy } from "../../server/cluster/proxy.ts";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { SPEEDS } from "../../shared/protocol/messages.ts";
import type { Command } from "../../shared/sim/commands.ts";
import type { WorldLoggedCommand } from "../../shared/sim/world/runner.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { ownerPort } from "../support/cluster.ts";
import { startPostgres, type TestPostgres } from "../support/postgres.ts";
import { freePort, SHARED_ADDRESS_ENV } from "../support/server.ts";

const usage =
  "usage: npm run bench:failover -- [--workshops N] [--bots N] [--processes N] [--every S] [--for S] [--speed N] [--scenario ID] [--log FILE]";
const options = (() => {
  try {
    const { values } = parseArgs({
      options: {
        workshops: { type: "string" },
        bots: { type: "string" },
        processes: { type: "string" },
        every: { type: "string" },
        for: { type: "string" },
        speed: { type: "string" },
        scenario: { type: "string" },
        log: { type: "string" },
      },
      strict: true,
    });
    const int = (v: string | undefined, fallback: number, min: number, max: number, name: string) => {
      const n = v === undefined ? fallback : Number(v);
      if (!Number.isInteger(n) || n < min || n > max)
        throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
      return n;
    };
    const speed = int(values.speed, 10, 1, 60, "speed");
    if (!(SPEEDS as readonly number[]).includes(speed))
      throw new Error(`--speed must be one of ${SPEEDS.join(", ")}`);
    const scenario = values.scenario ?? "launch-day";
    if (!scenarioCatalog.has(scenario))
      throw new Error(`--scenario must be one of ${[...scenarioCatalog.keys()].join(", ")}`);
    const every = int(values.every, 30, 5, 600, "every");
    return {
      workshops: int(values.workshops, 40, 1, 200, "workshops"),
      bots: int(values.bots, 6, 1, 12, "bots"),
      processes: int(values.processes, 3, 2, 8, "processes"),
      every,
      for: int(values.for, 180, every, 3600, "for"),
      speed,
      scenario,
      /** Every line the game servers print, each after its port, for finding out what went wrong. */
      log: values.log,
    };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    process.exit(2);
  }
})();

/**
 * How long a game server may take to start: on a machine whose cores are busy with other work,
 * three loading at once took longer than GameServerProcess's default 90 s.
 */
const START_LIMIT_MS = 300_000;

type Player = Room<unknown, IncidentState>;
/** The seats of a workshop: the host operates, then scheduler and operator in turn. */
const roleOf = (seat: number) => (seat === 0 || seat % 2 === 0 ? "operator" : "scheduler");
/** Launch Day's written moves, from the launch's climb on (game ms, then the command). */
const PLAYBOOK: readonly (readonly [number, Command])[] = [
  [130_000, { type: "scale", deployment: "recommendations", replicas: 0 }],
  [
    131_000,
    {
      type: "setHpa",
      deployment: "storefront",
      minReplicas: 150,
      maxReplicas: 250,
      targetCPUUtilization: 0.6,
    },
  ],
  [
    132_000,
    { type: "setHpa", deployment: "api", minReplicas: 90, maxReplicas: 200, targetCPUUtilization: 0.6 },
  ],
  [133_000, { type: "scale", deployment: "checkout", replicas: 12 }],
];

interface Bot {
  readonly workshop: Workshop;
  readonly seat: number;
  readonly role: "operator" | "scheduler";
  room: Player;
  owner: number;
  sessionId: string;
  /** Accepted commands that change the cluster, by round: what the stored log must hold. */
  readonly accepted: Map<number, Command[]>;
  /** Commands sent, by type, waiting for their answer (answers come in order per type). */
  readonly asked: Map<string, Command[]>;
  cordoned: string | undefined;
  backAt: number;
  away: boolean;
  /** It tried to come back and could not (its seat was gone, or the workshop never came back). */
  gone: boolean;
  leaving: boolean;
}

interface Workshop {
  readonly index: number;
  code: string;
  readonly bots: Bot[];
  /** Rounds that moved, and when each move happened (by round number). */
  readonly movedRounds: Map<number, number[]>;
  playbookStep: number;
  round: number;
}

interface Kill {
  readonly at: number;
  readonly port: number;
  readonly workshops: Workshop[];
  readonly rounds: Map<Workshop, number>;
  /** ms from the kill until the last player of each moved workshop was back. */
  readonly backMs: number[];
  survivorTickP99: number;
  survivorTicks: number;
}

let redis: LocalRedis | undefined;
let postgres: TestPostgres | undefined;
let proxy: EntryProxy | undefined;
const servers: GameServerProcess[] = [];
let stopping = false;
const cleanUp = async () => {
  stopping = true;
  await Promise.all(servers.map((s) => s.stop(5000)));
  await proxy?.close();
  await redis?.stop();
  postgres?.stop();
};
process.on("SIGINT", () => void cleanUp().then(() => process.exit(130)));

const loadBefore = loadavg()[0]!;
const started = performance.now();
const workshops: Workshop[] = [];
const kills: Kill[] = [];
let pool: pg.Pool | undefined;
const serverLog = options.log === undefined ? undefined : createWriteStream(options.log);
try {
  redis = await startLocalRedis();
  postgres = await startPostgres();
  pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  const ports: number[] = [];
  while (ports.length < options.processes) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  proxy = new EntryProxy({ ports });
  const proxyPort = await proxy.listen(0, "127.0.0.1");
  const start = (i: number) => {
    const port = ports[i]!;
    const server = new GameServerProcess({
      port,
      env: {
        REDIS_URL: redis!.url,
        DATABASE_URL: postgres!.url,
        PUBLIC_ADDRESS: `127.0.0.1:${proxyPort}/p/${port}`,
        CLUSTER_CRISIS_QUIET: "0",
        // Every bot comes from this one loopback address: the per-address limits would refuse them.
        ...SHARED_ADDRESS_ENV,
      },
      ...(serverLog !== undefined && { onLine: (line: string) => serverLog!.write(`${port} ${line}\n`) }),
    });
    servers[i] = server;
    void server.exited.then(() => proxy!.markDown(port));
    return server;
  };
  await Promise.all(ports.map((_, i) => start(i).ready(START_LIMIT_MS)));
  for (const port of ports) proxy.markUp(port);
  console.error(`  ${options.processes} processes up; seating ${options.workshops} × ${options.bots} bots…`);

  for (let w = 0; w < options.workshops; w++) workshops.push(await seatWorkshop(w, proxyPort));
  for (const workshop of workshops) startRound(workshop);
  const acting = setInterval(() => {
    for (const workshop of workshops) for (const bot of workshop.bots) act(bot);
  }, 1000);

  // Kills, in turn, every `every` seconds.
  const kills = Math.floor(options.for / options.every);
  for (let k = 0; k < kills; k++) {
    await sleep(options.every * 1000);
    const i = k % options.processes;
    const kill = await killAndWatch(i, ports[i]!);
    console.error(
      `  kill ${k + 1}: port ${kill.port}, ${kill.workshops.length} workshops moved, last player back after ` +
        `${kill.backMs.length ? `${Math.max(...kill.backMs)} ms` : "–"}`,
    );
    // Started again a second later, as start:cluster does.
    await sleep(1000);
    await start(i).ready(START_LIMIT_MS);
    proxy.markUp(ports[i]!);
  }
  clearInterval(acting);

  // The rounds still running end; every round's result is stored and verified.
  for (const workshop of workshops) {
    const host = workshop.bots[0]!;
    if (host.room.state.phase === "live") host.room.send("endRound", {});
  }
  // Bounded: a round still unverified then is reported as such, not waited for.
  await waitFor(
    async () => (await pool!.query("SELECT 1 FROM rounds WHERE verified = 0")).rowCount === 0,
    180_000,
  ).catch(() => undefined);
  await report();
} finally {
  await pool?.end();
  await cleanUp();
}
process.exit(0);

async function seatWorkshop(index: number, proxyPort: number): Promise<Workshop> {
  const workshop: Workshop = { index, code: "", bots: [], movedRounds: new Map(), playbookStep: 0, round: 0 };
  for (let seat = 0; seat < options.bots; seat++) {
    const sockets: string[] = [];
    const client = new Client(`http://127.0.0.1:${proxyPort}`, {
      urlBuilder: (url) => {
        if (url.protocol.startsWith("ws")) sockets.push(url.toString());
        return url.toString();
      },
    });
    const room = (
      seat === 0
        ? await client.create("incident", {
            name: `Team ${index}`,
            // No seed of its own: the week's board seed, on which an unchanged scripted round ranks.
            scenario: options.scenario,
          })
        : await client.joinById(workshop.code, { name: `Bot ${seat}` })
    ) as Player;
    if (seat === 0) workshop.code = room.roomId;
    const bot: Bot = {
      workshop,
      seat,
      role: roleOf(seat),
      room,
      owner: ownerPort(sockets.at(-1)),
      sessionId: room.sessionId,
      accepted: new Map(),
      asked: new Map(),
      cordoned: undefined,
      backAt: 0,
      away: false,
      gone: false,
      leaving: false,
    };
    watch(bot, proxyPort);
    workshop.bots.push(bot);
    room.send("chooseRoles", { roles: [bot.role] });
  }
  return workshop;
}

function startRound(workshop: Workshop): void {
  const host = workshop.bots[0]!.room;
  workshop.playbookStep = 0;
  host.send("openBriefing", {});
  host.send("startRound", {});
  host.send("setSpeed", { speed: options.speed });
}

/** A bot's answers and its way back after a lost socket. */
function watch(bot: Bot, proxyPort: number): void {
  const room = bot.room;
  room.reconnection.enabled = false;
  room.onMessage("error", () => undefined);
  room.onMessage("commandResult", (result: { type: string; accepted: boolean }) => {
    const sent = bot.asked.get(result.type)?.shift();
    if (sent === undefined || !result.accepted || sent.type === "previewScores") return;
    const round = room.state.round;
    bot.accepted.set(round, [...(bot.accepted.get(round) ?? []), sent]);
  });
  room.onLeave((code) => {
    if (bot.leaving || stopping || code === 4000 || bot.room !== room) return;
    bot.away = true;
    // Commands without an answer were not taken: they are asked again, not counted.
    bot.asked.clear();
    const sockets: string[] = [];
    const client = new Client(`http://127.0.0.1:${proxyPort}`, {
      urlBuilder: (url) => {
        if (url.protocol.startsWith("ws")) sockets.push(url.toString());
        return url.toString();
      },
    });
    void rejoin<Player>(client, room.reconnectionToken).then((back) => {
      if (!back.ok) {
        bot.gone = true;
        console.error(
          `  bot ${bot.seat} (${bot.sessionId}) of ${bot.workshop.code} could not come back: ${back.why} (${back.message})`,
        );
        return;
      }
      bot.room = back.room;
      bot.owner = ownerPort(sockets.at(-1));
      bot.backAt = performance.now();
      bot.away = false;
      watch(bot, proxyPort);
    });
  });
}

/** What a bot does each second: about one action in seven seconds, by its role; the host runs rounds. */
function act(bot: Bot): void {
  if (bot.away) return;
  const state = bot.room.state;
  if (state.phase === undefined) return;
  const workshop = bot.workshop;
  if (bot.seat === 0 && state.phase === "debrief" && state.score.resultId > 0) {
    startRound(workshop);
    return;
  }
  if (state.phase !== "live" || state.paused) return;
  if (bot.seat === 0 && workshop.round !== state.round) {
    workshop.round = state.round;
    workshop.playbookStep = 0;
  }
  const send = (command: Command) => {
    bot.asked.set(command.type, [...(bot.asked.get(command.type) ?? []), command]);
    bot.room.send("command", command);
  };
  // The first operators play the written moves as the launch climbs.
  if (bot.role === "operator" && bot.seat === 0 && options.scenario === "launch-day") {
    const next = PLAYBOOK[workshop.playbookStep];
    if (next !== undefined && state.timeMs >= next[0]) {
      workshop.playbookStep++;
      send(next[1]);
      return;
    }
  }
  if (Math.random() >= 0.15) return;
  if (bot.role === "operator") {
    if (bot.cordoned !== undefined) {
      send({ type: "uncordon", node: bot.cordoned });
      bot.cordoned = undefined;
    } else {
      const nodes = [...(state.nodes?.keys() ?? [])];
      const node = nodes[Math.floor(Math.random() * nodes.length)];
      if (node === undefined || state.nodes.get(node)?.unschedulable) return;
      bot.cordoned = node;
      send({ type: "cordon", node });
    }
  } else {
    const pending = [...(state.pods?.values() ?? [])].filter((p) => p.nodeName === "");
    const pod = pending[Math.floor(Math.random() * pending.length)];
    if (pod !== undefined) send({ type: "previewScores", pod: pod.name });
  }
}

async function killAndWatch(i: number, port: number): Promise<Kill> {
  // The workshops this process runs: those whose host is connected to it (a host still away from an
  // earlier kill, or gone for good, is not on it).
  const moved = workshops.filter((w) => {
    const host = w.bots[0]!;
    return host.owner === port && !host.away && !host.gone;
  });
  const rounds = new Map(moved.map((w) => [w, w.bots[0]!.room.state.round] as const));
  const at = performance.now();
  for (const w of moved) {
    const round = rounds.get(w)!;
    w.movedRounds.set(round, [...(w.movedRounds.get(round) ?? []), at]);
  }
  await servers[i]!.kill();
  // Until every player of every moved workshop is back or has given up (bounded: a minute).
  const settled = (b: Bot) => b.gone || (!b.away && b.owner !== port && b.backAt >= at);
  await waitFor(async () => moved.every((w) => w.bots.every(settled)), 60_000).catch(() => undefined);
  const backMs = moved
    .filter((w) => w.bots.every((b) => b.backAt >= at && !b.gone))
    .map((w) => Math.round(Math.max(...w.bots.map((b) => b.backAt)) - at));
  const windowS = Math.max(1, Math.ceil((performance.now() - at) / 1000));
  const survivors = servers.filter((s, j) => j !== i && s.running);
  const figures = await Promise.all(survivors.map((s) => metrics(s.port, windowS)));
  const kill: Kill = {
    at,
    port,
    workshops: moved,
    rounds,
    backMs,
    survivorTickP99: Math.max(0, ...figures.map((f) => f.tickP99Ms)),
    survivorTicks: figures.reduce((sum, f) => sum + f.ticks, 0),
  };
  kills.push(kill);
  return kill;
}

async function report(): Promise<void> {
  // Each round's stored log against what its bots were told was accepted.
  const stored = new Map<
    string,
    { log: WorldLoggedCommand[]; outcome: string; verified: boolean; ranked: boolean }
  >();
  const rows = (
    await pool!.query(
      "SELECT id, team, round_key, command_log, outcome, verified, scripted, faults_played, board FROM rounds ORDER BY id",
    )
  ).rows as {
    id: number;
    team: string;
    round_key: string;
    command_log: WorldLoggedCommand[];
    outcome: string;
    verified: number;
    scripted: number;
    faults_played: number;
    board: string | null;
  }[];
  for (const row of rows) {
    const round = Number(row.round_key.split("/")[1]);
    // As the scenario's board selects its rows (server/store/migrations.ts SCENARIO_BOARD).
    const ranked =
      row.board !== null &&
      row.verified === 1 &&
      row.scripted === 1 &&
      Number(row.faults_played) === 0 &&
      (row.outcome === "resolved" || row.outcome === "survived");
    stored.set(`${row.team}#${round}`, {
      log: row.command_log,
      outcome: row.outcome,
      verified: row.verified === 1,
      ranked,
    });
  }
  /** Accepted commands its stored round lacks; undefined when the round was never stored at all. */
  const lostIn = (w: Workshop, round: number): number | undefined => {
    const log = stored.get(`Team ${w.index}#${round}`)?.log;
    if (log === undefined) return undefined;
    let lost = 0;
    for (const bot of w.bots) {
      const mine = log.filter((c) => c.player === bot.sessionId).map((c) => canonical(c.command));
      for (const command of bot.accepted.get(round) ?? []) {
        const at = mine.indexOf(canonical(command));
        if (at < 0) lost++;
        else mine.splice(at, 1);
      }
    }
    return lost;
  };
  const allRounds = workshops.flatMap((w) =>
    [...new Set([...w.bots.flatMap((b) => [...b.accepted.keys()])])].map((r) => [w, r] as const),
  );
  const lostTotal = allRounds.reduce((sum, [w, r]) => sum + (lostIn(w, r) ?? 0), 0);
  const unstoredTotal = allRounds.filter(([w, r]) => lostIn(w, r) === undefined).length;
  const acceptedTotal = workshops.reduce(
    (sum, w) =>
      sum + w.bots.reduce((s, b) => s + [...b.accepted.values()].reduce((x, list) => x + list.length, 0), 0),
    0,
  );

  const pct = (xs: number[], q: number) =>
    xs.length === 0
      ? NaN
      : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  const ms = (x: number) => (Number.isNaN(x) ? "–" : `${(x / 1000).toFixed(2)} s`);
  console.log(
    `\nbench:failover — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores, ` +
      `${options.workshops} workshops × ${options.bots} bots over ${options.processes} processes, ` +
      `${options.scenario} at ${options.speed}×, a kill every ${options.every} s for ${options.for} s, ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s in all; load average ${loadBefore.toFixed(2)} before, ` +
      `${loadavg()[0]!.toFixed(2)} after\n`,
  );
  if (loadBefore > 0.5)
    console.log("(other work was running on this machine: the figures are noisier than on an idle one)\n");
  const header = [
    "kill",
    "at",
    "moved",
    "back p50",
    "back p99",
    "back max",
    "lost",
    "ranked",
    "survivors' tick p99",
  ];
  const widths = [6, 8, 7, 10, 10, 10, 6, 10, 20];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("");
  console.log(line(header));
  for (const [k, kill] of kills.entries()) {
    const lost = kill.workshops.reduce((sum, w) => sum + (lostIn(w, kill.rounds.get(w)!) ?? 0), 0);
    const unstored = kill.workshops.filter((w) => lostIn(w, kill.rounds.get(w)!) === undefined).length;
    const ranked = kill.workshops.filter(
      (w) => stored.get(`Team ${w.index}#${kill.rounds.get(w)}`)?.ranked,
    ).length;
    const back =
      kill.backMs.length < kill.workshops.length
        ? ` (${kill.workshops.length - kill.backMs.length} not back)`
        : "";
    console.log(
      line([
        String(k + 1),
        `${((kill.at - started) / 1000).toFixed(0)} s`,
        String(kill.workshops.length),
        ms(pct(kill.backMs, 0.5)),
        ms(pct(kill.backMs, 0.99)),
        ms(kill.backMs.length ? Math.max(...kill.backMs) : NaN) + back,
        String(lost),
        `${ranked}/${kill.workshops.length}`,
        `${kill.survivorTickP99.toFixed(1)} ms${unstored > 0 ? `   (${unstored} moved rounds never stored)` : ""}`,
      ]),
    );
  }
  const rounds = [...stored.values()];
  console.log(
    `\nrounds stored: ${rounds.length} (${rounds.filter((r) => r.verified).length} verified by replay, ` +
      `${rounds.filter((r) => r.ranked).length} ranked; outcomes ${JSON.stringify(countBy(rounds.map((r) => r.outcome)))}); ` +
      `commands accepted ${acceptedTotal}, lost ${lostTotal}` +
      (unstoredTotal > 0 ? `; ${unstoredTotal} rounds with accepted commands were never stored` : "") +
      ".",
  );
  console.log(
    "moved: workshops whose host was connected to the killed process; back: from the kill until the last " +
      "player of a moved workshop had reconnected (a workshop one of whose players gave up is not back); lost: " +
      "commands a bot was told were accepted that its round's stored log lacks (a round never stored, e.g. " +
      "abandoned by everyone, is counted apart); ranked: moved rounds verified and on the " +
      "board (a round still running at the end is ended by its facilitator and cannot rank); survivors' tick " +
      "p99: the worst surviving process's room tick p99 from the kill until the last player was back.",
  );
}

/**
 * A command as text with its fields in one order: PostgreSQL's jsonb gives a stored command's fields
 * back in its own order (shorter keys first), not the order the bot wrote them in.
 */
function canonical(command: Command): string {
  return JSON.stringify(Object.fromEntries(Object.entries(command).sort(([a], [b]) => (a < b ? -1 : 1))));
}

function countBy(xs: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const x of xs) counts[x] = (counts[x] ?? 0) + 1;
  return counts;
}

async function metrics(port: number, window: number): Promise<{ tickP99Ms: number; ticks: number }> {
  try {
    return (await (await fetch(`http://127.0.0.1:${port}/metrics?window=${window}`)).json()) as {
      tickP99Ms: number;
      ticks: number;
    };
  } catch {
    return { tickP99Ms: 0, ticks: 0 };
  }
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("not reached in time");
    await sleep(200);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
