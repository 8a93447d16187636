/**
 * `npm run bench:replay`: what watching a stored round costs, in Node, on one core. The browser's
 * worker runs this same code (client/replay/), so the figures show its shape there too.
 *
 * For a long round of Launch Day (10 game minutes) and Thousand Services (20), each played by its
 * playbook on one seed:
 * - the pass: the whole round replayed once with key frames, in game seconds per real second;
 * - a jump to a moment (the cluster at t and its frame for the screen) with key frames every 10
 *   game seconds, p50/p99 over moments in random order, against the same without key frames
 *   (replayed from the start each time);
 * - the key frames' size, and the size of the replay's download (GET /api/rounds/:id's JSON).
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { ReplayFrames } from "../../client/replay/frame.ts";
import { KEYFRAME_EVERY_MS, Replayer } from "../../client/replay/replayer.ts";
import type { RoundReplay } from "../../shared/protocol/replay.ts";
import { commandRoles } from "../../shared/sim/commands.ts";
import { loadScenario } from "../../shared/sim/scenario/index.ts";
import { parseWorldCommandLog } from "../../shared/sim/world/runner.ts";
import { benchOptions, printTable, quantile, wholeNumber } from "./cli.ts";

const USAGE = "usage: npm run bench:replay -- [--jumps N (default 40)] [--seed N (default 7)]";
const options = benchOptions(USAGE, { jumps: { type: "string" }, seed: { type: "string" } }, (v) => ({
  jumps: wholeNumber(v.jumps, 40, "jumps", { max: 1_000 }),
  seed: wholeNumber(v.seed, 7, "seed", { min: 0 }),
}));

/** A seeded order of moments (the bench is repeatable): mulberry32. */
function moments(count: number, durationMs: number, seed: number): number[] {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Math.floor(next() * durationMs));
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const MiB = 1024 ** 2;

const rows: string[][] = [];
for (const [id, minutes] of [
  ["launch-day", 10],
  ["thousand-services", 20],
] as const) {
  const scenario = loadScenario(readFileSync(`shared/scenarios/${id}.yaml`, "utf8"));
  const log = parseWorldCommandLog(readFileSync(`shared/scenarios/playbooks/${id}.jsonl`, "utf8"));
  const durationMs = minutes * 60_000;
  const replay: RoundReplay = {
    id: 1,
    scenario: { id, version: scenario.version },
    seed: options.seed,
    scripted: true,
    durationMs,
    digest: "",
    verified: true,
    board: null,
    team: "Bench",
    outcome: "resolved",
    score: { timeToRecoveryMs: null, budgetSpent: 0, actions: log.length },
    finishedAt: new Date(0).toISOString(),
    players: [{ name: "Bench", roles: ["operator", "scheduler"] }],
    commands: log.map(({ at, command }) => ({
      at,
      player: "Bench",
      role: commandRoles[command.type],
      command,
    })),
  };
  const download = Buffer.byteLength(JSON.stringify(replay));

  const replayer = new Replayer(scenario, replay);
  const started = performance.now();
  replayer.playOn(durationMs);
  const passMs = performance.now() - started;
  const keyframeBytes = replayer.keyframeSizes().reduce((sum, size) => sum + size, 0);

  const frames = new ReplayFrames(scenario, replay);
  const jump = (r: Replayer, t: number) => {
    const begin = performance.now();
    frames.frame(r, t);
    return performance.now() - begin;
  };
  const withKeyframes = moments(options.jumps, durationMs, options.seed).map((t) => jump(replayer, t));
  withKeyframes.sort((a, b) => a - b);
  // Without key frames: the only one is the start, so every jump replays from 0.
  const bare = new Replayer(scenario, replay, { keyframeEveryMs: Number.POSITIVE_INFINITY });
  bare.playOn(durationMs);
  const fewer = Math.max(3, Math.floor(options.jumps / 8));
  const withoutKeyframes = moments(fewer, durationMs, options.seed + 1).map((t) => jump(bare, t));
  withoutKeyframes.sort((a, b) => a - b);

  rows.push([
    `${id} (${minutes} min)`,
    `${(durationMs / passMs).toFixed(0)}`,
    `${(passMs / 1000).toFixed(1)} s`,
    `${ms(quantile(withKeyframes, 0.5))} / ${ms(quantile(withKeyframes, 0.99))}`,
    `${ms(quantile(withoutKeyframes, 0.5))} / ${ms(quantile(withoutKeyframes, 0.99))}`,
    `${replayer.keyframeCount} · ${(keyframeBytes / MiB).toFixed(1)} MiB`,
    `${(download / 1024).toFixed(1)} KiB`,
  ]);
}

console.log(
  `Replays on one core (Node ${process.version}), key frames every ${KEYFRAME_EVERY_MS / 1000} game s; ` +
    `jumps: ${options.jumps} moments with key frames, ${Math.max(3, Math.floor(options.jumps / 8))} without, seed ${options.seed}.`,
);
printTable(
  [
    "round",
    "pass (game s / s)",
    "pass",
    "jump p50 / p99 (key frames)",
    "jump p50 / p99 (from the start)",
    "key frames · JSON size",
    "download",
  ],
  rows,
);
