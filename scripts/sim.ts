/**
 * `npm run sim -- --scenario <name|file.yaml> --seed <n> [--until <game s>] [--no-script]
 *                 [--commands <file.jsonl>] [--trace <out.jsonl>] [--summary]`
 *
 * Runs a scenario headless on the World (shared/sim/world) as fast as the CPU allows, as the game
 * rooms do: by default until the round ends as a room would end it (resolved, survived or failed,
 * at the latest at the scenario's time limit); `--until` runs exactly that long whatever happens.
 * `--no-script` leaves out the scenario's scripted faults, as a round with a human chaos agent does.
 * The trace is JSON lines `{ "t": <sim ms>, "kind": "...", ... }`; the summary is JSON with the
 * round's outcome and score. The same inputs give a byte-identical trace. Wrong arguments or a
 * broken file: a message, exit 2.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadScenario } from "../shared/sim/scenario/index.ts";
import { parseWorldCommandLog, runWorld } from "../shared/sim/world/runner.ts";

const USAGE =
  "usage: npm run sim -- --scenario <name|file.yaml> --seed <n> [--until <game seconds>] [--no-script] [--commands <file.jsonl>] [--trace <out.jsonl>] [--summary]";

function fail(message: string): never {
  console.error(`sim: ${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        scenario: { type: "string" },
        seed: { type: "string" },
        until: { type: "string" },
        commands: { type: "string" },
        trace: { type: "string" },
        summary: { type: "boolean" },
        "no-script": { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

if (!values.scenario) fail("--scenario is required");
if (values.seed === undefined) fail("--seed is required");
const seed = Number(values.seed);
if (!/^\d+$/.test(values.seed) || !Number.isSafeInteger(seed))
  fail(`--seed must be a whole number ≥ 0, got "${values.seed}"`);
const untilS = values.until === undefined ? null : Number(values.until);
if (untilS !== null && (!Number.isFinite(untilS) || untilS <= 0 || untilS > 7 * 24 * 3600))
  fail(`--until must be game seconds > 0, got "${values.until}"`);

const named = values.scenario;
const scenarioPath = /\.ya?ml$/.test(named) ? named : `shared/scenarios/${named}.yaml`;
if (!existsSync(scenarioPath)) fail(`no scenario at ${scenarioPath}`);
const readCommands = (): string | null => {
  if (!values.commands) return null;
  if (!existsSync(values.commands)) fail(`no command log at ${values.commands}`);
  return readFileSync(values.commands, "utf8");
};

// Lines are written as they come, so a long trace never sits in memory whole.
const traceFile = values.trace ? openSync(values.trace, "w") : undefined;
const write =
  traceFile === undefined
    ? undefined
    : (record: unknown) => writeSync(traceFile, `${JSON.stringify(record)}\n`);
let summary: unknown;
try {
  const loaded = loadScenario(readFileSync(scenarioPath, "utf8"));
  const scenario = values["no-script"] ? { ...loaded, faults: [] } : loaded;
  const text = readCommands();
  const log = text === null ? [] : parseWorldCommandLog(text);
  summary =
    untilS === null
      ? runWorld(scenario, seed, log, scenario.timeLimitMs, { trace: write, stopAtEnd: true })
      : runWorld(scenario, seed, log, Math.round(untilS * 1000), { trace: write });
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}`);
}
if (traceFile !== undefined) closeSync(traceFile);
if (values.summary || !values.trace) console.log(JSON.stringify(summary, null, 2));
