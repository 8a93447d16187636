import { schema, t } from "@colyseus/schema";

/**
 * The replicated state of an incident room: what every client sees. The room
 * projects the simulation into it each tick; clients only read it.
 */
export const NodeState = schema(
  {
    name: t.string(),
    zone: t.string(),
    cpuMilli: t.uint32(),
    memoryMiB: t.uint32(),
    podCapacity: t.uint16(),
    cpuRequestedMilli: t.uint32(),
    memoryRequestedMiB: t.uint32(),
    podCount: t.uint16(),
    /** Pods on the node that are Running and Ready; the rest are in `pods` by name. */
    podsReady: t.uint16(),
    unschedulable: t.boolean(),
    /** The Ready condition: True, False or Unknown (the node lifecycle controller's view). */
    ready: t.string<"True" | "False" | "Unknown">(),
    /** MemoryPressure, DiskPressure, … as the kubelet reports them, comma-separated. */
    conditions: t.string(),
    /** Taints as `key:Effect`, comma-separated. */
    taints: t.string(),
    /** The machine is powered (a killed node is down). */
    up: t.boolean(),
    /** metadata.labels as a JSON object, set once (the scheduler tool's filters read them). */
    labels: t.string(),
    /** While kubectl drain retries here: the pods a PodDisruptionBudget refuses, comma-separated. */
    drainBlockedPods: t.string(),
    /** …and the budgets that refuse them, comma-separated. */
    drainBudgets: t.string(),
  },
  "NodeState",
);
export type NodeState = InstanceType<typeof NodeState>;

export const PodState = schema(
  {
    name: t.string(),
    nodeName: t.string(),
    phase: t.string<"Pending" | "Running" | "Succeeded" | "Failed">(),
    cpuMilli: t.uint32(),
    memoryMiB: t.uint32(),
    deployment: t.string(),
    ready: t.boolean(),
    /** Why it is not ready: CrashLoopBackOff, ImagePull, OOMKilled, Terminating, … */
    reason: t.string(),
    restarts: t.uint16(),
    /** status.podIP: held by the pod's sandbox (the pause container), "" before it has one. */
    podIP: t.string(),
    /** Why its container last ended (OOMKilled, Error), "" if it never did. */
    lastTermination: t.string(),
    /** status.qosClass: Guaranteed, Burstable or BestEffort. */
    qosClass: t.string(),
    /** Its first container's name and image, and its limits (0: none). */
    container: t.string(),
    image: t.string(),
    cpuLimitMilli: t.uint32(),
    memoryLimitMiB: t.uint32(),
    /** spec.priority, from its PriorityClass. */
    priority: t.int32(),
    /** While unbound: the Pod kube-scheduler is handed, as shared/state/podSpec.ts encodes it; "" once bound. */
    spec: t.string(),
  },
  "PodState",
);
export type PodState = InstanceType<typeof PodState>;

export const EventState = schema(
  {
    time: t.uint32(),
    type: t.string<"Normal" | "Warning">(),
    reason: t.string(),
    object: t.string(),
    message: t.string(),
  },
  "EventState",
);
export type EventState = InstanceType<typeof EventState>;

/** A Service's last game second: demand, availability and latency (the SLO charts read these). */
export const ServiceState = schema(
  {
    name: t.string(),
    demandRps: t.uint32(),
    /** Share of requests answered, 0–1. */
    availability: t.float32(),
    p99Ms: t.float32(),
    readyEndpoints: t.uint16(),
    /** The scenario objective's availability target for this service, 0–1 (0: the objective names none). */
    availabilityTarget: t.float32(),
  },
  "ServiceState",
);
export type ServiceState = InstanceType<typeof ServiceState>;

export const DeploymentState = schema(
  {
    name: t.string(),
    replicas: t.uint32(),
    readyReplicas: t.uint32(),
  },
  "DeploymentState",
);
export type DeploymentState = InstanceType<typeof DeploymentState>;

/** A machine ordered from the cloud and still booting (the map shows it provisioning, with a countdown). */
export const BootingNodeState = schema(
  {
    name: t.string(),
    zone: t.string(),
    /** Who ordered it: "operator" (by hand) or "autoscaler". */
    by: t.string(),
    /** Game ms when its boot ends and it should register. */
    readyAtMs: t.uint32(),
    cpuMilli: t.uint32(),
    memoryMiB: t.uint32(),
  },
  "BootingNodeState",
);
export type BootingNodeState = InstanceType<typeof BootingNodeState>;

/** A HorizontalPodAutoscaler as `kubectl get hpa` shows it. */
export const HpaState = schema(
  {
    name: t.string(),
    deployment: t.string(),
    minReplicas: t.uint32(),
    maxReplicas: t.uint32(),
    /** The target, in % of the pods' CPU request. */
    targetPercent: t.uint16(),
    /** The pods' CPU utilisation now, in % of their request; -1 while unknown. */
    currentPercent: t.int32(),
  },
  "HpaState",
);
export type HpaState = InstanceType<typeof HpaState>;

/** A PodDisruptionBudget as `kubectl get pdb` and `kubectl describe pdb` show it. */
export const PdbState = schema(
  {
    name: t.string(),
    /** The label selector as kubectl prints it: "app=web". */
    selector: t.string(),
    /** spec.minAvailable / spec.maxUnavailable as kubectl prints them ("3", "25%"); "" when unset. */
    minAvailable: t.string(),
    maxUnavailable: t.string(),
    currentHealthy: t.uint32(),
    desiredHealthy: t.uint32(),
    expectedPods: t.uint32(),
    disruptionsAllowed: t.uint32(),
  },
  "PdbState",
);
export type PdbState = InstanceType<typeof PdbState>;

/** One etcd member as `etcdctl endpoint status` shows it. */
export const EtcdMemberState = schema(
  {
    name: t.string(),
    role: t.string<"leader" | "follower" | "candidate" | "learner" | "down">(),
    term: t.uint32(),
    /** The last index of the member's log, and how much of it is committed. */
    lastIndex: t.uint32(),
    commitIndex: t.uint32(),
    /** etcd_mvcc_db_total_size_in_bytes and …_in_use_in_bytes (endpoint status's DB SIZE). */
    dbSize: t.float64(),
    dbSizeInUse: t.float64(),
    /** The member's MVCC revision (endpoint status -w json: header.revision). */
    revision: t.float64(),
    /** The alarms raised against this member, comma-separated (etcdctl alarm list): "NOSPACE" or "". */
    alarms: t.string(),
  },
  "EtcdMemberState",
);
export type EtcdMemberState = InstanceType<typeof EtcdMemberState>;

/** A Raft message between two etcd members, sent and due at these game ms. */
export const RaftMessageState = schema(
  {
    from: t.string(),
    to: t.string(),
    /** MsgApp, MsgHeartbeat, MsgVote, … as etcd's raft names them. */
    type: t.string(),
    sentAtMs: t.uint32(),
    arriveAtMs: t.uint32(),
  },
  "RaftMessageState",
);
export type RaftMessageState = InstanceType<typeof RaftMessageState>;

/** The API servers' load, kube-scheduler's queues and the leader Leases (shared/sim/world: controlPlaneLoad). */
export const ControlPlaneState = schema(
  {
    apiInflight: t.uint32(),
    apiCapacity: t.uint32(),
    apfEnabled: t.boolean(),
    schedulerActive: t.uint32(),
    schedulerBackoff: t.uint32(),
    schedulerUnschedulable: t.uint32(),
    /** The machine whose instance holds the leader Lease ("" when none does). */
    schedulerLeader: t.string(),
    controllerManagerLeader: t.string(),
    kubeProxyMode: t.string(),
    /** kube-proxy's last sync (or the one being written), ms. */
    kubeProxySyncMs: t.uint32(),
    /** Control-plane processes not running, as `component@machine` joined by commas. */
    stoppedProcesses: t.string(),
    /** How etcd confirms a linearizable read: "safe" (ReadIndex, etcd's) or "leaseBased" (raft's ReadOnlyLeaseBased). */
    etcdReads: t.string<"safe" | "leaseBased">(),
    /** Reads a deposed etcd leader answered from its lease after a newer leader committed writes they miss. */
    etcdStaleReads: t.uint32(),
  },
  "ControlPlaneState",
);
export type ControlPlaneState = InstanceType<typeof ControlPlaneState>;

/** Something that happened to the cluster, for the debrief (shared/sim/world/milestones.ts). */
export const MilestoneState = schema(
  {
    time: t.uint32(),
    kind: t.string(),
    detail: t.string(),
  },
  "MilestoneState",
);
export type MilestoneState = InstanceType<typeof MilestoneState>;

/** A card of the chaos agent's deck: its fault, cost in energy, and when it can be played again. */
export const ChaosCardState = schema(
  {
    id: t.string(),
    fault: t.string(),
    cost: t.uint8(),
    cooldownMs: t.uint32(),
    readyAtMs: t.uint32(),
  },
  "ChaosCardState",
);
export type ChaosCardState = InstanceType<typeof ChaosCardState>;

/** The round's score as the server computes it (shared/sim/world/score.ts). */
export const ScoreState = schema(
  {
    /** When the incident began (the first fault that struck, or the scenario's load); -1: not yet. */
    incidentAtMs: t.int32(),
    /** -1 until the objective has held again (a recover round's time to recovery from the incident's start). */
    timeToRecoveryMs: t.int32(),
    /** Failed requests over the error budget of the objective's SLO window (1 = all spent; may exceed 1). */
    budgetSpent: t.float32(),
    errorBudgetLeft: t.float32(),
    actions: t.uint16(),
    scheduler: t.uint16(),
    operator: t.uint16(),
    chaos: t.uint16(),
    /** Each objective check, "kind:holding" comma-separated, e.g. "availability:1,podsPending:0". */
    checks: t.string(),
    /** Why the objective cannot hold as things stand: a JSON list of shared/sim/world/risks.ts ObjectiveRisk. */
    warnings: t.string(),
    /** The stored result's id once the round is over (0: not stored). */
    resultId: t.uint32(),
  },
  "ScoreState",
);
export type ScoreState = InstanceType<typeof ScoreState>;

/** One player action as the debrief shows it: who asked what, when, and what the cluster said. */
export const TimelineEntry = schema(
  {
    at: t.uint32(),
    player: t.string(),
    command: t.string(),
    /** What it acted on (a node, a deployment, a card), for the timeline. */
    node: t.string(),
    /** The whole command as JSON, so each client says it in its player's language (shared/words). */
    json: t.string(),
    accepted: t.boolean(),
    reason: t.string(),
  },
  "TimelineEntry",
);
export type TimelineEntry = InstanceType<typeof TimelineEntry>;

/**
 * A move of the workshop to another game-server process (its own died): the round stood still at
 * `atMs` (world time) for `gapMs` of real time, which the round clock does not count.
 */
export const ServerMoveState = schema(
  {
    atMs: t.uint32(),
    /** Real ms from the last write of the process that died until the round went on; 0 while it waits for its players. */
    gapMs: t.uint32(),
  },
  "ServerMoveState",
);
export type ServerMoveState = InstanceType<typeof ServerMoveState>;

export const PlayerState = schema(
  {
    name: t.string(),
    scheduler: t.boolean(),
    operator: t.boolean(),
    chaos: t.boolean(),
    connected: t.boolean(),
    spectator: t.boolean(),
    /** This round's commands the cluster accepted and refused, for the facilitator's activity list. */
    actions: t.uint16(),
    refused: t.uint16(),
    /** Game ms of the player's last command this round; -1 before the first. */
    lastActionMs: t.int32(),
    /** That command as JSON ("" before the first). */
    lastAction: t.string(),
  },
  "PlayerState",
);
export type PlayerState = InstanceType<typeof PlayerState>;

export const IncidentState = schema(
  {
    joinCode: t.string(),
    phase: t.string<"lobby" | "briefing" | "live" | "debrief">(),
    paused: t.boolean(),
    speed: t.uint8(),
    /** 0 while the cluster runs at the speed asked; else the speed it manages, its World being too slow for more. */
    slowedTo: t.float32(),
    round: t.uint16(),
    timeLimitMs: t.uint32(),
    facilitator: t.string(),
    rolesLocked: t.boolean(),
    players: t.map(PlayerState),
    scenarioId: t.string(),
    scenarioVersion: t.uint16(),
    scenarioTitle: t.string(),
    briefing: t.string(),
    /** The same in Korean (every scenario carries both languages). */
    scenarioTitleKo: t.string(),
    briefingKo: t.string(),
    /**
     * How the last round ended (shared/sim/world/outcome.ts): resolved (a recover round's objective
     * held again), survived (the objective kept to the end), failed, or ended by the facilitator.
     */
    outcome: t.string<"" | "resolved" | "survived" | "failed" | "ended">(),
    /** Why, as an EndReason code ("ended" when the facilitator stopped it), for the debrief's sentence. */
    outcomeReason: t.string(),
    /** The objective checks that did not hold at the end, comma-separated `<kind>[:<subject>]`. */
    outcomeFailing: t.string(),
    /** The objective's kind: recover, survive or versus. */
    objectiveKind: t.string(),
    /** A tutorial teaches by watching: doing nothing may win it. */
    tutorial: t.boolean(),
    /** The SLO window the error budget is measured over (the objective's errorBudgetWindow). */
    errorBudgetWindowMs: t.uint32(),
    /** The scenario's scripted faults play (nobody holds the chaos role); otherwise the chaos agent does. */
    scripted: t.boolean(),
    /** A solo game: one player, who facilitates and defends against the script. */
    solo: t.boolean(),
    seed: t.uint32(),
    /** The week of this round's board (ISO, "2026-W50") and the seed that board plays. */
    period: t.string(),
    boardSeed: t.uint32(),
    /** The finished round ranks on its board; else why not (practice, a chaos agent, nobody acted). */
    ranked: t.boolean(),
    unranked: t.string(),
    tick: t.uint32(),
    timeMs: t.uint32(),
    nodes: t.map(NodeState),
    /** Nodes ordered and still booting. */
    booting: t.map(BootingNodeState),
    hpas: t.map(HpaState),
    pdbs: t.map(PdbState),
    /** Pods that need attention (not Running and Ready), at most REPLICATED_PODS; ready ones are counted per node. */
    pods: t.map(PodState),
    services: t.map(ServiceState),
    deployments: t.map(DeploymentState),
    etcd: t.array(EtcdMemberState),
    /** The latest Raft messages between the members, at most REPLICATED_RAFT_MESSAGES. */
    raftMessages: t.array(RaftMessageState),
    controlPlane: t.ref(ControlPlaneState),
    /** The round's milestones, oldest first, at most REPLICATED_MILESTONES. */
    milestones: t.array(MilestoneState),
    apiRejected: t.uint32(),
    chaosEnergy: t.float32(),
    chaosEnergyMax: t.uint8(),
    cards: t.array(ChaosCardState),
    score: t.ref(ScoreState),
    events: t.array(EventState),
    timeline: t.array(TimelineEntry),
    /** This round's moves to another server process, oldest first. */
    moves: t.array(ServerMoveState),
    /** What the facilitator highlights on every map while the round is paused: `node/<name>`, `pod/<name>`. */
    highlights: t.array("string"),
    /** The debrief's lesson the facilitator has open, which the projector opens too ("" for none). */
    debriefLesson: t.string(),
  },
  "IncidentState",
);
export type IncidentState = InstanceType<typeof IncidentState>;

/** How many player actions of the round the debrief timeline keeps. */
export const TIMELINE_LENGTH = 40;

/** At most this many pods that need attention are replicated by name, whatever the cluster's size. */
export const REPLICATED_PODS = 120;

/** How many Raft messages of the last tick the room replicates (a sample, for the drawing). */
export const REPLICATED_RAFT_MESSAGES = 12;

/** How many milestones of a round the room keeps. */
export const REPLICATED_MILESTONES = 48;

/** How many recent events the room replicates. */
export const REPLICATED_EVENTS = 12;
