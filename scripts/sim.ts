/**
 * `npm run sim -- --scenario <name|file.yaml|file.json> --seed <n> [--until <game s>]
 *                 [--commands <file.jsonl>] [--trace <out.jsonl>] [--summary]`
 *
 * Runs a scenario headless as fast as the CPU allows: a YAML scenario on the World
 * (shared/sim/world), as the game rooms do; a .json file on the walking skeleton's Simulation. The trace is JSON
 * lines `{ "t": <sim ms>, "kind": "...", ... }`; the summary is JSON. The same inputs give a
 * byte-identical trace. Wrong arguments or a broken file: a message, exit 2.
 */
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseScenario } from "../shared/sim/cluster/scenario.ts";
import { parseCommandLog, runHeadless } from "../shared/sim/runner.ts";
import { loadScenario } from "../shared/sim/scenario/index.ts";
import { parseWorldCommandLog, runWorld } from "../shared/sim/world/runner.ts";

const USAGE =
  "usage: npm run sim -- --scenario <name|file.yaml|file.json> --seed <n> [--until <game seconds>] [--commands <file.jsonl>] [--trace <out.jsonl>] [--summary]";
const DEFAULT_UNTIL_S = 600;

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
const untilS = values.until === undefined ? DEFAULT_UNTIL_S : Number(values.until);
if (!Number.isFinite(untilS) || untilS <= 0 || untilS > 7 * 24 * 3600)
  fail(`--until must be game seconds > 0, got "${values.until}"`);

const named = values.scenario;
const scenarioPath = /\.(ya?ml|json)$/.test(named)
  ? named
  : [`shared/scenarios/${named}.yaml`, `shared/scenarios/${named}.json`].find((p) => existsSync(p));
if (scenarioPath === undefined || !existsSync(scenarioPath))
  fail(`no scenario at ${scenarioPath ?? `shared/scenarios/${named}.yaml`}`);
const untilMs = Math.round(untilS * 1000);
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
  if (scenarioPath.endsWith(".json")) {
    const scenario = parseScenario(JSON.parse(readFileSync(scenarioPath, "utf8")));
    const text = readCommands();
    summary = runHeadless(scenario, seed, text === null ? [] : parseCommandLog(text), untilMs, write);
  } else {
    const scenario = loadScenario(readFileSync(scenarioPath, "utf8"));
    const text = readCommands();
    summary = runWorld(scenario, seed, text === null ? [] : parseWorldCommandLog(text), untilMs, write);
  }
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)}`);
}
if (traceFile !== undefined) closeSync(traceFile);
if (values.summary || !values.trace) console.log(JSON.stringify(summary, null, 2));
