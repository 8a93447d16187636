import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const usage = "usage: npm run schedule -- <file.yaml> [--json] [--seed N]";

function runCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  // process.execPath is the Node that runs vitest (24, with type stripping).
  const result = spawnSync(process.execPath, ["scripts/schedule.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// User errors: a message naming the problem, the usage line, exit code 2, no stack trace.
const cases: readonly { rule: string; args: string[]; message: string }[] = [
  { rule: "missing file argument", args: [], message: "schedule: missing manifest file" },
  { rule: "file does not exist", args: ["nope.yaml"], message: "schedule: no such file: nope.yaml" },
  {
    rule: "unknown flag",
    args: ["shared/scheduler-examples/01-zones-and-gpu-pool.yaml", "--yaml"],
    message: "schedule: Unknown option '--yaml'",
  },
  {
    rule: "--seed not an integer",
    args: ["shared/scheduler-examples/01-zones-and-gpu-pool.yaml", "--seed", "1.5"],
    message: 'schedule: --seed must be a non-negative integer, got "1.5"',
  },
  { rule: "two files", args: ["a.yaml", "b.yaml"], message: "schedule: expected one manifest file, got 2" },
  {
    rule: "broken file: bad quantity",
    args: ["shared/scheduler-examples/broken/bad-quantity.yaml"],
    message:
      'schedule: shared/scheduler-examples/broken/bad-quantity.yaml: document 2 (Pod web-1): spec.containers[0].resources.requests.cpu: invalid quantity "12x"',
  },
  {
    rule: "broken file: unknown plugin",
    args: ["shared/scheduler-examples/broken/unknown-plugin.yaml", "--json"],
    message:
      'schedule: shared/scheduler-examples/broken/unknown-plugin.yaml: document 1 (KubeSchedulerConfiguration): profiles[0].plugins.score.enabled[0].name: unknown plugin "NodeResourceFit"',
  },
  {
    rule: "broken file: bad taint effect",
    args: ["shared/scheduler-examples/broken/bad-taint-effect.yaml"],
    message:
      'schedule: shared/scheduler-examples/broken/bad-taint-effect.yaml: document 1 (Node node-1): spec.taints[0].effect: unsupported value "NoScheduling" (expected one of NoSchedule, PreferNoSchedule, NoExecute)',
  },
];

describe("schedule CLI: wrong arguments and broken files exit 2 with a message and the usage line", () => {
  it.each(cases)("$rule", ({ args, message }) => {
    const { status, stdout, stderr } = runCli(args);
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n")[0]?.startsWith(message)).toBe(true);
    expect(stderr).toContain(usage);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
