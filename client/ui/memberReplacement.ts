import type { Command } from "../../shared/sim/commands.ts";
import { LEARNER_READY_PERCENT } from "../../shared/sim/etcd/reconfig.ts";
import type { EtcdMemberView } from "../net/connection.ts";

/**
 * Replacing an etcd member the safe way, as etcd's runtime-reconfiguration guide advises
 * (etcd.io/docs/v3.6/op-guide/runtime-configuration, "Add a new member as learner"): add the new
 * member as a learner (it catches up without a vote, so the quorum does not grow while it is
 * empty), promote it once it is in sync with the leader, and only then remove the old member.
 * Each step is a real `etcdctl` command; etcd refuses a promote that comes too early with its own
 * "etcdserver: can only promote a learner member which is in sync with leader". Pure: no Phaser.
 */
export interface MemberReplacement {
  /** The member being replaced. */
  readonly old: string;
  /** The learner that takes its place. */
  readonly replacement: string;
}

export type ReplacementStep =
  | { readonly step: "add"; readonly command: Command }
  /** `caughtUp`: the learner's log against the leader's (etcd promotes it from 0.9, isLearnerReady). */
  | {
      readonly step: "promote";
      readonly command: Command;
      readonly caughtUp: number;
      readonly ready: boolean;
    }
  | { readonly step: "remove"; readonly command: Command }
  | { readonly step: "done" };

export const REPLACEMENT_STEPS = ["add", "promote", "remove"] as const;

/** What the replacement needs next, read from the members as the cluster shows them now. */
export function replacementStep(
  replacement: MemberReplacement,
  members: readonly Pick<EtcdMemberView, "name" | "role" | "lastIndex">[],
): ReplacementStep {
  const added = members.find((m) => m.name === replacement.replacement);
  if (added === undefined) return { step: "add", command: addLearner(replacement.replacement) };
  // A learner that is down has not caught up; it may be one still (the view cannot tell a downed
  // learner from a downed voter), so promote stays the step and etcd says whether it may.
  if (added.role === "learner" || added.role === "down") {
    const leader = members.find((m) => m.role === "leader");
    // etcd's isLearnerReady compares the leader's progress for the learner with its own match.
    const caughtUp =
      leader === undefined || added.role === "down" || leader.lastIndex === 0
        ? 0
        : Math.min(1, added.lastIndex / leader.lastIndex);
    return {
      step: "promote",
      command: { type: "promoteEtcdMember", member: replacement.replacement },
      caughtUp,
      ready: caughtUp >= LEARNER_READY_PERCENT,
    };
  }
  if (members.some((m) => m.name === replacement.old))
    return { step: "remove", command: { type: "removeEtcdMember", member: replacement.old } };
  return { step: "done" };
}

/** `etcdctl member add NAME --learner`. */
export function addLearner(name: string): Command {
  return { type: "addEtcdMember", name, learner: true };
}
