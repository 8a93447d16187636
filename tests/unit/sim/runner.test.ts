import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import firstLight from "../../../shared/scenarios/first-light.json" with { type: "json" };
import { parseScenario } from "../../../shared/sim/index.ts";
import { CommandLogError, parseCommandLog, runHeadless } from "../../../shared/sim/runner.ts";
import type { TraceRecord } from "../../../shared/sim/trace.ts";

const scenario = parseScenario(firstLight);
const commands = parseCommandLog(
  [
    '{"at": 5000, "tick": 50, "player": "p1", "command": {"type": "cordon", "node": "node-a1"}}',
    '{"at": 5000, "tick": 50, "player": "p1", "command": {"type": "cordon", "node": "node-a1"}}',
    '{"at": 60000, "tick": 600, "player": "p1", "command": {"type": "uncordon", "node": "node-a1"}}',
  ].join("\n"),
);

function traceOf(seed: number): string {
  const lines: string[] = [];
  runHeadless(scenario, seed, commands, 120_000, (r) => lines.push(JSON.stringify(r)));
  return lines.join("\n");
}

describe("headless runner: the same inputs give the same trace, byte for byte", () => {
  it("repeats a trace exactly and changes it with the seed", () => {
    expect(traceOf(3)).toBe(traceOf(3));
    expect(traceOf(3)).not.toBe(traceOf(4));
  });

  it("traces commands, scheduling and phases, and the summary counts what the trace shows", () => {
    const records: TraceRecord[] = [];
    const summary = runHeadless(scenario, 3, commands, 120_000, (r) => records.push(r));
    const kinds = new Set(records.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(
      ["command", "node.schedulable", "pod.created", "pod.deleted", "pod.phase", "pod.scheduled"].sort(),
    );
    expect(
      records.filter((r) => r.kind === "command").map((r) => (r as { accepted: boolean }).accepted),
    ).toEqual([true, false, true]);
    expect(summary.commands).toEqual({ accepted: 2, rejected: 1 });
    expect(summary.pods.created).toBe(records.filter((r) => r.kind === "pod.created").length);
    for (let i = 1; i < records.length; i++) expect(records[i]!.t).toBeGreaterThanOrEqual(records[i - 1]!.t);
  });
});

describe("command logs: every line is checked, a bad one is named", () => {
  it.each([
    ["not JSON", "{oops", "line 1: not valid JSON"],
    ["negative time", '{"at": -1, "command": {"type": "cordon", "node": "n"}}', 'line 1: "at" must be'],
    [
      "unknown command",
      '{"at": 1, "command": {"type": "explode", "node": "n"}}',
      'line 1: unknown command type "explode"',
    ],
    ["bad node", '{"at": 1, "command": {"type": "cordon", "node": "N_1"}}', "line 1: command.node"],
    [
      "time going back",
      '{"at": 9, "command": {"type": "cordon", "node": "a"}}\n{"at": 1, "command": {"type": "cordon", "node": "b"}}',
      'line 2: "at" goes back',
    ],
  ])("%s", (_what, text, message) => {
    expect(() => parseCommandLog(text)).toThrow(CommandLogError);
    expect(() => parseCommandLog(text)).toThrow(message);
  });
});

describe("npm run sim (the CLI, as a real process)", () => {
  const dir = mkdtempSync(join(tmpdir(), "cluster-crisis-sim-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const sim = (...args: string[]) =>
    spawnSync(process.execPath, ["scripts/sim.ts", ...args], { encoding: "utf8" });

  it("writes the same trace file twice and prints a JSON summary", () => {
    const log = join(dir, "commands.jsonl");
    writeFileSync(log, '{"at": 1000, "command": {"type": "cordon", "node": "node-b1"}}\n');
    const a = sim(
      "--scenario",
      "first-light",
      "--seed",
      "9",
      "--until",
      "90",
      "--commands",
      log,
      "--trace",
      join(dir, "a.jsonl"),
      "--summary",
    );
    const b = sim(
      "--scenario",
      "first-light",
      "--seed",
      "9",
      "--until",
      "90",
      "--commands",
      log,
      "--trace",
      join(dir, "b.jsonl"),
    );
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(readFileSync(join(dir, "a.jsonl"), "utf8")).toBe(readFileSync(join(dir, "b.jsonl"), "utf8"));
    expect(JSON.parse(a.stdout)).toMatchObject({
      scenario: "first-light",
      seed: 9,
      untilMs: 90_000,
      commands: { accepted: 1 },
    });
  });

  it.each([
    [["--seed", "1"], "--scenario is required"],
    [["--scenario", "first-light"], "--seed is required"],
    [["--scenario", "first-light", "--seed", "1.5"], "--seed must be"],
    [["--scenario", "first-light", "--seed", "1", "--until", "0"], "--until must be"],
    [["--scenario", "nowhere", "--seed", "1"], "no scenario at"],
    [["--scenario", "first-light", "--seed", "1", "--bogus"], "Unknown option"],
    [["--scenario", "first-light", "--seed", "1", "--commands", "/nonexistent.jsonl"], "no command log"],
  ])("refuses %j with exit code 2", (args, message) => {
    const run = sim(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("usage:");
  });
});
