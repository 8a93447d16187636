import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

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

  it("leaves out the scenario's scripted faults with --no-script, as a round with a chaos agent does", () => {
    const faults = (...extra: string[]) => {
      const run = sim("--scenario", "first-light", "--seed", "2", "--until", "150", ...extra);
      expect(run.status).toBe(0);
      return (JSON.parse(run.stdout) as { faults: { simulated: number } }).faults.simulated;
    };
    // First Light's node dies at 2 min.
    expect(faults()).toBe(1);
    expect(faults("--no-script")).toBe(0);
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
