/**
 * `npm run balance -- [--scenario <id>]… [--seeds 1,2,3] [--policy idle|naive|expert]… [--json]`
 *
 * Plays every scenario (or those named) over the seeds with each policy — idle, a naive bot of
 * random valid operator actions, and the expert playbook at shared/scenarios/playbooks/<id>.jsonl —
 * to its end as the game room would end it, and prints scenario × seed × policy → outcome, time to
 * recovery and error budget left, then each policy's wins per scenario. `--json` prints the rows as
 * JSON. Wrong arguments, a broken scenario or playbook: a message, exit 2.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadScenario, type Scenario } from "../shared/sim/scenario/index.ts";
import {
  type BalanceRow,
  type Policy,
  playBalanceRound,
  policies,
  won,
} from "../shared/sim/world/balance.ts";
import { parseWorldCommandLog, type WorldLoggedCommand } from "../shared/sim/world/runner.ts";

const USAGE =
  "usage: npm run balance -- [--scenario <id>]… [--seeds 1,2,3] [--policy idle|naive|expert]… [--json]";
const SCENARIOS = "shared/scenarios";

function fail(message: string): never {
  console.error(`balance: ${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        scenario: { type: "string", multiple: true },
        seeds: { type: "string", default: "1,2,3" },
        policy: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

const seeds = values.seeds.split(",").map((text) => {
  const seed = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(seed)) fail(`--seeds: "${text}" is not a seed`);
  return seed;
});
const chosen = (values.policy ?? [...policies]).map((p) => {
  const policy = policies.find((known) => known === p);
  return policy ?? fail(`--policy: "${p}" is not one of ${policies.join(", ")}`);
});
const ids =
  values.scenario ??
  readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => f.replace(/\.yaml$/, ""));

function load(id: string): { scenario: Scenario; playbook: WorldLoggedCommand[] } {
  const file = `${SCENARIOS}/${id}.yaml`;
  if (!existsSync(file)) fail(`no scenario at ${file}`);
  const where = `${SCENARIOS}/playbooks/${id}.jsonl`;
  try {
    const scenario = loadScenario(readFileSync(file, "utf8"));
    const playbook = existsSync(where) ? parseWorldCommandLog(readFileSync(where, "utf8")) : [];
    if (!existsSync(where) && chosen.includes("expert"))
      console.error(`balance: ${id} has no playbook at ${where}`);
    return { scenario, playbook };
  } catch (error) {
    return fail(`${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const rows: BalanceRow[] = [];
for (const id of ids) {
  const { scenario, playbook } = load(id);
  for (const seed of seeds)
    for (const policy of chosen) {
      const row = playBalanceRound(scenario, seed, policy, playbook);
      rows.push(row);
      if (!values.json && process.stderr.isTTY)
        console.error(`  ${id} seed ${seed} ${policy}: ${row.outcome}`);
    }
}

if (values.json) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log(table(rows));
  console.log("");
  console.log(wins(rows));
}

function clock(ms: number | null): string {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function table(all: readonly BalanceRow[]): string {
  const header = [
    "scenario",
    "seed",
    "policy",
    "outcome",
    "why",
    "ended",
    "recovery",
    "budget left",
    "actions",
  ];
  const lines = all.map((r) => [
    r.scenario,
    String(r.seed),
    r.policy,
    r.outcome,
    r.reason,
    clock(r.endedAtMs),
    clock(r.timeToRecoveryMs),
    `${(r.errorBudgetLeft * 100).toFixed(1)}%`,
    String(r.actions),
  ]);
  return aligned([header, ...lines]);
}

function wins(all: readonly BalanceRow[]): string {
  const header = ["scenario", ...chosen.map((p) => `${p} wins`)];
  const lines = ids.map((id) => [
    id,
    ...chosen.map((policy: Policy) => {
      const mine = all.filter((r) => r.scenario === id && r.policy === policy);
      return `${mine.filter(won).length}/${mine.length}`;
    }),
  ]);
  return aligned([header, ...lines]);
}

function aligned(grid: readonly (readonly string[])[]): string {
  const widths = grid[0]!.map((_, c) => Math.max(...grid.map((row) => row[c]!.length)));
  return grid
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
