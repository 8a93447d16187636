/**
 * PodDisruptionBudgets (shared/sim/controllers/disruption.ts): the disruption controller's status and
 * the Eviction API's check, and First Light's budget that a drain of its dead node cannot get past.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { budgetStatus, evictionVerdict } from "../../../shared/sim/controllers/disruption.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import type { Scenario } from "../../../shared/sim/scenario/types.ts";
import { objectiveRisks, RISK_HOLD_MS, RiskWatch } from "../../../shared/sim/world/risks.ts";
import { World } from "../../../shared/sim/world/world.ts";

const guarded = { unhealthyPodEvictionPolicy: "IfHealthyBudget" } as const;

describe("a budget's status", () => {
  it("an integer minAvailable is the desired count; maxUnavailable and percentages follow the scale, rounded up", () => {
    expect(budgetStatus({ minAvailable: { count: 5 }, maxUnavailable: null }, 7, 8)).toEqual({
      currentHealthy: 7,
      desiredHealthy: 5,
      expectedPods: 8,
      disruptionsAllowed: 2,
    });
    expect(budgetStatus({ minAvailable: null, maxUnavailable: { count: 0 } }, 8, 8).desiredHealthy).toBe(8);
    expect(budgetStatus({ minAvailable: null, maxUnavailable: { count: 2 } }, 8, 8).desiredHealthy).toBe(6);
    // maxUnavailable 25 % of 10 rounds up to 3 unavailable: 7 desired; minAvailable 50 % of 5 is 3.
    expect(
      budgetStatus({ minAvailable: null, maxUnavailable: { fraction: 0.25 } }, 8, 10).desiredHealthy,
    ).toBe(7);
    expect(budgetStatus({ minAvailable: { fraction: 0.5 }, maxUnavailable: null }, 5, 5).desiredHealthy).toBe(
      3,
    );
  });
});

describe("the Eviction API's check", () => {
  const short = { currentHealthy: 6, desiredHealthy: 8 };
  const whole = { currentHealthy: 8, desiredHealthy: 7 };

  it("a pod that is not running is evicted without asking the budget", () => {
    expect(evictionVerdict({ running: false, ready: false }, guarded, short, 0)).toBe("allow");
  });

  it("a ready pod needs a disruption to spare, and spends it", () => {
    expect(evictionVerdict({ running: true, ready: true }, guarded, whole, 0)).toBe("take");
    expect(evictionVerdict({ running: true, ready: true }, guarded, whole, 1)).toBe("refuse");
    expect(evictionVerdict({ running: true, ready: true }, guarded, short, 0)).toBe("refuse");
  });

  it("an unready pod goes under IfHealthyBudget only while the application is whole, always under AlwaysAllow", () => {
    expect(evictionVerdict({ running: true, ready: false }, guarded, short, 0)).toBe("refuse");
    expect(evictionVerdict({ running: true, ready: false }, guarded, whole, 0)).toBe("allow");
    const always = { unhealthyPodEvictionPolicy: "AlwaysAllow" } as const;
    expect(evictionVerdict({ running: true, ready: false }, always, short, 0)).toBe("allow");
  });
});

describe("First Light's budget", () => {
  const scenario = loadScenario(readFileSync("shared/scenarios/first-light.yaml", "utf8"));
  const dead = "node-a2";
  const webOn = (world: World, node: string) =>
    world.podList().filter((p) => p.deployment === "web" && p.nodeName === node && !p.deleting);

  function afterDrain(s: Scenario): World {
    const world = new World(s, 1);
    world.advanceTo(3 * 60_000);
    expect(world.nodeList().find((n) => n.name === dead)?.ready).not.toBe("True");
    expect(webOn(world, dead).length).toBeGreaterThan(0);
    expect(world.apply({ type: "drain", node: dead, gracePeriodMs: null }).accepted).toBe(true);
    world.advanceTo(4 * 60_000);
    return world;
  }

  it("a drain of the dead node evicts its workers but not its web pods, and says why", () => {
    const world = afterDrain(scenario);
    expect(webOn(world, dead).length).toBeGreaterThan(0);
    expect(world.podList().some((p) => p.deployment === "worker" && p.nodeName === dead && !p.deleting)).toBe(
      false,
    );
    const refusals = world.recentEvents().filter((e) => e.reason === "EvictionFailed");
    expect(refusals.length).toBe(webOn(world, dead).length);
    const first = webOn(world, dead)[0]!.name;
    expect(refusals.find((e) => e.object === `pod/${first}`)?.message).toBe(
      `error when evicting pods/"${first}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
    );
  }, 60_000);

  it("while the drain retries, the World names the pods the budget holds, and the objective warns", () => {
    const world = afterDrain(scenario);
    const held = webOn(world, dead).map((p) => p.name);
    expect(world.drainsWaiting()).toEqual([{ node: dead, budget: "web", pods: held, disruptionsAllowed: 0 }]);
    const [budget] = world.budgetList();
    expect(budget).toMatchObject({ name: "web", desiredHealthy: 8, expectedPods: 8, disruptionsAllowed: 0 });
    expect(budget!.currentHealthy).toBeLessThan(8);
    const facts = world.riskFacts();
    expect(objectiveRisks(facts)).toContainEqual({
      kind: "drainBlocked",
      node: dead,
      budget: "web",
      pods: held.length,
      disruptionsAllowed: 0,
    });
    // Told once it has lasted, as every risk.
    const watch = new RiskWatch();
    expect(watch.observe(facts, 0).some((r) => r.kind === "drainBlocked")).toBe(false);
    expect(watch.observe(facts, RISK_HOLD_MS).some((r) => r.kind === "drainBlocked")).toBe(true);
    // An uncordon ends kubectl's retries (a Ctrl-C): nothing waits any more.
    expect(world.apply({ type: "uncordon", node: dead }).accepted).toBe(true);
    world.advanceTo(4 * 60_000 + 10_000);
    expect(world.drainsWaiting()).toEqual([]);
  }, 60_000);

  it("no drain, no wait: the budget alone warns of nothing", () => {
    const world = new World(scenario, 1);
    world.advanceTo(3 * 60_000);
    expect(world.drainsWaiting()).toEqual([]);
    expect(world.riskFacts().drains).toEqual([]);
  }, 60_000);

  it("with unhealthyPodEvictionPolicy AlwaysAllow the same drain evicts the dead node's web pods", () => {
    const budgets = scenario.cluster.podDisruptionBudgets.map((b) => ({
      ...b,
      unhealthyPodEvictionPolicy: "AlwaysAllow" as const,
    }));
    const world = afterDrain({
      ...scenario,
      cluster: { ...scenario.cluster, podDisruptionBudgets: budgets },
    });
    expect(webOn(world, dead)).toEqual([]);
  }, 60_000);

  it("deleting the dead Node frees its web pods: the budget is not asked", () => {
    const world = new World(scenario, 1);
    world.advanceTo(3 * 60_000);
    expect(world.apply({ type: "removeNode", node: dead }).accepted).toBe(true);
    world.advanceTo(3 * 60_000 + 1_000);
    const web = world.podList().filter((p) => p.deployment === "web" && !p.deleting);
    expect(web.length).toBe(8);
    expect(web.every((p) => p.nodeName !== dead)).toBe(true);
  }, 60_000);
});
