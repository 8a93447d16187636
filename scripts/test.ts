/**
 * `npm test`: every check in one command, in order, stopping at the first failure.
 * system tools (scripts/provision.ts) → typecheck → lint → build the client → unit + property →
 * integration → end-to-end.
 * It closes with the plain summary line `N passed, N failed` over all test projects.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { provision, TEST_TOOLS } from "./provision.ts";

const REPORTS = "artifacts/test-reports";
const vitest = (project: string): string[] => [
  "vitest",
  "run",
  "--project",
  project,
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${REPORTS}/${project}.json`,
];

const steps: { name: string; command: string[]; report?: string }[] = [
  { name: "typecheck", command: ["tsc", "--noEmit", "-p", "tsconfig.json"] },
  { name: "lint", command: ["biome", "check", "."] },
  { name: "build the client", command: ["vite", "build", "--logLevel", "warn"] },
  { name: "unit and property tests", command: vitest("unit"), report: "unit" },
  {
    name: "integration tests (real WebSockets on loopback)",
    command: vitest("integration"),
    report: "integration",
  },
  { name: "end-to-end tests (headless Chromium)", command: vitest("e2e"), report: "e2e" },
];

mkdirSync(REPORTS, { recursive: true });
console.log(`npm test on Node ${process.version}`);
if (!provision(TEST_TOOLS)) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}
let passed = 0;
let failed = 0;
for (const { name, command, report } of steps) {
  console.log(`\n▶ ${name}`);
  const started = process.hrtime.bigint();
  const [program, ...args] = command;
  const run = spawnSync(program!, args, {
    stdio: "inherit",
    env: { ...process.env, CLUSTER_CRISIS_QUIET: "1" },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (report) {
    const counts = readCounts(`${REPORTS}/${report}.json`);
    passed += counts.passed;
    failed += counts.failed;
  }
  if (run.status !== 0) {
    console.error(`\n✗ ${name} failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
    console.log(`${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(1);
  }
  console.log(`✓ ${name} (${seconds.toFixed(1)} s)`);
}
console.log("\nAll checks passed.");
console.log(`${passed} passed, ${failed} failed`);

function readCounts(path: string): { passed: number; failed: number } {
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as { numPassedTests: number; numFailedTests: number };
    return { passed: json.numPassedTests, failed: json.numFailedTests };
  } catch {
    return { passed: 0, failed: 0 };
  }
}
