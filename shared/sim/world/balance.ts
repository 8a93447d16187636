/**
 * Whether skill decides a scenario, measured (`npm run balance`, tests/unit/world/balance.test.ts):
 * each scenario played over several seeds by three policies, to its end as the game room would end it.
 *
 * - idle: nobody acts; the built-in controllers and the script play alone;
 * - naive: a bot that takes a random valid operator action every half game minute or so (seeded);
 * - expert: the scenario's written playbook (shared/scenarios/playbooks/<id>.jsonl), a command log
 *   that is also the facilitator's answer key.
 */
import type { Command } from "../commands.ts";
import { createRandom, type Random } from "../random.ts";
import type { Scenario } from "../scenario/types.ts";
import type { EndReason, Outcome } from "./outcome.ts";
import { type RoundPlayer, runWorld, type WorldLoggedCommand } from "./runner.ts";
import type { World } from "./world.ts";

export const policies = ["idle", "naive", "expert"] as const;
export type Policy = (typeof policies)[number];

export interface BalanceRow {
  readonly scenario: string;
  readonly seed: number;
  readonly policy: Policy;
  readonly outcome: Outcome;
  readonly reason: EndReason;
  /** When the round ended, simulated ms. */
  readonly endedAtMs: number;
  readonly timeToRecoveryMs: number | null;
  readonly errorBudgetLeft: number;
  /** Commands of the policy that took effect. */
  readonly actions: number;
}

/** A win for the team: resolved, or survived. */
export const won = (row: Pick<BalanceRow, "outcome">): boolean => row.outcome !== "failed";

/** Plays one round of `scenario` from `seed` with `policy` (the expert's `playbook` for "expert"). */
export function playBalanceRound(
  scenario: Scenario,
  seed: number,
  policy: Policy,
  playbook: readonly WorldLoggedCommand[] = [],
): BalanceRow {
  const summary = runWorld(scenario, seed, policy === "expert" ? playbook : [], scenario.timeLimitMs, {
    stopAtEnd: true,
    ...(policy === "naive" ? { player: naiveOperator(scenario, seed) } : {}),
  });
  const end = summary.end;
  // Run to the time limit, a round always ends; a missing end would be a bug in outcome.ts.
  if (end === null) throw new Error(`${scenario.id} seed ${seed}: the round did not end by its time limit`);
  return {
    scenario: scenario.id,
    seed,
    policy,
    outcome: end.outcome,
    reason: end.reason,
    endedAtMs: end.atMs,
    timeToRecoveryMs: summary.score.timeToRecoveryMs,
    errorBudgetLeft: summary.score.errorBudgetLeft,
    actions: summary.score.actions,
  };
}

/** Game seconds between the naive bot's actions: a random wait in this range. */
const NAIVE_WAIT_MS: readonly [number, number] = [15_000, 45_000];
/** Tries per turn to find an action the cluster accepts. */
const NAIVE_TRIES = 6;

/**
 * An operator who acts without reading the situation: every 15–45 game seconds one random command
 * on a random target (cordon, uncordon, drain, scale to a random size, roll back, restart an etcd
 * member, add a node like an existing one, delete a node, switch kube-proxy's mode or API Priority
 * and Fairness);
 * one the cluster refuses is a turn lost. Seeded: the same seed, the same bot.
 */
export function naiveOperator(scenario: Scenario, seed: number): RoundPlayer {
  const random = createRandom(seed, "balance.naive");
  let nextAt = random.intBetween(...NAIVE_WAIT_MS);
  let added = 0;
  return (world: World) => {
    if (world.now < nextAt) return [];
    nextAt = world.now + random.intBetween(...NAIVE_WAIT_MS);
    for (let i = 0; i < NAIVE_TRIES; i++) {
      const command = randomOperatorCommand(world, scenario, random, () => `naive-${++added}`);
      if (command !== null && wouldAccept(world, command)) return [command];
    }
    return [];
  };
}

function randomOperatorCommand(
  world: World,
  scenario: Scenario,
  random: Random,
  freshName: () => string,
): Command | null {
  const pick = <T>(items: readonly T[]): T | undefined => items[random.int(Math.max(1, items.length))];
  const node = pick(world.nodeList());
  const deployment = pick(scenario.cluster.deployments);
  const member = pick(world.etcdStatus());
  switch (random.int(11)) {
    case 0:
      return node === undefined ? null : { type: "cordon", node: node.name };
    case 1:
      return node === undefined ? null : { type: "uncordon", node: node.name };
    case 2:
      return node === undefined ? null : { type: "drain", node: node.name, gracePeriodMs: null };
    case 3:
    case 4: {
      if (deployment === undefined) return null;
      const now = world.deploymentStatus(deployment.name)?.replicas ?? deployment.replicas;
      return { type: "scale", deployment: deployment.name, replicas: random.intBetween(0, now * 2 + 2) };
    }
    case 5:
      return deployment === undefined
        ? null
        : { type: "rolloutUndo", deployment: deployment.name, toRevision: null };
    case 6:
      return member === undefined ? null : { type: "restartEtcdMember", member: member.name };
    case 7:
      return node === undefined
        ? null
        : {
            type: "addNode",
            name: freshName(),
            zone: node.zone,
            milliCPU: node.allocatable.milliCPU,
            memoryBytes: node.allocatable.memoryBytes,
            pods: node.allocatable.pods,
          };
    case 8:
      return { type: "setKubeProxyMode", mode: random.int(2) === 0 ? "iptables" : "ipvs" };
    case 9:
      return node === undefined ? null : { type: "removeNode", node: node.name };
    default:
      return { type: "setPriorityAndFairness", enabled: random.int(2) === 0 };
  }
}

/** Cheap checks before asking the World, so the bot does not fill the trace with refusals it could foresee. */
function wouldAccept(world: World, command: Command): boolean {
  if (command.type === "cordon" || command.type === "drain")
    return world.nodeList().some((n) => n.name === command.node && !n.unschedulable);
  if (command.type === "uncordon")
    return world.nodeList().some((n) => n.name === command.node && n.unschedulable);
  return true;
}
