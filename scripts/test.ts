/**
 * `npm test`: every check in one command, in order, stopping at the first failure.
 * typecheck → lint → build the client → unit + property → integration → end-to-end.
 */
import { spawnSync } from "node:child_process";

const steps: [string, string[]][] = [
  ["typecheck", ["tsc", "--noEmit", "-p", "tsconfig.json"]],
  ["lint", ["biome", "check", "."]],
  ["build the client", ["vite", "build", "--logLevel", "warn"]],
  ["unit and property tests", ["vitest", "run", "--project", "unit"]],
  ["integration tests (real WebSockets on loopback)", ["vitest", "run", "--project", "integration"]],
  ["end-to-end tests (headless Chromium)", ["vitest", "run", "--project", "e2e"]],
];

console.log(`npm test on Node ${process.version}`);
for (const [name, [command, ...args]] of steps) {
  console.log(`\n▶ ${name}`);
  const started = process.hrtime.bigint();
  const run = spawnSync(command!, args, {
    stdio: "inherit",
    env: { ...process.env, CLUSTER_CRISIS_QUIET: "1" },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) {
    console.error(`\n✗ ${name} failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})`);
    process.exit(1);
  }
  console.log(`✓ ${name} (${seconds.toFixed(1)} s)`);
}
console.log("\nAll checks passed.");
