/**
 * `npm run test:stress [-- --runs N] [--cpu N]`: the integration and end-to-end suites N times in a
 * row (3 by default) while `stress-ng --cpu` keeps every core busy, to catch tests that wait for a
 * time instead of a state. Prints one line per run and a summary; exit 1 when any run failed.
 * stress-ng is provisioned like the tests' own tools (scripts/provision.ts).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { provision, stressNg, TEST_TOOLS } from "./provision.ts";

const USAGE = "usage: npm run test:stress -- [--runs N] [--cpu N]";
const REPORTS = "artifacts/test-reports/stress";

function count(flag: string, fallback: number, raw: string | undefined): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) {
    console.error(`test:stress: ${flag} must be a whole number from 1 to 20, got "${raw}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const { values } = (() => {
  try {
    return parseArgs({ options: { runs: { type: "string" }, cpu: { type: "string" } }, strict: true });
  } catch (error) {
    console.error(`test:stress: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
})();
const runs = count("--runs", 3, values.runs);
const hogs = count("--cpu", availableParallelism(), values.cpu);

if (!provision([...TEST_TOOLS, stressNg])) process.exit(1);
mkdirSync(REPORTS, { recursive: true });
if (spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { stdio: "inherit" }).status !== 0)
  process.exit(1);

const hog: ChildProcess = spawn("stress-ng", ["--cpu", String(hogs), "--quiet"], { stdio: "ignore" });
const stopHog = () => hog.kill("SIGTERM");
process.on("exit", stopHog);
process.on("SIGINT", () => process.exit(130));
console.log(`stress-ng --cpu ${hogs} is keeping the cores busy (pid ${hog.pid})`);

interface Run {
  readonly suite: string;
  readonly run: number;
  readonly passed: number;
  readonly failed: number;
  readonly failures: string[];
  readonly seconds: number;
}
const results: Run[] = [];
for (let run = 1; run <= runs; run++) {
  for (const suite of ["integration", "e2e"]) {
    const report = `${REPORTS}/${suite}-${run}.json`;
    const started = process.hrtime.bigint();
    spawnSync(
      "npx",
      [
        "vitest",
        "run",
        "--project",
        suite,
        "--reporter=dot",
        "--reporter=json",
        `--outputFile.json=${report}`,
      ],
      { stdio: "inherit", env: { ...process.env, CLUSTER_CRISIS_QUIET: "1" } },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const result = { suite, run, seconds, ...readReport(report) };
    results.push(result);
    console.log(
      `run ${run} ${suite}: ${result.passed} passed, ${result.failed} failed (${seconds.toFixed(0)} s under load)`,
    );
  }
}
stopHog();

console.log("\nUnder stress-ng:");
for (const r of results) {
  console.log(
    `  run ${r.run} ${r.suite.padEnd(11)} ${r.passed} passed, ${r.failed} failed, ${r.seconds.toFixed(0)} s`,
  );
  for (const name of r.failures) console.log(`    ✗ ${name}`);
}
const failed = results.some((r) => r.failed > 0 || r.passed === 0);
console.log(failed ? "Some runs failed under load." : `All ${runs} runs passed under load.`);
process.exit(failed ? 1 : 0);

function readReport(path: string): Pick<Run, "passed" | "failed" | "failures"> {
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { assertionResults: { fullName: string; status: string }[] }[];
    };
    const failures = json.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === "failed").map((a) => a.fullName),
    );
    return { passed: json.numPassedTests, failed: json.numFailedTests, failures };
  } catch {
    return { passed: 0, failed: 1, failures: ["(the suite did not report: it crashed)"] };
  }
}
