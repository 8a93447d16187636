import { Client, type Room } from "@colyseus/sdk";
import {
  type ClientMessage,
  type ClientMessageType,
  type CommandResultMessage,
  type ErrorMessage,
  type PodListMessage,
  ROLES,
  type Role,
  roomNames,
  serverMessageTypes,
} from "../../shared/protocol/messages.ts";
import { type Command, parseCommand } from "../../shared/sim/commands.ts";
import { type ControlPlaneComponent, controlPlaneComponents } from "../../shared/sim/scenario/faults.ts";
import type { MilestoneKind, Milestone as MilestoneView } from "../../shared/sim/world/milestones.ts";
import type { ObjectiveRisk } from "../../shared/sim/world/risks.ts";
import type { IncidentState } from "../../shared/state/incidentState.ts";
import { language, t } from "../i18n/index.ts";
import { serverEndpoint } from "./api.ts";
import { REJOIN_LIMIT_MS, rejoin } from "./rejoin.ts";

// Plain HTTP reads live in ./api.ts; the lobby takes the scenario list from here.
export { fetchScenarios, type ScenarioListing } from "./api.ts";

/** The replicated state as plain data: what scenes draw. */
export interface ClusterView {
  readonly me: string;
  readonly joinCode: string;
  readonly phase: "lobby" | "briefing" | "live" | "debrief";
  readonly paused: boolean;
  readonly speed: number;
  /** 0 while the cluster runs at `speed`; else the speed it manages (its simulation cannot keep up). */
  readonly slowedTo: number;
  readonly round: number;
  readonly timeLimitMs: number;
  readonly facilitator: string;
  /** A solo game: its one player facilitates, defends, and faces the scenario's script. */
  readonly solo: boolean;
  /** The scenario's script plays chaos this round (nobody holds the chaos role). */
  readonly scripted: boolean;
  readonly rolesLocked: boolean;
  readonly players: readonly PlayerView[];
  readonly scenarioId: string;
  readonly scenarioVersion: number;
  readonly scenarioTitle: string;
  readonly briefing: string;
  /** How the last round ended: "" while none has, or resolved, survived, failed, ended (facilitator). */
  readonly outcome: "" | "resolved" | "survived" | "failed" | "ended";
  /** Why (shared/sim/world/outcome.ts EndReason, or "ended"), and the checks not holding at the end. */
  readonly outcomeReason: string;
  readonly outcomeFailing: readonly string[];
  /** recover, survive or versus. */
  readonly objectiveKind: string;
  readonly tutorial: boolean;
  readonly errorBudgetWindowMs: number;
  readonly seed: number;
  /** The week of this round's board, the seed that board plays, and whether the finished round ranks there. */
  readonly period: string;
  readonly boardSeed: number;
  readonly ranked: boolean;
  /** Why the finished round does not rank ("" when it does, or before it ends). */
  readonly unranked: string;
  readonly tick: number;
  readonly timeMs: number;
  readonly nodes: readonly NodeView[];
  /** Machines ordered and still booting, in the order they were ordered. */
  readonly booting: readonly BootingNodeView[];
  readonly hpas: readonly HpaView[];
  readonly pdbs: readonly PdbView[];
  /** Only the pods that need attention (at most a bounded number); healthy ones are counted per node. */
  readonly pods: readonly PodView[];
  readonly services: readonly ServiceView[];
  readonly deployments: readonly DeploymentView[];
  readonly etcd: readonly EtcdMemberView[];
  /** Requests the API server refused with 429 Too Many Requests. */
  readonly apiRejected: number;
  readonly chaosEnergy: number;
  readonly chaosEnergyMax: number;
  readonly cards: readonly ChaosCardView[];
  readonly score: ScoreView;
  readonly events: readonly EventView[];
  readonly timeline: readonly TimelineView[];
  /** Raft messages between the etcd members in flight now (a bounded sample), for the control-plane strip. */
  readonly raftMessages: readonly RaftMessageView[];
  readonly controlPlane: ControlPlaneView;
  /** What happened to the cluster this round (incident start, leader changes, quorum, SLO breaches, …), oldest first. */
  readonly milestones: readonly MilestoneView[];
  /** The round's moves to another server process (its own died), oldest first. */
  readonly moves: readonly ServerMoveView[];
  /** What the facilitator points at while the round is paused: `node/<name>`, `pod/<name>`. */
  readonly highlights: readonly string[];
  /** The debrief's lesson the facilitator has open ("" for none). */
  readonly debriefLesson: string;
}

/** The round stood still at `atMs` (world time) for `gapMs` of real time while its workshop moved to another server. */
export interface ServerMoveView {
  readonly atMs: number;
  /** 0 while the round waits for its players to come back. */
  readonly gapMs: number;
}

export interface RaftMessageView {
  readonly from: string;
  readonly to: string;
  /** MsgApp, MsgAppResp, MsgHeartbeat, MsgHeartbeatResp, MsgVote, MsgVoteResp, MsgPreVote, … */
  readonly type: string;
  readonly sentAtMs: number;
  readonly arriveAtMs: number;
}

/** The API servers' load and the scheduler's queue. */
export interface ControlPlaneView {
  /** Requests being served now, and how many may be (max-inflight, or APF's total seats). */
  readonly apiInflight: number;
  readonly apiCapacity: number;
  readonly apfEnabled: boolean;
  /** kube-scheduler's queues: activeQ, backoffQ, unschedulable pods. */
  readonly schedulerActive: number;
  readonly schedulerBackoff: number;
  readonly schedulerUnschedulable: number;
  /** Which instance holds each component's leader Lease ("" when none does). */
  readonly schedulerLeader: string;
  readonly controllerManagerLeader: string;
  readonly kubeProxyMode: string;
  /** How long kube-proxy's last sync took (or the one being written has so far), ms. */
  readonly kubeProxySyncMs: number;
  /** Control-plane processes not running (a crashed machine, a static pod manifest moved away). */
  readonly stoppedProcesses: readonly {
    readonly component: ControlPlaneComponent;
    readonly machine: string;
  }[];
  /** How etcd confirms a linearizable read: "safe" (ReadIndex) or "leaseBased" (raft's ReadOnlyLeaseBased). */
  readonly etcdReads: "safe" | "leaseBased";
  /** Reads a deposed leader answered from its lease after a newer leader committed writes they miss. */
  readonly etcdStaleReads: number;
}

/** What happened to the cluster, as the room's milestone tracker (shared/sim/world/milestones.ts) tells it. */
export type { MilestoneKind, MilestoneView };

export interface ServiceView {
  readonly name: string;
  readonly demandRps: number;
  /** Share of requests answered, 0–1. */
  readonly availability: number;
  readonly p99Ms: number;
  readonly readyEndpoints: number;
  /** The scenario objective's availability target for the service, 0–1; 0 when it names none. */
  readonly availabilityTarget: number;
}

/** Two nines, the usual floor of a web service's SLO: the goal of a service the objective does not name. */
export const DEFAULT_AVAILABILITY_GOAL = 0.99;

/** The availability a service's charts and status are measured against: its objective's target, or the default. */
export function availabilityGoal(service: Pick<ServiceView, "availabilityTarget">): number {
  return service.availabilityTarget > 0 ? service.availabilityTarget : DEFAULT_AVAILABILITY_GOAL;
}

export interface BootingNodeView {
  readonly name: string;
  readonly zone: string;
  readonly by: "operator" | "autoscaler";
  /** Game ms when its boot should end and it joins. */
  readonly readyAtMs: number;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
}

export interface HpaView {
  readonly name: string;
  readonly deployment: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** % of the pods' CPU request. */
  readonly targetPercent: number;
  /** Null while the HPA has no metrics yet. */
  readonly currentPercent: number | null;
}

/** A PodDisruptionBudget with its status (policy/v1). */
export interface PdbView {
  readonly name: string;
  readonly selector: string;
  /** As kubectl prints them ("3", "25%"); null when unset. */
  readonly minAvailable: string | null;
  readonly maxUnavailable: string | null;
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly expectedPods: number;
  readonly disruptionsAllowed: number;
}

export interface DeploymentView {
  readonly name: string;
  readonly replicas: number;
  readonly readyReplicas: number;
}

export interface EtcdMemberView {
  readonly name: string;
  readonly role: "leader" | "follower" | "candidate" | "learner" | "down";
  readonly term: number;
  /** The member's last log index, and how far of it is committed. */
  readonly lastIndex: number;
  readonly commitIndex: number;
  /** The backend file's size and how much of it is in use, bytes. */
  readonly dbSize: number;
  readonly dbSizeInUse: number;
  /** The member's MVCC revision (`etcdctl endpoint status -w json`: header.revision). */
  readonly revision: number;
  /** The alarms raised against this member (NOSPACE). */
  readonly alarms: readonly string[];
}

export interface ChaosCardView {
  readonly id: string;
  readonly fault: string;
  readonly cost: number;
  readonly cooldownMs: number;
  readonly readyAtMs: number;
}

export interface ObjectiveCheckView {
  readonly kind: string;
  readonly holding: boolean;
}

export interface ScoreView {
  /** When the incident began; -1: not yet. */
  readonly incidentAtMs: number;
  /** -1 until the objective has held again. */
  readonly timeToRecoveryMs: number;
  /** Failed requests over the SLO window's error budget (may exceed 1). */
  readonly budgetSpent: number;
  readonly errorBudgetLeft: number;
  readonly actions: number;
  readonly scheduler: number;
  readonly operator: number;
  readonly chaos: number;
  readonly checks: readonly ObjectiveCheckView[];
  /** Why the objective cannot hold as things stand (empty when nothing stands in its way). */
  readonly warnings: readonly ObjectiveRisk[];
  readonly resultId: number;
}

export interface TimelineView {
  readonly at: number;
  readonly player: string;
  /** The command's type, and what it acted on. */
  readonly command: string;
  readonly node: string;
  /** The whole command, to say it as its command line or in words (null from an older server). */
  readonly action: Command | null;
  readonly accepted: boolean;
  readonly reason: string;
}

export interface PlayerView {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly connected: boolean;
  readonly spectator: boolean;
  /** This round's commands the cluster accepted and refused. */
  readonly actions: number;
  readonly refused: number;
  /** Game ms of the last command this round (-1 before the first), and the command. */
  readonly lastActionMs: number;
  readonly lastAction: Command | null;
}

export interface NodeView {
  readonly name: string;
  readonly zone: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly podCapacity: number;
  readonly cpuRequestedMilli: number;
  readonly memoryRequestedMiB: number;
  /** Every pod bound to the node. */
  readonly podCount: number;
  /** Pods on the node that are Running and Ready. */
  readonly podsReady: number;
  readonly unschedulable: boolean;
  readonly ready: "True" | "False" | "Unknown";
  /** MemoryPressure, DiskPressure, … */
  readonly conditions: readonly string[];
  /** `key:Effect` */
  readonly taints: readonly string[];
  /** The machine is powered. */
  readonly up: boolean;
  readonly labels: Readonly<Record<string, string>>;
  /** While kubectl drain retries here: the pods a PodDisruptionBudget refuses, and those budgets. */
  readonly drainBlockedPods: readonly string[];
  readonly drainBudgets: readonly string[];
}

/** A pod that needs attention: pending, starting, not ready, crash-looping or terminating. */
export interface PodView {
  readonly name: string;
  /** "" while unscheduled. */
  readonly nodeName: string;
  readonly phase: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly deployment: string;
  readonly ready: boolean;
  /** CrashLoopBackOff, ImagePull, OOMKilled, Terminating, … */
  readonly reason: string;
  readonly restarts: number;
  /** status.podIP, held by the pod's sandbox (its pause container); "" before it has one. */
  readonly podIP: string;
  /** Why its container last ended (OOMKilled, Error); "" if it never did. */
  readonly lastTermination: string;
  /** Guaranteed, Burstable or BestEffort. */
  readonly qosClass: string;
  /** Its first container's name and image, and that container's limits (0: none). */
  readonly container: string;
  readonly image: string;
  readonly cpuLimitMilli: number;
  readonly memoryLimitMiB: number;
  readonly priority: number;
  /**
   * An unbound pod's scheduling spec as JSON (labels, tolerations, nodeSelector, affinity, priority,
   * in the shape shared/sim/scheduler's Pod has), so the scheduler tool can run the filters locally;
   * "" for bound pods.
   */
  readonly spec: string;
}

export interface EventView {
  readonly time: number;
  readonly type: string;
  readonly reason: string;
  readonly object: string;
  readonly message: string;
}

export type ServerNotice =
  | { kind: "error"; error: ErrorMessage }
  /** The connection to the workshop closed (its server process stopped, or the network): reconnecting. */
  /** waitedMs: how long it has tried so far, once that is long enough to say. */
  | { kind: "moving"; waitedMs?: number }
  /** Back in the workshop, wherever it now runs. */
  | { kind: "moved" }
  /** The workshop is gone for this player: it never came back, or the seat is no longer theirs. */
  | { kind: "closed"; reason: string }
  | { kind: "result"; result: CommandResultMessage };

const RECONNECT_KEY = "clusterCrisis.reconnectionToken";
/** After this long reconnecting, the card says how long it has been trying. A game choice. */
const STILL_MOVING_MS = 5_000;
/** The close code of a room left on purpose (this player's own leave(), or the workshop removing them). */
const CONSENTED = 4000;

/** One connection for the whole game, shared by the scenes. */
export const connection = (): GameConnection => {
  shared ??= new GameConnection();
  return shared;
};
let shared: GameConnection | undefined;

/**
 * The network adapter: joins the incident room, turns replicated-state patches
 * into plain views for the scenes, and sends intents. Scenes never touch Colyseus.
 */
export class GameConnection {
  private room: Room | undefined;
  private readonly viewListeners = new Set<(view: ClusterView) => void>();
  private readonly noticeListeners = new Set<(notice: ServerNotice) => void>();
  private leaving = false;
  /** Who waits for a pod list, oldest first (the server answers in order). */
  private podLists: { resolve: (list: PodListMessage) => void; reject: (error: Error) => void }[] = [];
  latest: ClusterView | undefined;

  /**
   * Starts a solo game at its briefing: this player is the scheduler and the operator against the
   * scenario's script, and starts the clock when ready. `scenario` defaults to the server's first.
   * Without a seed it plays the scenario's board seed of the week, and ranks; any other seed is practice.
   */
  async playSolo(name: string, round: { scenario?: string; seed?: number } = {}): Promise<void> {
    this.attach(
      await new Client(serverEndpoint()).create(roomNames.incident, { solo: true, name, ...round }),
    );
  }

  /** Opens a workshop: this player facilitates; others join with its code. */
  async host(name: string): Promise<void> {
    this.attach(await new Client(serverEndpoint()).create(roomNames.incident, { name }));
  }

  /** Joins a workshop by its code (already normalized), as a player or a read-only spectator. */
  async joinByCode(code: string, name: string, spectate = false): Promise<void> {
    this.attach(
      await new Client(serverEndpoint()).joinById(code, { name, ...(spectate ? { spectate } : {}) }),
    );
  }

  get inRoom(): boolean {
    return this.room !== undefined;
  }

  /**
   * After a page reload: takes back this tab's seat if the workshop still keeps it
   * (the server holds a dropped seat for 30 s). Resolves false when there is none.
   */
  async resume(): Promise<boolean> {
    const token = sessionStorage.getItem(RECONNECT_KEY);
    if (!token) return false;
    try {
      this.attach(await new Client(serverEndpoint()).reconnect(token));
      return true;
    } catch {
      sessionStorage.removeItem(RECONNECT_KEY);
      return false;
    }
  }

  private attach(room: Room): void {
    this.room = room;
    this.leaving = false;
    // This connection finds its way back itself (recover), through matchmaking: the SDK's own
    // retries would knock on the process that held the room, which may be gone.
    room.reconnection.enabled = false;
    sessionStorage.setItem(RECONNECT_KEY, room.reconnectionToken);
    room.onStateChange((state: IncidentState) => {
      this.latest = toView(state, room.sessionId);
      for (const listener of this.viewListeners) listener(this.latest);
    });
    room.onMessage(serverMessageTypes.error, (error: ErrorMessage) => {
      if (error.type === "listPods") this.podLists.shift()?.reject(new Error(error.message));
      this.notify({ kind: "error", error });
    });
    room.onMessage(serverMessageTypes.podList, (list: PodListMessage) =>
      this.podLists.shift()?.resolve(list),
    );
    room.onMessage(serverMessageTypes.commandResult, (result: CommandResultMessage) =>
      this.notify({ kind: "result", result }),
    );
    room.onLeave((code) => {
      if (this.room !== room || this.leaving) return;
      // Closed on purpose by the workshop (the facilitator removed this player): no way back.
      if (code === CONSENTED) this.close("notice.seatGone");
      else void this.recover(room.reconnectionToken);
    });
  }

  /**
   * The socket closed without this player leaving: the workshop's process died (another takes the
   * workshop over), or the network dropped. Reconnects through the entry point to wherever the
   * workshop now lives, with this seat's token; the scenes show "server moved — reconnecting".
   */
  private async recover(token: string): Promise<void> {
    this.room = undefined;
    // The process that was to answer them is gone; the scene asks again once the workshop is back.
    for (const waiting of this.podLists.splice(0)) waiting.reject(new Error("server moved"));
    this.notify({ kind: "moving" });
    const back = await rejoin(new Client(serverEndpoint()), token, {
      stopped: () => this.leaving || this.room !== undefined,
      onRetry: (_, waitedMs) => {
        if (waitedMs >= STILL_MOVING_MS) this.notify({ kind: "moving", waitedMs });
      },
    });
    if (this.leaving || this.room !== undefined) return;
    if (back.ok) {
      this.attach(back.room);
      this.notify({ kind: "moved" });
      return;
    }
    this.close(back.why === "seatGone" ? "notice.seatGone" : "notice.neverBack");
  }

  private close(why: "notice.seatGone" | "notice.neverBack"): void {
    this.room = undefined;
    sessionStorage.removeItem(RECONNECT_KEY);
    this.notify({ kind: "closed", reason: t(why, { seconds: REJOIN_LIMIT_MS / 1000 }) });
  }

  /** Every pod of the cluster, as the server lists them for `kubectl get pods`. */
  listPods(): Promise<PodListMessage> {
    const room = this.room;
    if (!room) return Promise.reject(new Error("not in a round"));
    return new Promise((resolve, reject) => {
      this.podLists.push({ resolve, reject });
      room.send("listPods", {});
    });
  }

  send<T extends ClientMessageType>(type: T, message: ClientMessage<T>): void {
    this.room?.send(type, message);
  }

  onView(listener: (view: ClusterView) => void): () => void {
    this.viewListeners.add(listener);
    return () => this.viewListeners.delete(listener);
  }

  onNotice(listener: (notice: ServerNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  async leave(): Promise<void> {
    this.leaving = true;
    sessionStorage.removeItem(RECONNECT_KEY);
    for (const waiting of this.podLists.splice(0)) waiting.reject(new Error("left the round"));
    await this.room?.leave();
    this.room = undefined;
  }

  private notify(notice: ServerNotice): void {
    for (const listener of this.noticeListeners) listener(notice);
  }
}

function splitList(list: string): string[] {
  return list
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** "availability:1,podsPending:0" → each check and whether it holds. */
function parseChecks(checks: string): ObjectiveCheckView[] {
  return splitList(checks).map((check) => {
    const at = check.lastIndexOf(":");
    return at < 0
      ? { kind: check, holding: false }
      : { kind: check.slice(0, at), holding: check.slice(at + 1) === "1" };
  });
}

/** The room's JSON list of risks; anything this client cannot read is left out. */
function parseWarnings(json: string): ObjectiveRisk[] {
  if (json === "") return [];
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.filter(isRisk) : [];
  } catch {
    return [];
  }
}

function isRisk(value: unknown): value is ObjectiveRisk {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  const n = (key: string) => typeof r[key] === "number";
  switch (r.kind) {
    case "noQuorum":
      return n("members") && n("quorum");
    case "podsCannotFit":
      return n("pods") && typeof r.reason === "string";
    case "hpaBeyondCapacity":
      return typeof r.deployment === "string" && n("wanted") && n("fit");
    case "drainBlocked":
      return (
        typeof r.node === "string" && typeof r.budget === "string" && n("pods") && n("disruptionsAllowed")
      );
    default:
      return false;
  }
}

// A node's labels never change, so each JSON text is parsed once however many views are built
// (bounded: a long workshop adds and removes nodes).
const parsedLabels = new Map<string, Readonly<Record<string, string>>>();
const PARSED_LABELS_KEPT = 2_048;

/** A node's labels from their JSON (an object of strings); {} for anything else. */
function labelsOf(json: string): Readonly<Record<string, string>> {
  const known = parsedLabels.get(json);
  if (known !== undefined) return known;
  const labels: Record<string, string> = {};
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === "object" && value !== null)
      for (const [key, label] of Object.entries(value)) if (typeof label === "string") labels[key] = label;
  } catch {
    // Not JSON (an older server): the node shows no labels.
  }
  if (parsedLabels.size >= PARSED_LABELS_KEPT) parsedLabels.clear();
  parsedLabels.set(json, labels);
  return labels;
}

const MILESTONE_KINDS: ReadonlySet<string> = new Set<MilestoneKind>([
  "incidentStart",
  "fault",
  "leaderElected",
  "quorumLost",
  "quorumRestored",
  "sloBreached",
  "sloRestored",
  "nodeNotReady",
  "nodeReady",
  "podsEvicted",
  "objectiveMet",
]);
const isMilestoneKind = (kind: string): kind is MilestoneKind => MILESTONE_KINDS.has(kind);

const OUTCOMES = new Set(["", "resolved", "survived", "failed", "ended"]);
const isOutcome = (outcome: string): outcome is ClusterView["outcome"] => OUTCOMES.has(outcome);

export function toView(state: IncidentState, me: string): ClusterView {
  const korean = language() === "ko";
  const nodes: NodeView[] = [];
  state.nodes.forEach((n) => {
    nodes.push({
      name: n.name,
      zone: n.zone,
      cpuMilli: n.cpuMilli,
      memoryMiB: n.memoryMiB,
      podCapacity: n.podCapacity,
      cpuRequestedMilli: n.cpuRequestedMilli,
      memoryRequestedMiB: n.memoryRequestedMiB,
      podCount: n.podCount,
      podsReady: n.podsReady,
      unschedulable: n.unschedulable,
      ready: n.ready === "True" || n.ready === "False" ? n.ready : "Unknown",
      conditions: splitList(n.conditions),
      taints: splitList(n.taints),
      up: n.up,
      labels: labelsOf(n.labels),
      drainBlockedPods: splitList(n.drainBlockedPods),
      drainBudgets: splitList(n.drainBudgets),
    });
  });
  const pods: PodView[] = [];
  state.pods.forEach((p) => {
    pods.push({
      name: p.name,
      nodeName: p.nodeName,
      phase: p.phase,
      cpuMilli: p.cpuMilli,
      memoryMiB: p.memoryMiB,
      deployment: p.deployment,
      ready: p.ready,
      reason: p.reason,
      restarts: p.restarts,
      podIP: p.podIP,
      lastTermination: p.lastTermination,
      qosClass: p.qosClass,
      container: p.container,
      image: p.image,
      cpuLimitMilli: p.cpuLimitMilli,
      memoryLimitMiB: p.memoryLimitMiB,
      priority: p.priority,
      spec: p.spec,
    });
  });
  const services: ServiceView[] = [];
  state.services.forEach((v) => {
    services.push({
      name: v.name,
      demandRps: v.demandRps,
      availability: v.availability,
      p99Ms: v.p99Ms,
      readyEndpoints: v.readyEndpoints,
      availabilityTarget: v.availabilityTarget ?? 0,
    });
  });
  const booting: BootingNodeView[] = [];
  state.booting.forEach((b) => {
    booting.push({
      name: b.name,
      zone: b.zone,
      by: b.by === "autoscaler" ? "autoscaler" : "operator",
      readyAtMs: b.readyAtMs,
      cpuMilli: b.cpuMilli,
      memoryMiB: b.memoryMiB,
    });
  });
  const hpas: HpaView[] = [];
  state.hpas.forEach((h) => {
    hpas.push({
      name: h.name,
      deployment: h.deployment,
      minReplicas: h.minReplicas,
      maxReplicas: h.maxReplicas,
      targetPercent: h.targetPercent,
      currentPercent: h.currentPercent < 0 ? null : h.currentPercent,
    });
  });
  const pdbs: PdbView[] = [];
  state.pdbs.forEach((b) => {
    pdbs.push({
      name: b.name,
      selector: b.selector,
      minAvailable: b.minAvailable === "" ? null : b.minAvailable,
      maxUnavailable: b.maxUnavailable === "" ? null : b.maxUnavailable,
      currentHealthy: b.currentHealthy,
      desiredHealthy: b.desiredHealthy,
      expectedPods: b.expectedPods,
      disruptionsAllowed: b.disruptionsAllowed,
    });
  });
  pdbs.sort((a, b) => a.name.localeCompare(b.name));
  const deployments: DeploymentView[] = [];
  state.deployments.forEach((d) => {
    deployments.push({ name: d.name, replicas: d.replicas, readyReplicas: d.readyReplicas });
  });
  const score = state.score;
  const cp = state.controlPlane;
  const events = state.events.map((e) => ({
    time: e.time,
    type: e.type,
    reason: e.reason,
    object: e.object,
    message: e.message,
  }));
  const players: PlayerView[] = [];
  state.players.forEach((p, id) => {
    players.push({
      id,
      name: p.name,
      roles: ROLES.filter((r) => p[r]),
      connected: p.connected,
      spectator: p.spectator,
      actions: p.actions ?? 0,
      refused: p.refused ?? 0,
      lastActionMs: p.lastActionMs ?? -1,
      lastAction: commandOf(p.lastAction),
    });
  });
  nodes.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  pods.sort((a, b) => a.name.localeCompare(b.name));
  services.sort((a, b) => a.name.localeCompare(b.name));
  deployments.sort((a, b) => a.name.localeCompare(b.name));
  booting.sort(
    (a, b) => a.readyAtMs - b.readyAtMs || a.name.localeCompare(b.name, undefined, { numeric: true }),
  );
  hpas.sort((a, b) => a.name.localeCompare(b.name));
  return {
    me,
    joinCode: state.joinCode,
    phase: state.phase,
    paused: state.paused,
    speed: state.speed,
    slowedTo: state.slowedTo,
    round: state.round,
    timeLimitMs: state.timeLimitMs,
    facilitator: state.facilitator,
    solo: state.solo,
    scripted: state.scripted,
    rolesLocked: state.rolesLocked,
    players,
    scenarioId: state.scenarioId,
    scenarioVersion: state.scenarioVersion,
    scenarioTitle: (korean && state.scenarioTitleKo) || state.scenarioTitle,
    briefing: (korean && state.briefingKo) || state.briefing,
    outcome: isOutcome(state.outcome) ? state.outcome : "",
    outcomeReason: state.outcomeReason ?? "",
    outcomeFailing: (state.outcomeFailing ?? "").split(",").filter((c) => c !== ""),
    objectiveKind: state.objectiveKind ?? "recover",
    tutorial: state.tutorial === true,
    errorBudgetWindowMs: state.errorBudgetWindowMs ?? 0,
    seed: state.seed,
    period: state.period ?? "",
    boardSeed: state.boardSeed ?? 0,
    ranked: state.ranked === true,
    unranked: state.unranked ?? "",
    tick: state.tick,
    timeMs: state.timeMs,
    nodes,
    booting,
    hpas,
    pdbs,
    pods,
    services,
    deployments,
    etcd: state.etcd.map((m) => ({
      name: m.name,
      role: m.role,
      term: m.term,
      lastIndex: m.lastIndex,
      commitIndex: m.commitIndex,
      dbSize: m.dbSize,
      dbSizeInUse: m.dbSizeInUse,
      revision: m.revision,
      alarms: m.alarms === "" ? [] : m.alarms.split(","),
    })),
    apiRejected: state.apiRejected,
    chaosEnergy: state.chaosEnergy,
    chaosEnergyMax: state.chaosEnergyMax,
    cards: state.cards.map((c) => ({
      id: c.id,
      fault: c.fault,
      cost: c.cost,
      cooldownMs: c.cooldownMs,
      readyAtMs: c.readyAtMs,
    })),
    score: {
      incidentAtMs: score?.incidentAtMs ?? -1,
      timeToRecoveryMs: score?.timeToRecoveryMs ?? -1,
      budgetSpent: score?.budgetSpent ?? 0,
      errorBudgetLeft: score?.errorBudgetLeft ?? 1,
      actions: score?.actions ?? 0,
      scheduler: score?.scheduler ?? 0,
      operator: score?.operator ?? 0,
      chaos: score?.chaos ?? 0,
      checks: parseChecks(score?.checks ?? ""),
      warnings: parseWarnings(score?.warnings ?? ""),
      resultId: score?.resultId ?? 0,
    },
    events,
    timeline: state.timeline.map((e) => ({
      at: e.at,
      player: e.player,
      command: e.command,
      node: e.node,
      action: commandOf(e.json),
      accepted: e.accepted,
      reason: e.reason,
    })),
    raftMessages: state.raftMessages
      .map((m) => ({ from: m.from, to: m.to, type: m.type, sentAtMs: m.sentAtMs, arriveAtMs: m.arriveAtMs }))
      .sort((a, b) => a.sentAtMs - b.sentAtMs),
    controlPlane: {
      apiInflight: cp?.apiInflight ?? 0,
      apiCapacity: cp?.apiCapacity ?? 0,
      apfEnabled: cp?.apfEnabled ?? false,
      schedulerActive: cp?.schedulerActive ?? 0,
      schedulerBackoff: cp?.schedulerBackoff ?? 0,
      schedulerUnschedulable: cp?.schedulerUnschedulable ?? 0,
      schedulerLeader: cp?.schedulerLeader ?? "",
      controllerManagerLeader: cp?.controllerManagerLeader ?? "",
      kubeProxyMode: cp?.kubeProxyMode ?? "",
      kubeProxySyncMs: cp?.kubeProxySyncMs ?? 0,
      stoppedProcesses: parseProcesses(cp?.stoppedProcesses ?? ""),
      etcdReads: cp?.etcdReads === "leaseBased" ? "leaseBased" : "safe",
      etcdStaleReads: cp?.etcdStaleReads ?? 0,
    },
    milestones: state.milestones
      .toArray()
      .flatMap((m) => (isMilestoneKind(m.kind) ? [{ time: m.time, kind: m.kind, detail: m.detail }] : []))
      // The room adds a batch of evictions when it closes, after later milestones: oldest first here.
      .sort((a, b) => a.time - b.time),
    moves: (state.moves ?? []).map((m) => ({ atMs: m.atMs, gapMs: m.gapMs })),
    highlights: state.highlights?.toArray() ?? [],
    debriefLesson: state.debriefLesson ?? "",
  };
}

/** `component@machine,…` as the room writes the stopped control-plane processes; unknown names are dropped. */
export function parseProcesses(
  joined: string,
): { readonly component: ControlPlaneComponent; readonly machine: string }[] {
  return joined
    .split(",")
    .filter((entry) => entry !== "")
    .flatMap((entry) => {
      const [component, machine] = entry.split("@");
      const known = controlPlaneComponents.find((c) => c === component);
      return known === undefined || machine === undefined || machine === ""
        ? []
        : [{ component: known, machine }];
    });
}

// The same few commands are in the timeline view after view: each JSON text is parsed once.
const parsedCommands = new Map<string, Command | null>();
const PARSED_COMMANDS_KEPT = 512;

/** A command the room sent as JSON, checked like any input; null for "" or anything else. */
function commandOf(json: string | undefined): Command | null {
  if (!json) return null;
  const known = parsedCommands.get(json);
  if (known !== undefined) return known;
  let command: Command | null = null;
  try {
    const parsed = parseCommand(JSON.parse(json));
    command = parsed.ok ? parsed.command : null;
  } catch {
    // Not JSON: the entry is shown by its type and target only.
  }
  if (parsedCommands.size >= PARSED_COMMANDS_KEPT) parsedCommands.clear();
  parsedCommands.set(json, command);
  return command;
}
