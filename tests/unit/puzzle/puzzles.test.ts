import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { en, ko, type MessageKey } from "../../../client/i18n/strings.ts";
import {
  budgetStatus,
  checkPlacement,
  evaluate,
  grade,
  greedyBaseline,
  hint,
  levels,
  loadPuzzle,
  type Placements,
  type Puzzle,
  PuzzleFileError,
  solution,
} from "../../../shared/puzzle/index.ts";

const directory = join(import.meta.dirname, "..", "..", "..", "shared", "puzzles");
const files = readdirSync(directory)
  .filter((f) => f.endsWith(".yaml"))
  .sort();
const puzzles = new Map<string, Puzzle>(
  files.map((f) => [f, loadPuzzle(readFileSync(join(directory, f), "utf8"), f)]),
);
const byId = (id: string) => [...puzzles.values()].find((p) => p.id === id) as Puzzle;

describe("the puzzle set", () => {
  it("has at least 30 puzzles, numbered in order from tutorial to expert", () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    let level = 0;
    files.forEach((file, i) => {
      const puzzle = puzzles.get(file) as Puzzle;
      expect(file).toBe(`${String(i + 1).padStart(2, "0")}-${puzzle.id}.yaml`);
      expect(levels.indexOf(puzzle.level)).toBeGreaterThanOrEqual(level);
      level = levels.indexOf(puzzle.level);
      expect(puzzle.nodes.length).toBeLessThanOrEqual(8);
      expect(puzzle.pending.length).toBeLessThanOrEqual(14);
      for (const text of [puzzle.title, puzzle.lesson, puzzle.goal]) {
        expect(text.ko).not.toBe(text.en);
        expect(text.ko).toMatch(/[가-힣]/);
      }
    });
    expect(new Set([...puzzles.values()].map((p) => p.id)).size).toBe(files.length);
  });
});

describe.each(files)("%s", (file) => {
  const puzzle = puzzles.get(file) as Puzzle;
  const best = solution(puzzle);

  it("is solvable, and the solver's optimum is proven", () => {
    expect(best.complete).toBe(true);
    expect(best.proven).toBe(true);
  });

  it("the optimal placement passes kube-scheduler's filters pod by pod and meets the objective", () => {
    for (const pod of puzzle.pending) {
      const node = best.placements.get(pod.name);
      if (node === null || node === undefined) continue;
      expect(checkPlacement(puzzle, best.placements, pod.name, node), `${pod.name} on ${node}`).toEqual({
        ok: true,
      });
    }
    const result = evaluate(puzzle, best.placements);
    expect(result).toMatchObject({ valid: true, complete: true, value: best.optimum });
  });

  it("grades the solver's placement with 3 stars, and kube-scheduler's with no more than it deserves", () => {
    expect(grade(puzzle, best.placements).stars).toBe(3);
    const greedy = greedyBaseline(puzzle);
    const greedyGrade = grade(puzzle, greedy.placements);
    expect(greedyGrade.value).toBe(greedy.value);
    if (greedy.complete) expect(greedyGrade.stars).toBeGreaterThanOrEqual(2);
    else expect(greedyGrade.stars).toBe(0);
  });
});

describe("optimum checked by hand", () => {
  it("fewest-nodes: 8 CPU of requests on 4-CPU nodes fit on 2; LeastAllocated spreads over all 4", () => {
    const puzzle = byId("fewest-nodes");
    expect(solution(puzzle).optimum).toBe(2);
    expect(greedyBaseline(puzzle)).toMatchObject({ complete: true, value: 4 });
  });

  it("bin-packing: the same pods under MostAllocated, kube-scheduler packs onto 2 nodes itself", () => {
    expect(greedyBaseline(byId("bin-packing"))).toMatchObject({ complete: true, value: 2 });
  });

  it("spread-across-zones: 7 web pods over 3 zones cannot do better than skew 1 (3/2/2)", () => {
    expect(solution(byId("spread-across-zones")).optimum).toBe(1);
  });

  it("lowest-priority-victims: one batch pod is enough; kube-scheduler evicts the two lowest-priority pods", () => {
    const puzzle = byId("lowest-priority-victims");
    expect(solution(puzzle).optimum).toBe(1);
    expect(Object.fromEntries(solution(puzzle).placements)).toMatchObject({
      "payments-1": "node-1",
      "batch-a": null,
    });
    const greedy = greedyBaseline(puzzle);
    expect(greedy).toMatchObject({ complete: true, value: 2 });
    expect(Object.fromEntries(greedy.placements)).toMatchObject({
      "scratch-b": null,
      "scratch-c": null,
      "payments-1": "node-2",
    });
  });

  it("drain-with-pdb: both web pods must take node-1's room; batch-2 waits", () => {
    const puzzle = byId("drain-with-pdb");
    const solved = solution(puzzle);
    expect(solved.optimum).toBe(2);
    expect(Object.fromEntries(solved.placements)).toMatchObject({ "web-3": "node-1", "web-4": "node-1" });
    expect(greedyBaseline(puzzle).complete).toBe(false);
  });
});

describe("requests, not limits (puzzle 02)", () => {
  const puzzle = byId("requests-not-limits");

  it("keeps each worker's limits beside its requests", () => {
    for (const pod of puzzle.pending) {
      expect(pod.containers[0]?.requests.milliCPU).toBe(500);
      expect(pod.containers[0]?.limits).toEqual({ milliCPU: 2000, memoryBytes: 2 * 1024 ** 3 });
    }
  });

  it("NodeResourcesFit counts requests only: the fourth worker fits though the limits add up to 8 CPU on 2", () => {
    const three = new Map(["worker-1", "worker-2", "worker-3"].map((name) => [name, "node-1"]));
    expect(checkPlacement(puzzle, three, "worker-4", "node-1")).toEqual({ ok: true });
  });
});

describe("a drain's PodDisruptionBudgets as the player watches them (puzzle 30)", () => {
  const puzzle = byId("drain-two-budgets");

  it("stand from the start with one pod of each left running, and hold once the drained pods are placed", () => {
    expect(budgetStatus(puzzle, new Map())).toEqual([
      { name: "api-pdb", selector: "app=api", minAvailable: 2, running: 1 },
      { name: "db-pdb", selector: "app=db", minAvailable: 2, running: 1 },
    ]);
    const placed = new Map([
      ["db-2", "node-3"],
      ["api-3", "node-1"],
    ]);
    expect(budgetStatus(puzzle, placed).map((b) => b.running)).toEqual([2, 2]);
  });

  it("are none in a puzzle that drains nothing", () => {
    expect(budgetStatus(byId("first-fit"), new Map())).toEqual([]);
  });
});

describe("checkPlacement gives the scheduler's reason", () => {
  it("Insufficient cpu", () => {
    expect(checkPlacement(byId("first-fit"), new Map(), "api-1", "node-small")).toEqual({
      ok: false,
      plugin: "NodeResourcesFit",
      reason: "Insufficient cpu",
    });
  });

  it("an untolerated taint", () => {
    expect(checkPlacement(byId("taints-keep-out"), new Map(), "web-1", "gpu-1")).toEqual({
      ok: false,
      plugin: "TaintToleration",
      reason: "node(s) had untolerated taint {dedicated: gpu}",
    });
  });

  it("a cordoned node, node affinity, anti-affinity and host ports", () => {
    expect(checkPlacement(byId("cordoned-node"), new Map(), "api-1", "node-2")).toMatchObject({
      reason: "node(s) were unschedulable",
    });
    expect(checkPlacement(byId("node-selector"), new Map(), "db-1", "node-hdd-1")).toMatchObject({
      reason: "node(s) didn't match Pod's node affinity/selector",
    });
    const state: Placements = new Map([["api-1", "node-1"]]);
    expect(checkPlacement(byId("anti-affinity-per-node"), state, "api-2", "node-1")).toMatchObject({
      plugin: "InterPodAffinity",
    });
    expect(
      checkPlacement(byId("host-ports"), new Map([["ingress-1", "node-1"]]), "ingress-2", "node-1"),
    ).toMatchObject({
      reason: "node(s) didn't have free ports for the requested pod ports",
    });
  });

  it("counts the pods already placed", () => {
    const puzzle = byId("too-many-pods");
    const state: Placements = new Map([
      ["proxy-1", "node-1"],
      ["proxy-2", "node-1"],
    ]);
    expect(checkPlacement(puzzle, state, "proxy-3", "node-1")).toMatchObject({ reason: "Too many pods" });
    expect(checkPlacement(puzzle, state, "proxy-3", "node-2")).toEqual({ ok: true });
  });
});

describe("grading", () => {
  it("an invalid placement is neither complete nor starred, and says why", () => {
    const g = grade(
      byId("first-fit"),
      new Map([
        ["api-1", "node-small"],
        ["web-1", "node-large"],
      ]),
    );
    expect(g).toMatchObject({ valid: false, complete: false, stars: 0 });
    expect(g.problems).toContain("api-1 on node-small: Insufficient cpu");
  });

  it("1 star when complete but worse than kube-scheduler, 2 when as good, 3 at the optimum", () => {
    const puzzle = byId("bin-packing");
    const spread = new Map(puzzle.pending.map((p, i) => [p.name, `node-${(i % 4) + 1}`]));
    expect(grade(puzzle, spread)).toMatchObject({ complete: true, value: 4, stars: 1 });
    const fewest = byId("fewest-nodes");
    expect(grade(fewest, greedyBaseline(fewest).placements).stars).toBe(2);
  });

  it("evictions are refused outside preemption puzzles", () => {
    const puzzle = byId("cordoned-node");
    expect(evaluate(puzzle, new Map([["old-1", null]])).problems[0]).toMatch(/does not let pods preempt/);
  });
});

describe("hint", () => {
  it("explains a feasible node with its scores, and where kube-scheduler would go", () => {
    const answer = hint(byId("fewest-nodes"), new Map(), "api-1", "node-1");
    expect(answer).toMatchObject({ pod: "api-1", node: "node-1", fits: true, plugin: "", reasons: [] });
    if (typeof answer === "string") throw new Error(answer);
    expect(answer.score?.plugins).toContainEqual(
      expect.objectContaining({ plugin: "NodeResourcesFit", weight: 1 }),
    );
    expect(answer.score?.total).toBe(
      answer.score?.plugins.reduce((sum, s) => sum + s.normalized * s.weight, 0),
    );
    expect(answer.pick?.node).toMatch(/^node-\d$/);
    expect(answer.summary).toBe("");
  });

  it("explains a refusal with the filter's plugin and reasons", () => {
    expect(hint(byId("taints-keep-out"), new Map(), "web-1", "gpu-1")).toMatchObject({
      fits: false,
      plugin: "TaintToleration",
      reasons: ["node(s) had untolerated taint {dedicated: gpu}"],
      score: null,
    });
  });

  it("does not score a node that is the only one to fit", () => {
    const answer = hint(byId("first-fit"), new Map(), "api-1", "node-large");
    expect(answer).toMatchObject({ fits: true, score: null, pick: { node: "node-large", total: null } });
  });

  it("says why no node fits, and refuses a pod or node the puzzle lacks", () => {
    expect(hint(byId("preemption"), new Map(), "checkout-1", "node-1")).toMatchObject({
      fits: false,
      plugin: "NodeResourcesFit",
      pick: null,
      summary: "0/2 nodes are available: 2 Insufficient cpu.",
    });
    expect(hint(byId("first-fit"), new Map(), "api-9", "node-small")).toBe(
      'no pod "api-9" to place in this puzzle',
    );
    expect(hint(byId("first-fit"), new Map(), "api-1", "node-9")).toBe('no node "node-9"');
  });
});

describe("bad puzzle files", () => {
  const good = readFileSync(join(directory, "01-first-fit.yaml"), "utf8");
  const cases: [string, string, RegExp][] = [
    ["not YAML", "id: [", /^bad\.yaml: invalid YAML/],
    ["a missing id", good.replace("id: first-fit\n", ""), /^bad\.yaml: id: expected a non-empty string/],
    [
      "an unknown level",
      good.replace("level: tutorial", "level: wizard"),
      /^bad\.yaml: level: expected one of tutorial/,
    ],
    [
      "an unknown field",
      good.replace("version: 1", "version: 1\ncolour: red"),
      /^bad\.yaml: colour: unknown field/,
    ],
    [
      "an unknown objective",
      good.replace("kind: placeAll", "kind: win"),
      /^bad\.yaml: objective\.kind: expected one of/,
    ],
    [
      "a missing Korean text",
      good.replace(/ {2}ko: "첫 배치"\n/, ""),
      /^bad\.yaml: title\.ko: expected a non-empty string/,
    ],
    [
      "a broken quantity, reported with the scheduler reader's field path",
      good.replace('cpu: "2", memory: "1Gi"', 'cpu: "two", memory: "1Gi"'),
      /^bad\.yaml: pending\[0\] \(Pod api-1\): spec\.containers\[0\]\.resources\.requests\.cpu: invalid quantity "two"/,
    ],
    [
      "a pending pod bound to a node",
      good.replace(
        "spec: { containers: [{ name: web",
        "spec: { nodeName: node-small, containers: [{ name: web",
      ),
      /^bad\.yaml: pending\[1\]\.spec\.nodeName: a pending pod has no node yet/,
    ],
  ];
  it.each(cases)("%s", (_, text, expected) => {
    expect(() => loadPuzzle(text, "bad.yaml")).toThrow(PuzzleFileError);
    expect(() => loadPuzzle(text, "bad.yaml")).toThrow(expected);
  });
});

describe("the HINT button", () => {
  it.each([...puzzles.keys()])(
    "%s: gives a strategy for its kind of puzzle, in English and Korean",
    (file) => {
      const key = `puzzle.strategy.${puzzles.get(file)!.objective.kind}` as MessageKey;
      // A strategy, not the scheduler's verdicts the nodes already show while dragging.
      expect(en[key]).toMatch(/^Strategy: /);
      expect(ko[key]).toMatch(/^전략: /);
    },
  );
});
