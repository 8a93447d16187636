import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatReport, formatReportJson } from "../../../../shared/sim/scheduler/k8s/report.ts";
import { scheduleManifests } from "../../../../shared/sim/scheduler/k8s/schedule.ts";

const examples = new URL("../../../../shared/scheduler-examples/", import.meta.url);
const golden = new URL("golden/", import.meta.url);

// The placements kube-scheduler makes for each example, worked out by hand from its plugins
// (the reasoning is in each file's facilitator notes); the golden files pin the full output.
const expectedPlacements: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  "01-zones-and-gpu-pool": { "api-1": "general-c1", "trainer-1": "gpu-c1", "batch-big": null },
  "02-web-spread-and-anti-affinity": { "web-3": "web-c2", "web-4": "web-b2" },
  "03-node-affinity": { "db-1": "ssd-b-new", "cache-1": null },
  "04-preemption": { "payments-1": null, "logger-1": null },
  "05-most-allocated": { "pack-1": "busy-1", "pack-2": "busy-1", "pack-3": "half-1" },
};

// Skipped until the framework lands in shared/sim/scheduler/ (k8s/adapter.ts still throws):
// then generate golden/<example>.txt and .json with `npm run schedule -- <file> [--json] --seed 1`,
// read them against the placements below and the facilitator notes, and remove the skip.
describe.skip("schedule CLI on the shipped examples (seed 1)", () => {
  it.each(Object.keys(expectedPlacements))(
    "%s: placements, table and JSON match the golden files",
    (name) => {
      const report = scheduleManifests(readFileSync(new URL(`${name}.yaml`, examples), "utf8"), { seed: 1 });
      expect(Object.fromEntries(report.pods.map((pod) => [pod.name, pod.node]))).toEqual(
        expectedPlacements[name],
      );
      expect(formatReport(report)).toBe(readFileSync(new URL(`${name}.txt`, golden), "utf8"));
      expect(formatReportJson(report)).toBe(readFileSync(new URL(`${name}.json`, golden), "utf8"));
    },
  );

  it("04-preemption: payments-1 nominates node-2, evicting the two lowest-priority batch pods", () => {
    const report = scheduleManifests(readFileSync(new URL("04-preemption.yaml", examples), "utf8"), {
      seed: 1,
    });
    const [payments, logger] = report.pods;
    expect(payments?.preemption?.node).toBe("node-2");
    expect([...(payments?.preemption?.victims ?? [])].sort()).toEqual(["default/batch-b", "default/batch-c"]);
    // preemptionPolicy: Never — the pod may not preempt.
    expect(logger?.preemption).toBeNull();
  });
});
