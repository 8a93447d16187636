/**
 * Membership changes, the one idea of etcd-io/raft's confchange/ (confchange.go, restore.go): a
 * change applies to a copy of the configuration, which is checked before it replaces the one in
 * force. `simple` changes the voters by at most one (thesis §4.1); `enterJoint` moves to a joint
 * configuration C_old,new in which both majorities decide, and `leaveJoint` to C_new (thesis §4.3).
 * An invalid change is an error and changes nothing.
 */
import type { Progress, ProgressTracker } from "./progress.ts";
import type { ConfChange, ConfChangeSingle, ConfChangeV2, ConfState } from "./types.ts";

/** A configuration being built: the tracker's sets and progress, copied. */
export interface ChangedConfig {
  readonly voters: Set<number>;
  readonly votersOutgoing: Set<number>;
  readonly learners: Set<number>;
  readonly learnersNext: Set<number>;
  autoLeave: boolean;
  readonly progress: Map<number, Progress>;
}

export class ConfChangeError extends Error {}

/** What a change starts from: the tracker in force and the leader's last index (for new members' Next). */
export interface Changer {
  readonly tracker: ProgressTracker;
  readonly lastIndex: number;
}

const fail = (reason: string): never => {
  throw new ConfChangeError(reason);
};

/** The copy a change works on; a shallow copy of each Progress, as only `isLearner` changes. */
function checkAndCopy(c: Changer): ChangedConfig {
  const t = c.tracker;
  const progress = new Map<number, Progress>();
  for (const [id, pr] of t.progress)
    progress.set(id, Object.assign(Object.create(Object.getPrototypeOf(pr)), pr));
  const cfg: ChangedConfig = {
    voters: new Set(t.voters),
    votersOutgoing: new Set(t.votersOutgoing),
    learners: new Set(t.learners),
    learnersNext: new Set(t.learnersNext),
    autoLeave: t.autoLeave,
    progress,
  };
  checkInvariants(cfg);
  return cfg;
}

const isJoint = (cfg: ChangedConfig) => cfg.votersOutgoing.size > 0;

/** EnterJoint: the outgoing majority becomes a copy of the incoming one, then the changes apply to the incoming. */
export function enterJoint(
  c: Changer,
  autoLeave: boolean,
  changes: readonly ConfChangeSingle[],
): ChangedConfig {
  const cfg = checkAndCopy(c);
  if (isJoint(cfg)) fail("config is already joint");
  if (cfg.voters.size === 0) fail("can't make a zero-voter config joint");
  for (const id of cfg.voters) cfg.votersOutgoing.add(id);
  apply(c, cfg, changes);
  cfg.autoLeave = autoLeave;
  checkInvariants(cfg);
  return cfg;
}

/** LeaveJoint: the incoming majority decides alone; staged learners join the learners. */
export function leaveJoint(c: Changer): ChangedConfig {
  const cfg = checkAndCopy(c);
  if (!isJoint(cfg)) fail("can't leave a non-joint config");
  for (const id of cfg.learnersNext) {
    cfg.learners.add(id);
    const pr = cfg.progress.get(id);
    if (pr) pr.isLearner = true;
  }
  cfg.learnersNext.clear();
  for (const id of cfg.votersOutgoing) {
    if (!cfg.voters.has(id) && !cfg.learners.has(id)) cfg.progress.delete(id);
  }
  cfg.votersOutgoing.clear();
  cfg.autoLeave = false;
  checkInvariants(cfg);
  return cfg;
}

/** Simple: changes that together change the incoming voters by at most one, outside a joint configuration. */
export function simple(c: Changer, changes: readonly ConfChangeSingle[]): ChangedConfig {
  const cfg = checkAndCopy(c);
  if (isJoint(cfg)) fail("can't apply simple config change in joint config");
  apply(c, cfg, changes);
  let diff = 0;
  for (const id of c.tracker.voters) if (!cfg.voters.has(id)) diff++;
  for (const id of cfg.voters) if (!c.tracker.voters.has(id)) diff++;
  if (diff > 1) fail("more than one voter changed without entering joint config");
  checkInvariants(cfg);
  return cfg;
}

function apply(c: Changer, cfg: ChangedConfig, changes: readonly ConfChangeSingle[]): void {
  for (const cc of changes) {
    // etcd zeroes the node id of a change it decided not to apply.
    if (cc.nodeId === 0) continue;
    switch (cc.type) {
      case "ConfChangeAddNode":
        makeVoter(c, cfg, cc.nodeId);
        break;
      case "ConfChangeAddLearnerNode":
        makeLearner(c, cfg, cc.nodeId);
        break;
      case "ConfChangeRemoveNode":
        remove(cfg, cc.nodeId);
        break;
    }
  }
  if (cfg.voters.size === 0) fail("removed all voters");
}

function makeVoter(c: Changer, cfg: ChangedConfig, id: number): void {
  const pr = cfg.progress.get(id);
  if (!pr) {
    initProgress(c, cfg, id, false);
    return;
  }
  pr.isLearner = false;
  cfg.learners.delete(id);
  cfg.learnersNext.delete(id);
  cfg.voters.add(id);
}

/**
 * makeLearner: a new learner, or a voter demoted; a voter that is still in the outgoing majority is
 * staged in learnersNext until the joint configuration is left, so no member is voter and learner
 * at once.
 */
function makeLearner(c: Changer, cfg: ChangedConfig, id: number): void {
  const pr = cfg.progress.get(id);
  if (!pr) {
    initProgress(c, cfg, id, true);
    return;
  }
  if (pr.isLearner) return;
  remove(cfg, id);
  cfg.progress.set(id, pr);
  if (cfg.votersOutgoing.has(id)) cfg.learnersNext.add(id);
  else {
    pr.isLearner = true;
    cfg.learners.add(id);
  }
}

function remove(cfg: ChangedConfig, id: number): void {
  if (!cfg.progress.has(id)) return;
  cfg.voters.delete(id);
  cfg.learners.delete(id);
  cfg.learnersNext.delete(id);
  // A voter of the outgoing majority keeps its progress until the joint configuration is left.
  if (!cfg.votersOutgoing.has(id)) cfg.progress.delete(id);
}

function initProgress(c: Changer, cfg: ChangedConfig, id: number, isLearner: boolean): void {
  if (isLearner) cfg.learners.add(id);
  else cfg.voters.add(id);
  // Probed from the leader's last index; counted as recently active so that check-quorum does not
  // depose the leader before the new member had a chance to answer (etcd-io/raft initProgress).
  const pr = c.tracker.newProgress(Math.max(c.lastIndex, 1), isLearner);
  pr.recentActive = true;
  cfg.progress.set(id, pr);
}

function checkInvariants(cfg: ChangedConfig): void {
  for (const ids of [cfg.voters, cfg.votersOutgoing, cfg.learners, cfg.learnersNext]) {
    for (const id of ids) if (!cfg.progress.has(id)) fail(`no progress for ${id}`);
  }
  for (const id of cfg.learnersNext) {
    if (!cfg.votersOutgoing.has(id)) fail(`${id} is in LearnersNext, but not Voters[1]`);
    if (cfg.progress.get(id)?.isLearner) fail(`${id} is in LearnersNext, but is already marked as learner`);
  }
  for (const id of cfg.learners) {
    if (cfg.votersOutgoing.has(id)) fail(`${id} is in Learners and Voters[1]`);
    if (cfg.voters.has(id)) fail(`${id} is in Learners and Voters[0]`);
    if (!cfg.progress.get(id)?.isLearner) fail(`${id} is in Learners, but is not marked as learner`);
  }
  if (!isJoint(cfg)) {
    if (cfg.learnersNext.size > 0) fail("cfg.LearnersNext must be nil when not joint");
    if (cfg.autoLeave) fail("AutoLeave must be false when not joint");
  }
}

/** raftpb ConfChange.AsV2: a v1 change is a V2 change of one, with the automatic transition. */
export function asV2(cc: ConfChange | ConfChangeV2): ConfChangeV2 {
  return "changes" in cc ? cc : { transition: "auto", changes: [cc] };
}

/** ConfChangeV2.LeaveJoint: the empty change. */
export function leavesJoint(cc: ConfChangeV2): boolean {
  return cc.changes.length === 0 && cc.transition === "auto";
}

/** ConfChangeV2.EnterJoint: whether it uses joint consensus, and whether it leaves it by itself. */
export function entersJoint(cc: ConfChangeV2): { joint: boolean; autoLeave: boolean } {
  if (cc.transition !== "auto" || cc.changes.length > 1) {
    return { joint: true, autoLeave: cc.transition !== "explicit" };
  }
  return { joint: false, autoLeave: false };
}

/** Applies a conf change (v1 or v2) to the configuration in force, as raft.applyConfChange does. */
export function changeConfig(c: Changer, change: ConfChange | ConfChangeV2): ChangedConfig {
  const cc = asV2(change);
  if (leavesJoint(cc)) return leaveJoint(c);
  const { joint, autoLeave } = entersJoint(cc);
  if (joint) return enterJoint(c, autoLeave, cc.changes);
  return simple(c, cc.changes);
}

/**
 * confchange.Restore: the configuration a ConfState describes, built from an empty one by changes
 * (the outgoing voters one by one, then into the joint configuration with the incoming ones).
 */
export function restoreConfig(c: Changer, cs: ConfState): ChangedConfig {
  const outgoing = cs.votersOutgoing ?? [];
  const incoming: ConfChangeSingle[] = [
    ...outgoing.map((nodeId): ConfChangeSingle => ({ type: "ConfChangeRemoveNode", nodeId })),
    ...cs.voters.map((nodeId): ConfChangeSingle => ({ type: "ConfChangeAddNode", nodeId })),
    ...cs.learners.map((nodeId): ConfChangeSingle => ({ type: "ConfChangeAddLearnerNode", nodeId })),
    ...(cs.learnersNext ?? []).map(
      (nodeId): ConfChangeSingle => ({ type: "ConfChangeAddLearnerNode", nodeId }),
    ),
  ];
  let tracker = c.tracker;
  const step = (next: ChangedConfig): void => {
    tracker = withConfig(tracker, next);
  };
  if (outgoing.length === 0) {
    for (const cc of incoming) step(simple({ tracker, lastIndex: c.lastIndex }, [cc]));
  } else {
    for (const nodeId of outgoing)
      step(simple({ tracker, lastIndex: c.lastIndex }, [{ type: "ConfChangeAddNode", nodeId }]));
    step(enterJoint({ tracker, lastIndex: c.lastIndex }, cs.autoLeave ?? false, incoming));
  }
  return checkAndCopy({ tracker, lastIndex: c.lastIndex });
}

/** A tracker like `base` (same limits) holding `cfg`. */
function withConfig(base: ProgressTracker, cfg: ChangedConfig): ProgressTracker {
  const t = Object.assign(Object.create(Object.getPrototypeOf(base)), base) as ProgressTracker;
  installConfig(t, cfg);
  return t;
}

/** Puts a checked configuration in force in `t` (switchToConfig's first half). */
export function installConfig(t: ProgressTracker, cfg: ChangedConfig): void {
  t.voters = cfg.voters;
  t.votersOutgoing = cfg.votersOutgoing;
  t.learners = cfg.learners;
  t.learnersNext = cfg.learnersNext;
  t.autoLeave = cfg.autoLeave;
  t.progress = cfg.progress;
}
