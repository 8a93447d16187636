/**
 * The schedule CLI on the shipped examples: the placements a person worked out by hand from
 * kube-scheduler's plugins (expected-placements.json), and the full reports (golden/*.txt),
 * both through the real command.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { ScheduleReport } from "../../../../shared/sim/scheduler/k8s/report.ts";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const examples = `${root}shared/scheduler-examples/`;

interface Expected {
  placements: Record<string, Record<string, string | null>>;
  preemption: Record<string, Record<string, { node: string; victims: string[] }>>;
}

const expected = JSON.parse(readFileSync(`${examples}expected-placements.json`, "utf8")) as Expected;
const names = readdirSync(examples)
  .filter((file) => file.endsWith(".yaml"))
  .map((file) => file.replace(/\.yaml$/, ""));

function schedule(...args: string[]): string {
  const result = spawnSync(process.execPath, ["scripts/schedule.ts", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.stdout;
}

describe("schedule CLI on the examples", () => {
  it("has hand-worked placements for every example", () => {
    expect(Object.keys(expected.placements).sort()).toEqual(names);
  });

  it.each(names)("%s: places every pending pod where the hand-worked reasoning says", (name) => {
    const report = JSON.parse(schedule(`${examples}${name}.yaml`, "--json")) as ScheduleReport;
    const placements = Object.fromEntries(report.pods.map((pod) => [pod.name, pod.node]));
    expect(placements).toEqual(expected.placements[name]);
    for (const pod of report.pods) {
      expect(pod.preemption).toEqual(expected.preemption[name]?.[pod.name] ?? null);
    }
  });

  it.each(names)("%s: prints the golden report", (name) => {
    const golden = readFileSync(`${examples}golden/${name}.txt`, "utf8");
    expect(schedule(`${examples}${name}.yaml`)).toBe(golden);
  });
});
