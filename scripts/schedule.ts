/**
 * `npm run schedule -- <file.yaml> [--json] [--seed N]`
 *
 * Reads Nodes, Pods (with spec.nodeName: running; without: pending) and an optional
 * KubeSchedulerConfiguration, schedules the pending pods in queue order and prints,
 * per pod, the chosen node and kube-scheduler's explanation. All the work is
 * scheduleManifests(); this file only reads the file and prints.
 * Wrong arguments or a broken file: a message, the usage line, exit code 2.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { ManifestError } from "../shared/sim/scheduler/k8s/manifests.ts";
import { formatReport, formatReportJson } from "../shared/sim/scheduler/k8s/report.ts";
import { scheduleManifests } from "../shared/sim/scheduler/k8s/schedule.ts";

const USAGE = "usage: npm run schedule -- <file.yaml> [--json] [--seed N]";

function fail(message: string): never {
  process.stderr.write(`schedule: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      options: { json: { type: "boolean" }, seed: { type: "string" } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
})();

if (positionals.length === 0) fail("missing manifest file");
if (positionals.length > 1) fail(`expected one manifest file, got ${positionals.length}`);
const seedText = values.seed ?? "1";
if (!/^\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText)))
  fail(`--seed must be a non-negative integer, got "${seedText}"`);

const file = positionals[0] ?? "";
let text: string;
try {
  text = readFileSync(file, "utf8");
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  fail(code === "ENOENT" ? `no such file: ${file}` : `cannot read ${file}: ${code ?? String(error)}`);
}

try {
  const report = scheduleManifests(text, { seed: Number(seedText) });
  process.stdout.write(values.json === true ? formatReportJson(report) : formatReport(report));
} catch (error) {
  if (error instanceof ManifestError) fail(`${file}: ${error.message}`);
  throw error;
}
