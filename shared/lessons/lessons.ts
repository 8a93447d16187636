import type { MilestoneKind } from "../sim/world/milestones.ts";
import type { en } from "./text.ts";

/**
 * The mechanisms a round can teach, in the order the debrief shows them when several apply: the
 * scenario's core lesson first, then what the cluster went through, then what the players did.
 * Each one's words are in ./text.ts (`lesson.<id>.title|body|real`), with the sources of their
 * numbers cited there.
 */
export const LESSONS = [
  "raftMajority",
  "fifthMember",
  "raftElection",
  "leaseRead",
  "spaceQuota",
  "leaderElection",
  "apf",
  "hpa",
  "kubeProxy",
  "crashLoop",
  "podSandbox",
  "qos",
  "nodePressure",
  "evictionWait",
  "zoneEviction",
  "requestsReserve",
  "pdbDrain",
  "cordon",
  "errorBudget",
] as const;

export type LessonId = (typeof LESSONS)[number];

/** How many lesson cards the debrief has room for. */
export const MAX_LESSONS = 5;

/** What a round's lessons are chosen from. */
export interface RoundFacts {
  readonly scenarioId: string;
  readonly milestones: readonly { readonly kind: MilestoneKind }[];
  /** The players' commands by type, and whether the cluster accepted them. */
  readonly timeline: readonly { readonly command: string; readonly accepted: boolean }[];
  /** The scenario's etcd answers reads from the leader's lease (raft's ReadOnlyLeaseBased). */
  readonly leaseReads?: boolean;
}

/** The lessons each scenario is built around (shared/scenarios/<id>.yaml). */
const SCENARIO_LESSONS: Readonly<Record<string, readonly LessonId[]>> = {
  "even-split": ["raftMajority", "fifthMember"],
  "launch-day": ["apf", "hpa"],
  "thousand-services": ["kubeProxy"],
  "kubelets-bad-day": ["crashLoop", "podSandbox", "nodePressure"],
  "lost-leader": ["leaderElection", "evictionWait"],
  "noisy-neighbour": ["qos", "nodePressure"],
  "zone-down": ["evictionWait", "zoneEviction", "requestsReserve"],
  "first-light": ["evictionWait", "requestsReserve", "pdbDrain"],
  "full-etcd": ["spaceQuota"],
};

/**
 * The lessons this round exercised, most important first, at most MAX_LESSONS: the scenario's own,
 * then those its milestones show, then those the players' applied commands touched. A round that
 * showed none of them still teaches the error budget.
 */
export function pickLessons(facts: RoundFacts): LessonId[] {
  const chosen = new Set<LessonId>(SCENARIO_LESSONS[facts.scenarioId] ?? []);
  const kinds = new Set(facts.milestones.map((m) => m.kind));
  if (kinds.has("quorumLost")) chosen.add("raftMajority");
  // The first leader of a round is the cluster starting up; any later one is a re-election.
  if (facts.milestones.filter((m) => m.kind === "leaderElected").length > 1) chosen.add("raftElection");
  if (facts.leaseReads) chosen.add("leaseRead");
  if (kinds.has("nodeNotReady") || kinds.has("podsEvicted")) chosen.add("evictionWait");
  const applied = new Set(facts.timeline.filter((e) => e.accepted).map((e) => e.command));
  if (applied.has("drain")) chosen.add("pdbDrain");
  if (applied.has("cordon") || applied.has("uncordon")) chosen.add("cordon");
  if (applied.has("setHpa")) chosen.add("hpa");
  if (applied.has("setPriorityAndFairness") || applied.has("setApiServerLimits")) chosen.add("apf");
  if (applied.has("setKubeProxyMode")) chosen.add("kubeProxy");
  if (applied.has("compactEtcd") || applied.has("defragEtcd") || applied.has("disarmEtcdAlarms"))
    chosen.add("spaceQuota");
  if (applied.has("startControlPlane")) chosen.add("leaderElection");
  if (applied.has("setResources")) chosen.add("qos");
  if (kinds.has("sloBreached") || chosen.size === 0) chosen.add("errorBudget");
  return LESSONS.filter((id) => chosen.has(id)).slice(0, MAX_LESSONS);
}

type LessonKey = keyof typeof en;

/** The keys of a lesson's title, its explanation and its "the real thing" line. */
export function lessonKeys(id: LessonId): { title: LessonKey; body: LessonKey; real: LessonKey } {
  return { title: `lesson.${id}.title`, body: `lesson.${id}.body`, real: `lesson.${id}.real` };
}
