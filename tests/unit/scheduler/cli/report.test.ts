import { describe, expect, it } from "vitest";
import {
  formatReport,
  formatReportJson,
  type ScheduleReport,
} from "../../../../shared/sim/scheduler/k8s/report.ts";

const report: ScheduleReport = {
  pods: [
    {
      name: "web-1",
      namespace: "default",
      node: "n2",
      summary: "Successfully assigned default/web-1 to n2",
      nodes: [
        {
          name: "n1",
          feasible: false,
          reasons: ["Insufficient cpu", "Insufficient memory"],
          scores: {},
          total: null,
        },
        {
          name: "n2",
          feasible: true,
          reasons: [],
          scores: {
            NodeResourcesFit: { raw: 50, normalized: 50, weight: 1 },
            TaintToleration: { raw: 0, normalized: 100, weight: 3 },
          },
          total: 350,
        },
      ],
      preemption: null,
    },
    {
      name: "big",
      namespace: "batch",
      node: null,
      summary: "0/2 nodes are available: 2 Insufficient cpu.",
      nodes: [],
      preemption: { node: "n1", victims: ["batch/low-1"] },
    },
  ],
};

describe("the schedule report", () => {
  it("prints one aligned table per pod: verdict, raw→normalized per plugin with its weight, total", () => {
    expect(formatReport(report)).toBe(
      [
        "default/web-1 → n2",
        "  Successfully assigned default/web-1 to n2",
        "  NODE  VERDICT                                NodeResourcesFit×1  TaintToleration×3  TOTAL",
        "    n1  Insufficient cpu; Insufficient memory",
        "  * n2  fits                                                50→50              0→100    350",
        "",
        "batch/big: not scheduled",
        "  0/2 nodes are available: 2 Insufficient cpu.",
        "  preemption: nominated to n1, victims: batch/low-1",
        "  NODE  VERDICT  TOTAL",
        "",
      ].join("\n"),
    );
  });

  it("--json keeps the issue's shape", () => {
    const parsed = JSON.parse(formatReportJson(report)) as ScheduleReport;
    expect(Object.keys(parsed.pods[0] ?? {})).toEqual([
      "name",
      "namespace",
      "node",
      "summary",
      "nodes",
      "preemption",
    ]);
    expect(Object.keys(parsed.pods[0]?.nodes[1] ?? {})).toEqual([
      "name",
      "feasible",
      "reasons",
      "scores",
      "total",
    ]);
  });
});
