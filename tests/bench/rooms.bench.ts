/**
 * `npm run bench:rooms -- [--workshops N] [--clients N] [--seconds N] [--speed N]`
 *
 * N workshops × M bot players playing Launch Day against one game-server process on loopback,
 * for a fixed time, then it stops by itself. The facilitators run their rounds at 10× (by
 * default) so the measured window covers the launch surge, not only the quiet first minutes. The server runs in its own process
 * so the bots' work does not count as the server's; its /metrics endpoint gives
 * the tick percentiles, CPU and memory. Prints a table beside the targets
 * (issue: 50 workshops × 6 clients, tick p99 ≤ 50 ms, ≤ 20 KB/s per client).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Client, type Room } from "@colyseus/sdk";
import { SPEEDS } from "../../shared/protocol/messages.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { freePort, SHARED_ADDRESS_ENV } from "../support/server.ts";
import { actLikePlayers, type Bot, ROLES_BY_SEAT } from "./bots.ts";

const usage =
  "usage: npm run bench:rooms -- [--workshops N] [--clients N] [--seconds N] [--speed 1|2|5|10|30|60]";
const options = (() => {
  try {
    const { values } = parseArgs({
      options: {
        workshops: { type: "string" },
        clients: { type: "string" },
        seconds: { type: "string" },
        speed: { type: "string" },
      },
      strict: true,
    });
    const int = (v: string | undefined, fallback: number, max: number, name: string) => {
      const n = v === undefined ? fallback : Number(v);
      if (!Number.isInteger(n) || n < 1 || n > max)
        throw new Error(`--${name} must be a whole number from 1 to ${max}`);
      return n;
    };
    return {
      workshops: int(values.workshops, 50, 200, "workshops"),
      clients: int(values.clients, 6, 12, "clients"),
      seconds: int(values.seconds, 30, 300, "seconds"),
      speed: (() => {
        const speed = int(values.speed, 10, 60, "speed");
        if (!(SPEEDS as readonly number[]).includes(speed))
          throw new Error(`--speed must be one of ${SPEEDS.join(", ")}`);
        return speed;
      })(),
    };
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    process.exit(2);
  }
})();

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
process.on("exit", stopAll);

try {
  await waitForServer();
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

  const warmup = 3;
  await sleep(warmup * 1000);
  const bytesBefore = bots.map((b) => b.bytes);
  const cpuBefore = (await metrics(1)) as Record<string, number>;
  const started = performance.now();
  await sleep(options.seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  const after = (await metrics(options.seconds)) as Record<string, number>;
  clearInterval(actors);

  const rates = bots.map((b, i) => (b.bytes - bytesBefore[i]!) / elapsed).sort((a, b) => a - b);
  const cpuPercent =
    ((after.cpuUserMicros! + after.cpuSystemMicros! - cpuBefore.cpuUserMicros! - cpuBefore.cpuSystemMicros!) /
      1e6 /
      elapsed) *
    100;
  const pct = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
  const rows: [string, string, string][] = [
    ["workshops × clients", `${options.workshops} × ${options.clients} = ${bots.length}`, "50 × 6"],
    ["scenario, speed", `launch-day at ${options.speed}×`, ""],
    ["measured for", `${elapsed.toFixed(1)} s (after ${warmup} s warm-up)`, ""],
    ["server tick p50", `${after.tickP50Ms!.toFixed(2)} ms`, ""],
    ["server tick p99", `${after.tickP99Ms!.toFixed(2)} ms`, "≤ 50 ms"],
    ["server tick max", `${after.tickMaxMs!.toFixed(2)} ms`, ""],
    ["server CPU", `${cpuPercent.toFixed(0)} % of one core`, ""],
    ["server memory (RSS)", `${(after.rssBytes! / 2 ** 20).toFixed(0)} MB`, ""],
    [
      "bytes/s per client (mean)",
      `${(rates.reduce((a, b) => a + b, 0) / rates.length / 1024).toFixed(2)} KB/s`,
      "≤ 20 KB/s",
    ],
    ["bytes/s per client (max)", `${((rates.at(-1) ?? 0) / 1024).toFixed(2)} KB/s`, "≤ 20 KB/s"],
    ["join time p50 / p99", `${pct(joinMs, 0.5).toFixed(1)} / ${pct(joinMs, 0.99).toFixed(1)} ms`, ""],
  ];
  console.log(`\nbench:rooms — ${new Date().toISOString()}, Node ${process.version}\n`);
  console.log(`${"figure".padEnd(28)}${"measured".padEnd(40)}target`);
  for (const [name, value, target] of rows) console.log(`${name.padEnd(28)}${value.padEnd(40)}${target}`);
  await Promise.all(bots.map((b) => b.room.leave().catch(() => undefined)));
} finally {
  stopAll();
}
process.exit(0);

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error("the game server did not start");
}

async function metrics(window: number): Promise<unknown> {
  return (await fetch(`${base}/metrics?window=${window}`)).json();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
