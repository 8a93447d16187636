/**
 * `npm run bench:rooms -- [--workshops N] [--clients N] [--seconds N] [--speed N] [--hostile both|with|without]`
 *
 * N workshops × M bot players playing Launch Day against one game-server process on loopback,
 * for a fixed time, then it stops by itself. The facilitators run their rounds at 10× (by
 * default) so the measured window covers the launch surge, not only the quiet first minutes. The server runs in its own process
 * so the bots' work does not count as the server's; its /metrics endpoint gives
 * the tick percentiles, CPU and memory. Prints a table beside the targets
 * (issue: 50 workshops × 6 clients, tick p99 ≤ 50 ms, ≤ 20 KB/s per client).
 *
 * With hostile neighbours (issue 18): the same run again on a fresh server plus one solo room whose
 * player sends the worst commands the bounds allow — the scenario whose cluster may grow largest
 * at 60×, every deployment scaled to the cluster's pod limit and back, the node provisioner and
 * hand-added nodes to the node limit, the largest nodes, HPAs to the limit — at the message limit.
 * The honest rooms' figures (the hostile room's ticks left out) stand side by side.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import { scenarioCatalog } from "../../server/rooms/catalog.ts";
import { MAX_MESSAGES_PER_SECOND } from "../../server/rooms/IncidentRoom.ts";
import type { Scenario } from "../../shared/sim/scenario/index.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { freePort, SHARED_ADDRESS_ENV } from "../support/server.ts";
import { actLikePlayers, type Bot, ROLES_BY_SEAT } from "./bots.ts";
import { ascending, benchOptions, gameSpeed, printTable, quantile, wholeNumber } from "./cli.ts";

const usage =
  "usage: npm run bench:rooms -- [--workshops N] [--clients N] [--seconds N] [--speed 1|2|5|10|30|60] [--hostile both|with|without]";
const options = benchOptions(
  usage,
  {
    workshops: { type: "string" },
    clients: { type: "string" },
    seconds: { type: "string" },
    speed: { type: "string" },
    hostile: { type: "string" },
  },
  (values) => {
    const hostile = values.hostile ?? "both";
    if (hostile !== "both" && hostile !== "with" && hostile !== "without")
      throw new Error(`--hostile must be both, with or without, got "${hostile}"`);
    return {
      workshops: wholeNumber(values.workshops, 50, "workshops", { max: 200 }),
      clients: wholeNumber(values.clients, 6, "clients", { max: 12 }),
      seconds: wholeNumber(values.seconds, 30, "seconds", { max: 300 }),
      speed: gameSpeed(values.speed),
      runs: hostile === "both" ? [false, true] : [hostile === "with"],
    };
  },
);

/** The scenario whose cluster may grow largest: the hostile player's. */
const hostileScenario: Scenario = [...scenarioCatalog.values()].reduce((a, b) =>
  b.limits.pods > a.limits.pods ? b : a,
);

interface Figures {
  readonly rows: [string, string, string][];
}

const results: { hostile: boolean; figures: Figures }[] = [];
for (const hostile of options.runs) results.push({ hostile, figures: await run(hostile) });
console.log(`\nbench:rooms — ${new Date().toISOString()}, Node ${process.version}\n`);
printTable(
  ["figure", ...results.map((r) => (r.hostile ? "with a hostile room" : "without")), "target"],
  results[0]!.figures.rows.map(([name, , target], i) => [
    name,
    ...results.map((r) => r.figures.rows[i]?.[1] ?? ""),
    target,
  ]),
);
process.exit(0);

async function run(withHostile: boolean): Promise<Figures> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "cluster-crisis-bench-"));
  const server: ChildProcess = spawn(process.execPath, ["server/main.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      SQLITE_PATH: join(dataDir, "bench.sqlite"),
      CLUSTER_CRISIS_QUIET: "1",
      ...SHARED_ADDRESS_ENV,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  const stopAll = () => {
    server.kill("SIGINT");
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", stopAll);

  try {
    await waitForServer(base);
    const bots: Bot[] = [];
    const joinMs: number[] = [];
    const sdk = new Client(base);
    const attach = (room: Room<unknown, IncidentState>, role: Bot["role"]): Bot => {
      const bot = { room, role, bytes: 0 };
      // Bots read the server's answers as players do (and count their bytes), but act on none.
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
    const timed = async <T>(join: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const result = await join();
      joinMs.push(performance.now() - started);
      return result;
    };

    for (let w = 0; w < options.workshops; w++) {
      const host = attach(
        await timed(() => sdk.create("incident", { name: "Host", scenario: "launch-day", seed: 1000 + w })),
        "operator",
      );
      const code = host.room.roomId;
      host.room.send("chooseRoles", { roles: ["operator"] });
      for (let c = 1; c < options.clients; c++) {
        const role = ROLES_BY_SEAT[c % ROLES_BY_SEAT.length]!;
        const bot = attach(await timed(() => sdk.joinById(code, { name: `Bot ${c}` })), role);
        bot.room.send("chooseRoles", { roles: [role] });
      }
      await sleep(50);
      host.room.send("openBriefing", {});
      host.room.send("startRound", {});
      host.room.send("setSpeed", { speed: options.speed });
    }

    const actors = actLikePlayers(bots);
    const hostile = withHostile ? await hostileNeighbour(sdk) : undefined;
    const honest = (window: number) => metrics(base, window, hostile?.room.roomId ?? "");

    const warmup = 3;
    await sleep(warmup * 1000);
    const bytesBefore = bots.map((b) => b.bytes);
    const cpuBefore = await honest(1);
    const started = performance.now();
    await sleep(options.seconds * 1000);
    const elapsed = (performance.now() - started) / 1000;
    const after = await honest(options.seconds);
    clearInterval(actors);
    hostile?.stop();

    const rates = bots.map((b, i) => (b.bytes - bytesBefore[i]!) / elapsed).sort((a, b) => a - b);
    const cpuPercent =
      ((after.cpuUserMicros! +
        after.cpuSystemMicros! -
        cpuBefore.cpuUserMicros! -
        cpuBefore.cpuSystemMicros!) /
        1e6 /
        elapsed) *
      100;
    const joins = ascending(joinMs);
    const rows: [string, string, string][] = [
      ["workshops × clients", `${options.workshops} × ${options.clients} = ${bots.length}`, "50 × 6"],
      ["scenario, speed", `launch-day at ${options.speed}×`, ""],
      ["measured for", `${elapsed.toFixed(1)} s (after ${warmup} s warm-up)`, ""],
      ["hostile room", hostile ? `${hostileScenario.id} at 60×, manages ${hostile.manages()}` : "none", ""],
      ["honest rooms' tick p50", `${after.tickP50Ms!.toFixed(2)} ms`, ""],
      ["honest rooms' tick p99", `${after.tickP99Ms!.toFixed(2)} ms`, "≤ 50 ms"],
      ["honest rooms' tick max", `${after.tickMaxMs!.toFixed(2)} ms`, ""],
      [
        "between ticks p99 / max",
        `${after.tickGapP99Ms!.toFixed(0)} / ${after.tickGapMaxMs!.toFixed(0)} ms`,
        "100 ms",
      ],
      ["server CPU", `${cpuPercent.toFixed(0)} % of one core`, ""],
      ["server memory (RSS)", `${(after.rssBytes! / 2 ** 20).toFixed(0)} MB`, ""],
      [
        "bytes/s per client (mean)",
        `${(rates.reduce((a, b) => a + b, 0) / rates.length / 1024).toFixed(2)} KB/s`,
        "≤ 20 KB/s",
      ],
      ["bytes/s per client (max)", `${((rates.at(-1) ?? 0) / 1024).toFixed(2)} KB/s`, "≤ 20 KB/s"],
      [
        "join time p50 / p99",
        `${quantile(joins, 0.5).toFixed(1)} / ${quantile(joins, 0.99).toFixed(1)} ms`,
        "",
      ],
    ];
    await Promise.all(bots.map((b) => b.room.leave().catch(() => undefined)));
    return { rows };
  } finally {
    stopAll();
    process.off("exit", stopAll);
  }
}

/**
 * A solo player who does the worst the bounds allow, at the message limit: the largest cluster at
 * 60×, every deployment scaled to the cluster's pod limit and back to none, the node provisioner
 * and hand-added nodes of the largest size up to the node limit, HPAs up to the pod limit.
 */
async function hostileNeighbour(sdk: Client) {
  const scenario = hostileScenario;
  const room = (await sdk.create("incident", { name: "Hostile", scenario: scenario.id, solo: true })) as Room<
    unknown,
    IncidentState
  >;
  room.onMessage("commandResult", () => undefined);
  room.onMessage("error", () => undefined);
  const phase = () => room.state.phase as string;
  while (phase() !== "briefing") await sleep(20);
  room.send("startRound", {});
  while (phase() !== "live") await sleep(20);
  room.send("setSpeed", { speed: 60 });
  const deployments = scenario.cluster.deployments;
  const { pods, nodes } = scenario.limits;
  const worst: Record<string, unknown>[] = [
    { type: "setNodeProvisioner", enabled: true, minNodes: nodes, maxNodes: nodes },
    ...deployments.map((d) => ({
      type: "setHpa",
      deployment: d.name,
      minReplicas: 1,
      maxReplicas: pods,
      targetCPUUtilization: 0.01,
    })),
  ];
  let turn = 0;
  let added = 0;
  const timer = setInterval(() => {
    turn++;
    const d = deployments[turn % deployments.length]!;
    const others = deployments.filter((o) => o !== d).reduce((sum, o) => sum + o.replicas, 0);
    const command =
      turn <= worst.length
        ? worst[turn - 1]
        : turn % 3 === 0
          ? {
              type: "addNode",
              name: `hostile-${added++}`,
              zone: "zone-a",
              milliCPU: 1_000_000,
              memoryBytes: 2 ** 52,
              pods: 110,
            }
          : { type: "scale", deployment: d.name, replicas: turn % 2 === 0 ? pods - others : 0 };
    room.send("command", command);
  }, 1000 / MAX_MESSAGES_PER_SECOND);
  return {
    room,
    manages: () => (room.state.slowedTo > 0 ? `${room.state.slowedTo.toFixed(1)}× (slowed itself)` : "60×"),
    stop: () => clearInterval(timer),
  };
}

async function waitForServer(base: string): Promise<void> {
  // A bound for a machine busy with other work, not a speed target.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error("the game server did not start");
}

/** The server's figures over the last `window` seconds, the room `exclude` left out. */
async function metrics(base: string, window: number, exclude: string): Promise<Record<string, number>> {
  return (await (await fetch(`${base}/metrics?window=${window}&exclude=${exclude}`)).json()) as Record<
    string,
    number
  >;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
