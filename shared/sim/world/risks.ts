/**
 * Why the objective cannot hold as things stand, told before it is too late (issue 15, item 5):
 * pods that fit on no node and will not get one, an autoscaler that wants more pods than the nodes
 * can hold, an etcd without a quorum, a drain a PodDisruptionBudget holds back. Pure: it reads a plain summary the World gives
 * (World.riskFacts), and a watch keeps only what has lasted, so an election of a second or a pod
 * waiting for its first try does not flash a warning.
 */

export type ObjectiveRisk =
  /** etcd has had no leader for a while: no write commits, so nothing in the cluster can change. */
  | { readonly kind: "noQuorum"; readonly members: number; readonly quorum: number }
  /** Pending pods that fit on no node, with no node on its way: kube-scheduler's own summary. */
  | { readonly kind: "podsCannotFit"; readonly pods: number; readonly reason: string }
  /** The autoscaler set more replicas than the nodes hold, and no node is on its way. */
  | {
      readonly kind: "hpaBeyondCapacity";
      readonly deployment: string;
      readonly wanted: number;
      readonly fit: number;
    }
  /**
   * kubectl drain retries evictions a PodDisruptionBudget refuses (429): the node keeps these pods
   * until the budget allows a disruption, which for an unready pod may be never.
   */
  | {
      readonly kind: "drainBlocked";
      readonly node: string;
      readonly budget: string;
      readonly pods: number;
      readonly disruptionsAllowed: number;
    };

/** What the World knows that the risks are read from. */
export interface RiskFacts {
  readonly etcd: { readonly members: number; readonly leader: boolean };
  /** Pods kube-scheduler tried and could not place, by Deployment, with its summary for one of them. */
  readonly unschedulable: readonly {
    readonly deployment: string;
    readonly pods: number;
    readonly reason: string;
  }[];
  /** Deployments under an HorizontalPodAutoscaler: the replicas it set, and how many are on a node. */
  readonly autoscaled: readonly {
    readonly deployment: string;
    readonly replicas: number;
    readonly bound: number;
  }[];
  /** New nodes are booting, or the provisioner may still order some: Pending pods will find room. */
  readonly nodesComing: boolean;
  /** Drains kubectl is retrying: the pods a budget refuses on each node, and what the budget allows now. */
  readonly drains: readonly {
    readonly node: string;
    readonly budget: string;
    readonly pods: readonly string[];
    readonly disruptionsAllowed: number;
  }[];
}

/** The risks the facts show now. */
export function objectiveRisks(facts: RiskFacts): ObjectiveRisk[] {
  const risks: ObjectiveRisk[] = [];
  if (!facts.etcd.leader && facts.etcd.members > 0)
    risks.push({
      kind: "noQuorum",
      members: facts.etcd.members,
      quorum: Math.floor(facts.etcd.members / 2) + 1,
    });
  for (const d of facts.drains)
    risks.push({
      kind: "drainBlocked",
      node: d.node,
      budget: d.budget,
      pods: d.pods.length,
      disruptionsAllowed: d.disruptionsAllowed,
    });
  if (facts.nodesComing) return risks;
  const stuck = new Map(facts.unschedulable.map((u) => [u.deployment, u]));
  for (const a of facts.autoscaled) {
    if (!stuck.has(a.deployment) || a.replicas <= a.bound) continue;
    risks.push({ kind: "hpaBeyondCapacity", deployment: a.deployment, wanted: a.replicas, fit: a.bound });
    stuck.delete(a.deployment);
  }
  const rest = [...stuck.values()];
  const first = rest[0];
  if (first !== undefined)
    risks.push({
      kind: "podsCannotFit",
      pods: rest.reduce((sum, u) => sum + u.pods, 0),
      reason: first.reason,
    });
  return risks;
}

/** A risk is told once it has lasted this long (game time): longer than an etcd election or a pod's first retries. */
export const RISK_HOLD_MS = 5_000;

/** Keeps the risks that have lasted RISK_HOLD_MS, each with its latest figures. */
export class RiskWatch {
  private readonly since = new Map<string, number>();

  /** Since when each risk has stood, as plain data (a round's keyframe carries it). */
  snapshot(): [string, number][] {
    return [...this.since];
  }

  restore(from: readonly (readonly [string, number])[]): void {
    this.since.clear();
    for (const [key, since] of from) this.since.set(key, since);
  }

  observe(facts: RiskFacts, nowMs: number): ObjectiveRisk[] {
    const now = objectiveRisks(facts);
    const keys = new Set(now.map(riskKey));
    for (const key of [...this.since.keys()]) if (!keys.has(key)) this.since.delete(key);
    return now.filter((risk) => {
      const key = riskKey(risk);
      const since = this.since.get(key) ?? nowMs;
      this.since.set(key, since);
      return nowMs - since >= RISK_HOLD_MS;
    });
  }
}

function riskKey(risk: ObjectiveRisk): string {
  if (risk.kind === "hpaBeyondCapacity") return `${risk.kind}:${risk.deployment}`;
  if (risk.kind === "drainBlocked") return `${risk.kind}:${risk.node}:${risk.budget}`;
  return risk.kind;
}
