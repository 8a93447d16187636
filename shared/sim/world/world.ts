/**
 * The World: a scenario's cluster run by Kubernetes' own control loops — the ReplicaSet and
 * Deployment controllers, the node lifecycle controller and taint-based eviction, the
 * Endpoints controller, kube-scheduler (shared/sim/scheduler), a kubelet per node (Lease
 * renewal, pod start with image pulls, readiness), the API servers and etcd between them, traffic,
 * SLOs and the HPA — on one discrete-event queue. Pure: no clock, no I/O, randomness only from the
 * seeded streams.
 *
 * The controllers' and kubelet's decisions come from the policy modules (shared/sim/controllers,
 * shared/sim/kubelet); this class holds the objects, the timers and the order of events. The pods
 * live in a ClusterStore (shared/sim/apiserver/clusterStore.ts) whose indexers replace hand-kept
 * indexes; who reaches whom is network.ts's Reachability; the snapshot's parts are listed once, in
 * World.saved.
 *
 * Moving out (issue 19): each control loop into its own component under ./components/ (the
 * Endpoints controller is there), reading through informers and writing through API calls.
 */

import type { AdmissionPod } from "../apiserver/admission.ts";
import {
  type ApiCall,
  type ApiCompletion,
  type Environment as ApiEnvironment,
  type ApiServersState,
  admit as admitIntoQuota,
  advance as advanceApiServers,
  configure as configureApiServers,
  newApiServers,
  nextDeadline as nextApiDeadline,
  onEtcdResponse,
  releaseQuota,
  submit as submitApiCall,
} from "../apiserver/apiServers.ts";
import type { UserInfo } from "../apiserver/authorization.ts";
import { ClusterStore, type IndexFunc } from "../apiserver/clusterStore.ts";
import { type LevelStats, levelStats } from "../apiserver/flowControl.ts";
import { quantile } from "../apiserver/latency.ts";
import { type Command, parseCommand } from "../commands.ts";
import {
  type IntOrPercent,
  newReplicaSetReplicas,
  oldReplicaSetsReplicas,
  progressDeadlineExceeded,
  type RolloutReplicaSet,
  resolveFenceposts,
  rollbackTarget,
} from "../controllers/deployment.ts";
import {
  type BudgetStatus,
  budgetStatus,
  drainRefusalLine,
  drainRetryMs,
  evictionVerdict,
} from "../controllers/disruption.ts";
import {
  defaultBehavior,
  type HpaState,
  hpaSyncPeriodMs,
  initialHpaState,
  type MetricPod,
  syncHpa,
} from "../controllers/hpa.ts";
import {
  type CandidateState,
  defaultLeaderElection,
  type ElectionStep,
  type LeaseRead,
  type LeaseRecord,
  newCandidate,
  nextAttemptMs as nextElectionAttemptMs,
  tryAcquireOrRenew,
} from "../controllers/leaderElection.ts";
import {
  type ConditionStatus,
  initialNodeLifecycleState,
  type MonitoredNode,
  monitorNodes,
  type NodeLifecycleState,
  nodeMonitorPeriodMs,
  notReadyTaintKey,
  podEvictionAtMs,
  type TaintToleration,
  unreachableTaintKey,
} from "../controllers/nodeLifecycle.ts";
import {
  balanceScaleUp,
  initialProvisionerState,
  nodeBootDurationMs,
  type ProvisionerState,
  scanCluster,
  scanIntervalMs,
} from "../controllers/nodeProvisioner.ts";
import {
  burstReplicas,
  podsToDelete,
  type RankedPod,
  replicaSetAction,
  slowStartBatch,
} from "../controllers/replicaSet.ts";
import { newTokenBucket, nextAcceptAtMs, type TokenBucket, tryAccept } from "../controllers/tokenBucket.ts";
import { EventQueue, type Scheduled } from "../engine/eventQueue.ts";
import { stableHash } from "../engine/hash.ts";
import { EtcdCluster, etcdMachine, NetworkTransport } from "../etcd/cluster.ts";
import { ERR_COMPACTED, ERR_FUTURE_REV, ERR_NO_LEADER, ERR_NO_SPACE, ERR_TIMEOUT } from "../etcd/errors.ts";
import type { EtcdMember } from "../etcd/member.ts";
import type { ClientRequest, KvRequest } from "../etcd/types.ts";
import { noBackOff, restartAfterExit } from "../kubelet/crashLoopBackOff.ts";
import { nextLeaseAttemptMs, nodeLeaseRenewIntervalMs } from "../kubelet/nodeLease.ts";
import {
  evictedPodStatus,
  evictionMonitoringPeriodMs,
  noPressure,
  observePressure,
  type PressureCondition,
  podToEvict,
  pressureTaintKeys,
  pressureTaints,
  resourceUnderPressure,
} from "../kubelet/nodePressure.ts";
import { oomKill, oomKilledReason } from "../kubelet/oom.ts";
import {
  nodePodCidr,
  sandboxChangedMessage,
  sandboxChangedReason,
  sandboxIp,
} from "../kubelet/podSandbox.ts";
import { defaultSerializeImagePulls, planPodStart } from "../kubelet/podStartup.ts";
import {
  type ContainerResources,
  cfsAllocation,
  cpuShares,
  oomBadness,
  oomScoreAdj,
  qosClass,
} from "../kubelet/qos.ts";
import {
  firstPacketMs,
  type KubeProxyState,
  newKubeProxy,
  restartKubeProxy,
  routedEndpoints,
  stepKubeProxy,
  syncing,
} from "../network/kubeProxy.ts";
import { Reachability } from "../network/network.ts";
import { createRandom, fnv1a, type Random, type RandomState, restoreRandom } from "../random.ts";
import {
  type ControlPlaneComponent,
  controlPlaneComponents,
  describeFault,
  type Fault,
  mendingFaultKinds,
  type Taint,
  timedFaultKinds,
} from "../scenario/faults.ts";
import { demandAt } from "../scenario/traffic.ts";
import type {
  HpaManifest,
  KubeProxyMode,
  ObjectiveCheck,
  PodDisruptionBudgetManifest,
  Scenario,
  IntOrPercent as ScenarioIntOrPercent,
} from "../scenario/types.ts";
import { matchesSelector } from "../scheduler/labels.ts";
import { type SavedScheduler, Scheduler } from "../scheduler/scheduler.ts";
import type {
  DisruptionBudget,
  Node as SchedulerNode,
  Pod as SchedulerPod,
  Toleration as SchedulerToleration,
} from "../scheduler/types.ts";
import { EndpointsController } from "./components/endpointsController.ts";
import type { RiskFacts } from "./risks.ts";
import { type ServiceSecond, serviceSecond } from "./traffic.ts";
import type {
  BudgetView,
  CommandFields,
  CommandResult,
  DrainWait,
  Entries,
  PodPhase,
  ServiceView,
  SloSampleFields,
  WorldCommand,
  WorldDeployment,
  WorldEvent,
  WorldNode,
  WorldPod,
  WorldReplicaSet,
  WorldService,
  WorldTraceRecord,
  WorldTraceSink,
} from "./types.ts";

type Happening =
  | { readonly kind: "leaseRenew"; readonly node: string }
  | { readonly kind: "nodeMonitor" }
  | { readonly kind: "evictPod"; readonly pod: string; readonly node: string; readonly taint: string }
  /** kubectl drain asks again for the evictions a disruption budget refused. */
  | { readonly kind: "drainRetry"; readonly node: string; readonly gracePeriodMs: number | null }
  | { readonly kind: "rsSync"; readonly rs: string }
  /** A pod creation call of the ReplicaSet controller reaches the API server. */
  | { readonly kind: "podCreate"; readonly rs: string }
  | { readonly kind: "schedulerRuns" }
  | { readonly kind: "podRunning"; readonly pod: string; readonly node: string; readonly boot: number }
  | { readonly kind: "podReady"; readonly pod: string; readonly node: string; readonly boot: number }
  | { readonly kind: "podGone"; readonly pod: string }
  /** A pod a restored etcd brought back after it was deleted: deleted again. */
  | { readonly kind: "restoredPodDelete"; readonly pod: string }
  | { readonly kind: "deploymentSync"; readonly deployment: string }
  | { readonly kind: "provisionerScan" }
  /** Every kubelet's eviction manager pass (every 10 s). */
  | { readonly kind: "evictionManager"; readonly node: string }
  /** One game second of traffic on every Service with demand, and the objective checked. */
  | { readonly kind: "trafficSecond" }
  /** The HPA controller's loop (every 15 s). */
  | { readonly kind: "hpaSync" }
  /** etcd's Raft group catches up with the world's clock (every heartbeat interval). */
  | { readonly kind: "etcdTick" }
  /** A node asked of the cloud has booted and registers. */
  | { readonly kind: "nodeBooted"; readonly node: string }
  /** The container exits (it crashes, or the kubelet kills it for failing its liveness probe). */
  | {
      readonly kind: "containerExit";
      readonly pod: string;
      readonly node: string;
      readonly boot: number;
      readonly reason?: string;
    }
  /** A timed fault in force ends (a script step's `for:`, a played card's duration). */
  | { readonly kind: "faultEnds"; readonly id: number }
  /** A kube-scheduler or kube-controller-manager tries to take or renew its leader Lease. */
  | { readonly kind: "election"; readonly instance: string; readonly incarnation: number }
  /** The leader's renew deadline: if it has not renewed since `renewedAtMs`, it stops leading. */
  | {
      readonly kind: "leaseDeadline";
      readonly instance: string;
      readonly incarnation: number;
      readonly renewedAtMs: number;
    }
  /** A control-plane machine's kubelet looks at its static pod folder and starts what is new there. */
  | { readonly kind: "staticPodCheck"; readonly component: ControlPlaneComponent; readonly machine: string }
  /** A control-plane process that exited (it lost its Lease) is started again by the kubelet. */
  | { readonly kind: "processRestart"; readonly instance: string; readonly incarnation: number }
  /** kube-apiserver's storage compactor: etcd history older than the last interval goes. */
  | { readonly kind: "etcdCompaction"; readonly lastRevision: number }
  /** An API call finished and its caller's informers see the outcome. */
  | {
      readonly kind: "apiDone";
      readonly after: ApiThen;
      readonly ok: boolean;
      readonly reason: string;
      /** What a GET read. */
      readonly value?: string;
    };

/** What a caller does once its API call is answered (plain data, so calls in flight are in a snapshot). */
type ApiThen =
  | { readonly op: "leaseRenewed"; readonly node: string; readonly boot: number }
  | { readonly op: "bound"; readonly pod: string; readonly node: string }
  | { readonly op: "podCreated"; readonly pod: WorldPod }
  | { readonly op: "evicted"; readonly pod: string; readonly node: string; readonly taint: string }
  | { readonly op: "podRemoved"; readonly pod: string }
  | { readonly op: "restoredPodDeleted"; readonly pod: string }
  | {
      readonly op: "drained";
      readonly pod: string;
      readonly node: string;
      readonly gracePeriodMs: number | null;
    }
  | { readonly op: "boundByHand"; readonly pod: string; readonly node: string }
  | { readonly op: "leaseRead"; readonly instance: string; readonly incarnation: number }
  | {
      readonly op: "leaseWritten";
      readonly instance: string;
      readonly incarnation: number;
      readonly record: LeaseRecord;
      /** The elector after this try, as the write succeeds or fails. */
      readonly ifWritten: ElectionStep;
      readonly ifRefused: ElectionStep;
    }
  /** A call whose answer changes nothing in the world (a flooding client's LIST). */
  | { readonly op: "none" };

// The identities the components authenticate as (their client certificates and service account
// tokens, as kubeadm sets them up; the controllers run with --use-service-account-credentials).
/** The player's commands that write Kubernetes objects through kube-apiserver, so through etcd. */
const KUBERNETES_WRITES: ReadonlySet<WorldCommand["type"]> = new Set([
  "cordon",
  "uncordon",
  "drain",
  "scale",
  "setImage",
  "setMemoryLimit",
  "setResources",
  "rolloutUndo",
  "setHpa",
  "deleteHpa",
  "removeNode",
  "taintNode",
  "untaintNode",
  // The scheduler's manual binding: a POST of pods/binding, a write to etcd like the others.
  "bindPod",
]);

/**
 * How long the scenario's etcd has been running when the round starts. A real cluster at an
 * incident's start elected its leader long ago; the founders are started this much simulated time
 * before t = 0 and run their own etcd-io/raft election then (about 1 s with the defaults, a second
 * round on a split vote), so the round opens on a led cluster. Game choice: 10 s, well past any
 * seed's first election; a restored etcd (etcdutl snapshot restore) still elects in play.
 */
const ETCD_RUNNING_BEFORE_ROUND_MS = 10_000;

const authenticated = "system:authenticated";
/** The operator player, as kubectl authenticates them (the game's RBAC role cluster-crisis:operator). */
const operatorUser: UserInfo = {
  name: "player:operator",
  groups: ["cluster-crisis:operators", authenticated],
};
const schedulerPlayer: UserInfo = {
  name: "player:scheduler",
  groups: ["cluster-crisis:schedulers", authenticated],
};
/** Players' kubectl reaches the API servers from outside every partition. */
const operatorMachine = "players";
const schedulerUser: UserInfo = { name: "system:kube-scheduler", groups: [authenticated] };
const controllerManagerUser: UserInfo = { name: "system:kube-controller-manager", groups: [authenticated] };
const nodeGroups = ["system:nodes", authenticated];
const kubeletUsers = new Map<string, UserInfo>();
function kubeletUser(node: string): UserInfo {
  let user = kubeletUsers.get(node);
  if (user === undefined) {
    user = { name: `system:node:${node}`, groups: nodeGroups };
    kubeletUsers.set(node, user);
  }
  return user;
}
const monitoringGroups = ["system:serviceaccounts", "system:serviceaccounts:monitoring", authenticated];
/** The namespace of the platform team's in-cluster controllers (the runaway writer's). */
const platformGroups = ["system:serviceaccounts", "system:serviceaccounts:platform", authenticated];
const kubeSystemServiceAccountGroups = [
  "system:serviceaccounts",
  "system:serviceaccounts:kube-system",
  authenticated,
];
function controllerUser(controller: string): UserInfo {
  return { name: `system:serviceaccount:kube-system:${controller}`, groups: kubeSystemServiceAccountGroups };
}

// The registry's etcd keys (k8s.io/apiserver storage: /registry/<resource>/<namespace>/<name>;
// Nodes are still stored under their old name, "minions").
function podKeyInEtcd(name: string): string {
  return `/registry/pods/default/${name}`;
}
function leaseKeyInEtcd(node: string): string {
  return `/registry/leases/kube-node-lease/${node}`;
}
function leaderLeaseKeyInEtcd(component: ElectedComponent): string {
  return `/registry/leases/kube-system/${component}`;
}
function leaseAttrs(verb: "get" | "update", component: ElectedComponent) {
  return {
    verb,
    resource: "leases",
    apiGroup: "coordination.k8s.io",
    namespace: "kube-system",
    name: component,
  } as const;
}
function processKey(component: ControlPlaneComponent, machine: string): string {
  return `${component}@${machine}`;
}
/** The holder identity client-go writes: the hostname and a new id per process start. */
function processIdentity(machine: string, incarnation: number): string {
  return `${machine}_${incarnation}`;
}
function nodeKeyInEtcd(node: string): string {
  return `/registry/minions/${node}`;
}
/** What the simulation keeps of a pod in etcd: its binding (a real one holds the whole object). */
function podValue(nodeName: string, deleting = false): string {
  return deleting ? JSON.stringify({ nodeName, deleting }) : JSON.stringify({ nodeName });
}

/**
 * Watchers a change reaches (the informers of the components that watch the resource): pods —
 * kube-scheduler, kube-controller-manager's shared informer and the one kubelet the pod's
 * spec.nodeName selects (the watch cache indexes pods by node); Leases — the controller-manager.
 */
const podWatchers = 3;
const leaseWatchers = 1;

/** One game second of one Service. */
export interface SloSample extends ServiceSecond {
  readonly t: number;
}

/**
 * When the incident began, since when each objective check has held (null: it does not hold now),
 * and when all first held again after it broke.
 */
export interface ObjectiveState {
  /** The first fault that struck, scripted or played, or the scenario's declared start (null: not yet). */
  readonly incidentAtMs: number | null;
  readonly holdingSince: (number | null)[];
  /** A check failed after the incident began. */
  readonly breached: boolean;
  readonly recoveredAtMs: number | null;
}

type TraceFields<K extends string> = K extends "slo.sample"
  ? SloSampleFields
  : K extends "command"
    ? CommandFields
    : Record<string, unknown>;

/** Samples kept per Service: enough for the longest objective window in the shipped scenarios. */
const sloWindow = 300;

/** Something that happened to etcd, replayed in order to rebuild its Raft group exactly. */
export type EtcdAction =
  | { readonly atMs: number; readonly kind: "crash" | "restart"; readonly member: number }
  /** The network's partitions now (each splits the members into groups), replacing the last. */
  | { readonly atMs: number; readonly kind: "partition"; readonly partitions: number[][][] }
  | { readonly atMs: number; readonly kind: "heal" }
  | { readonly atMs: number; readonly kind: "slowDisk"; readonly member: number; readonly fsyncMs: number }
  | { readonly atMs: number; readonly kind: "memberAdd"; readonly member: number; readonly learner?: boolean }
  | { readonly atMs: number; readonly kind: "memberPromote" | "memberRemove"; readonly member: number }
  /** `etcdctl defrag` on one member. */
  | { readonly atMs: number; readonly kind: "defrag"; readonly member: number }
  /** An API server's request to its etcd member. */
  | {
      readonly atMs: number;
      readonly kind: "request";
      readonly member: number;
      readonly request: ClientRequest;
    };

type ElectedComponent = "kube-scheduler" | "kube-controller-manager";

/** One kube-scheduler or kube-controller-manager process on a control-plane machine. */
interface ControlPlaneProcess {
  readonly component: ElectedComponent;
  readonly machine: string;
  /** Starts of the process: a new one has a new identity (hostname_uuid in client-go). */
  incarnation: number;
  up: boolean;
  /** Its leader elector (shared/sim/controllers/leaderElection). */
  candidate: CandidateState;
}

/** The scheduler and controller-manager processes, keyed component@machine, and their Leases. */
interface ControlPlane {
  readonly processes: Record<string, ControlPlaneProcess>;
  leases: Record<ElectedComponent, LeaseRecord>;
}

/** A flooding client's answers this second. */
interface FloodAnswers {
  readonly ok: number;
  readonly refused: number;
}

/** A saved etcd snapshot (`etcdctl snapshot save`): its keys and when it was taken. */
interface EtcdSnapshot {
  readonly atMs: number;
  readonly revision: number;
  readonly data: [string, string][];
}

/**
 * The etcd cluster the round runs on: the scenario's, or one restored from a snapshot. Ids are
 * Raft ids (1, 2, …); names are what players see.
 */
interface EtcdEra {
  names: Record<number, string>;
  founders: number[];
  startMs: number;
}

/** A node the operator asked for by hand. */
interface NodeSpec {
  readonly name: string;
  readonly zone: string;
  readonly milliCPU: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

/** A machine ordered from the cloud and still booting: its shape, who ordered it, when it should join. */
export interface BootingNode {
  readonly name: string;
  readonly zone: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly milliCPU: number;
  readonly memoryBytes: number;
  readonly pods: number;
  readonly by: "operator" | "autoscaler";
  /** When its boot ends and its kubelet registers the Node (later if etcd cannot take the write then). */
  readonly readyAtMs: number;
}

/** What the players have set: the cluster's knobs beyond its objects. */
interface WorldSettings {
  hpas: HpaManifest[];
  /** Whether the HPA controller's 15 s loop is scheduled. */
  hpaLoopRunning: boolean;
  provisioner: { readonly enabled: boolean; readonly minNodes: number; readonly maxNodes: number };
  /** Simulated ms per real ms, for the room's clock. */
  gameSpeed: number;
  /** Pending pods the scheduler player took from kube-scheduler: every pod, or these deployments'. */
  takenOver: { readonly all: boolean; readonly deployments: readonly string[] } | null;
  /** Control-plane static pods (component@machine) whose manifest a player put back, not yet started. */
  manifestsRestored: string[];
}

/** A Map as a snapshot holds it (plain data, through JSON): its entries, in order. */

/**
 * A timed fault in force (a partition, a slow disk, a spike, a fill, a skew, a flood, a fault's
 * taint), until its own end or a heal. What each acts on is what the faults in force on it make it,
 * so ending one undoes only what that one did: two partitions cut both their links, and healing one
 * leaves the other's.
 */
interface FaultInForce {
  readonly id: number;
  readonly fault: Fault;
  /** The script step's note (null: a played card). */
  readonly note: string | null;
  /** A taintNode fault that put its taint on the node (the taint was not there): its end removes it. */
  readonly tainted: boolean;
}

/** What a snapshot holds besides its scenario and seed, each part saved and restored by World.saved. */
type SavedKey = Exclude<keyof WorldSnapshot, "scenario" | "seed">;

interface SavedPart<K extends SavedKey> {
  save(w: World): WorldSnapshot[K];
  restore(w: World, saved: WorldSnapshot[K]): void;
}

/** A world as plain data (see World.snapshot). */
export interface WorldSnapshot {
  readonly scenario: string;
  readonly seed: number;
  readonly time: number;
  readonly nodes: WorldNode[];
  readonly pods: WorldPod[];
  readonly replicaSets: WorldReplicaSet[];
  readonly deployments: WorldDeployment[];
  readonly services: WorldService[];
  readonly events: WorldEvent[];
  readonly eventsRecorded: number;
  readonly lifecycle: { [K in keyof NodeLifecycleState]: Entries<MapValue<NodeLifecycleState[K]>> };
  readonly provisioner: Omit<ProvisionerState, "unneededSinceMs"> & { unneededSinceMs: Entries<number> };
  readonly controllerClient: TokenBucket;
  readonly booting: BootingNode[];
  readonly nodesAsked: number;
  readonly oomBombs: Entries<number>;
  readonly slo: Entries<SloSample[]>;
  readonly kubeProxy: KubeProxyState;
  readonly endpointSlices: Entries<string[]>;
  readonly spikes: Entries<number>;
  readonly utilisation: Entries<number>;
  readonly hpaStates: Entries<HpaState>;
  readonly objective: ObjectiveState;
  /** The next step of the scenario's fault script to strike. */
  readonly scriptStep: number;
  readonly hogs: number;
  readonly nodeCidrs: number;
  readonly faults: { readonly inForce: FaultInForce[]; readonly struck: number };
  readonly api: ApiServersState<ApiThen>;
  readonly settings: WorldSettings;
  /** Clients flooding the API servers: LISTs per second, when the next tick is due, this second's answers. */
  readonly floods: {
    readonly qps: Entries<number>;
    readonly tickAt: number | null;
    readonly answered: Entries<FloodAnswers>;
  };
  /** Pods kube-scheduler assumed onto a node while their binding is on its way. */
  readonly assumed: [string, string][];
  readonly etcd: {
    /** The keys etcd started with (the cluster as the round finds it, or a restored snapshot). */
    readonly initialData: [string, string][];
    readonly era: EtcdEra;
    readonly snapshots: Entries<EtcdSnapshot>;
    readonly log: EtcdAction[];
    readonly leader: string;
    readonly writableSince: number | null;
    readonly lifecycleRestartedAt: number;
    readonly clock: number;
  };
  readonly controlPlane: ControlPlane;
  readonly boots: [string, number][];
  readonly pendingSyncs: string[];
  readonly pendingDeploymentSyncs: string[];
  readonly schedulerRunAt: number | null;
  readonly queue: { readonly items: Scheduled<Happening>[]; readonly sequence: number };
  readonly random: {
    readonly controllers: RandomState;
    readonly provisioner: RandomState;
    readonly election: RandomState;
  };
  readonly scheduler: SavedScheduler;
}

/**
 * How soon a client tries again after a write that could not commit. A game choice: etcd's own
 * request timeout is 7 s (5 s + 2 × election timeout), and clients back off and retry.
 */
const apiRetryMs = 1_000;
/** A static pod's container that exited is restarted after the kubelet's first back-off step, 10 s. */
const staticPodRestartMs = 10_000;
/** kubelet --file-check-frequency default 20s: how often it looks at its static pod folder for changes. */
const staticPodFileCheckMs = 20_000;

// The scheduling queue moves pods whose back-off has expired once a second (flushBackoffQCompleted).
const schedulerFlushMs = 1_000;
const MiB = 1024 * 1024;
/**
 * Registry pull throughput per node. Not a documented constant: a game choice (about 50 MB/s,
 * what a node on a cloud network commonly sees from a nearby registry).
 */
const pullBytesPerMs = 50_000;
/** Events kept for `kubectl get events`; the API server keeps them 1 h (--event-ttl), the game a window. */
const eventWindow = 200;
/**
 * How long a leaking container takes to reach its limit. Not a documented constant: a game
 * choice (fast enough to see, slow enough to watch).
 */
const memoryGrowthMs = 20_000;
/**
 * How long a crashing image runs before it exits. Not a documented constant: a game choice (an
 * app that fails while starting up).
 */
const crashAfterMs = 1_000;
/** v1.Probe defaults (periodSeconds 10, failureThreshold 3), for a liveness failure without a probe written out. */
const defaultProbePeriodMs = 10_000;
const defaultProbeFailureThreshold = 3;
/**
 * kubeadm issues the API server's serving certificate for one year (kubeadm docs, "Certificate
 * Management with kubeadm": certificates expire after 1 year); the game's cluster was set up 30
 * days before the round (a game choice), so a node clock more than 30 days behind, or more than
 * 335 days ahead, fails every TLS handshake.
 */
const servingCertificateValidityMs = 365 * 24 * 3_600_000;
const servingCertificateAgeMs = 30 * 24 * 3_600_000;

function formatSkew(ms: number): string {
  const s = Math.abs(ms) / 1000;
  const text =
    s >= 86_400 ? `${Math.round(s / 86_400)} days` : s >= 3600 ? `${Math.round(s / 3600)} h` : `${s} s`;
  return `${text} ${ms > 0 ? "ahead" : "behind"}`;
}

/** kube-apiserver --etcd-compaction-interval, default 5m. */
const etcdCompactionIntervalMs = 5 * 60_000;
/** A flooding client's requests are spread over each millisecond, as independent clients send them. */
const floodTickMs = 1;
/** v1.Pod terminationGracePeriodSeconds default 30, when the template sets none. */
const defaultTerminationGraceMs = 30_000;
/**
 * etcd's FAQ ("What is maximum cluster size?", etcd.io/docs/v3.6/faq/): seven members at most is
 * the recommended size; each more member only adds replication work to every write.
 */
const maxEtcdMembers = 7;
/** Snapshots an operator may keep: a game choice (a backup disk's worth). */
const maxEtcdSnapshots = 16;

const accepted: CommandResult = { accepted: true };

function notFound(kind: string, name: string): CommandResult {
  return { accepted: false, reason: `${kind} "${name}" not found` };
}

export class World {
  readonly scenario: Scenario;
  readonly seed: number;
  private time = 0;
  private queue!: EventQueue<Happening>;
  private readonly nodes = new Map<string, WorldNode>();
  /** The pods, indexed by node ("" for the unbound), by owning ReplicaSet, and live or ready by owner. */
  private readonly pods = new ClusterStore<WorldPod, PodIndex>(podIndexers);
  private readonly replicaSets = new Map<string, WorldReplicaSet>();
  private readonly deployments = new Map<string, WorldDeployment>();
  private readonly services = new Map<string, WorldService>();
  private endpoints!: EndpointsController;
  private readonly events: WorldEvent[] = [];
  private eventsRecorded = 0;
  private lifecycle: NodeLifecycleState = initialNodeLifecycleState;
  /** Bumped when a node reboots, so timers set before the reboot are ignored. */
  private readonly boots = new Map<string, number>();
  private scheduler!: Scheduler;
  private schedulerRunAt: number | null = null;
  private readonly pendingSyncs = new Set<string>();
  private readonly pendingDeploymentSyncs = new Set<string>();
  private provisioner: ProvisionerState = initialProvisionerState;
  /**
   * kube-controller-manager's API client: --kube-api-qps 20, --kube-api-burst 30 (defaults of
   * kube-controller-manager's generic options, KubeAPIQPS/KubeAPIBurst).
   */
  private controllerClient: TokenBucket = newTokenBucket(20, 30, 0);
  /** Nodes asked of the cloud and still booting. */
  private readonly booting: BootingNode[] = [];
  private nodesAsked = 0;
  /**
   * State keyed by names — a Service's, a node's, a player's snapshot — lives in Maps, never in
   * plain objects, whose prototype would answer for names such as "constructor" or "toString".
   */
  /** The last samples of each Service with demand, newest last. */
  private readonly slo = new Map<string, SloSample[]>();
  /** Traffic multipliers from trafficSpike faults, by Service. */
  private readonly spikes = new Map<string, number>();
  /** kube-proxy on every node: its mode, the endpoints in its rules and the sync being written. */
  private kubeProxy!: KubeProxyState;
  /** Each Deployment's pods' CPU use over their request, the HPA's metric (metrics-server's). */
  private readonly utilisation = new Map<string, number>();
  private readonly hpaStates = new Map<string, HpaState>();
  private objective: ObjectiveState = {
    incidentAtMs: null,
    holdingSince: [],
    breached: false,
    recoveredAtMs: null,
  };
  private scriptStep = 0;
  /** Deployments (or a memory hog pod) whose containers grow to this many bytes (an oomBomb). */
  private readonly oomBombs = new Map<string, number>();
  private hogs = 0;
  /** Nodes given a pod CIDR so far (each new node gets the next /24). */
  private nodeCidrs = 0;
  /** etcd: the Raft group under the API server (rebuilt from `etcdLog` on restore). */
  private etcd!: EtcdCluster;
  private etcdTransport!: NetworkTransport;
  private etcdInitialData: [string, string][] = [];
  /** This etcd cluster's life: its members' names by id, the first members, when it started, saved snapshots. */
  private etcdEra!: EtcdEra;
  private api!: ApiServersState<ApiThen>;
  private settings!: WorldSettings;
  private controlPlane!: ControlPlane;
  private electionRandom!: Random;
  /** Clients flooding the API servers: LISTs per second each, the next tick, this second's answers. */
  private readonly floodQps = new Map<string, number>();
  private floodTickAt: number | null = null;
  private readonly floodAnswers = new Map<string, FloodAnswers>();
  /** `etcdctl snapshot save`: the snapshots kept, by name. */
  private readonly etcdSnapshots = new Map<string, EtcdSnapshot>();
  private readonly apiEnv: ApiEnvironment;
  /** Pods kube-scheduler assumed onto a node while their binding is on its way to etcd. */
  private readonly assumed = new Map<string, string>();
  /** What happened to etcd (crashes, restarts, partitions, disks), in order: enough to rebuild it. */
  private etcdLog: EtcdAction[] = [];
  /** The leader the world last saw (etcd member name), or "" with none. */
  private etcdLeader = "";
  /** Since when etcd has had a leader the API servers reach (null: none now). */
  private etcdWritableSince: number | null = 0;
  /** When the last stretch without a writable etcd began. */
  /** When the node lifecycle controller last started over (after losing its leader Lease). */
  private lifecycleRestartedAt = 0;
  /** Timed faults in force, in the order they struck, and how many have struck so far (their ids). */
  private faultsInForce: FaultInForce[] = [];
  private faultsStruck = 0;
  /** The partitions in force (derived from faultsInForce): each splits machines into groups. */
  private partitions: (readonly (readonly string[])[])[] = [];
  /** Who reaches whom among the machines (nodes, API servers, control-plane processes), after those partitions. */
  private readonly machines = new Reachability();
  /** Building the cluster the round starts from (no events, no waiting). */
  private warming = false;
  private provisionerRandom!: Random;
  private controllerRandom!: Random;
  private readonly traceSink: WorldTraceSink | undefined;

  /** A new world from its scenario, or (with `from`) the world a snapshot() was taken of. */
  constructor(
    scenario: Scenario,
    seed: number,
    options: { trace?: WorldTraceSink; from?: WorldSnapshot } = {},
  ) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.scenario = scenario;
    this.seed = seed;
    this.traceSink = options.trace;
    this.apiEnv = this.apiEnvironment();
    const from = options.from;
    if (from !== undefined) {
      if (from.scenario !== scenario.id || from.seed !== seed) {
        throw new RangeError(
          `the snapshot is of ${from.scenario} seed ${from.seed}, not ${scenario.id} seed ${seed}`,
        );
      }
      const copy = structuredClone(from);
      for (const key of World.savedKeys) World.restorePart(this, key, copy);
      return;
    }
    this.queue = new EventQueue<Happening>();
    this.etcdEra = {
      names: Object.fromEntries(scenario.etcd.members.map((m, i) => [i + 1, m.name])),
      founders: scenario.etcd.members.map((_, i) => i + 1),
      startMs: -ETCD_RUNNING_BEFORE_ROUND_MS,
    };
    this.api = newApiServers(
      {
        machines: scenario.apiServer.machines,
        mode: scenario.apiServer.priorityAndFairness ? "apf" : "max-inflight",
        maxRequestsInflight: scenario.apiServer.maxRequestsInflight,
        maxMutatingRequestsInflight: scenario.apiServer.maxMutatingRequestsInflight,
        cores: scenario.apiServer.cores,
      },
      {
        limitRanges: scenario.cluster.limitRanges,
        quotas: scenario.cluster.resourceQuotas.map((q) => ({ ...q, used: {} })),
      },
    );
    this.settings = {
      hpas: [...scenario.cluster.horizontalPodAutoscalers],
      hpaLoopRunning: scenario.cluster.horizontalPodAutoscalers.length > 0,
      provisioner: {
        enabled: scenario.nodeProvisioner.enabled,
        minNodes: scenario.cluster.nodes.length,
        maxNodes: scenario.nodeProvisioner.maxNodes,
      },
      gameSpeed: scenario.gameSpeed,
      takenOver: null,
      manifestsRestored: [],
    };
    this.kubeProxy = newKubeProxy(scenario.kubeProxy.mode);
    this.controllerRandom = createRandom(seed, "controllers");
    this.provisionerRandom = createRandom(seed, "provisioner");
    this.electionRandom = createRandom(seed, "leader-election");
    this.controlPlane = this.startControlPlane();
    for (const p of scenario.apiServer.stopped) {
      if (p.component === "kube-apiserver")
        this.api.up[scenario.apiServer.machines.indexOf(p.machine)] = false;
    }
    this.scheduler = new Scheduler({
      random: createRandom(seed, "scheduler"),
      podDisruptionBudgets: () => this.schedulerBudgets(),
    });
    for (const n of scenario.cluster.nodes) {
      const node: WorldNode = {
        name: n.name,
        zone: n.zone ?? "",
        labels: { "kubernetes.io/hostname": n.name, ...n.labels },
        allocatable: {
          milliCPU: n.allocatable.milliCPU,
          memoryBytes: n.allocatable.memoryBytes,
          pods: n.allocatable.pods,
        },
        taints: n.taints.map((t) => ({ ...t, addedAtMs: 0, source: "spec" as const })),
        unschedulable: n.unschedulable,
        up: true,
        registeredAtMs: 0,
        lastHeartbeatMs: 0,
        ready: "True",
        images: [...n.images],
        pullSlotFreeAtMs: 0,
        pressure: noPressure,
        conditions: [],
        diskFilled: 0,
        leaseFailures: 0,
        clockSkewMs: 0,
        podCIDR: nodePodCidr(this.nodeCidrs++),
        podIPsHandedOut: 0,
      };
      this.nodes.set(node.name, node);
      this.boots.set(node.name, 0);
      this.scheduler.addNode(this.schedulerNode(node), 0);
      // The kubelets started at different moments: their renewals are spread over the period.
      const offset = Math.floor((this.nodes.size * nodeLeaseRenewIntervalMs) / scenario.cluster.nodes.length);
      this.queue.push(nextLeaseAttemptMs(offset - nodeLeaseRenewIntervalMs, 0), {
        kind: "leaseRenew",
        node: node.name,
      });
    }
    // The cluster starts healthy: every node Ready, every zone Normal.
    this.lifecycle = {
      ...initialNodeLifecycleState,
      ready: new Map([...this.nodes.keys()].map((name) => [name, "True" as ConditionStatus])),
      zoneStates: new Map([...this.nodes.values()].map((n) => [n.zone, "Normal" as const])),
    };
    for (const s of scenario.cluster.services) {
      this.services.set(s.name, { name: s.name, selector: s.selector });
    }
    this.endpoints = new EndpointsController(this.services.values(), this.pods);
    for (const d of scenario.cluster.deployments) {
      this.deployments.set(d.name, {
        name: d.name,
        replicas: d.replicas,
        selector: d.selector,
        maxSurge: intOrPercent(d.maxSurge),
        maxUnavailable: intOrPercent(d.maxUnavailable),
        lastProgressMs: 0,
        deadlineExceeded: false,
      });
      this.addReplicaSet(d.name, d.template.containers[0]?.image ?? "", null, 1);
    }
    this.warmUp();
    // etcd holds the cluster as the round finds it (each member restored from one snapshot).
    for (const n of this.nodes.values()) {
      this.etcdInitialData.push([nodeKeyInEtcd(n.name), JSON.stringify({ ready: n.ready })]);
      this.etcdInitialData.push([leaseKeyInEtcd(n.name), JSON.stringify({ holderIdentity: n.name })]);
    }
    for (const p of this.pods.values())
      this.etcdInitialData.push([podKeyInEtcd(p.name), podValue(p.nodeName)]);
    for (const [component, lease] of Object.entries(this.controlPlane.leases)) {
      this.etcdInitialData.push([leaderLeaseKeyInEtcd(component as ElectedComponent), JSON.stringify(lease)]);
    }
    this.startEtcd(0);
    this.queue.push(scenario.etcd.heartbeatIntervalMs, { kind: "etcdTick" });
    this.queue.push(etcdCompactionIntervalMs, { kind: "etcdCompaction", lastRevision: 0 });
    this.queue.push(nodeMonitorPeriodMs, { kind: "nodeMonitor" });
    if (scenario.nodeProvisioner.enabled) this.queue.push(scanIntervalMs, { kind: "provisionerScan" });
    // Each kubelet runs its own loop; they started at different moments, so their passes are spread.
    [...this.nodes.keys()].forEach((node, i) => {
      const offset = Math.floor((i * evictionMonitoringPeriodMs) / this.nodes.size);
      this.queue.push(evictionMonitoringPeriodMs + offset, { kind: "evictionManager", node });
    });
    this.queue.push(1_000, { kind: "trafficSecond" });
    if (scenario.cluster.horizontalPodAutoscalers.length > 0)
      this.queue.push(hpaSyncPeriodMs, { kind: "hpaSync" });
    this.objective = {
      incidentAtMs: null,
      holdingSince: scenario.objective.checks.map(() => null),
      breached: false,
      recoveredAtMs: null,
    };
  }

  /** Simulated ms since the round began. */
  get now(): number {
    return this.time;
  }

  /** Simulated ms per real ms: the scenario's, or what the facilitator set. */
  get gameSpeed(): number {
    return this.settings.gameSpeed;
  }

  /** Processes every happening due up to and including `t`, then sets the clock to `t`. */
  advanceTo(t: number): void {
    if (!Number.isInteger(t) || t < this.time)
      throw new RangeError(`cannot advance from ${this.time} to ${t}`);
    // Four clocks run together: etcd's ticks and messages, the API servers' deadlines, the
    // flooding clients' requests and the world's happenings — in that order at one instant, so a
    // seat freed at a millisecond goes to whoever arrives first, and under a flood that is the flood.
    for (;;) {
      const next = this.queue.peek();
      const worldAt = next?.time ?? Number.POSITIVE_INFINITY;
      const etcdAt = this.etcd.nextEventAt();
      const apiAt = nextApiDeadline(this.api);
      const floodAt = this.floodTickAt ?? Number.POSITIVE_INFINITY;
      const at = Math.min(worldAt, etcdAt, apiAt, floodAt);
      // A scripted fault strikes after everything else due at its millisecond, where a player's
      // command lands (`advanceTo(at)` then `apply`): a fault played as a card at that instant
      // meets the very same cluster as the script's.
      const scriptAt = this.scenario.faults[this.scriptStep]?.atMs ?? Number.POSITIVE_INFINITY;
      if (scriptAt <= t && scriptAt < at) {
        this.time = Math.max(this.time, scriptAt);
        this.scriptedFault(this.scriptStep++);
        continue;
      }
      if (at > t) break;
      this.time = Math.max(this.time, at);
      if (etcdAt === at) this.pumpEtcd();
      else if (apiAt === at) this.completeApiCalls(advanceApiServers(this.api, this.apiEnv, at));
      else if (floodAt === at) this.floodTick();
      else if (next !== undefined) {
        this.queue.pop();
        this.handle(next.event);
      }
    }
    this.time = t;
  }

  /** A player's (or the script's) command at the current time; never throws for a bad one. */
  apply(command: WorldCommand): CommandResult {
    // Commands come from players: checked against their schema here too, whoever sends them.
    const parsed = parseCommand(command);
    const result = parsed.ok
      ? this.applyCommand(parsed.command)
      : { accepted: false as const, reason: parsed.reason };
    this.trace("command", {
      command,
      accepted: result.accepted,
      ...(result.accepted ? {} : { reason: result.reason }),
    });
    return result;
  }

  // --- Reading the world -------------------------------------------------------------------------

  nodeList(): readonly Readonly<WorldNode>[] {
    return [...this.nodes.values()];
  }

  podList(): readonly Readonly<WorldPod>[] {
    return [...this.pods.values()];
  }

  /** The machines ordered from the cloud and still booting, in the order they were ordered. */
  bootingList(): readonly BootingNode[] {
    return this.booting;
  }

  /** The HorizontalPodAutoscalers, each with its target's CPU utilisation now (of the pods' requests). */
  hpaList(): readonly (HpaManifest & { readonly currentCPUUtilization: number | null })[] {
    return this.settings.hpas.map((hpa) => ({
      ...hpa,
      currentCPUUtilization: this.utilisation.get(hpa.deployment) ?? null,
    }));
  }

  serviceList(): readonly ServiceView[] {
    return [...this.services.values()].map((service) => {
      const { ready, notReady } = this.endpoints.endpointsOf(service);
      return { ...service, readyEndpoints: ready, notReadyEndpoints: notReady };
    });
  }

  deploymentStatus(name: string): { replicas: number; readyReplicas: number } | undefined {
    const d = this.deployments.get(name);
    if (d === undefined) return undefined;
    // Ready pods are never being deleted (deletion takes the Ready condition away first).
    const ready = this.replicaSetsOf(name).reduce(
      (sum, rs) => sum + this.pods.countByIndex("readyByOwner", rs.name),
      0,
    );
    return { replicas: d.replicas, readyReplicas: ready };
  }

  recentEvents(): readonly WorldEvent[] {
    return this.events;
  }

  /** Events recorded since the start (the recent ones are the last of them). */
  get eventCount(): number {
    return this.eventsRecorded;
  }

  /** What kube-scheduler would say about a pending pod right now. */
  explainPod(name: string): ReturnType<Scheduler["explain"]> | undefined {
    const pod = this.pods.get(name);
    if (pod === undefined || pod.nodeName !== "") return undefined;
    return this.scheduler.explain(this.schedulerPod(pod));
  }

  /**
   * The Pod kube-scheduler is handed for an unbound pod, so a client can run the same filters and
   * scores on it; nodeName stays "" even while kube-scheduler has assumed it onto a node.
   */
  schedulingSpec(name: string): SchedulerPod | undefined {
    const pod = this.pods.get(name);
    if (pod === undefined || pod.nodeName !== "") return undefined;
    return { ...this.schedulerPod(pod), nodeName: "" };
  }

  /** The whole world as plain data; `new World(scenario, seed, { from })` carries on from it exactly. */
  snapshot(): WorldSnapshot {
    const saved: Partial<Record<SavedKey, unknown>> = {};
    for (const key of World.savedKeys) saved[key] = World.saved[key].save(this);
    return structuredClone({ scenario: this.scenario.id, seed: this.seed, ...saved } as WorldSnapshot);
  }

  /**
   * Every part of the World a snapshot holds, listed once: how it is saved and how a restored
   * World takes it back, in the order they are restored (a part may read those above it). The
   * indexes, the Endpoints listings, the network's links and etcd's members are rebuilt from them.
   */
  private static readonly saved: { readonly [K in SavedKey]: SavedPart<K> } = {
    time: { save: (w) => w.time, restore: (w, v) => (w.time = v) },
    nodes: {
      save: (w) => [...w.nodes.values()],
      restore: (w, v) => {
        for (const n of v) w.nodes.set(n.name, n);
      },
    },
    pods: {
      save: (w) => [...w.pods.values()],
      restore: (w, v) => {
        for (const p of v) w.pods.create(p, w.time);
      },
    },
    replicaSets: {
      save: (w) => [...w.replicaSets.values()],
      restore: (w, v) => {
        for (const rs of v) w.replicaSets.set(rs.name, rs);
      },
    },
    deployments: {
      save: (w) => [...w.deployments.values()],
      restore: (w, v) => {
        for (const d of v) w.deployments.set(d.name, d);
      },
    },
    services: {
      save: (w) => [...w.services.values()],
      restore: (w, v) => {
        for (const sv of v) w.services.set(sv.name, sv);
      },
    },
    events: { save: (w) => w.events, restore: (w, v) => w.events.push(...v) },
    eventsRecorded: { save: (w) => w.eventsRecorded, restore: (w, v) => (w.eventsRecorded = v) },
    lifecycle: {
      save: (w) => ({
        ready: entries(w.lifecycle.ready),
        taints: entries(w.lifecycle.taints),
        zoneStates: entries(w.lifecycle.zoneStates),
        limiters: entries(w.lifecycle.limiters),
      }),
      restore: (w, v) => {
        w.lifecycle = {
          ready: new Map(v.ready),
          taints: new Map(v.taints),
          zoneStates: new Map(v.zoneStates),
          limiters: new Map(v.limiters),
        };
      },
    },
    provisioner: {
      save: (w) => ({ ...w.provisioner, unneededSinceMs: entries(w.provisioner.unneededSinceMs) }),
      restore: (w, v) => (w.provisioner = { ...v, unneededSinceMs: new Map(v.unneededSinceMs) }),
    },
    controllerClient: { save: (w) => w.controllerClient, restore: (w, v) => (w.controllerClient = v) },
    booting: { save: (w) => w.booting, restore: (w, v) => w.booting.push(...v) },
    nodesAsked: { save: (w) => w.nodesAsked, restore: (w, v) => (w.nodesAsked = v) },
    oomBombs: { save: (w) => entries(w.oomBombs), restore: (w, v) => fill(w.oomBombs, v) },
    hogs: { save: (w) => w.hogs, restore: (w, v) => (w.hogs = v) },
    nodeCidrs: { save: (w) => w.nodeCidrs, restore: (w, v) => (w.nodeCidrs = v) },
    faults: {
      save: (w) => ({ inForce: w.faultsInForce, struck: w.faultsStruck }),
      restore: (w, v) => {
        w.faultsInForce = v.inForce;
        w.faultsStruck = v.struck;
        w.partitionMachines();
      },
    },
    api: { save: (w) => w.api, restore: (w, v) => (w.api = v) },
    settings: { save: (w) => w.settings, restore: (w, v) => (w.settings = v) },
    controlPlane: { save: (w) => w.controlPlane, restore: (w, v) => (w.controlPlane = v) },
    floods: {
      save: (w) => ({ qps: entries(w.floodQps), tickAt: w.floodTickAt, answered: entries(w.floodAnswers) }),
      restore: (w, v) => {
        fill(w.floodQps, v.qps);
        w.floodTickAt = v.tickAt;
        fill(w.floodAnswers, v.answered);
      },
    },
    assumed: {
      save: (w) => [...w.assumed],
      restore: (w, v) => {
        for (const [pod, node] of v) w.assumed.set(pod, node);
      },
    },
    etcd: {
      save: (w) => ({
        initialData: w.etcdInitialData,
        era: w.etcdEra,
        snapshots: entries(w.etcdSnapshots),
        log: w.etcdLog,
        leader: w.etcdLeader,
        writableSince: w.etcdWritableSince,
        lifecycleRestartedAt: w.lifecycleRestartedAt,
        clock: w.etcd.now,
      }),
      restore: (w, v) => {
        w.etcdInitialData = v.initialData;
        w.etcdEra = v.era;
        fill(w.etcdSnapshots, v.snapshots);
        w.etcdLog = v.log;
        w.etcdLeader = v.leader;
        w.etcdWritableSince = v.writableSince;
        w.lifecycleRestartedAt = v.lifecycleRestartedAt;
        // The members are rebuilt by replaying what happened to them.
        w.startEtcd(v.clock);
      },
    },
    slo: { save: (w) => entries(w.slo), restore: (w, v) => fill(w.slo, v) },
    kubeProxy: { save: (w) => w.kubeProxy, restore: (w, v) => (w.kubeProxy = v) },
    endpointSlices: {
      save: (w) => w.endpoints.save(),
      restore: (w, v) => (w.endpoints = new EndpointsController(w.services.values(), w.pods, v)),
    },
    spikes: { save: (w) => entries(w.spikes), restore: (w, v) => fill(w.spikes, v) },
    utilisation: { save: (w) => entries(w.utilisation), restore: (w, v) => fill(w.utilisation, v) },
    hpaStates: { save: (w) => entries(w.hpaStates), restore: (w, v) => fill(w.hpaStates, v) },
    objective: { save: (w) => w.objective, restore: (w, v) => (w.objective = v) },
    scriptStep: { save: (w) => w.scriptStep, restore: (w, v) => (w.scriptStep = v) },
    boots: {
      save: (w) => [...w.boots.entries()],
      restore: (w, v) => {
        for (const [node, boot] of v) w.boots.set(node, boot);
      },
    },
    pendingSyncs: {
      save: (w) => [...w.pendingSyncs],
      restore: (w, v) => {
        for (const rs of v) w.pendingSyncs.add(rs);
      },
    },
    pendingDeploymentSyncs: {
      save: (w) => [...w.pendingDeploymentSyncs],
      restore: (w, v) => {
        for (const d of v) w.pendingDeploymentSyncs.add(d);
      },
    },
    schedulerRunAt: { save: (w) => w.schedulerRunAt, restore: (w, v) => (w.schedulerRunAt = v) },
    queue: {
      save: (w) => ({ items: w.queue.ordered(), sequence: w.queue.sequence }),
      restore: (w, v) => (w.queue = EventQueue.restore(v.items, v.sequence)),
    },
    random: {
      save: (w) => ({
        controllers: w.controllerRandom.save(),
        provisioner: w.provisionerRandom.save(),
        election: w.electionRandom.save(),
      }),
      restore: (w, v) => {
        w.controllerRandom = restoreRandom(v.controllers);
        w.provisionerRandom = restoreRandom(v.provisioner);
        w.electionRandom = restoreRandom(v.election);
      },
    },
    // After the nodes, pods and assumed bindings: kube-scheduler's cache is rebuilt from them.
    scheduler: {
      save: (w) => w.scheduler.save(),
      restore: (w, v) => {
        w.scheduler = Scheduler.restore(
          v,
          new Map([...w.nodes.values()].map((n) => [n.name, w.schedulerNode(n)])),
          new Map([...w.pods.values()].map((p) => [podKey(p.name), w.schedulerPod(p)])),
          { podDisruptionBudgets: () => w.schedulerBudgets() },
        );
      },
    },
  };

  private static readonly savedKeys = Object.keys(World.saved) as SavedKey[];

  private static restorePart<K extends SavedKey>(w: World, key: K, copy: WorldSnapshot): void {
    World.saved[key].restore(w, copy[key]);
  }

  /** A key as etcd holds it, in the store of the running member that has applied the most. */
  etcdValue(key: string): string | undefined {
    let best: EtcdMember | undefined;
    for (const m of this.etcd.running())
      if (best === undefined || m.appliedIndex > best.appliedIndex) best = m;
    return best?.kv.get(key)?.value;
  }

  /** The node etcd has the pod bound to ("" when unbound), or undefined when etcd has no such pod. */
  etcdBinding(pod: string): string | undefined {
    const value = this.etcdValue(podKeyInEtcd(pod));
    return value === undefined ? undefined : (JSON.parse(value) as { nodeName: string }).nodeName;
  }

  /** The API servers as the operator's dashboard shows them. */
  apiServerStatus(): {
    readonly servers: readonly {
      readonly name: string;
      readonly up: boolean;
      readonly levels: readonly LevelStats[];
    }[];
    readonly p99Seconds: { readonly read: number; readonly mutating: number };
    readonly responses: Readonly<Record<string, number>>;
  } {
    return {
      servers: this.api.machines.map((name, i) => ({
        name,
        up: this.api.up[i] ?? false,
        levels: this.api.flow[i] === undefined ? [] : levelStats(this.api.flow[i]),
      })),
      p99Seconds: {
        read: quantile(this.api.latency.read, 0.99),
        mutating: quantile(this.api.latency.mutating, 0.99),
      },
      responses: { ...this.api.counts },
    };
  }

  /**
   * How etcd confirms a linearizable read (scenario etcd.readOnlyOption: "safe", etcd's ReadIndex, or
   * "leaseBased", raft's ReadOnlyLeaseBased), and how many reads a deposed leader has answered from
   * its lease after a newer leader committed writes they miss.
   */
  etcdReads(): { readonly mode: "safe" | "leaseBased"; readonly staleReads: number } {
    return { mode: this.scenario.etcd.readOnlyOption ?? "safe", staleReads: this.etcd.staleReads };
  }

  /** The etcd members as `etcdctl endpoint status` shows them (a crashed member: down). */
  etcdStatus(): readonly {
    readonly name: string;
    readonly role: "leader" | "follower" | "candidate" | "learner" | "down";
    readonly term: number;
    readonly commitIndex: number;
    readonly lastIndex: number;
    readonly dbSize: number;
    readonly dbSizeInUse: number;
    /** The member's MVCC revision (endpoint status's header.revision: what `etcdctl compact` takes). */
    readonly revision: number;
    readonly alarms: readonly string[];
  }[] {
    // The alarms as the leader (or, without one, each member) has applied them.
    const leader = this.etcd.leader();
    return this.etcd.ids.map((id) => {
      const name = this.etcdEra.names[id] ?? `etcd-${id}`;
      const member = this.etcd.member(id);
      const raft = member?.raft;
      if (member === undefined || raft === undefined)
        return {
          name,
          role: "down" as const,
          term: 0,
          commitIndex: 0,
          lastIndex: 0,
          dbSize: 0,
          dbSizeInUse: 0,
          revision: 0,
          alarms: [],
        };
      const role =
        raft.state === "leader"
          ? "leader"
          : raft.state === "candidate" || raft.state === "precandidate"
            ? "candidate"
            : raft.isLearner
              ? "learner"
              : "follower";
      const dbSize = member.kv.fileBytes;
      const dbSizeInUse = member.kv.inUseBytes;
      const alarms = (leader ?? member).alarms.filter((a) => a.memberId === id).map((a) => a.alarm);
      return {
        name,
        role,
        term: raft.term,
        commitIndex: raft.commitIndex,
        lastIndex: raft.lastIndex,
        dbSize,
        dbSizeInUse,
        revision: member.revision,
        alarms,
      };
    });
  }

  /** Whether a write can commit now (etcd has a leader with a quorum that the API servers reach). */
  etcdWritable(): boolean {
    return this.writable();
  }

  /** What the objective's risks are read from (shared/sim/world/risks.ts): etcd, stuck pods, autoscalers, nodes on their way. */
  riskFacts(): RiskFacts {
    const stuck = new Map<string, { pods: number; first: string }>();
    for (const pod of this.unboundPods()) {
      if (!isLive(pod) || this.takenOver(pod) || !this.scheduler.queue.get(podKey(pod.name))?.attempts)
        continue;
      const entry = stuck.get(pod.deployment);
      if (entry === undefined) stuck.set(pod.deployment, { pods: 1, first: pod.name });
      else entry.pods++;
    }
    const { enabled, maxNodes } = this.settings.provisioner;
    return {
      etcd: { members: this.etcd.ids.length, leader: this.etcd.leader() !== undefined },
      unschedulable: [...stuck].map(([deployment, { pods, first }]) => ({
        deployment,
        pods,
        reason: this.explainPod(first)?.summary ?? "",
      })),
      autoscaled: this.settings.hpas.map((hpa) => ({
        deployment: hpa.deployment,
        replicas: this.deployments.get(hpa.deployment)?.replicas ?? 0,
        bound: [...this.pods.values()].filter(
          (p) => p.deployment === hpa.deployment && p.nodeName !== "" && isLive(p),
        ).length,
      })),
      nodesComing: this.booting.length > 0 || (enabled && this.nodes.size < maxNodes),
      drains: this.drainsWaiting(),
    };
  }

  /** How many API requests were answered with this HTTP status (429: Too Many Requests). */
  apiResponses(code: number): number {
    return this.api.counts[String(code)] ?? 0;
  }

  /** Who leads kube-scheduler and kube-controller-manager, and each process's state. */
  controlPlaneStatus(): readonly {
    readonly component: string;
    readonly machine: string;
    readonly identity: string;
    readonly up: boolean;
    readonly leading: boolean;
  }[] {
    return Object.values(this.controlPlane.processes).map((p) => ({
      component: p.component,
      machine: p.machine,
      identity: p.candidate.identity,
      up: p.up,
      leading: p.candidate.leading,
    }));
  }

  /**
   * The latest Raft messages put on the wire between the etcd members (at most 64, oldest first),
   * with the game ms each left and is due: the control-plane panel draws them travelling.
   */
  etcdMessages(): readonly {
    readonly from: string;
    readonly to: string;
    readonly type: string;
    readonly sentAtMs: number;
    readonly arriveAtMs: number;
  }[] {
    const name = (id: number) => this.etcdEra.names[id] ?? `etcd-${id}`;
    return this.etcdTransport.network.recentSends().map((m) => ({
      from: name(m.payload.from),
      to: name(m.payload.to),
      type: m.payload.type,
      sentAtMs: m.sentAt,
      arriveAtMs: m.at,
    }));
  }

  /**
   * The control plane's load as its dashboards show it: requests in flight on the API servers that
   * are up and the seats they have (max-inflight's two limits, or APF's server concurrency limit,
   * which is their sum: --max-requests-inflight + --max-mutating-requests-inflight), kube-scheduler's
   * queues, who holds each leader Lease, and kube-proxy's mode.
   */
  controlPlaneLoad(): {
    readonly apiInflight: number;
    readonly apiCapacity: number;
    readonly apfEnabled: boolean;
    readonly schedulerQueue: ReturnType<Scheduler["queue"]["counts"]>;
    readonly schedulerLeader: string;
    readonly controllerManagerLeader: string;
    readonly kubeProxyMode: KubeProxyMode;
    /** How long kube-proxy's syncs take: the last one, or the one being written if it is longer already. */
    readonly kubeProxySyncMs: number;
    /** Control-plane processes not running, as `component@machine`. */
    readonly stoppedProcesses: readonly string[];
  } {
    let inflight = 0;
    let capacity = 0;
    this.api.flow.forEach((flow, i) => {
      if (!(this.api.up[i] ?? false)) return;
      for (const level of levelStats(flow)) inflight += level.inFlight;
      capacity += flow.limits.maxRequestsInflight + flow.limits.maxMutatingRequestsInflight;
    });
    return {
      apiInflight: inflight,
      apiCapacity: capacity,
      apfEnabled: this.api.flow[0]?.mode === "apf",
      schedulerQueue: this.scheduler.queue.counts(),
      schedulerLeader: this.leaderOf("kube-scheduler")?.machine ?? "",
      controllerManagerLeader: this.leaderOf("kube-controller-manager")?.machine ?? "",
      kubeProxyMode: this.kubeProxy.mode,
      kubeProxySyncMs: Math.max(
        this.kubeProxy.last?.durationMs ?? 0,
        this.kubeProxy.running === null ? 0 : this.time - this.kubeProxy.running.startedAtMs,
      ),
      stoppedProcesses: this.scenario.apiServer.machines.flatMap((machine) =>
        controlPlaneComponents
          .filter((component) => !this.processUp(component, machine))
          .map((component) => processKey(component, machine)),
      ),
    };
  }

  /** A digest of everything that decides the future: equal hashes, equal worlds. */
  hash(): string {
    return stableHash(this.snapshot());
  }

  // --- Commands ------------------------------------------------------------------------------------

  private applyCommand(command: WorldCommand): CommandResult {
    // A Kubernetes object written through kube-apiserver is a put to etcd: with the NOSPACE alarm
    // raised etcd refuses it (etcd v3.6 server/etcdserver/api/v3rpc/quota.go and the capped
    // applier), kube-apiserver passes the error on and kubectl prints "Error from server:
    // etcdserver: mvcc: database space exceeded". Nothing is stored, so nothing happens later
    // either. etcdctl's own commands (compact, defrag, alarm) are not puts and still work.
    // Without a leader that can commit, etcd holds the proposal for its request timeout (5 s + 2 ×
    // the election timeout, 7 s by default: server/config/config.go ReqTimeout) and then fails it
    // with "etcdserver: request timed out" (server/etcdserver/server.go parseProposeCtxErr);
    // kube-apiserver sets its etcd calls no shorter deadline (--request-timeout, 60 s) and passes the
    // error on: "Error from server: etcdserver: request timed out". Game choice: the refusal comes at
    // once rather than 7 s later, and nothing of the write is applied later.
    if (KUBERNETES_WRITES.has(command.type)) {
      if (this.etcdNoSpace()) return { accepted: false, reason: ERR_NO_SPACE };
      if (!this.writable()) return { accepted: false, reason: ERR_TIMEOUT };
    }
    switch (command.type) {
      case "cordon":
      case "uncordon":
        return this.cordon(command.node, command.type === "cordon");
      case "drain":
        return this.drain(command.node, command.gracePeriodMs);
      case "scale":
        return this.scale(command.deployment, command.replicas);
      case "setImage":
        return this.rollOut(command.deployment, command.image, null);
      case "setMemoryLimit":
        return this.setResources(command.deployment, {}, { memoryBytes: command.memoryLimitBytes });
      case "setResources":
        return this.setResources(command.deployment, command.requests, command.limits);
      case "rolloutUndo":
        return this.rollBack(command.deployment, command.toRevision ?? 0);
      case "setHpa": {
        if (!this.deployments.has(command.deployment)) return notFound("deployment", command.deployment);
        if (command.minReplicas > command.maxReplicas)
          return { accepted: false, reason: "minReplicas cannot exceed maxReplicas" };
        if (command.maxReplicas > this.scenario.limits.pods) return this.overPodLimit(command.maxReplicas);
        const others = this.settings.hpas.filter((h) => h.deployment !== command.deployment);
        const name =
          this.settings.hpas.find((h) => h.deployment === command.deployment)?.name ?? command.deployment;
        const { minReplicas, maxReplicas, targetCPUUtilization } = command;
        this.settings.hpas = [
          ...others,
          { name, deployment: command.deployment, minReplicas, maxReplicas, targetCPUUtilization },
        ];
        if (this.settings.hpas.length === 1 && others.length === 0 && !this.settings.hpaLoopRunning) {
          this.settings.hpaLoopRunning = true;
          this.queue.push(this.time + hpaSyncPeriodMs, { kind: "hpaSync" });
        }
        return accepted;
      }
      case "deleteHpa": {
        if (!this.settings.hpas.some((h) => h.deployment === command.deployment))
          return {
            accepted: false,
            reason: `deployment/${command.deployment} has no HorizontalPodAutoscaler`,
          };
        this.settings.hpas = this.settings.hpas.filter((h) => h.deployment !== command.deployment);
        return accepted;
      }
      case "addNode": {
        if (this.nodes.has(command.name) || this.booting.some((b) => b.name === command.name))
          return { accepted: false, reason: `node "${command.name}" already exists` };
        const { name, zone, milliCPU, memoryBytes, pods } = command;
        return this.askForNode("operator", { name, zone, milliCPU, memoryBytes, pods });
      }
      case "removeNode":
        if (!this.nodes.has(command.node)) return notFound("node", command.node);
        this.removeNode(command.node, "operator");
        return accepted;
      case "taintNode": {
        // `kubectl taint nodes NODE key=value:effect --overwrite`: one taint per key and effect.
        const node = this.nodes.get(command.node);
        if (node === undefined) return { accepted: false, reason: `node "${command.node}" not found` };
        node.taints = node.taints.filter((t) => !(t.source === "spec" && sameTaint(t, command.taint)));
        node.taints.push({ ...command.taint, addedAtMs: this.time, source: "spec" });
        this.nodeChanged(node);
        if (command.taint.effect === "NoExecute") this.scheduleEvictions(node, command.taint.key);
        return accepted;
      }
      case "untaintNode": {
        const node = this.nodes.get(command.node);
        if (node === undefined) return notFound("node", command.node);
        const before = node.taints.length;
        node.taints = node.taints.filter(
          (t) => !(t.source === "spec" && t.key === command.key && t.effect === command.effect),
        );
        if (node.taints.length === before)
          return {
            accepted: false,
            reason: `taint "${command.key}:${command.effect}" not found on node/${node.name}`,
          };
        this.nodeChanged(node);
        return accepted;
      }
      case "restartEtcdMember":
        return this.applyFault({ kind: "restartEtcdMember", member: command.member }) ?? accepted;
      case "addEtcdMember":
        return this.addEtcdMember(command.name, command.learner === true);
      case "promoteEtcdMember":
        return this.changeEtcdMember("promote", command.member);
      case "removeEtcdMember":
        return this.changeEtcdMember("remove", command.member);
      case "defragEtcd":
        return this.defragEtcd(command.member);
      case "compactEtcd":
      case "disarmEtcdAlarms":
        return this.etcdctlWrite(command);
      case "snapshotEtcd":
        return this.saveEtcdSnapshot(command.name);
      case "restoreEtcd":
        return this.restoreEtcd(command.snapshot, command.members);
      case "setApiServerLimits":
        configureApiServers(this.api, {
          maxRequestsInflight: command.maxRequestsInflight,
          maxMutatingRequestsInflight: command.maxMutatingRequestsInflight,
        });
        this.trace("api.limits", { ...command });
        return accepted;
      case "setPriorityAndFairness":
        configureApiServers(this.api, { mode: command.enabled ? "apf" : "max-inflight" });
        this.trace("api.limits", { priorityAndFairness: command.enabled });
        return accepted;
      case "setKubeProxyMode":
        if (command.mode === this.kubeProxy.mode)
          return { accepted: false, reason: `kube-proxy already runs in ${command.mode} mode` };
        this.kubeProxy = restartKubeProxy(this.kubeProxy, command.mode, this.time);
        this.trace("kubeProxy.mode", { mode: command.mode });
        return accepted;
      case "startControlPlane":
        return this.restoreStaticPod(command.component, command.machine);
      case "setNodeProvisioner": {
        if (this.scenario.nodeProvisioner.template === null && command.enabled)
          return { accepted: false, reason: "this scenario has no node template to copy" };
        if (command.maxNodes > this.scenario.limits.nodes)
          return {
            accepted: false,
            reason: `this cluster may have at most ${this.scenario.limits.nodes} nodes (its cloud quota)`,
          };
        const wasOn = this.settings.provisioner.enabled;
        this.settings.provisioner = {
          enabled: command.enabled,
          minNodes: command.minNodes,
          maxNodes: command.maxNodes,
        };
        if (command.enabled && !wasOn)
          this.queue.push(this.time + scanIntervalMs, { kind: "provisionerScan" });
        return accepted;
      }
      case "injectFault":
        return this.inject(command.fault, command.durationMs);
      case "setGameSpeed":
        this.settings.gameSpeed = command.speed;
        return accepted;
      case "takeOverScheduling":
        return this.takeOverScheduling(command.deployments);
      case "releaseScheduling":
        return this.releaseScheduling();
      case "bindPod":
        return this.bindByHand(command.pod, command.node);
      case "setPriority":
        return this.setPriority(command.pod, command.priorityClassName);
      case "previewScores":
        return this.pods.has(command.pod) ? accepted : notFound("pod", command.pod);
    }
  }

  /** Replicas every deployment asks for: the pods the cluster is told to run. */
  private replicasWanted(): number {
    let sum = 0;
    for (const d of this.deployments.values()) sum += d.replicas;
    return sum;
  }

  private overPodLimit(wanted: number): CommandResult {
    return {
      accepted: false,
      reason: `this cluster holds at most ${this.scenario.limits.pods} pods (its nodes' capacity); that asks for ${wanted}`,
    };
  }

  private cordon(name: string, cordon: boolean): CommandResult {
    const node = this.nodes.get(name);
    if (node === undefined) return notFound("node", name);
    if (node.unschedulable === cordon)
      return { accepted: false, reason: `node/${node.name} already ${cordon ? "cordoned" : "uncordoned"}` };
    node.unschedulable = cordon;
    this.nodeChanged(node);
    this.record(
      "Normal",
      cordon ? "NodeNotSchedulable" : "NodeSchedulable",
      `node/${node.name}`,
      cordon
        ? "Cordoned: new pods will not be placed here; running pods stay."
        : "Uncordoned: the scheduler may place pods here again.",
    );
    return accepted;
  }

  /** kubectl drain: cordon, then evict every pod on the node (through the Eviction API). */
  private drain(name: string, gracePeriodMs: number | null): CommandResult {
    const node = this.nodes.get(name);
    if (node === undefined) return notFound("node", name);
    if (!node.unschedulable) this.cordon(name, true);
    this.evictFrom(name, gracePeriodMs, true);
    return accepted;
  }

  /**
   * One pass of kubectl drain's evictions. A pod a PodDisruptionBudget protects is refused (429) and
   * asked for again 5 s later, as kubectl drain does until the node is empty; the game's drain gives
   * up when the node is uncordoned or gone (a player's Ctrl-C).
   */
  private evictFrom(name: string, gracePeriodMs: number | null, first: boolean): void {
    const { evict, refused } = this.drainPass(name);
    // kubectl prints each refusal at each try; the event log tells it once per drain.
    if (first)
      for (const { pod } of refused)
        this.record(
          "Warning",
          "EvictionFailed",
          `pod/${pod.name}`,
          drainRefusalLine(pod.name, pod.namespace),
        );
    for (const pod of evict)
      this.call(
        {
          from: operatorMachine,
          user: operatorUser,
          attrs: {
            verb: "create",
            resource: "pods",
            subresource: "eviction",
            apiGroup: "",
            namespace: pod.namespace,
            name: pod.name,
          },
          storage: { type: "put", key: podKeyInEtcd(pod.name), value: podValue(name, true) },
          watchers: podWatchers,
        },
        { op: "drained", pod: pod.name, node: name, gracePeriodMs },
      );
    if (refused.length > 0)
      this.queue.push(this.time + drainRetryMs, { kind: "drainRetry", node: name, gracePeriodMs });
  }

  /** What one pass of a drain of `name` does: the pods the Eviction API lets go, and those a budget refuses. */
  private drainPass(name: string): {
    evict: WorldPod[];
    refused: { pod: WorldPod; budget: PodDisruptionBudgetManifest }[];
  } {
    const taken = new Map<string, number>();
    const evict: WorldPod[] = [];
    const refused: { pod: WorldPod; budget: PodDisruptionBudgetManifest }[] = [];
    for (const pod of this.podsOn(name)) {
      if (!isLive(pod)) continue;
      const budget = this.budgetOf(pod);
      if (budget !== undefined) {
        const verdict = evictionVerdict(
          { running: pod.phase === "Running", ready: pod.ready },
          budget,
          this.budgetStatusOf(budget),
          taken.get(budget.name) ?? 0,
        );
        if (verdict === "refuse") {
          refused.push({ pod, budget });
          continue;
        }
        if (verdict === "take") taken.set(budget.name, (taken.get(budget.name) ?? 0) + 1);
      }
      evict.push(pod);
    }
    return { evict, refused };
  }

  private budgetOf(pod: WorldPod): PodDisruptionBudgetManifest | undefined {
    return this.scenario.cluster.podDisruptionBudgets.find((b) => matchesSelector(b.selector, pod.labels));
  }

  /** The names of every budget whose selector matches the pod. */
  private budgetsOf(pod: WorldPod): string[] {
    return this.scenario.cluster.podDisruptionBudgets
      .filter((b) => matchesSelector(b.selector, pod.labels))
      .map((b) => b.name);
  }

  /**
   * The drains kubectl is still retrying, with the pods each budget holds back now: what the node
   * card, the objective's warning and the console show while a drain waits.
   */
  drainsWaiting(): DrainWait[] {
    const waits: DrainWait[] = [];
    for (const node of this.nodes.values()) {
      if (!node.unschedulable) continue;
      if (!this.queue.some((h) => h.kind === "drainRetry" && h.node === node.name)) continue;
      const byBudget = new Map<PodDisruptionBudgetManifest, string[]>();
      for (const { pod, budget } of this.drainPass(node.name).refused)
        byBudget.set(budget, [...(byBudget.get(budget) ?? []), pod.name]);
      for (const [budget, pods] of byBudget)
        waits.push({
          node: node.name,
          budget: budget.name,
          pods,
          disruptionsAllowed: this.budgetStatusOf(budget).disruptionsAllowed,
        });
    }
    return waits;
  }

  /** Every PodDisruptionBudget with its status, as `kubectl get pdb` and `kubectl describe pdb` show it. */
  budgetList(): BudgetView[] {
    return this.scenario.cluster.podDisruptionBudgets.map((budget) => ({
      ...budget,
      ...this.budgetStatusOf(budget),
    }));
  }

  /** The budgets as kube-scheduler's lister hands them to DefaultPreemption (the game records no disruptedPods). */
  private schedulerBudgets(): DisruptionBudget[] {
    return this.budgetList().map((b) => ({
      namespace: "default",
      selector: b.selector,
      disruptionsAllowed: b.disruptionsAllowed,
      disruptedPods: [],
    }));
  }

  /** The disruption controller's view of a budget: its selected pods and their controllers' scale. */
  private budgetStatusOf(budget: PodDisruptionBudgetManifest): BudgetStatus {
    let healthy = 0;
    for (const pod of this.pods.values())
      if (pod.ready && !pod.deleting && matchesSelector(budget.selector, pod.labels)) healthy++;
    let scale = 0;
    for (const d of this.scenario.cluster.deployments)
      if (matchesSelector(budget.selector, d.template.labels))
        scale += this.deployments.get(d.name)?.replicas ?? 0;
    return budgetStatus(budget, healthy, scale);
  }

  // --- The scheduler player ----------------------------------------------------------------------

  /** Whether kube-scheduler leaves this pod to the scheduler player. */
  private takenOver(pod: WorldPod): boolean {
    const t = this.settings.takenOver;
    return t !== null && (t.all || t.deployments.includes(pod.deployment));
  }

  /** Pending pods move between kube-scheduler's queue and the player's hands. */
  private setTakenOver(next: WorldSettings["takenOver"]): void {
    const pending = this.unboundPods().filter((p) => !p.deleting && !this.assumed.has(p.name));
    const before = new Set(pending.filter((p) => this.takenOver(p)).map((p) => p.name));
    this.settings.takenOver = next;
    for (const pod of pending) {
      const mine = this.takenOver(pod);
      if (mine && !before.has(pod.name)) this.scheduler.deletePod(podKey(pod.name), this.time);
      if (!mine && before.has(pod.name)) this.scheduler.addPod(this.schedulerPod(pod), this.time);
    }
    this.wakeScheduler();
  }

  private takeOverScheduling(deployments: readonly string[]): CommandResult {
    const unknown = deployments.find((d) => !this.deployments.has(d));
    if (unknown !== undefined) return notFound("deployment", unknown);
    this.setTakenOver({ all: deployments.length === 0, deployments: [...deployments] });
    return accepted;
  }

  private releaseScheduling(): CommandResult {
    if (this.settings.takenOver === null)
      return { accepted: false, reason: "kube-scheduler already places every pod" };
    this.setTakenOver(null);
    return accepted;
  }

  /** The player binds a pod: the scheduler's filters decide whether the node can take it. */
  private bindByHand(name: string, nodeName: string): CommandResult {
    const pod = this.pods.get(name);
    if (pod === undefined) return notFound("pod", name);
    if (pod.nodeName !== "" || this.assumed.has(name))
      return { accepted: false, reason: `pod/${name} is already bound` };
    if (pod.deleting) return { accepted: false, reason: `pod/${name} is being deleted` };
    if (!this.takenOver(pod))
      return {
        accepted: false,
        reason: `pod/${name} is kube-scheduler's to place; take over its scheduling first`,
      };
    if (!this.nodes.has(nodeName)) return notFound("node", nodeName);
    const verdict = this.scheduler.explain(this.schedulerPod(pod)).nodes.find((n) => n.name === nodeName);
    if (verdict !== undefined && !verdict.feasible) {
      return { accepted: false, reason: `node/${nodeName} does not fit: ${verdict.reasons.join("; ")}` };
    }
    // Assumed onto the node in the scheduler's cache, so kube-scheduler counts it there.
    this.assumed.set(name, nodeName);
    this.scheduler.addPod(this.schedulerPod(pod), this.time);
    this.call(
      {
        from: operatorMachine,
        user: schedulerPlayer,
        attrs: {
          verb: "create",
          resource: "pods",
          subresource: "binding",
          apiGroup: "",
          namespace: pod.namespace,
          name,
        },
        storage: { type: "put", key: podKeyInEtcd(name), value: podValue(nodeName) },
        watchers: podWatchers,
      },
      { op: "boundByHand", pod: name, node: nodeName },
    );
    return accepted;
  }

  private boundByHand(name: string, nodeName: string, ok: boolean, reason: string): void {
    this.assumed.delete(name);
    const pod = this.pods.get(name);
    if (pod === undefined || pod.deleting || pod.nodeName !== "") return;
    const node = this.nodes.get(nodeName);
    if (ok && node !== undefined) {
      this.bindPod(pod, node);
      return;
    }
    this.scheduler.deletePod(podKey(name), this.time);
    this.record(
      "Warning",
      "FailedBinding",
      `pod/${name}`,
      `Binding to ${nodeName} failed: ${ok ? "the node is gone" : reason}`,
    );
  }

  /** A pending pod gets another PriorityClass (its place in the queue and what it may preempt). */
  private setPriority(name: string, className: string): CommandResult {
    const pod = this.pods.get(name);
    if (pod === undefined) return notFound("pod", name);
    if (pod.nodeName !== "" || this.assumed.has(name))
      return {
        accepted: false,
        reason: `pod/${name} is already bound; only a pending pod's priority can change`,
      };
    const priorityClass = this.scenario.cluster.priorityClasses.find((c) => c.name === className);
    if (priorityClass === undefined) return notFound("priorityclass", className);
    pod.priority = priorityClass.value;
    if (!this.takenOver(pod)) this.scheduler.addPod(this.schedulerPod(pod), this.time);
    this.wakeScheduler();
    return accepted;
  }

  private rollBack(deployment: string, toRevision: number): CommandResult {
    const d = this.deployments.get(deployment);
    if (d === undefined) return notFound("deployment", deployment);
    const owned = this.replicaSetsOf(d.name);
    const back = rollbackTarget(
      owned.map((rs) => this.rolloutView(rs)),
      toRevision,
    );
    const target = back === null ? undefined : this.replicaSets.get(back.target.name);
    if (back === null || target === undefined) {
      return {
        accepted: false,
        reason:
          toRevision === 0
            ? `deployment/${d.name} has no previous revision to roll back to`
            : `unable to find specified revision ${toRevision} in history`,
      };
    }
    target.revision = back.newRevision;
    d.lastProgressMs = this.time;
    d.deadlineExceeded = false;
    this.requestDeploymentSync(d.name);
    this.record(
      "Normal",
      "DeploymentRollback",
      `deployment/${d.name}`,
      `Rolled back to the template of ${target.name}.`,
    );
    return accepted;
  }

  /** A step of the scenario's fault script strikes; a timed step ends after its `for:`. */
  private scriptedFault(index: number): void {
    const step = this.scenario.faults[index];
    if (step !== undefined) this.strike(step.fault, step.durationMs, step.note);
  }

  /**
   * A fault played by the chaos agent (or a test), for `durationMs` when it is a timed one (null:
   * until healed). Returns the verdict, or says the world does not simulate that fault yet.
   */
  inject(fault: Fault, durationMs: number | null = null): CommandResult {
    return (
      this.strike(fault, durationMs, null) ?? {
        accepted: false,
        reason: `${fault.kind} is not simulated yet`,
      }
    );
  }

  /** A fault strikes; a timed one stays in force until `durationMs` has passed (null: until healed). */
  private strike(fault: Fault, durationMs: number | null, note: string | null): CommandResult | null {
    const result = timedFaultKinds.has(fault.kind) ? this.putInForce(fault, note) : this.applyFault(fault);
    this.faultTraced(fault, false, note, result);
    if (result?.accepted === true && timedFaultKinds.has(fault.kind) && durationMs !== null)
      this.queue.push(this.time + durationMs, { kind: "faultEnds", id: this.faultsStruck });
    return result;
  }

  /** A timed fault joins those in force (its target checked first), and its target takes its effect. */
  private putInForce(fault: Fault, note: string | null): CommandResult {
    const refusal = this.faultTargetMissing(fault);
    if (refusal !== null) return refusal;
    let tainted = false;
    if (fault.kind === "taintNode") {
      const node = this.nodes.get(fault.node);
      tainted = node !== undefined && !node.taints.some((t) => sameTaint(t, fault.taint));
    }
    this.faultsInForce = [...this.faultsInForce, { id: ++this.faultsStruck, fault, note, tainted }];
    this.faultTakesEffect(fault);
    return accepted;
  }

  /** A timed fault in force ends: only what it did is undone. */
  private endFault(id: number): void {
    const ending = this.faultsInForce.find((f) => f.id === id);
    if (ending === undefined) return;
    this.faultsInForce = this.faultsInForce.filter((f) => f.id !== id);
    const { fault } = ending;
    if (fault.kind === "taintNode" && ending.tainted) {
      // Another fault in force with the same taint keeps it, and will remove it when it ends.
      const heir = this.faultsInForce.find(
        (f) =>
          f.fault.kind === "taintNode" &&
          f.fault.node === fault.node &&
          sameTaint(f.fault.taint, fault.taint),
      );
      if (heir !== undefined)
        this.faultsInForce = this.faultsInForce.map((f) => (f === heir ? { ...f, tainted: true } : f));
      else this.removeFaultTaint(fault.node, fault.taint);
    }
    this.faultTakesEffect(fault);
    this.faultTraced(fault, true, ending.note, accepted);
  }

  /** Why a timed fault cannot strike: the node, member or client it names (null: it can). */
  private faultTargetMissing(fault: Fault): CommandResult | null {
    switch (fault.kind) {
      case "diskFill":
      case "clockSkew":
      case "taintNode":
        return this.nodes.has(fault.node)
          ? null
          : { accepted: false, reason: `node "${fault.node}" not found` };
      case "slowDisk":
        return this.etcdIdOf(fault.member) === undefined ? notFound("etcd member", fault.member) : null;
      default:
        return null;
    }
  }

  /**
   * What the faults in force make of the thing `fault` acts on: the network's partitions, a member's
   * disk, a Service's demand, a node's disk, clock or taints, a client's flood. The latest fault on a
   * node's clock wins; the others take the worst (the slowest disk, the fullest, the largest spike);
   * floods by one client add up.
   */
  private faultTakesEffect(fault: Fault): void {
    const inForce = this.faultsInForce.map((f) => f.fault);
    switch (fault.kind) {
      case "partition": {
        this.partitionMachines();
        const ids = (group: readonly string[]) =>
          group.flatMap((m) => {
            const id = this.etcdIdOf(m);
            return id === undefined ? [] : [id];
          });
        if (this.partitions.length === 0) {
          this.etcdAct({ atMs: this.time, kind: "heal" });
          this.trace("network.heal", { scope: "network" });
        } else {
          const partitions = this.partitions.map((groups) => groups.map(ids));
          this.etcdAct({ atMs: this.time, kind: "partition", partitions });
          this.trace("network.partition", { partitions: this.partitions });
        }
        return;
      }
      case "slowDisk": {
        const id = this.etcdIdOf(fault.member);
        if (id === undefined) return;
        const fsyncMs = Math.max(
          0,
          ...inForce.flatMap((f) =>
            f.kind === "slowDisk" && f.member === fault.member ? [f.fsyncLatencyMs] : [],
          ),
        );
        this.etcdAct({ atMs: this.time, kind: "slowDisk", member: id, fsyncMs });
        return;
      }
      case "trafficSpike": {
        const multipliers = inForce.flatMap((f) =>
          f.kind === "trafficSpike" && f.service === fault.service ? [f.multiplier] : [],
        );
        if (multipliers.length === 0) this.spikes.delete(fault.service);
        else this.spikes.set(fault.service, Math.max(...multipliers));
        return;
      }
      case "diskFill": {
        const node = this.nodes.get(fault.node);
        if (node === undefined) return;
        node.diskFilled = Math.max(
          0,
          ...inForce.flatMap((f) => (f.kind === "diskFill" && f.node === fault.node ? [f.fraction] : [])),
        );
        this.trace("node.disk", { node: node.name, filled: node.diskFilled });
        return;
      }
      case "clockSkew": {
        const node = this.nodes.get(fault.node);
        if (node === undefined) return;
        const skews = inForce.flatMap((f) =>
          f.kind === "clockSkew" && f.node === fault.node ? [f.offsetMs] : [],
        );
        node.clockSkewMs = skews.at(-1) ?? 0;
        this.trace("node.clock", { node: node.name, skewMs: node.clockSkewMs });
        if (node.clockSkewMs !== 0)
          this.record(
            "Warning",
            "ClockSkew",
            `node/${node.name}`,
            `The node's clock is ${formatSkew(node.clockSkewMs)}. Its Lease's renewTime shows it, but the node lifecycle controller times Leases by its own clock; TLS fails only once the skew leaves the certificates' validity.`,
          );
        return;
      }
      case "apiFlood": {
        const rate = inForce.reduce(
          (sum, f) => sum + (f.kind === "apiFlood" && f.client === fault.client ? f.qps : 0),
          0,
        );
        if (rate === 0) this.floodQps.delete(fault.client);
        else this.floodQps.set(fault.client, rate);
        // The first requests on the next millisecond, unless some are already due.
        this.floodTickAt ??= this.time + floodTickMs;
        this.trace("api.flood", { client: fault.client, qps: rate });
        return;
      }
      case "taintNode": {
        const node = this.nodes.get(fault.node);
        const on = inForce.some(
          (f) => f.kind === "taintNode" && f.node === fault.node && sameTaint(f.taint, fault.taint),
        );
        if (node === undefined || !on || node.taints.some((t) => sameTaint(t, fault.taint))) return;
        node.taints.push({ ...fault.taint, addedAtMs: this.time, source: "spec" });
        this.nodeChanged(node);
        if (fault.taint.effect === "NoExecute") this.scheduleEvictions(node, fault.taint.key);
        return;
      }
      default:
        return;
    }
  }

  /** The machines' links as the partitions in force leave them. */
  private partitionMachines(): void {
    this.partitions = this.faultsInForce.flatMap((f) =>
      f.fault.kind === "partition" ? [f.fault.groups] : [],
    );
    this.machines.partitionAll(this.partitions);
  }

  private removeFaultTaint(nodeName: string, taint: Taint): void {
    const node = this.nodes.get(nodeName);
    if (node === undefined) return;
    node.taints = node.taints.filter((t) => !(t.source === "spec" && sameTaint(t, taint)));
    this.nodeChanged(node);
  }

  /**
   * Traces a fault with the World's verdict (a refused one carries its reason). The first that
   * strikes and breaks something starts the incident, traced first; one that mends (a heal, a
   * restart) does not.
   */
  private faultTraced(
    fault: Fault,
    revert: boolean,
    note: string | null,
    result: CommandResult | null,
  ): void {
    if (!revert && result?.accepted === true && !mendingFaultKinds.has(fault.kind))
      this.beginIncident(describeFault(fault));
    this.trace("fault", {
      fault,
      revert,
      note,
      simulated: result !== null,
      ...(result !== null && !result.accepted ? { reason: result.reason } : {}),
    });
  }

  /** The incident begins now (once per round): time to recovery and the error budget count from here. */
  private beginIncident(cause: string): void {
    if (this.objective.incidentAtMs !== null) return;
    this.objective = { ...this.objective, incidentAtMs: this.time };
    this.trace("incident.start", { cause });
  }

  /** An event fault (a kill, a restart, a rollout, a bomb, a heal); null: one not simulated yet. */
  private applyFault(fault: Fault): CommandResult | null {
    switch (fault.kind) {
      case "killNode": {
        const node = this.nodes.get(fault.node);
        if (node === undefined) return notFound("node", fault.node);
        if (!node.up) return { accepted: false, reason: `node/${node.name} is already down` };
        node.up = false;
        this.boots.set(node.name, (this.boots.get(node.name) ?? 0) + 1);
        this.trace("node.down", { node: node.name });
        return accepted;
      }
      case "restartNode": {
        const node = this.nodes.get(fault.node);
        if (node === undefined) return notFound("node", fault.node);
        if (node.up) return { accepted: false, reason: `node/${node.name} is already up` };
        node.up = true;
        this.trace("node.up", { node: node.name });
        // The kubelet starts: renews its Lease at once and brings its pods back.
        this.queue.push(this.time, { kind: "leaseRenew", node: node.name });
        this.restartPodsOn(node);
        return accepted;
      }
      case "rollout":
        return this.rollOut(fault.deployment, fault.image, null);
      case "scaleDeployment":
        return this.scale(fault.deployment, fault.replicas);
      case "badRollout":
        return this.rollOut(fault.deployment, fault.image, fault.failure);
      case "oomBomb":
        return this.oomBomb(fault.target, fault.memoryBytes);
      case "killEtcdMember":
      case "restartEtcdMember": {
        const id = this.etcdIdOf(fault.member);
        if (id === undefined) return notFound("etcd member", fault.member);
        this.etcdAct({
          atMs: this.time,
          kind: fault.kind === "killEtcdMember" ? "crash" : "restart",
          member: id,
        });
        return { accepted: true };
      }
      case "heal": {
        // `network` ends every partition in force; `all` every timed fault.
        const ending = this.faultsInForce.filter(
          (f) => fault.scope === "all" || f.fault.kind === "partition",
        );
        this.faultsInForce = this.faultsInForce.filter((f) => !ending.includes(f));
        for (const { fault: ended, tainted } of ending) {
          if (ended.kind === "taintNode" && tainted) this.removeFaultTaint(ended.node, ended.taint);
          this.faultTakesEffect(ended);
        }
        this.partitionMachines();
        this.etcdAct({ atMs: this.time, kind: "heal" });
        this.trace("network.heal", { scope: fault.scope });
        return { accepted: true };
      }
      case "killControlPlane":
      case "restartControlPlane":
        return this.controlPlaneProcess(fault.component, fault.machine, fault.kind === "restartControlPlane");
      default:
        return null;
    }
  }

  // --- The event loop ------------------------------------------------------------------------------

  private handle(h: Happening): void {
    switch (h.kind) {
      case "leaseRenew":
        this.renewLease(h.node);
        return;
      case "nodeMonitor":
        this.monitorNodes();
        this.checkProgressDeadlines();
        this.queue.push(this.time + nodeMonitorPeriodMs, { kind: "nodeMonitor" });
        return;
      case "evictPod":
        this.evictPod(h.pod, h.node, h.taint);
        return;
      case "drainRetry":
        if (this.nodes.get(h.node)?.unschedulable === true) this.evictFrom(h.node, h.gracePeriodMs, false);
        return;
      case "podCreate":
        this.podCreateLands(h.rs);
        return;
      case "rsSync":
        this.pendingSyncs.delete(h.rs);
        this.syncReplicaSet(h.rs);
        return;
      case "schedulerRuns":
        this.runScheduler();
        return;
      case "podRunning":
        this.podRunning(h.pod, h.node, h.boot);
        return;
      case "podReady":
        this.podReady(h.pod, h.node, h.boot);
        return;
      case "podGone":
        this.finalDelete(h.pod);
        return;
      case "restoredPodDelete":
        this.deleteRestoredPod(h.pod);
        return;
      case "apiDone":
        this.apiDone(h.after, h.ok, h.reason, h.value);
        return;
      case "election":
        this.electionAttempt(h.instance, h.incarnation);
        return;
      case "leaseDeadline":
        this.leaseDeadline(h.instance, h.incarnation, h.renewedAtMs);
        return;
      case "staticPodCheck": {
        const key = processKey(h.component, h.machine);
        this.settings.manifestsRestored = this.settings.manifestsRestored.filter((k) => k !== key);
        if (!this.processUp(h.component, h.machine)) this.controlPlaneProcess(h.component, h.machine, true);
        return;
      }
      case "processRestart": {
        const p = this.controlPlane.processes[h.instance];
        if (p !== undefined && !p.up && p.incarnation === h.incarnation) this.startProcess(h.instance);
        return;
      }
      case "faultEnds":
        this.endFault(h.id);
        return;
      case "deploymentSync":
        this.pendingDeploymentSyncs.delete(h.deployment);
        this.syncDeployment(h.deployment);
        return;
      case "containerExit":
        this.containerExit(h.pod, h.node, h.boot, h.reason);
        return;
      case "etcdTick":
        this.syncEtcd();
        this.queue.push(this.time + this.scenario.etcd.heartbeatIntervalMs, { kind: "etcdTick" });
        return;
      case "trafficSecond":
        this.trafficSecond();
        this.queue.push(this.time + 1_000, { kind: "trafficSecond" });
        return;
      case "hpaSync":
        this.syncHpas();
        this.settings.hpaLoopRunning = this.settings.hpas.length > 0;
        if (this.settings.hpaLoopRunning) this.queue.push(this.time + hpaSyncPeriodMs, { kind: "hpaSync" });
        return;
      case "etcdCompaction": {
        // It compacts to the revision it saw one interval ago (storage/etcd3/compact.go).
        const leader = this.etcd.leader();
        if (h.lastRevision > 0 && leader !== undefined) {
          this.etcdAct({
            atMs: this.time,
            kind: "request",
            member: leader.id,
            request: {
              clientId: "kube-apiserver-compactor",
              seq: this.time,
              request: { type: "compact", revision: h.lastRevision },
            },
          });
        }
        this.queue.push(this.time + etcdCompactionIntervalMs, {
          kind: "etcdCompaction",
          lastRevision: leader?.revision ?? h.lastRevision,
        });
        return;
      }
      case "evictionManager":
        if (!this.nodes.has(h.node)) return;
        this.evictionManagerPass(h.node);
        this.queue.push(this.time + evictionMonitoringPeriodMs, { kind: "evictionManager", node: h.node });
        return;
      case "provisionerScan":
        if (!this.settings.provisioner.enabled) return;
        this.scanForNodes();
        this.queue.push(this.time + scanIntervalMs, { kind: "provisionerScan" });
        return;
      case "nodeBooted":
        this.nodeBooted(h.node);
        return;
    }
  }

  /** kubelet: renew the node's Lease every 10 s while the machine is up. */
  private renewLease(name: string): void {
    const node = this.nodes.get(name);
    if (node === undefined || !node.up) return;
    this.call(
      {
        from: name,
        user: kubeletUser(name),
        attrs: {
          verb: "update",
          resource: "leases",
          apiGroup: "coordination.k8s.io",
          namespace: "kube-node-lease",
          name,
        },
        storage: {
          type: "put",
          key: leaseKeyInEtcd(name),
          // renewTime is the kubelet's own clock, skew and all.
          value: JSON.stringify({ holderIdentity: name, renewTime: this.time + node.clockSkewMs }),
        },
        watchers: leaseWatchers,
      },
      { op: "leaseRenewed", node: name, boot: this.boots.get(name) ?? 0 },
    );
  }

  /** The Lease update came back: the next in 10 s, or after a failure 200 ms doubling to 7 s. */
  private leaseRenewed(name: string, boot: number, ok: boolean): void {
    const node = this.nodes.get(name);
    if (node === undefined || !node.up || this.boots.get(name) !== boot) return;
    if (ok) {
      node.leaseFailures = 0;
      node.lastHeartbeatMs = this.time;
    } else {
      node.leaseFailures++;
    }
    this.queue.push(nextLeaseAttemptMs(this.time, node.leaseFailures), { kind: "leaseRenew", node: name });
  }

  /** Whether a machine can reach an API server. */
  private reachesApiServer(machine: string): boolean {
    return this.scenario.apiServer.machines.some((api) => this.machinesReach(machine, api));
  }

  /** Node lifecycle controller: one monitor pass (every 5 s). */
  private monitorNodes(): void {
    // Without etcd the controller can write nothing; without a leader it does not run.
    if (!this.writable() || !this.controllersRun()) return;
    const since = this.lifecycleRestartedAt;
    const monitored: MonitoredNode[] = [...this.nodes.values()].map((n) => ({
      name: n.name,
      zone: n.zone,
      registeredAtMs: n.registeredAtMs,
      // It measures a Lease's age from when it saw it change: not across an outage of its own.
      lastHeartbeatMs: n.lastHeartbeatMs === null ? null : Math.max(n.lastHeartbeatMs, since),
      // The kubelet posts Ready=True while it runs; a dead one's last post stays, and ages.
      reportedReady: n.lastHeartbeatMs === null ? null : "True",
    }));
    const pass = monitorNodes(this.lifecycle, monitored, this.time);
    this.lifecycle = pass.state;
    for (const d of pass.decisions) {
      const node = d.kind === "zoneState" ? undefined : this.nodes.get(d.node);
      switch (d.kind) {
        case "setReady":
          if (node) this.setNodeReady(node, d.status);
          break;
        case "markPodsNotReady":
          if (node) this.markPodsNotReady(node);
          break;
        case "addTaint":
          if (node) this.addNoExecuteTaint(node, d.key);
          break;
        case "removeTaint":
          if (node) this.removeLifecycleTaint(node, d.key, "NoExecute");
          break;
        case "zoneState":
          this.record(
            d.state === "Normal" ? "Normal" : "Warning",
            "ZoneState",
            `zone/${d.zone || "(none)"}`,
            `Zone is ${d.state}: evictions there run at ${d.state === "PartialDisruption" ? "a reduced rate" : "the normal rate"}.`,
          );
          break;
      }
    }
  }

  private setNodeReady(node: WorldNode, status: ConditionStatus): void {
    node.ready = status;
    this.trace("node.condition", { node: node.name, type: "Ready", status });
    // TaintNodesByCondition: a NoSchedule taint follows the Ready condition at once.
    for (const key of [unreachableTaintKey, notReadyTaintKey])
      this.removeLifecycleTaint(node, key, "NoSchedule");
    if (status !== "True") {
      const key = status === "Unknown" ? unreachableTaintKey : notReadyTaintKey;
      node.taints.push({ key, value: "", effect: "NoSchedule", addedAtMs: this.time, source: "lifecycle" });
      this.nodeChanged(node);
      this.record(
        "Warning",
        "NodeNotReady",
        `node/${node.name}`,
        status === "Unknown"
          ? "Kubelet stopped posting node status: no Lease renewal for longer than the 50 s grace period."
          : "Node reports it is not ready.",
      );
    } else {
      this.nodeChanged(node);
      this.record("Normal", "NodeReady", `node/${node.name}`, "Kubelet is posting ready status again.");
    }
  }

  private markPodsNotReady(node: WorldNode): void {
    for (const pod of this.podsOn(node.name)) this.setPodReady(pod, false);
  }

  private addNoExecuteTaint(node: WorldNode, key: string): void {
    node.taints.push({ key, value: "", effect: "NoExecute", addedAtMs: this.time, source: "lifecycle" });
    this.nodeChanged(node);
    this.trace("node.taint", { node: node.name, key, effect: "NoExecute", added: true });
    this.scheduleEvictions(node, key);
  }

  /** Taint-based eviction: each pod on the node goes when its toleration of the taint runs out. */
  private scheduleEvictions(node: WorldNode, key: string): void {
    for (const pod of this.podsOn(node.name)) {
      if (!isLive(pod)) continue;
      const at = podEvictionAtMs(key, this.time, evictionTolerations(pod));
      if (at !== null) {
        this.queue.push(Math.max(at, this.time), {
          kind: "evictPod",
          pod: pod.name,
          node: node.name,
          taint: key,
        });
      }
    }
  }

  private removeLifecycleTaint(node: WorldNode, key: string, effect: "NoExecute" | "NoSchedule"): void {
    const before = node.taints.length;
    node.taints = node.taints.filter(
      (t) => !(t.source === "lifecycle" && t.key === key && t.effect === effect),
    );
    if (node.taints.length === before) return;
    this.nodeChanged(node);
    this.trace("node.taint", { node: node.name, key, effect, added: false });
  }

  private evictPod(name: string, nodeName: string, taint: string): void {
    const pod = this.evictable(name, nodeName, taint);
    if (pod === undefined) return;
    if (!this.controllersRun()) {
      this.queue.push(this.time + apiRetryMs, { kind: "evictPod", pod: name, node: nodeName, taint });
      return;
    }
    this.call(
      {
        from: this.leaderMachine("kube-controller-manager"),
        user: controllerUser("node-controller"),
        attrs: { verb: "delete", resource: "pods", apiGroup: "", namespace: pod.namespace, name },
        storage: { type: "put", key: podKeyInEtcd(name), value: podValue(nodeName, true) },
        watchers: podWatchers,
      },
      { op: "evicted", pod: name, node: nodeName, taint },
    );
  }

  /** The pod, if it is still to be evicted: live on the node, and the node still has the taint. */
  private evictable(name: string, nodeName: string, taint: string): WorldPod | undefined {
    const pod = this.pods.get(name);
    const node = this.nodes.get(nodeName);
    if (pod === undefined || node === undefined || !isLive(pod) || pod.nodeName !== nodeName)
      return undefined;
    // The eviction is cancelled when the taint went away first (the node came back).
    if (!node.taints.some((t) => t.key === taint && t.effect === "NoExecute")) return undefined;
    return pod;
  }

  private evicted(name: string, nodeName: string, taint: string, ok: boolean): void {
    if (!ok) {
      this.queue.push(this.time + apiRetryMs, { kind: "evictPod", pod: name, node: nodeName, taint });
      return;
    }
    const pod = this.evictable(name, nodeName, taint);
    if (pod === undefined) return;
    this.record(
      "Normal",
      "TaintManagerEviction",
      `pod/${pod.name}`,
      `Marking for deletion: its node has had the ${taint} taint longer than the pod tolerates.`,
    );
    this.deletePod(pod);
  }

  // --- Traffic, SLOs, the objective and the HPA --------------------------------------------------

  /** One game second: each Service's demand over its endpoints, sampled and traced; the objective. */
  private trafficSecond(): void {
    this.syncKubeProxy();
    const cpu = this.scenario.traffic.length > 0 ? this.cpuPerPod() : new Map<string, number>();
    for (const curve of this.scenario.traffic) {
      const service = this.services.get(curve.service);
      if (service === undefined) continue;
      // kube-proxy routes by the rules of its last sync, which may lag the Endpoints.
      const routed = this.proxyEndpoints(service);
      const pods = routed.flatMap((name) => this.pods.get(name) ?? []);
      const behaviour = this.behaviourOf(pods[0]?.deployment ?? "");
      // A pod gone, terminating or not ready still in the rules: its share fails. So does one on a
      // node cut off from the API servers' side, where the game puts the clients and the load balancer.
      const endpoints = [
        ...pods.map((p) => ({
          up:
            this.nodes.get(p.nodeName)?.up === true &&
            p.ready &&
            isLive(p) &&
            this.reachesApiServer(p.nodeName),
          capacityRps: ((behaviour?.requestsPerCore ?? 0) * (cpu.get(p.name) ?? cpuRequest(p))) / 1000,
        })),
        ...routed.filter((name) => !this.pods.has(name)).map(() => ({ up: false, capacityRps: 0 })),
      ];
      const demand = demandAt(curve, this.time) * (this.spikes.get(curve.service) ?? 1);
      const proxy = firstPacketMs(this.kubeProxy.mode, this.services.size, routed.length);
      const second = serviceSecond(demand, endpoints, behaviour?.baseLatencyMs ?? 0, proxy);
      let samples = this.slo.get(curve.service);
      if (samples === undefined) {
        samples = [];
        this.slo.set(curve.service, samples);
      }
      samples.push({ t: this.time, ...second });
      if (samples.length > sloWindow) samples.shift();
      // What metrics-server reports: CPU used over CPU requested (a pod may use more than it asked).
      // The HPA averages over the ready pods: one kube-proxy has not routed to yet uses next to none.
      const first = pods[0];
      const routedSet = new Set(routed);
      const unrouted =
        first === undefined
          ? 0
          : this.endpoints
              .endpointsOf(service)
              .ready.filter(
                (name) => !routedSet.has(name) && this.pods.get(name)?.deployment === first.deployment,
              ).length;
      const serving = endpoints.filter((e) => e.up).length + unrouted;
      if (first !== undefined && serving > 0 && (behaviour?.requestsPerCore ?? 0) > 0) {
        const usedCores = second.servedRps / serving / (behaviour?.requestsPerCore ?? 1);
        this.utilisation.set(first.deployment, usedCores / (cpuRequest(first) / 1000));
      }
      this.trace("slo.sample", {
        service: curve.service,
        rps: round(second.demandRps),
        availability: round(second.availability, 5),
        p50Ms: round(second.p50Ms),
        p99Ms: round(second.p99Ms),
      });
    }
    this.checkObjective();
  }

  /**
   * kube-proxy's sync loop (shared/sim/network/kubeProxy.ts). Its first step takes the rules as in
   * step with the cluster as the round finds it.
   */
  private syncKubeProxy(): void {
    // The EndpointSlice controller runs in kube-controller-manager: while none leads, the slices stay as they were.
    const groups = this.endpoints.slicesForProxy(this.controllersRun());
    const before = this.kubeProxy.last;
    this.kubeProxy = stepKubeProxy(this.kubeProxy, this.time, groups);
    const last = this.kubeProxy.last;
    if (last !== null && last !== before) {
      this.trace("kubeProxy.synced", {
        mode: last.mode,
        durationMs: last.durationMs,
        written: last.written,
        full: last.full,
      });
    }
  }

  /** The endpoints kube-proxy's rules send a Service's traffic to: those of its last finished sync. */
  private proxyEndpoints(service: WorldService): readonly string[] {
    return routedEndpoints(
      this.kubeProxy,
      this.endpoints.keyOf(service),
      this.endpoints.endpointsOf(service).ready,
    );
  }

  /**
   * The CPU each running pod can use when every pod on its node is busy: CFS divides the node in
   * proportion to cpu.shares (from the requests) and caps each container at its CFS quota (the
   * limit), handing what a capped one leaves to the others (shared/sim/kubelet/qos.ts). While
   * kube-proxy writes a sync, it and its iptables-restore (or nft) keep one core busy.
   */
  private cpuPerPod(): Map<string, number> {
    const onNode = new Map<string, WorldPod[]>();
    for (const p of this.pods.values()) {
      if (p.nodeName === "" || p.phase !== "Running") continue;
      const list = onNode.get(p.nodeName);
      if (list === undefined) onNode.set(p.nodeName, [p]);
      else list.push(p);
    }
    const proxyMilliCPU = syncing(this.kubeProxy, this.time) ? 1_000 : 0;
    const cpu = new Map<string, number>();
    for (const [nodeName, pods] of onNode) {
      const allocatable = (this.nodes.get(nodeName)?.allocatable.milliCPU ?? 0) - proxyMilliCPU;
      const given = cfsAllocation(
        allocatable,
        pods.map((p) => ({ shares: cpuShares(cpuRequest(p)), limitMilliCPU: cpuLimit(p) })),
      );
      // CFS's shares guarantee what was requested: the scheduler never packs more than the node has.
      for (const [i, p] of pods.entries()) cpu.set(p.name, Math.max(cpuRequest(p), given[i] ?? 0));
    }
    return cpu;
  }

  private behaviourOf(deployment: string) {
    return this.scenario.cluster.deployments.find((d) => d.name === deployment)?.behaviour;
  }

  /** Each check holds now or not; the objective is met once every check has held for its window. */
  private checkObjective(): void {
    const objective = this.scenario.objective;
    if (objective.incidentStartMs !== null && this.time >= objective.incidentStartMs) this.beginIncident("");
    const incidentAt = this.objective.incidentAtMs;
    const since = objective.checks.map((check, i) => {
      const holds = this.checkHoldsNow(check);
      return holds ? (this.objective.holdingSince[i] ?? this.time) : null;
    });
    const breached = this.objective.breached || (incidentAt !== null && since.includes(null));
    this.objective = { ...this.objective, holdingSince: since, breached };
    // Recovery (a recover round's win): after the incident has broken the objective and the
    // script's last fault has struck (a recovery between two of its faults is not the end of the
    // incident), every check holds for its window again. Survive and versus rounds hold to the end.
    if (objective.kind !== "recover") return;
    if (this.objective.recoveredAtMs !== null || !breached || incidentAt === null) return;
    if (this.scriptStep < this.scenario.faults.length) return;
    const met = objective.checks.every((check, i) => {
      const from = since[i] ?? null;
      return from !== null && this.time - from >= check.forMs;
    });
    if (met) {
      this.objective = { ...this.objective, recoveredAtMs: this.time };
      this.trace("objective.met", { recoveryMs: this.time - incidentAt });
      this.record(
        "Normal",
        "ObjectiveMet",
        "cluster",
        "Every objective has held for its whole window: the incident is over.",
      );
    }
  }

  private checkHoldsNow(check: ObjectiveCheck): boolean {
    switch (check.kind) {
      case "availability":
        return (this.slo.get(check.service)?.at(-1)?.availability ?? 1) >= check.atLeast;
      case "p99Latency":
        return (this.slo.get(check.service)?.at(-1)?.p99Ms ?? 0) <= check.atMostMs;
      case "podsPending":
        return this.unboundPods().filter(isLive).length <= check.atMost;
      case "nodesReady":
        return [...this.nodes.values()].filter((n) => n.ready === "True").length >= check.atLeast;
      case "readyReplicas":
        return (this.deploymentStatus(check.deployment)?.readyReplicas ?? 0) >= check.atLeast;
      case "etcdLeader":
        return (this.etcdLeader !== "") === check.present;
    }
  }

  /** Where the objective stands: met, when, and each check. */
  objectiveStatus(): {
    readonly incidentAtMs: number | null;
    readonly breached: boolean;
    readonly recoveredAtMs: number | null;
    readonly checks: readonly {
      readonly kind: string;
      /** The Service or Deployment the check names ("" for the cluster-wide ones). */
      readonly subject: string;
      readonly holding: boolean;
      readonly simulated: boolean;
    }[];
  } {
    return {
      incidentAtMs: this.objective.incidentAtMs,
      breached: this.objective.breached,
      recoveredAtMs: this.objective.recoveredAtMs,
      checks: this.scenario.objective.checks.map((check, i) => ({
        kind: check.kind,
        subject: "service" in check ? check.service : "deployment" in check ? check.deployment : "",
        holding: this.objective.holdingSince[i] !== null,
        simulated: true,
      })),
    };
  }

  /** The samples of a Service, oldest first. */
  sloSamples(service: string): readonly SloSample[] {
    return this.slo.get(service) ?? [];
  }

  /** HPA controller: scale each target on its pods' CPU utilisation (% of request). */
  private syncHpas(): void {
    if (!this.writable() || !this.controllersRun()) return;
    for (const hpa of this.settings.hpas) {
      const d = this.deployments.get(hpa.deployment);
      if (d === undefined) continue;
      const pods = [...this.pods.values()].filter((p) => p.deployment === d.name && isLive(p));
      const metricPods: MetricPod[] = pods.map((p) => ({
        name: p.name,
        phase: p.phase === "Failed" || p.phase === "Succeeded" ? "Failed" : p.phase,
        deleting: p.deleting,
        unready: !p.ready,
        value: p.ready ? (this.utilisation.get(d.name) ?? 0) * 100 : null,
      }));
      const sync = syncHpa(
        {
          minReplicas: hpa.minReplicas,
          maxReplicas: hpa.maxReplicas,
          target: hpa.targetCPUUtilization * 100,
          behavior: defaultBehavior,
        },
        this.hpaStates.get(hpa.name) ?? initialHpaState,
        d.replicas,
        metricPods,
        this.time,
      );
      this.hpaStates.set(hpa.name, sync.state);
      if (sync.desiredReplicas === d.replicas || sync.reason === "ScalingDisabled") continue;
      this.trace("hpa.rescale", {
        hpa: hpa.name,
        from: d.replicas,
        to: sync.desiredReplicas,
        reason: sync.reason,
      });
      this.record(
        "Normal",
        "SuccessfulRescale",
        `horizontalpodautoscaler/${hpa.name}`,
        `New size: ${sync.desiredReplicas}; reason: cpu resource utilization (percentage of request) ${sync.desiredReplicas > d.replicas ? "above" : "below"} target`,
      );
      d.replicas = sync.desiredReplicas;
      this.requestDeploymentSync(d.name);
    }
  }

  // --- Memory: OOM kills and the kubelet's eviction manager -------------------------------------

  /** An oomBomb: a deployment's pods leak up to `bytes`, or a pod with no limit fills a node. */
  private oomBomb(target: { node: string } | { deployment: string }, bytes: number): CommandResult {
    if ("deployment" in target) {
      if (!this.deployments.has(target.deployment)) {
        return { accepted: false, reason: `deployment "${target.deployment}" not found` };
      }
      this.oomBombs.set(target.deployment, bytes);
      for (const pod of [...this.pods.values()]) {
        if (pod.deployment === target.deployment && pod.phase === "Running" && !pod.deleting) {
          this.growMemory(pod, bytes, pod.nodeName, this.boots.get(pod.nodeName) ?? 0);
        }
      }
      return { accepted: true };
    }
    const node = this.nodes.get(target.node);
    if (node === undefined) return { accepted: false, reason: `node "${target.node}" not found` };
    // A BestEffort pod with no memory limit: only the node's own memory bounds it.
    const hog: WorldPod = {
      name: `memory-hog-${++this.hogs}`,
      namespace: "default",
      labels: { app: "memory-hog" },
      owner: "",
      deployment: "",
      priority: 0,
      tolerations: [],
      nodeSelector: {},
      containers: [],
      createdAtMs: this.time,
      nodeName: node.name,
      phase: "Running",
      ready: false,
      readySinceMs: null,
      restartCount: 0,
      memoryUsageBytes: bytes,
      reason: "",
      backOff: noBackOff,
      podIP: "",
      lastTermination: "",
      deleting: false,
    };
    // It grows back to the same size each time it is restarted.
    this.oomBombs.set(hog.name, bytes);
    this.pods.create(hog, this.time);
    this.scheduler.addPod(this.schedulerPod(hog), this.time);
    this.trace("pod.created", { pod: hog.name, owner: "", node: node.name, memoryBytes: bytes });
    return { accepted: true };
  }

  /**
   * The pod's memory grows to `bytes` over a few seconds; over its limit the kernel OOM-kills
   * it (exit 137, OOMKilled). Returns whether it will be killed.
   */
  private growMemory(pod: WorldPod, bytes: number, nodeName: string, boot: number): boolean {
    pod.memoryUsageBytes = bytes;
    const limit = pod.containers[0]?.limits.memoryBytes ?? null;
    const kill = oomKill({ usageMiB: bytes / MiB, limitMiB: limit === null ? null : limit / MiB });
    if (kill === null) return false;
    this.queue.push(this.time + memoryGrowthMs, {
      kind: "containerExit",
      pod: pod.name,
      node: nodeName,
      boot,
      reason: kill.reason,
    });
    return true;
  }

  /** Each kubelet's eviction manager: pressure conditions and taints, and one eviction per pass. */
  private evictionManagerPass(name: string): void {
    const node = this.nodes.get(name);
    if (node?.up) {
      this.growMemoryOn(node);
      const running = this.podsOn(node.name).filter((p) => p.phase === "Running" && !p.deleting);
      const used = running.reduce((sum, p) => sum + p.memoryUsageBytes, 0);
      // The node's memory is taken as its allocatable (the game keeps no separate capacity);
      // its filesystem as a fraction, filled by a diskFill fault.
      const capacity = node.allocatable.memoryBytes;
      const observed = observePressure(
        node.pressure,
        {
          "memory.available": { available: (capacity - used) / MiB, capacity: capacity / MiB },
          "nodefs.available": { available: 1 - node.diskFilled, capacity: 1 },
        },
        this.time,
      );
      node.pressure = observed.state;
      const conditions = [...observed.conditions].sort();
      if (JSON.stringify(conditions) !== JSON.stringify(node.conditions)) {
        this.pressureChanged(node, new Set(node.conditions), observed.conditions);
        node.conditions = conditions;
      }
      const resource = resourceUnderPressure(observed.met);
      if (resource === null) return;
      const victim = podToEvict(
        running.map((p) => ({
          name: p.name,
          priority: p.priority,
          // Pods keep no files of their own in the game: under disk pressure, priority decides.
          usage: resource === "memory" ? p.memoryUsageBytes / MiB : 0,
          request:
            resource === "memory"
              ? p.containers.reduce((sum, c) => sum + c.requests.memoryBytes, 0) / MiB
              : 0,
        })),
      );
      const pod = victim === null ? undefined : this.pods.get(victim.name);
      if (pod !== undefined) this.evictForPressure(pod, resource);
    }
  }

  /**
   * Memory over the last eviction-manager period: each running container grows as its app does; one
   * over its limit is killed by its cgroup's OOM killer; and if the node itself runs out, the
   * kernel's OOM killer takes the container with the highest oom_score (its share of memory plus
   * oom_score_adj by QoS class, shared/sim/kubelet/qos.ts) — before the kubelet's next look.
   */
  private growMemoryOn(node: WorldNode): void {
    const boot = this.boots.get(node.name) ?? 0;
    const running = () =>
      this.podsOn(node.name).filter((p) => p.phase === "Running" && !p.deleting && p.memoryUsageBytes > 0);
    for (const pod of running()) {
      const growth = this.behaviourOf(pod.deployment)?.memoryGrowthBytesPerMinute ?? 0;
      if (growth === 0) continue;
      pod.memoryUsageBytes += Math.round((growth * evictionMonitoringPeriodMs) / 60_000);
      const limit = pod.containers[0]?.limits.memoryBytes ?? null;
      if (
        oomKill({ usageMiB: pod.memoryUsageBytes / MiB, limitMiB: limit === null ? null : limit / MiB }) !==
        null
      )
        this.containerExit(pod.name, node.name, boot, oomKilledReason);
    }
    const capacity = node.allocatable.memoryBytes;
    for (
      let pods = running();
      pods.reduce((sum, p) => sum + p.memoryUsageBytes, 0) > capacity;
      pods = running()
    ) {
      const badness = (p: WorldPod) =>
        oomBadness(
          p.memoryUsageBytes,
          capacity,
          oomScoreAdj(
            qosClass(p.containers),
            p.containers.reduce((sum, c) => sum + c.requests.memoryBytes, 0),
            capacity,
          ),
        );
      const victim = pods.reduce((worst, p) => (badness(p) > badness(worst) ? p : worst));
      this.trace("node.oom", { node: node.name, pod: victim.name, score: badness(victim) });
      this.record(
        "Warning",
        "SystemOOM",
        `node/${node.name}`,
        `System OOM encountered, victim process: ${victim.containers[0]?.name ?? victim.name} (pod ${victim.name}, oom_score ${badness(victim)})`,
      );
      this.containerExit(victim.name, node.name, boot, oomKilledReason);
    }
  }

  /** MemoryPressure / DiskPressure turned on or off: the taints follow, with an event each. */
  private pressureChanged(
    node: WorldNode,
    had: ReadonlySet<PressureCondition>,
    now: ReadonlySet<PressureCondition>,
  ): void {
    const keys = new Set(Object.values(pressureTaintKeys));
    node.taints = node.taints.filter((t) => !(t.source === "lifecycle" && keys.has(t.key)));
    for (const t of pressureTaints(now)) {
      node.taints.push({
        key: t.key,
        value: "",
        effect: t.effect,
        addedAtMs: this.time,
        source: "lifecycle",
      });
    }
    this.nodeChanged(node);
    const words: Record<PressureCondition, { on: string; off: string; why: string; back: string }> = {
      MemoryPressure: {
        on: "NodeHasInsufficientMemory",
        off: "NodeHasSufficientMemory",
        why: "Less than 100 Mi of memory is available: the kubelet starts evicting pods.",
        back: "Memory is back above the eviction threshold (the condition clears after 5 min).",
      },
      DiskPressure: {
        on: "NodeHasDiskPressure",
        off: "NodeHasNoDiskPressure",
        why: "Less than 10 % of the node's filesystem is free: the kubelet starts evicting pods.",
        back: "The filesystem has room again (the condition clears after 5 min).",
      },
    };
    for (const condition of ["MemoryPressure", "DiskPressure"] as const) {
      const on = now.has(condition);
      if (on === had.has(condition)) continue;
      this.trace("node.condition", { node: node.name, type: condition, status: on ? "True" : "False" });
      const w = words[condition];
      this.record(on ? "Warning" : "Normal", on ? w.on : w.off, `node/${node.name}`, on ? w.why : w.back);
    }
  }

  /** Node-pressure eviction: phase Failed, reason Evicted, no grace period; its controller replaces it. */
  private evictForPressure(pod: WorldPod, resource: "memory" | "disk"): void {
    const status = evictedPodStatus(resource);
    this.setPodReady(pod, false);
    this.setPhase(pod, status.phase);
    pod.reason = status.reason;
    this.scheduler.deletePod(podKey(pod.name), this.time);
    this.endpoints.podChanged(pod);
    this.trace("pod.evicted", { pod: pod.name, node: pod.nodeName, reason: status.reason });
    this.record("Warning", "Evicted", `pod/${pod.name}`, status.message);
    if (pod.owner !== "") this.requestSync(pod.owner);
    this.wakeScheduler();
  }

  // --- etcd ---------------------------------------------------------------------------------------

  /**
   * The etcd members of the scenario as a Raft group on the simulated network, brought to `until`
   * by replaying what happened to it (on a new world, nothing yet).
   */
  private startEtcd(until: number): void {
    const settings = this.scenario.etcd;
    this.etcdTransport = new NetworkTransport({ seed: this.seed, startMs: this.etcdEra.startMs });
    this.etcd = new EtcdCluster({
      ids: this.etcdEra.founders,
      seed: this.seed,
      transport: this.etcdTransport,
      initialData: this.etcdInitialData,
      startMs: this.etcdEra.startMs,
      member: {
        tickMs: settings.heartbeatIntervalMs,
        electionTicks: Math.max(2, Math.round(settings.electionTimeoutMs / settings.heartbeatIntervalMs)),
        quotaBackendBytes: settings.quotaBackendBytes,
        ...(settings.readOnlyOption ? { readOnlyOption: settings.readOnlyOption } : {}),
      },
    });
    for (const action of this.etcdLog) {
      this.etcd.advanceTo(action.atMs);
      this.applyEtcdAction(action);
    }
    this.etcd.advanceTo(until);
    // What the replay made again was already seen by the world.
    this.etcd.takeEvents();
    this.etcd.takeResponses();
  }

  private etcdAct(action: EtcdAction): void {
    this.etcdLog.push(action);
    this.etcd.advanceTo(this.time);
    this.applyEtcdAction(action);
  }

  /**
   * A membership change through the leader, logged only if its Raft took it: Raft takes one
   * change at a time (a second while the first is unapplied is dropped, and etcd's client times out).
   */
  private etcdReconfigure(
    action: Extract<EtcdAction, { kind: "memberAdd" | "memberPromote" | "memberRemove" }>,
  ): CommandResult | null {
    this.etcd.advanceTo(this.time);
    const taken =
      action.kind === "memberAdd"
        ? this.etcd.addMember(action.member, action.learner === true)
        : action.kind === "memberPromote"
          ? this.etcd.promoteMember(action.member)
          : this.etcd.removeMember(action.member);
    if (!taken) return { accepted: false, reason: ERR_TIMEOUT };
    this.etcdLog.push(action);
    return null;
  }

  private applyEtcdAction(action: EtcdAction): void {
    switch (action.kind) {
      case "crash":
        this.etcd.crash(action.member);
        return;
      case "restart":
        this.etcd.restart(action.member);
        return;
      case "partition":
        this.etcdTransport.partition(action.partitions);
        return;
      case "heal":
        this.etcdTransport.heal();
        return;
      case "slowDisk":
        this.etcdTransport.network.setDiskLatency(etcdMachine(action.member), action.fsyncMs);
        return;
      case "request":
        this.etcd.request(action.member, action.request);
        return;
      case "memberAdd":
        this.etcd.addMember(action.member, action.learner === true);
        return;
      case "memberPromote":
        this.etcd.promoteMember(action.member);
        return;
      case "memberRemove":
        this.etcd.removeMember(action.member);
        return;
      case "defrag":
        this.etcd.defragment(action.member);
        return;
    }
  }

  /**
   * etcd catches up with the world's clock: Raft's own events go to the trace (and the Raft panel),
   * the members' answers to the API servers.
   */
  private pumpEtcd(): void {
    this.etcd.advanceTo(this.time);
    const memberName = (id: number) => this.etcdEra.names[id] ?? `etcd-${id}`;
    for (const e of this.etcd.takeEvents()) {
      if (e.type === "stateChanged") {
        this.trace("raft.state", { member: memberName(e.member), term: e.term, state: e.state });
      } else if (e.type === "entryCommitted") {
        this.trace("raft.commit", { member: memberName(e.member), index: e.index, term: e.term });
      }
    }
    for (const response of this.etcd.takeResponses()) {
      this.completeApiCalls(onEtcdResponse(this.api, this.apiEnv, response, this.time));
    }
  }

  /** The Raft id of a current etcd member, by name. */
  private etcdIdOf(name: string): number | undefined {
    return this.etcd.ids.find((id) => this.etcdEra.names[id] === name);
  }

  /**
   * `etcdctl member add [--learner]`, through the leader (a membership change is a Raft entry),
   * refused as etcd's --strict-reconfig-check refuses it (reconfig.ts).
   */
  private addEtcdMember(name: string, learner: boolean): CommandResult {
    if (Object.values(this.etcdEra.names).includes(name))
      return { accepted: false, reason: `etcd member "${name}" already exists` };
    if (this.etcd.ids.length >= maxEtcdMembers)
      return {
        accepted: false,
        reason: `etcd runs at most ${maxEtcdMembers} members: more only slow every write`,
      };
    this.etcd.advanceTo(this.time);
    const refusal = this.etcd.reconfigRefusal({ kind: "add", learner });
    if (refusal !== null) return { accepted: false, reason: refusal };
    const id = Math.max(0, ...Object.keys(this.etcdEra.names).map(Number)) + 1;
    const dropped = this.etcdReconfigure({
      atMs: this.time,
      kind: "memberAdd",
      member: id,
      ...(learner ? { learner } : {}),
    });
    if (dropped !== null) return dropped;
    this.etcdEra.names = { ...this.etcdEra.names, [id]: name };
    this.etcdMembersChanged();
    const quorum = this.etcdQuorumWords();
    this.record(
      "Normal",
      "EtcdMemberAdded",
      "etcd",
      learner
        ? `etcd member ${name} joined as a learner: it catches up from the leader without a vote, and the quorum stays ${quorum}. Promote it once it has caught up.`
        : `etcd member ${name} joined; it catches up from the leader, and the quorum is now ${quorum}.`,
    );
    return accepted;
  }

  /** `etcdctl member promote` or `member remove`, through the leader, refused as etcd refuses it. */
  private changeEtcdMember(change: "promote" | "remove", name: string): CommandResult {
    const id = this.etcdIdOf(name);
    if (id === undefined) return notFound("etcd member", name);
    this.etcd.advanceTo(this.time);
    const refusal = this.etcd.reconfigRefusal({ kind: change, id });
    if (refusal !== null) return { accepted: false, reason: refusal };
    const kind = change === "promote" ? ("memberPromote" as const) : ("memberRemove" as const);
    const dropped = this.etcdReconfigure({ atMs: this.time, kind, member: id });
    if (dropped !== null) return dropped;
    this.etcdMembersChanged();
    const quorum = this.etcdQuorumWords();
    this.record(
      "Normal",
      change === "promote" ? "EtcdMemberPromoted" : "EtcdMemberRemoved",
      "etcd",
      change === "promote"
        ? `etcd member ${name} was promoted from learner to voter; the quorum is now ${quorum}.`
        : `etcd member ${name} was removed; the quorum is now ${quorum}.`,
    );
    return accepted;
  }

  private etcdMembersChanged(): void {
    this.trace("etcd.members", { members: this.etcd.ids.map((m) => this.etcdEra.names[m]) });
  }

  /** "2 of 3": the voters' quorum once the leader has applied the changes it proposed. */
  private etcdQuorumWords(): string {
    const voters = this.etcd.leader()?.raft.confState.voters.length ?? this.etcd.ids.length;
    return `${Math.floor(voters / 2) + 1} of ${voters}`;
  }

  /** `etcdctl defrag` on one member: it holds its applies and answers while it rewrites its backend. */
  private defragEtcd(name: string): CommandResult {
    const id = this.etcdIdOf(name);
    if (id === undefined) return notFound("etcd member", name);
    const member = this.etcd.member(id);
    // clientv3 cannot dial a stopped member: the gRPC dial's own error.
    if (member === undefined) return { accepted: false, reason: "context deadline exceeded" };
    if (member.defragmenting)
      return { accepted: false, reason: `etcd member ${name} is already defragmenting` };
    this.etcdAct({ atMs: this.time, kind: "defrag", member: id });
    return accepted;
  }

  /**
   * `etcdctl compact REVISION` and `etcdctl alarm disarm`: requests through the Raft log, sent to
   * the leader (etcdctl's default --command-timeout of 5 s is their deadline); etcdctl's own checks
   * refuse what etcd would answer with an error at once.
   */
  private etcdctlWrite(
    command: Extract<Command, { type: "compactEtcd" | "disarmEtcdAlarms" }>,
  ): CommandResult {
    this.etcd.advanceTo(this.time);
    const leader = this.etcd.leader();
    if (leader === undefined) return { accepted: false, reason: ERR_NO_LEADER };
    let request: KvRequest;
    if (command.type === "compactEtcd") {
      if (command.revision > leader.revision)
        return { accepted: false, reason: `etcdserver: ${ERR_FUTURE_REV}` };
      if (command.revision <= leader.compactRevision)
        return { accepted: false, reason: `etcdserver: ${ERR_COMPACTED}` };
      request = { type: "compact", revision: command.revision };
    } else {
      if (leader.alarms.length === 0) return { accepted: false, reason: "no alarm is raised" };
      request = { type: "alarm", action: "deactivate", memberId: 0, alarm: "NOSPACE" };
    }
    // etcdctl --command-timeout, default 5 s (etcdctl/ctlv3/ctl.go defaultCommandTimeOut).
    const deadline = this.time + 5000;
    this.etcdAct({
      atMs: this.time,
      kind: "request",
      member: leader.id,
      request: { clientId: "etcdctl", seq: this.etcdLog.length + 1, request, deadline },
    });
    return accepted;
  }

  /** etcdctl snapshot save: the keys of the member that has applied the most, kept under a name. */
  private saveEtcdSnapshot(name: string): CommandResult {
    if (this.etcdSnapshots.has(name)) return { accepted: false, reason: `snapshot "${name}" already exists` };
    if (this.etcdSnapshots.size >= maxEtcdSnapshots)
      return { accepted: false, reason: `at most ${maxEtcdSnapshots} snapshots fit on the backup disk` };
    let best: EtcdMember | undefined;
    for (const m of this.etcd.running())
      if (best === undefined || m.appliedIndex > best.appliedIndex) best = m;
    if (best === undefined) return { accepted: false, reason: "no etcd member is running" };
    const read = best.kv.range({ key: "\0", rangeEnd: "\0" });
    if (!read.ok) return { accepted: false, reason: read.error };
    const data = read.response.kvs.map((kv): [string, string] => [kv.key, kv.value]);
    this.etcdSnapshots.set(name, { atMs: this.time, revision: best.revision, data });
    this.record(
      "Normal",
      "EtcdSnapshotSaved",
      "etcd",
      `Snapshot ${name} saved at revision ${best.revision} (${data.length} keys).`,
    );
    return accepted;
  }

  /**
   * etcdutl snapshot restore: a new etcd cluster on the named members, every one starting from the
   * snapshot. What was written after the snapshot is gone from etcd; requests in flight to the old
   * cluster get no answer.
   */
  private restoreEtcd(snapshot: string, members: readonly string[]): CommandResult {
    const saved = this.etcdSnapshots.get(snapshot);
    if (saved === undefined) return notFound("snapshot", snapshot);
    if (new Set(members).size !== members.length)
      return { accepted: false, reason: "member names must differ" };
    this.etcdInitialData = saved.data;
    this.etcdEra = {
      names: Object.fromEntries(members.map((m, i) => [i + 1, m])),
      founders: members.map((_, i) => i + 1),
      startMs: this.time,
    };
    this.etcdLog = [];
    this.startEtcd(this.time);
    // A new cluster on the same network: the partitions and slow disks in force still hold.
    const applied = new Set<string>();
    for (const { fault } of this.faultsInForce) {
      const on = fault.kind === "partition" ? "network" : fault.kind === "slowDisk" ? fault.member : null;
      if (on === null || applied.has(on)) continue;
      applied.add(on);
      this.faultTakesEffect(fault);
    }
    this.trace("etcd.restored", { snapshot, members: [...members] });
    this.record(
      "Warning",
      "EtcdRestored",
      "etcd",
      `A new etcd cluster (${members.join(", ")}) started from snapshot ${snapshot} of ${Math.round(saved.atMs / 1000)} s; later writes are lost.`,
    );
    this.convergeOnRestoredEtcd(snapshot, saved.data);
    return accepted;
  }

  /**
   * The cluster after a restore follows what etcd now holds, as its components do once restarted
   * ("Restoring an etcd cluster", kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/:
   * restart kube-scheduler, kube-controller-manager and the kubelets so they do not act on stale
   * data). The API servers serve the restored pods. A pod they no longer have is an orphan to its
   * kubelet, which kills it (HandlePodCleanups, run every housekeeping period of 2 s:
   * pkg/kubelet/kubelet.go housekeepingPeriod), and its ReplicaSet makes another. A pod whose
   * binding the snapshot does not hold is Pending again, so its kubelet stops it and
   * kube-scheduler places it once more. A pod deleted since the snapshot is in the API again:
   * the controllers that deleted it delete it again. Simplifications: the World acts the moment
   * the restore is done (a kubelet's next housekeeping pass is within 2 s); a pod that came back
   * is not run again for the moment before its delete lands; the simulation keeps only pods,
   * Nodes and Leases in etcd, so Deployments and ReplicaSets keep the spec they have now.
   */
  private convergeOnRestoredEtcd(snapshot: string, data: readonly (readonly [string, string])[]): void {
    const restored = new Map<string, string>();
    const prefix = podKeyInEtcd("");
    for (const [key, value] of data)
      if (key.startsWith(prefix))
        restored.set(key.slice(prefix.length), (JSON.parse(value) as { nodeName: string }).nodeName);
    // Answers the old cluster gave that the callers' informers have not seen yet: a write the
    // snapshot does not hold is lost, and is seen as failed; one it holds is seen as it was.
    const lost = `etcd was restored from snapshot ${snapshot}, which does not hold this write`;
    const landing = new Set<string>();
    this.queue.rewrite((h) => {
      if (h.kind !== "apiDone" || !h.ok) return h;
      const then = h.after;
      let held: boolean;
      if (then.op === "bound" || then.op === "boundByHand") held = restored.get(then.pod) === then.node;
      else if (then.op === "podCreated") held = restored.has(then.pod.name);
      else if (then.op === "podRemoved") held = !restored.has(then.pod);
      else return h;
      if (!held) return { ...h, ok: false, reason: lost };
      if (then.op !== "podRemoved") landing.add(then.op === "podCreated" ? then.pod.name : then.pod);
      return h;
    });
    for (const pod of [...this.pods.values()]) {
      if (landing.has(pod.name)) continue;
      const binding = restored.get(pod.name);
      if (binding === undefined) {
        // An orphan to its kubelet; its ReplicaSet counts one fewer and makes another.
        this.removePod(pod.name);
        this.requestSync(pod.owner);
        this.requestDeploymentSync(pod.deployment);
        this.record("Normal", "Killing", `pod/${pod.name}`, `Not in etcd after the restore: ${lost}.`);
      } else if (binding !== pod.nodeName) {
        this.rebind(pod, binding);
      }
    }
    for (const name of restored.keys())
      if (!this.pods.has(name) && !landing.has(name)) this.deleteRestoredPod(name);
    // The restarted controller-manager syncs every ReplicaSet it lists.
    for (const rs of this.replicaSets.keys()) this.requestSync(rs);
    this.wakeScheduler();
  }

  /**
   * A pod whose binding in the restored etcd is not the World's: its kubelet stops it, and it is
   * Pending for kube-scheduler again, or runs where the restored binding puts it. One bound to a
   * node that no longer exists is deleted (the pod garbage collector's orphans).
   */
  private rebind(pod: WorldPod, binding: string): void {
    this.setPodReady(pod, false);
    this.scheduler.deletePod(podKey(pod.name), this.time);
    pod.nodeName = "";
    pod.podIP = "";
    this.setPhase(pod, "Pending");
    this.pods.update(pod.name, this.time);
    this.endpoints.podChanged(pod);
    const node = binding === "" ? undefined : this.nodes.get(binding);
    if (pod.deleting || (binding !== "" && node === undefined)) {
      // The API server deletes an unscheduled pod at once.
      if (!pod.deleting) this.deletePod(pod);
      else this.finalDelete(pod.name);
      return;
    }
    if (node !== undefined) {
      this.scheduler.addPod({ ...this.schedulerPod(pod), nodeName: node.name }, this.time);
      this.bindPod(pod, node);
      return;
    }
    this.trace("pod.unbound", { pod: pod.name });
    if (!this.takenOver(pod)) this.scheduler.addPod(this.schedulerPod(pod), this.time);
  }

  /** A pod a restored etcd holds but the cluster had deleted: deleted again. */
  private deleteRestoredPod(name: string): void {
    if (this.pods.has(name)) return;
    this.call(
      {
        from: this.leaderMachine("kube-controller-manager"),
        user: controllerUser("replicaset-controller"),
        attrs: { verb: "delete", resource: "pods", apiGroup: "", namespace: "default", name },
        storage: { type: "deleteRange", key: podKeyInEtcd(name) },
        watchers: podWatchers,
      },
      { op: "restoredPodDeleted", pod: name },
    );
  }

  /** Leader changes are traced and told; writability follows the leader. */
  private syncEtcd(): void {
    this.pumpEtcd();
    const leader = this.etcd.leader();
    const name = leader === undefined ? "" : (this.etcdEra.names[leader.id] ?? "");
    if (name !== this.etcdLeader) {
      this.etcdLeader = name;
      this.trace("etcd.leader", { member: name, term: leader?.raft.term ?? 0 });
      this.record(
        name === "" ? "Warning" : "Normal",
        name === "" ? "EtcdLeaderLost" : "EtcdLeaderElected",
        "etcd",
        name === ""
          ? "etcd has no leader: no write can commit, so the cluster cannot change."
          : `etcd member ${name} leads (term ${leader?.raft.term ?? 0}); writes commit again.`,
      );
    }
    // A write commits when the leader reaches a majority of the members (itself included).
    const quorum = Math.floor(this.etcd.ids.length / 2) + 1;
    const reached =
      leader === undefined
        ? 0
        : this.etcd
            .running()
            .filter((m) => m.id === leader.id || this.etcdTransport.connected(leader.id, m.id)).length;
    // etcd v3.6 api/v3rpc/quota.go and the apply path: with the NOSPACE alarm raised every put is
    // refused ("etcdserver: mvcc: database space exceeded"), so the cluster cannot change.
    const nospace = this.etcdNoSpace();
    if (nospace && this.etcdWritableSince !== null)
      this.record(
        "Warning",
        "EtcdNoSpace",
        "etcd",
        "etcd raised the NOSPACE alarm: its backend reached --quota-backend-bytes, and it refuses every write (etcdserver: mvcc: database space exceeded) until etcdctl compact, defrag of each member, and etcdctl alarm disarm.",
      );
    // Some API server must reach the leader for a write to get to it.
    const writable = name !== "" && reached >= quorum && this.reachesApiServer(name) && !nospace;
    if (writable && this.etcdWritableSince === null) this.etcdWritableSince = this.time;
    if (!writable && this.etcdWritableSince !== null) this.etcdWritableSince = null;
  }

  /** Whether etcd has the NOSPACE alarm raised (alarms are replicated: the leader's list, as etcdctl alarm list shows it). */
  private etcdNoSpace(): boolean {
    return this.etcd.leader()?.alarms.some((a) => a.alarm === "NOSPACE") ?? false;
  }

  /**
   * Whether a write can commit now: etcd has a leader the API servers reach. Without one, writes
   * time out and the cluster freezes as a real one does — running pods keep serving, nothing is
   * created, scheduled, evicted or marked NotReady.
   */
  private writable(): boolean {
    return this.etcdWritableSince !== null;
  }

  // --- The API servers ---------------------------------------------------------------------------

  /** What the API servers need of the world: etcd, the network, the pods, the nodes' clocks. */
  private apiEnvironment(): ApiEnvironment {
    const machines = this.scenario.apiServer.machines;
    return {
      sendToEtcd: (server, request) =>
        this.etcdAct({ atMs: this.time, kind: "request", member: this.etcdMemberOf(server), request }),
      // kube-apiserver's /readyz checks its etcd: the load balancer skips a server whose member is
      // down or has no leader (a minority side of a partition, after an election timeout).
      ready: (server) => (this.etcd.member(this.etcdMemberOf(server))?.leader ?? 0) !== 0,
      reaches: (from, server) => this.machinesReach(from, machines[server] ?? ""),
      podNode: (_namespace, name) => this.pods.get(name)?.nodeName,
      tlsError: (from) => this.tlsError(from),
    };
  }

  /** kubeadm's stacked control plane: API server i runs beside etcd member i and talks only to it. */
  private etcdMemberOf(server: number): number {
    return (server % this.scenario.etcd.members.length) + 1;
  }

  // --- Control-plane processes and their leader election -------------------------------------------

  /** kube-controller-manager's loops run only in the process that leads. */
  private controllersRun(): boolean {
    return this.leaderOf("kube-controller-manager") !== undefined;
  }

  /** The machine of the process holding the component's leadership (or the first control-plane machine). */
  private leaderMachine(component: ElectedComponent): string {
    const leader = this.leaderOf(component);
    return leader?.machine ?? this.scenario.apiServer.machines[0] ?? "";
  }

  /** The process that leads the component now, if one does (it believes it does, and is running). */
  private leaderOf(component: ElectedComponent): ControlPlaneProcess | undefined {
    return Object.values(this.controlPlane.processes).find(
      (p) => p.component === component && p.up && p.candidate.leading,
    );
  }

  /**
   * One kube-scheduler and one kube-controller-manager on each control-plane machine, as kubeadm
   * runs them; the first machine's lead when the round starts, the others stand by.
   */
  private startControlPlane(): ControlPlane {
    const processes: Record<string, ControlPlaneProcess> = {};
    const leases = {} as Record<ElectedComponent, LeaseRecord>;
    const stopped = (component: ControlPlaneComponent, machine: string) =>
      this.scenario.apiServer.stopped.some((p) => p.component === component && p.machine === machine);
    for (const component of ["kube-scheduler", "kube-controller-manager"] as const) {
      // The first machine whose process runs leads; a stopped process stands by for nobody.
      const leader = this.scenario.apiServer.machines.findIndex((m) => !stopped(component, m));
      this.scenario.apiServer.machines.forEach((machine, i) => {
        const key = processKey(component, machine);
        const identity = processIdentity(machine, 0);
        if (stopped(component, machine)) {
          processes[key] = {
            component,
            machine,
            incarnation: 0,
            up: false,
            candidate: newCandidate(identity, 0),
          };
          return;
        }
        if (i === leader) {
          leases[component] = {
            holderIdentity: identity,
            leaseDurationSeconds: defaultLeaderElection.leaseDurationMs / 1000,
            acquireTime: 0,
            renewTime: 0,
            leaseTransitions: 0,
          };
        }
        const lease = leases[component] ?? null;
        const candidate = { ...newCandidate(identity, 0), observedRecord: lease };
        processes[key] = {
          component,
          machine,
          incarnation: 0,
          up: true,
          candidate: i === leader ? { ...candidate, leading: true, lastRenewMs: 0 } : candidate,
        };
        this.queue.push(
          i === leader ? defaultLeaderElection.retryPeriodMs : this.nextTry(processes[key].candidate, 0),
          {
            kind: "election",
            instance: key,
            incarnation: 0,
          },
        );
      });
    }
    return { processes, leases };
  }

  /** When the elector tries again (a standby's wait is jittered). */
  private nextTry(candidate: CandidateState, nowMs: number): number {
    return nextElectionAttemptMs(candidate, nowMs, this.electionRandom.next());
  }

  /** client-go's election loop: each try GETs the Lease, then takes or renews it with an UPDATE. */
  private electionAttempt(key: string, incarnation: number): void {
    const p = this.controlPlane.processes[key];
    if (p === undefined || !p.up || p.incarnation !== incarnation) return;
    this.call(
      {
        from: p.machine,
        user: p.component === "kube-scheduler" ? schedulerUser : controllerManagerUser,
        attrs: leaseAttrs("get", p.component),
        storage: { type: "range", key: leaderLeaseKeyInEtcd(p.component) },
        watchers: 0,
      },
      { op: "leaseRead", instance: key, incarnation },
    );
  }

  /** The GET came back (or failed): the elector decides; a write goes out as an update that conflicts if the Lease changed. */
  private leaseRead(key: string, incarnation: number, value: string | undefined, ok: boolean): void {
    const p = this.controlPlane.processes[key];
    if (p === undefined || !p.up || p.incarnation !== incarnation) return;
    const read: LeaseRead = !ok
      ? null
      : value === undefined
        ? "not-found"
        : (JSON.parse(value) as LeaseRecord);
    const ifWritten = tryAcquireOrRenew(p.candidate, read, this.time, true);
    if (ifWritten.write === null) {
      this.electionStep(key, p, ifWritten);
      return;
    }
    const etcdKey = leaderLeaseKeyInEtcd(p.component);
    this.call(
      {
        from: p.machine,
        user: p.component === "kube-scheduler" ? schedulerUser : controllerManagerUser,
        attrs: leaseAttrs("update", p.component),
        storage: {
          type: "txn",
          compare:
            value === undefined
              ? [{ key: etcdKey, target: "CREATE", result: "EQUAL", value: 0 }]
              : [{ key: etcdKey, target: "VALUE", result: "EQUAL", value }],
          success: [{ type: "put", key: etcdKey, value: JSON.stringify(ifWritten.write) }],
          failure: [],
        },
        watchers: 0,
      },
      {
        op: "leaseWritten",
        instance: key,
        incarnation,
        record: ifWritten.write,
        ifWritten,
        ifRefused: tryAcquireOrRenew(p.candidate, read, this.time, false),
      },
    );
  }

  private leaseWritten(after: Extract<ApiThen, { op: "leaseWritten" }>, ok: boolean): void {
    const p = this.controlPlane.processes[after.instance];
    if (p === undefined) return;
    if (ok) this.controlPlane.leases = { ...this.controlPlane.leases, [p.component]: after.record };
    if (!p.up || p.incarnation !== after.incarnation) return;
    this.electionStep(after.instance, p, ok ? after.ifWritten : after.ifRefused);
  }

  /** The elector's verdict on one try: leading starts or stops, and the next try is scheduled. */
  private electionStep(key: string, p: ControlPlaneProcess, step: ElectionStep): void {
    const wasLeading = p.candidate.leading;
    p.candidate = step.candidate;
    if (step.outcome === "lost") {
      this.stopLeading(key, p);
      return;
    }
    this.queue.push(this.nextTry(p.candidate, this.time), {
      kind: "election",
      instance: key,
      incarnation: p.incarnation,
    });
    if (step.outcome === "renewed" || step.outcome === "acquired") {
      // A try that never answers is cut off by the renew round's own deadline.
      this.queue.push(
        this.time + defaultLeaderElection.retryPeriodMs + defaultLeaderElection.renewDeadlineMs + 1,
        {
          kind: "leaseDeadline",
          instance: key,
          incarnation: p.incarnation,
          renewedAtMs: this.time,
        },
      );
    }
    if (step.outcome !== "acquired" || wasLeading) return;
    const identity = p.candidate.identity;
    this.trace("leader.elected", { component: p.component, identity });
    this.record("Normal", "LeaderElection", `lease/${p.component}`, `${identity} became leader`);
    if (p.component === "kube-controller-manager") {
      // A new leader's node lifecycle controller measures every node's Lease from now.
      this.lifecycleRestartedAt = this.time;
    } else {
      this.wakeScheduler();
    }
  }

  /** A leader that has not renewed since `renewedAtMs` when its round's deadline passes stops leading. */
  private leaseDeadline(key: string, incarnation: number, renewedAtMs: number): void {
    const p = this.controlPlane.processes[key];
    if (p === undefined || !p.up || !p.candidate.leading || p.incarnation !== incarnation) return;
    if (p.candidate.lastRenewMs !== renewedAtMs) return;
    this.stopLeading(key, p);
  }

  /** leaderelection lost: the process exits (klog.FlushAndExit) and the kubelet restarts it. */
  private stopLeading(key: string, p: ControlPlaneProcess): void {
    const identity = p.candidate.identity;
    p.candidate = { ...p.candidate, leading: false };
    p.up = false;
    this.trace("leader.lost", { component: p.component, identity });
    this.record(
      "Warning",
      "LeaderElection",
      `lease/${p.component}`,
      `${identity} could not renew its Lease within ${defaultLeaderElection.renewDeadlineMs / 1000} s: leaderelection lost; the process exits and the kubelet restarts it.`,
    );
    this.queue.push(this.time + staticPodRestartMs, {
      kind: "processRestart",
      instance: key,
      incarnation: p.incarnation,
    });
  }

  /** A process starts (again): a new identity, a candidate that has seen no Lease yet. */
  private startProcess(key: string): void {
    const p = this.controlPlane.processes[key];
    if (p === undefined) return;
    p.incarnation++;
    p.up = true;
    p.candidate = newCandidate(processIdentity(p.machine, p.incarnation), this.time);
    this.queue.push(this.time, { kind: "election", instance: key, incarnation: p.incarnation });
  }

  /** Whether a control-plane process runs on the machine. */
  private processUp(component: ControlPlaneComponent, machine: string): boolean {
    if (component === "kube-apiserver")
      return this.api.up[this.scenario.apiServer.machines.indexOf(machine)] ?? false;
    return this.controlPlane.processes[processKey(component, machine)]?.up ?? false;
  }

  /**
   * The operator puts a static pod's manifest back in /etc/kubernetes/manifests: the machine's
   * kubelet starts it at its next look at the folder (kubelet --file-check-frequency, default 20 s;
   * the game's kubelets look on the 20 s ticks of the round's clock).
   */
  private restoreStaticPod(component: ControlPlaneComponent, machine: string): CommandResult {
    if (!this.scenario.apiServer.machines.includes(machine))
      return { accepted: false, reason: `"${machine}" is not a control-plane machine` };
    const key = processKey(component, machine);
    if (this.processUp(component, machine) || this.settings.manifestsRestored.includes(key))
      return { accepted: false, reason: `${component} on ${machine} is already running or about to start` };
    this.settings.manifestsRestored = [...this.settings.manifestsRestored, key];
    const at = Math.ceil((this.time + 1) / staticPodFileCheckMs) * staticPodFileCheckMs;
    this.queue.push(at, { kind: "staticPodCheck", component, machine });
    this.trace("process.manifest", { component, machine, startsAtMs: at });
    return accepted;
  }

  /** The killControlPlane / restartControlPlane faults. */
  private controlPlaneProcess(
    component: ControlPlaneComponent,
    machine: string,
    start: boolean,
  ): CommandResult {
    const server = this.scenario.apiServer.machines.indexOf(machine);
    if (server < 0) return { accepted: false, reason: `"${machine}" is not a control-plane machine` };
    if (component === "kube-apiserver") {
      if (this.api.up[server] === start)
        return {
          accepted: false,
          reason: `${component} on ${machine} is already ${start ? "running" : "stopped"}`,
        };
      this.api.up[server] = start;
      this.trace(start ? "process.started" : "process.stopped", { component, machine });
      return accepted;
    }
    const key = processKey(component, machine);
    const p = this.controlPlane.processes[key];
    if (p === undefined) return { accepted: false, reason: `no ${component} runs on ${machine}` };
    if (p.up === start)
      return {
        accepted: false,
        reason: `${component} on ${machine} is already ${start ? "running" : "stopped"}`,
      };
    this.trace(start ? "process.started" : "process.stopped", { component, machine });
    if (start) {
      this.startProcess(key);
    } else {
      p.up = false;
      p.candidate = { ...p.candidate, leading: false };
    }
    return accepted;
  }

  private machinesReach(a: string, b: string): boolean {
    return this.machines.connected(a, b);
  }

  /**
   * The kubelet checks the API server's serving certificate against its own clock: skewed past
   * the certificate's validity, every TLS handshake fails (crypto/x509's error).
   */
  private tlsError(from: string): string | null {
    const skew = this.nodes.get(from)?.clockSkewMs ?? 0;
    if (skew === 0) return null;
    const clock = this.time + skew;
    if (clock < -servingCertificateAgeMs) {
      return `x509: certificate has expired or is not yet valid: current time is before the certificate's NotBefore (the node's clock is ${formatSkew(skew)})`;
    }
    if (clock > servingCertificateValidityMs - servingCertificateAgeMs) {
      return `x509: certificate has expired or is not yet valid: current time is after the certificate's NotAfter (the node's clock is ${formatSkew(skew)})`;
    }
    return null;
  }

  /** A call goes to the load balancer; what comes back at once (a refusal) is scheduled too. */
  private call(call: ApiCall, after: ApiThen): void {
    this.completeApiCalls(submitApiCall(this.api, this.apiEnv, call, after, this.time));
  }

  /** Finished calls: traced now, and acted on when the callers' informers see them. */
  private completeApiCalls(completions: readonly ApiCompletion<ApiThen>[]): void {
    for (const c of completions) {
      if (c.after.op === "none") {
        // A flooding client's LISTs are counted, and traced once a second (api.flood).
        const client = c.record.user.slice(c.record.user.lastIndexOf(":") + 1);
        const counts = this.floodAnswers.get(client) ?? { ok: 0, refused: 0 };
        this.floodAnswers.set(
          client,
          c.ok ? { ...counts, ok: counts.ok + 1 } : { ...counts, refused: counts.refused + 1 },
        );
        continue;
      }
      this.trace("api.request", { ...c.record });
      let after = c.after;
      // Admission may have changed the pod (LimitRange defaults, DefaultTolerationSeconds).
      if (after.op === "podCreated" && c.admitted !== undefined) {
        after = { op: "podCreated", pod: withAdmitted(after.pod, c.admitted) };
      }
      this.queue.push(Math.max(this.time, c.visibleAtMs), {
        kind: "apiDone",
        after,
        ok: c.ok,
        reason: c.reason,
        ...(c.value !== undefined ? { value: c.value } : {}),
      });
    }
  }

  private apiDone(then: ApiThen, ok: boolean, reason: string, value: string | undefined): void {
    switch (then.op) {
      case "leaseRenewed":
        this.leaseRenewed(then.node, then.boot, ok);
        return;
      case "bound":
        this.bound(then.pod, then.node, ok, reason);
        return;
      case "podCreated":
        this.podCreated(then.pod, ok, reason);
        return;
      case "evicted":
        this.evicted(then.pod, then.node, then.taint, ok);
        return;
      case "podRemoved":
        if (ok) this.removePod(then.pod);
        else this.queue.push(this.time + apiRetryMs, { kind: "podGone", pod: then.pod });
        return;
      case "restoredPodDeleted":
        if (!ok) this.queue.push(this.time + apiRetryMs, { kind: "restoredPodDelete", pod: then.pod });
        return;
      case "boundByHand":
        this.boundByHand(then.pod, then.node, ok, reason);
        return;
      case "leaseRead":
        this.leaseRead(then.instance, then.incarnation, value, ok);
        return;
      case "leaseWritten":
        this.leaseWritten(then, ok);
        return;
      case "drained": {
        const pod = this.pods.get(then.pod);
        if (pod === undefined || !isLive(pod) || pod.nodeName !== then.node) return;
        if (!ok) {
          this.record(
            "Warning",
            "EvictionFailed",
            `pod/${pod.name}`,
            `kubectl drain could not evict it: ${reason}`,
          );
          return;
        }
        this.record("Normal", "Evicted", `pod/${pod.name}`, `Evicted by kubectl drain of node/${then.node}.`);
        this.deletePod(pod, then.gracePeriodMs);
        return;
      }
      case "none":
        return;
    }
  }

  /** Each flooding client's LISTs of every pod for this millisecond. */
  /** The size of the object a flooding client rewrites, if its flood is a write flood. */
  private floodObjectBytes(client: string): number | undefined {
    for (const f of this.faultsInForce)
      if (f.fault.kind === "apiFlood" && f.fault.client === client && f.fault.objectBytes !== undefined)
        return f.fault.objectBytes;
    return undefined;
  }

  /**
   * A runaway controller's write: an update of its one ConfigMap, the whole object each time. etcd
   * keeps every revision until compaction (kube-apiserver's every 5 min, or etcdctl compact), so
   * the backend grows by the object's size per write until the space quota stops it.
   */
  private runawayWrite(client: string, objectBytes: number): void {
    this.call(
      {
        from: client,
        user: { name: `system:serviceaccount:platform:${client}`, groups: platformGroups },
        attrs: { verb: "update", resource: "configmaps", apiGroup: "", namespace: "default", name: client },
        storage: {
          type: "put",
          key: `/registry/configmaps/default/${client}`,
          value: client,
          valueSize: objectBytes,
        },
        watchers: 1,
      },
      { op: "none" },
    );
  }

  private floodTick(): void {
    const tick = this.time / floodTickMs;
    for (const [client, qps] of this.floodQps) {
      const n =
        Math.floor(((tick + 1) * qps * floodTickMs) / 1000) - Math.floor((tick * qps * floodTickMs) / 1000);
      const objectBytes = this.floodObjectBytes(client);
      for (let i = 0; i < n; i++) {
        if (objectBytes !== undefined) {
          this.runawayWrite(client, objectBytes);
          continue;
        }
        this.call(
          {
            from: client,
            user: {
              name: `system:serviceaccount:monitoring:${client}`,
              groups: monitoringGroups,
            },
            attrs: { verb: "list", resource: "pods", apiGroup: "", namespace: "", name: "" },
            // Served from the API server's watch cache; the cost is the encoding of every pod.
            watchers: 0,
            listedObjects: this.pods.size,
          },
          { op: "none" },
        );
      }
    }
    if (this.time % 1000 === 0) {
      for (const [client, answered] of this.floodAnswers) {
        this.trace("api.flood", { client, qps: this.floodQps.get(client) ?? 0, ...answered });
      }
      this.floodAnswers.clear();
    }
    this.floodTickAt = this.floodQps.size > 0 ? this.time + floodTickMs : null;
  }

  /** The pod object's last delete: the kubelet's once its containers stopped, or the API server's. */
  private finalDelete(name: string): void {
    const pod = this.pods.get(name);
    if (pod === undefined) return;
    const bound = pod.nodeName !== "";
    this.call(
      {
        from: bound ? pod.nodeName : this.leaderMachine("kube-controller-manager"),
        user: bound ? kubeletUser(pod.nodeName) : controllerUser("replicaset-controller"),
        attrs: { verb: "delete", resource: "pods", apiGroup: "", namespace: pod.namespace, name },
        storage: { type: "deleteRange", key: podKeyInEtcd(name) },
        watchers: podWatchers,
      },
      { op: "podRemoved", pod: name },
    );
  }

  // --- Nodes from the cloud ---------------------------------------------------------------------

  /** cluster-autoscaler's loop: nodes for unschedulable pods, unneeded nodes drained and removed. */
  private scanForNodes(): void {
    const settings = this.scenario.nodeProvisioner;
    const template = this.scenario.cluster.nodes.find((n) => n.name === settings.template);
    if (template === undefined) return;
    const requests = (pod: WorldPod) => ({
      milliCPU: pod.containers.reduce((sum, c) => sum + c.requests.milliCPU, 0),
      memoryMiB: pod.containers.reduce((sum, c) => sum + c.requests.memoryBytes, 0) / MiB,
    });
    const nodes = [...this.nodes.values()].map((n) => {
      const pods = this.podsOn(n.name)
        .filter((p) => !p.deleting)
        .map((p) => ({ ...requests(p), budgets: this.budgetsOf(p) }));
      return {
        name: n.name,
        allocatable: { milliCPU: n.allocatable.milliCPU, memoryMiB: n.allocatable.memoryBytes / MiB },
        requested: pods.reduce(
          (a, b) => ({ milliCPU: a.milliCPU + b.milliCPU, memoryMiB: a.memoryMiB + b.memoryMiB }),
          {
            milliCPU: 0,
            memoryMiB: 0,
          },
        ),
        pods,
      };
    });
    // Pods the scheduler gave up on (FailedScheduling), less those that fit the room the nodes
    // already have (filterOutSchedulable: the autoscaler's own scheduling simulation).
    const free = nodes.map((n) => ({
      milliCPU: n.allocatable.milliCPU - n.requested.milliCPU,
      memoryMiB: n.allocatable.memoryMiB - n.requested.memoryMiB,
    }));
    const unschedulable = this.unboundPods()
      .filter((p) => !p.deleting && this.scheduler.queue.get(podKey(p.name))?.attempts)
      .map(requests)
      .filter((pod) => {
        const room = free.find((f) => pod.milliCPU <= f.milliCPU && pod.memoryMiB <= f.memoryMiB);
        if (room === undefined) return true;
        room.milliCPU -= pod.milliCPU;
        room.memoryMiB -= pod.memoryMiB;
        return false;
      });
    const scan = scanCluster(
      this.provisioner,
      {
        nodes,
        unschedulable,
        upcomingNodes: this.booting.length,
        template: {
          milliCPU: template.allocatable.milliCPU,
          memoryMiB: template.allocatable.memoryBytes / MiB,
        },
        minNodes: this.settings.provisioner.minNodes,
        maxNodes: this.settings.provisioner.maxNodes,
        disruptionsAllowed: new Map(this.budgetList().map((b) => [b.name, b.disruptionsAllowed])),
      },
      this.time,
    );
    this.provisioner = scan.state;
    // One node group per zone, each a copy of the template; the new nodes are balanced between them.
    const zones = this.nodeGroupZones(template.zone ?? "");
    const sizes = zones.map(
      (zone) =>
        [...this.nodes.values()].filter((n) => n.zone === zone).length +
        this.booting.filter((b) => b.zone === zone).length,
    );
    balanceScaleUp(sizes, scan.addNodes).forEach((count, i) => {
      const zone = zones[i]!;
      const labels = { ...template.labels, "topology.kubernetes.io/zone": zone };
      for (let n = 0; n < count; n++)
        this.askForNode("autoscaler", {
          name: this.nextNodeName(zone),
          zone,
          milliCPU: template.allocatable.milliCPU,
          memoryBytes: template.allocatable.memoryBytes,
          pods: template.allocatable.pods,
          labels,
        });
    });
    for (const name of scan.removeNodes) this.removeNode(name, "autoscaler");
  }

  /**
   * The autoscaler's node groups, one per zone (cluster-autoscaler FAQ, "I'm running cluster with
   * nodes in multiple zones for HA purposes. Is that supported by Cluster Autoscaler?": separate
   * node groups per zone, kept balanced by --balance-similar-node-groups): the scenario's zones,
   * or the template's own zone alone.
   */
  private nodeGroupZones(templateZone: string): string[] {
    const zones = this.scenario.nodeProvisioner.zones;
    return zones.length > 0 ? [...zones] : [templateZone];
  }

  /**
   * A name for a new node in `zone`, continuing the zone's own series (node-b-4 → node-b-5) so it
   * reads like its neighbours; a zone without nodes gets node-scaled-N.
   */
  private nextNodeName(zone: string): string {
    const taken = [...this.nodes.keys(), ...this.booting.map((b) => b.name)];
    const series = [...this.nodes.values(), ...this.booting]
      .filter((n) => n.zone === zone)
      .map((n) => /^(.*?)(\d+)$/.exec(n.name)?.[1])
      .find((prefix) => prefix !== undefined);
    if (series === undefined) {
      let name: string;
      do name = `node-scaled-${++this.nodesAsked}`;
      while (taken.includes(name));
      return name;
    }
    const highest = Math.max(
      0,
      ...taken.filter((n) => n.startsWith(series)).map((n) => Number(n.slice(series.length)) || 0),
    );
    return `${series}${highest + 1}`;
  }

  /** A node is ordered from the cloud: the operator's own shape, or a copy of the template in a zone. */
  private askForNode(
    by: "operator" | "autoscaler",
    spec: NodeSpec & { readonly labels?: Readonly<Record<string, string>> },
  ): CommandResult {
    const maxNodes = Math.min(this.settings.provisioner.maxNodes, this.scenario.limits.nodes);
    if (this.nodes.size + this.booting.length >= maxNodes)
      return { accepted: false, reason: `the cluster is at its ${maxNodes}-node limit` };
    const bootMs = this.scenario.nodeProvisioner.bootMs || nodeBootDurationMs(this.provisionerRandom);
    const { name, zone } = spec;
    this.booting.push({
      name,
      zone,
      labels: spec.labels ?? { "topology.kubernetes.io/zone": zone },
      milliCPU: spec.milliCPU,
      memoryBytes: spec.memoryBytes,
      pods: spec.pods,
      by,
      readyAtMs: this.time + bootMs,
    });
    this.queue.push(this.time + bootMs, { kind: "nodeBooted", node: name });
    this.trace("node.requested", { node: name, zone, by, readyInMs: bootMs });
    this.record(
      "Normal",
      "TriggeredScaleUp",
      `node/${name}`,
      by === "operator"
        ? `A node was ordered by hand in ${zone}; it boots in ${Math.round(bootMs / 1000)} s.`
        : `Pods could not be scheduled: a node was ordered in ${zone}; it boots in ${Math.round(bootMs / 1000)} s.`,
    );
    return accepted;
  }

  private nodeBooted(name: string): void {
    const index = this.booting.findIndex((b) => b.name === name);
    if (index < 0) return;
    if (!this.writable()) {
      // The kubelet cannot register the Node yet.
      this.queue.push(this.time + apiRetryMs, { kind: "nodeBooted", node: name });
      return;
    }
    const [shape] = this.booting.splice(index, 1) as [BootingNode];
    const node: WorldNode = {
      name,
      zone: shape.zone,
      labels: { ...shape.labels, "kubernetes.io/hostname": name },
      allocatable: { milliCPU: shape.milliCPU, memoryBytes: shape.memoryBytes, pods: shape.pods },
      taints: [],
      unschedulable: false,
      up: true,
      registeredAtMs: this.time,
      lastHeartbeatMs: this.time,
      ready: "True",
      images: [],
      pullSlotFreeAtMs: this.time,
      pressure: noPressure,
      conditions: [],
      diskFilled: 0,
      leaseFailures: 0,
      clockSkewMs: 0,
      podCIDR: nodePodCidr(this.nodeCidrs++),
      podIPsHandedOut: 0,
    };
    this.nodes.set(name, node);
    this.boots.set(name, 0);
    this.lifecycle = { ...this.lifecycle, ready: new Map(this.lifecycle.ready).set(name, "True") };
    this.scheduler.addNode(this.schedulerNode(node), this.time);
    this.wakeScheduler();
    this.queue.push(nextLeaseAttemptMs(this.time, 0), { kind: "leaseRenew", node: name });
    this.queue.push(this.time + evictionMonitoringPeriodMs, { kind: "evictionManager", node: name });
    this.trace("node.added", { node: name });
    this.record("Normal", "RegisteredNode", `node/${name}`, "A new node joined the cluster and is Ready.");
  }

  /**
   * A node leaves the cluster: scaled down by the autoscaler (drained first), or its Node object
   * deleted by hand (`kubectl delete node`: no drain; the pod garbage collector deletes the pods
   * bound to a node that no longer exists, kube-controller-manager's podgc `gcOrphaned`). Either
   * way its pods are gone and their controllers replace them elsewhere.
   */
  private removeNode(name: string, by: "operator" | "autoscaler"): void {
    const node = this.nodes.get(name);
    if (node === undefined) return;
    for (const pod of this.podsOn(name)) this.deletePod(pod);
    for (const pod of this.podsOn(name)) this.removePod(pod.name);
    this.nodes.delete(name);
    this.scheduler.removeNode(name, this.time);
    this.trace("node.removed", { node: name, by });
    if (by === "autoscaler")
      this.record(
        "Normal",
        "ScaleDown",
        `node/${name}`,
        "The node was unneeded for 10 minutes: drained and removed.",
      );
    // The node lifecycle controller's event when a Node object goes (node_lifecycle_controller.go).
    else
      this.record(
        "Normal",
        "RemovingNode",
        `node/${name}`,
        "Deleted by hand (kubectl delete node), without a drain: its pods are deleted and replaced elsewhere.",
      );
  }

  /**
   * The round starts on a running cluster: every Deployment's pods created, scheduled by
   * kube-scheduler and ready at 0 ms (what the cluster looked like before the incident).
   */
  private warmUp(): void {
    this.warming = true;
    for (const rs of this.replicaSets.values()) {
      rs.replicas = this.deployments.get(rs.deployment)?.replicas ?? 0;
      for (let i = 0; i < rs.replicas; i++) {
        const pod = this.newPod(rs);
        // Created before the round, through the same admission.
        const admitted = pod === undefined ? undefined : admitIntoQuota(this.api, admissionPod(pod));
        if (pod !== undefined && admitted?.admitted) this.addPod(withAdmitted(pod, admitted.pod));
      }
    }
    this.schedulerRunAt = this.time;
    this.runScheduler();
    this.warming = false;
  }

  // --- Deployments ------------------------------------------------------------------------------

  private addReplicaSet(
    deployment: string,
    image: string,
    failure: WorldReplicaSet["failure"],
    revision: number,
    resources: ContainerResources | null = null,
  ): WorldReplicaSet {
    // The pod-template-hash: the template's own digest, here of the deployment, its image and resources.
    const set = resources === null ? "" : `/${JSON.stringify(resources)}`;
    const rs: WorldReplicaSet = {
      name: `${deployment}-${templateHash(`${deployment}/${image}/${failure ?? ""}${set}`)}`,
      deployment,
      replicas: 0,
      revision,
      createdAtMs: this.time,
      image,
      failure,
      resources,
      expectedCreates: 0,
    };
    this.replicaSets.set(rs.name, rs);
    this.requestDeploymentSync(deployment);
    return rs;
  }

  /** A new image rolled out (`kubectl set image`): a new ReplicaSet takes over by the rolling update. */
  private rollOut(
    deployment: string,
    image: string,
    failure: WorldReplicaSet["failure"],
    resources?: ContainerResources,
  ): CommandResult {
    const d = this.deployments.get(deployment);
    if (d === undefined) return { accepted: false, reason: `deployment "${deployment}" not found` };
    const current = this.newestReplicaSet(deployment);
    // The template changes in one field; the others stay as the newest ReplicaSet has them.
    const set = resources ?? current?.resources ?? null;
    const existing = [...this.replicaSets.values()].find(
      (rs) =>
        rs.deployment === deployment &&
        rs.image === image &&
        rs.failure === failure &&
        JSON.stringify(rs.resources) === JSON.stringify(set),
    );
    if (existing !== undefined && existing === current)
      return { accepted: false, reason: `deployment/${deployment} already runs that template (not changed)` };
    const revision = Math.max(0, ...this.replicaSetsOf(deployment).map((rs) => rs.revision)) + 1;
    // An older ReplicaSet with this very template takes over again with a new revision, as in Kubernetes.
    if (existing !== undefined) existing.revision = revision;
    const rs = existing ?? this.addReplicaSet(deployment, image, failure, revision, set);
    if (existing !== undefined) this.requestDeploymentSync(deployment);
    d.lastProgressMs = this.time;
    d.deadlineExceeded = false;
    this.trace("rollout", { deployment, replicaSet: rs.name, image, revision });
    this.record(
      "Normal",
      "ScalingReplicaSet",
      `deployment/${deployment}`,
      `Rolling out ${image} in ${rs.name}.`,
    );
    return { accepted: true };
  }

  /** `kubectl scale` (a player's, or a pipeline's in the scenario's script), within the cluster's limits. */
  private scale(deployment: string, replicas: number): CommandResult {
    const d = this.deployments.get(deployment);
    if (d === undefined) return notFound("deployment", deployment);
    const wanted = this.replicasWanted() - d.replicas + replicas;
    if (wanted > this.scenario.limits.pods) return this.overPodLimit(wanted);
    d.replicas = replicas;
    this.requestDeploymentSync(d.name);
    this.record("Normal", "ScalingReplicaSet", `deployment/${d.name}`, `Scaled to ${replicas} replicas.`);
    return accepted;
  }

  /**
   * `kubectl set resources deployment/NAME`: the first container's requests and limits, each given
   * one replacing the current template's, rolled out as a new template. The API server refuses a
   * request above its limit (pkg/apis/core/validation ValidateResourceRequirements).
   */
  private setResources(
    deployment: string,
    requests: { readonly milliCPU?: number; readonly memoryBytes?: number },
    limits: { readonly milliCPU?: number; readonly memoryBytes?: number },
  ): CommandResult {
    const current = this.newestReplicaSet(deployment);
    const container = this.scenario.cluster.deployments.find((d) => d.name === deployment)?.template
      .containers[0];
    if (current === undefined || container === undefined) return notFound("deployment", deployment);
    const was = current.resources ?? container;
    const next: ContainerResources = {
      requests: {
        milliCPU: requests.milliCPU ?? was.requests.milliCPU,
        memoryBytes: requests.memoryBytes ?? was.requests.memoryBytes,
      },
      limits: {
        milliCPU: limits.milliCPU ?? was.limits.milliCPU,
        memoryBytes: limits.memoryBytes ?? was.limits.memoryBytes,
      },
    };
    for (const [resource, request, limit] of [
      ["cpu", next.requests.milliCPU, next.limits.milliCPU],
      ["memory", next.requests.memoryBytes, next.limits.memoryBytes],
    ] as const) {
      if (limit !== null && request > limit)
        return {
          accepted: false,
          reason: `Deployment.apps "${deployment}" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: must be less than or equal to ${resource} limit`,
        };
    }
    return this.rollOut(deployment, current.image, current.failure, next);
  }

  private newestReplicaSet(deployment: string): WorldReplicaSet | undefined {
    let newest: WorldReplicaSet | undefined;
    for (const rs of this.replicaSets.values())
      if (rs.deployment === deployment && (newest === undefined || rs.revision > newest.revision))
        newest = rs;
    return newest;
  }

  private replicaSetsOf(deployment: string): WorldReplicaSet[] {
    return [...this.replicaSets.values()].filter((rs) => rs.deployment === deployment);
  }

  private rolloutView(rs: WorldReplicaSet): RolloutReplicaSet {
    const available = this.pods.countByIndex("readyByOwner", rs.name);
    return {
      name: rs.name,
      replicas: rs.replicas,
      available,
      revision: rs.revision,
      createdAtMs: rs.createdAtMs,
    };
  }

  private requestDeploymentSync(deployment: string): void {
    if (this.pendingDeploymentSyncs.has(deployment)) return;
    this.pendingDeploymentSyncs.add(deployment);
    this.queue.push(this.time, { kind: "deploymentSync", deployment });
  }

  /** Deployment controller: the rolling update between the newest ReplicaSet and the older ones. */
  private syncDeployment(name: string): void {
    const d = this.deployments.get(name);
    if (d === undefined) return;
    if (!this.writable() || !this.controllersRun()) {
      this.pendingDeploymentSyncs.add(name);
      this.queue.push(this.time + apiRetryMs, { kind: "deploymentSync", deployment: name });
      return;
    }
    const views = this.replicaSetsOf(name)
      .map((rs) => this.rolloutView(rs))
      .sort((a, b) => b.revision - a.revision);
    const [newest, ...olds] = views;
    if (newest === undefined) return;
    const spec = { replicas: d.replicas, maxSurge: d.maxSurge, maxUnavailable: d.maxUnavailable };
    const wanted: Record<string, number> = {
      ...oldReplicaSetsReplicas(spec, newest, olds),
      [newest.name]: newReplicaSetReplicas(spec, newest, olds),
    };
    // A scaling event in mid-rollout (sync.go scale): more than replicas + maxSurge in all, so the
    // ReplicaSets shrink in proportion to their size, what rounding leaves going to the newest.
    const allowed = d.replicas + resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).surge;
    const total = Object.values(wanted).reduce((sum, n) => sum + n, 0);
    if (total > allowed) {
      let left = allowed;
      for (const v of olds) {
        const share = Math.floor(((wanted[v.name] ?? 0) * allowed) / total);
        wanted[v.name] = share;
        left -= share;
      }
      wanted[newest.name] = Math.max(0, Math.min(wanted[newest.name] ?? 0, left));
    }
    for (const [rsName, replicas] of Object.entries(wanted)) {
      const rs = this.replicaSets.get(rsName);
      if (rs === undefined || rs.replicas === replicas) continue;
      rs.replicas = replicas;
      this.requestSync(rs.name);
    }
  }

  /** Progressing=False once a rollout has made no progress for progressDeadlineSeconds. */
  private checkProgressDeadlines(): void {
    for (const d of this.deployments.values()) {
      if (d.deadlineExceeded) continue;
      const views = this.replicaSetsOf(d.name).map((rs) => this.rolloutView(rs));
      const newest = views.reduce((a, b) => (b.revision > a.revision ? b : a));
      const complete = newest.available >= d.replicas && views.every((v) => v === newest || v.replicas === 0);
      if (progressDeadlineExceeded(d.lastProgressMs, this.time, complete)) {
        d.deadlineExceeded = true;
        this.trace("rollout.stalled", { deployment: d.name });
        this.record(
          "Warning",
          "ProgressDeadlineExceeded",
          `deployment/${d.name}`,
          `ReplicaSet ${newest.name} has timed out progressing: its pods never became available.`,
        );
      }
    }
  }

  // --- Workloads ----------------------------------------------------------------------------------

  /** A sync that could not write: tried again when the work queue retries it. */
  private retrySync(rs: string): void {
    this.pendingSyncs.add(rs);
    this.queue.push(this.time + apiRetryMs, { kind: "rsSync", rs });
  }

  private requestSync(rs: string): void {
    if (this.pendingSyncs.has(rs)) return;
    this.pendingSyncs.add(rs);
    this.queue.push(this.time, { kind: "rsSync", rs });
  }

  /** ReplicaSet controller: create or delete pods until the active ones match the replicas. */
  private syncReplicaSet(name: string): void {
    const rs = this.replicaSets.get(name);
    if (rs === undefined) return;
    if (!this.writable() || !this.controllersRun()) {
      this.retrySync(name);
      return;
    }
    // Creations already on their way count (the controller's expectations).
    const action = replicaSetAction(
      rs.replicas,
      this.pods.countByIndex("liveByOwner", name) + rs.expectedCreates,
    );
    if (action.kind === "create") {
      // Each creation is an API call through kube-controller-manager's rate-limited client.
      slowStartBatch(action.count, () => {
        rs.expectedCreates++;
        this.queue.push(this.reserveClientCall(), { kind: "podCreate", rs: rs.name });
        return true;
      });
      // At most burstReplicas per sync: once these creations are observed, the next sync makes more.
      if (action.count === burstReplicas) this.requestSync(rs.name);
      return;
    }
    if (action.kind === "delete") {
      const ranked = this.podsOf(name)
        .filter(isLive)
        .map((p) => rankedPod(p));
      for (const victim of podsToDelete(ranked, action.count, this.time)) {
        const pod = this.pods.get(victim.name);
        if (pod) this.deletePod(pod);
      }
    }
  }

  private podsOn(node: string): WorldPod[] {
    return this.pods.byIndex("node", node);
  }

  private unboundPods(): WorldPod[] {
    return this.pods.byIndex("node", "");
  }

  private podsOf(replicaSet: string): WorldPod[] {
    return this.pods.byIndex("owner", replicaSet);
  }

  /** When the controller-manager's client may make its next API call (--kube-api-qps / -burst). */
  private reserveClientCall(): number {
    const from = Math.max(this.time, this.controllerClient.lastRefillMs);
    const at = nextAcceptAtMs(this.controllerClient, from) ?? from;
    this.controllerClient = tryAccept(this.controllerClient, at).bucket;
    return at;
  }

  /** A creation call lands: the pod exists, unless the ReplicaSet no longer wants it. */
  private podCreateLands(name: string): void {
    const rs = this.replicaSets.get(name);
    if (rs === undefined) return;
    const pod = this.pods.countByIndex("liveByOwner", name) < rs.replicas ? this.newPod(rs) : undefined;
    if (pod === undefined) {
      rs.expectedCreates--;
      return;
    }
    this.call(
      {
        from: this.leaderMachine("kube-controller-manager"),
        user: controllerUser("replicaset-controller"),
        attrs: { verb: "create", resource: "pods", apiGroup: "", namespace: pod.namespace, name: pod.name },
        storage: { type: "put", key: podKeyInEtcd(pod.name), value: podValue("") },
        watchers: podWatchers,
        admitPod: admissionPod(pod),
      },
      { op: "podCreated", pod },
    );
  }

  /** The creation came back: the pod exists, or the controller records why not and syncs again. */
  private podCreated(pod: WorldPod, ok: boolean, reason: string): void {
    const rs = this.replicaSets.get(pod.owner);
    if (rs === undefined) return;
    rs.expectedCreates--;
    if (ok) {
      this.addPod(pod);
      return;
    }
    this.record("Warning", "FailedCreate", `replicaset/${rs.name}`, `Error creating: ${reason}`);
    this.retrySync(rs.name);
  }

  /** A pod of the ReplicaSet's template, as the controller asks for it. */
  private newPod(rs: WorldReplicaSet): WorldPod | undefined {
    const manifest = this.scenario.cluster.deployments.find((d) => d.name === rs.deployment);
    if (manifest === undefined) return undefined;
    const template = manifest.template;
    // generateName: the API server refuses a name already taken (AlreadyExists) and the
    // controller tries another, so a 5-character suffix never collides in the cluster.
    let name = `${rs.name}-${podSuffix(this.controllerRandom)}`;
    while (this.pods.has(name)) name = `${rs.name}-${podSuffix(this.controllerRandom)}`;
    return {
      name,
      namespace: "default",
      labels: { ...template.labels },
      owner: rs.name,
      deployment: rs.deployment,
      priority: this.priorityOf(template.priorityClassName),
      // Admission adds DefaultTolerationSeconds' tolerations.
      tolerations: template.tolerations,
      nodeSelector: template.nodeSelector,
      // The rollout's image replaces the first container's.
      containers: template.containers.map((c, i) =>
        i !== 0
          ? c
          : {
              ...c,
              image: rs.image,
              ...(rs.resources === null
                ? {}
                : { requests: rs.resources.requests, limits: rs.resources.limits }),
            },
      ),
      createdAtMs: this.time,
      nodeName: "",
      phase: "Pending",
      ready: false,
      readySinceMs: null,
      restartCount: 0,
      memoryUsageBytes: manifest.behaviour.memoryUsageBytes,
      reason: "",
      backOff: noBackOff,
      podIP: "",
      lastTermination: "",
      deleting: false,
    };
  }

  /** A new pod is in the API: the ReplicaSet's progress, the event, and the scheduler's queue. */
  private addPod(pod: WorldPod): void {
    const rs = this.replicaSets.get(pod.owner);
    if (rs === undefined) return;
    this.pods.create(pod, this.time);
    const d = this.deployments.get(rs.deployment);
    if (d !== undefined && this.replicaSetsOf(d.name).every((other) => other.revision <= rs.revision)) {
      d.lastProgressMs = this.time;
    }
    this.trace("pod.created", { pod: pod.name, owner: rs.name });
    this.record("Normal", "SuccessfulCreate", `replicaset/${rs.name}`, `Created pod: ${pod.name}`);
    if (!this.takenOver(pod)) this.scheduler.addPod(this.schedulerPod(pod), this.time);
    this.wakeScheduler();
  }

  private priorityOf(className: string | null): number {
    const classes = this.scenario.cluster.priorityClasses;
    if (className !== null) return classes.find((c) => c.name === className)?.value ?? 0;
    return classes.find((c) => c.globalDefault)?.value ?? 0;
  }

  /** A pod is deleted: it terminates on its node (the kubelet confirms after the grace period). */
  private deletePod(pod: WorldPod, gracePeriodMs: number | null = null): void {
    this.setPodReady(pod, false);
    pod.deleting = true;
    this.pods.update(pod.name, this.time);
    this.trace("pod.deleting", { pod: pod.name });
    this.endpoints.podChanged(pod);
    this.requestSync(pod.owner);
    this.requestDeploymentSync(pod.deployment);
    const node = pod.nodeName === "" ? undefined : this.nodes.get(pod.nodeName);
    if (node === undefined) {
      // No kubelet to wait for: the API server deletes an unscheduled pod at once.
      this.finalDelete(pod.name);
      return;
    }
    // On a dead node nobody confirms the termination: the pod stays Terminating until it returns.
    if (node.up) {
      const grace =
        gracePeriodMs ?? this.templateOf(pod)?.terminationGracePeriodMs ?? defaultTerminationGraceMs;
      this.queue.push(this.time + grace, { kind: "podGone", pod: pod.name });
    }
  }

  private removePod(name: string): void {
    const pod = this.pods.get(name);
    if (pod === undefined) return;
    this.pods.delete(name, this.time);
    releaseQuota(this.api, admissionPod(pod));
    this.endpoints.podChanged(pod);
    this.scheduler.deletePod(podKey(pod.name), this.time);
    this.trace("pod.deleted", { pod: pod.name });
    this.wakeScheduler();
  }

  private templateOf(pod: WorldPod) {
    return this.scenario.cluster.deployments.find((d) => d.name === pod.deployment)?.template;
  }

  // --- Scheduling and the kubelet ---------------------------------------------------------------

  private wakeScheduler(at = this.time): void {
    if (this.schedulerRunAt !== null && this.schedulerRunAt <= at) return;
    this.schedulerRunAt = at;
    this.queue.push(at, { kind: "schedulerRuns" });
  }

  private runScheduler(): void {
    if (this.schedulerRunAt !== this.time) return;
    this.schedulerRunAt = null;
    if (!this.warming && this.leaderOf("kube-scheduler") === undefined) {
      // No kube-scheduler leads: pods stay Pending until a standby takes the Lease.
      this.wakeScheduler(this.time + schedulerFlushMs);
      return;
    }
    for (
      let r = this.scheduler.scheduleOne(this.time);
      r !== null;
      r = this.scheduler.scheduleOne(this.time)
    ) {
      const pod = this.pods.get(r.podInfo.pod.name);
      if (pod === undefined || pod.deleting) continue;
      const node = r.explanation.node === null ? undefined : this.nodes.get(r.explanation.node);
      if (node === undefined) {
        this.record("Warning", "FailedScheduling", `pod/${pod.name}`, r.explanation.summary);
        this.trace("pod.unschedulable", { pod: pod.name, summary: r.explanation.summary });
        continue;
      }
      if (this.warming) {
        this.bindPod(pod, node);
        continue;
      }
      // Assumed in the scheduler's cache; bound once the Binding commits (the binding cycle).
      this.assumed.set(pod.name, node.name);
      this.call(
        {
          from: this.leaderMachine("kube-scheduler"),
          user: schedulerUser,
          attrs: {
            verb: "create",
            resource: "pods",
            subresource: "binding",
            apiGroup: "",
            namespace: pod.namespace,
            name: pod.name,
          },
          storage: { type: "put", key: podKeyInEtcd(pod.name), value: podValue(node.name) },
          watchers: podWatchers,
        },
        { op: "bound", pod: pod.name, node: node.name },
      );
    }
    if (this.scheduler.queue.pendingPods().length > 0) {
      this.wakeScheduler((Math.floor(this.time / schedulerFlushMs) + 1) * schedulerFlushMs);
    }
  }

  private bindPod(pod: WorldPod, node: WorldNode): void {
    pod.nodeName = node.name;
    this.pods.update(pod.name, this.time);
    this.trace("pod.scheduled", { pod: pod.name, node: node.name });
    this.record(
      "Normal",
      "Scheduled",
      `pod/${pod.name}`,
      `Successfully assigned default/${pod.name} to ${node.name}`,
    );
    // The sandbox gives it its IP: from then on the Endpoints controller lists it.
    this.startPod(pod, node);
    this.endpoints.podChanged(pod);
  }

  /** The Binding came back: the pod is bound, or kube-scheduler forgets it and tries again later. */
  private bound(name: string, nodeName: string, ok: boolean, reason: string): void {
    this.assumed.delete(name);
    const pod = this.pods.get(name);
    // A pod deleted meanwhile has already left the scheduler's cache; one a restored etcd bound
    // meanwhile is where etcd has it.
    if (pod === undefined || pod.deleting || pod.nodeName !== "") return;
    const node = this.nodes.get(nodeName);
    if (ok && node !== undefined) {
      this.bindPod(pod, node);
      return;
    }
    this.scheduler.bindingFailed(podKey(name), this.time);
    const why = `running Bind plugin "DefaultBinder": ${ok ? `node "${nodeName}" not found` : reason}`;
    this.record("Warning", "FailedScheduling", `pod/${name}`, why);
    this.trace("pod.bindFailed", { pod: name, node: nodeName, reason: why });
    this.wakeScheduler();
  }

  /** kubelet: sandbox, image pulls (the node's cache and single pull slot), containers. */
  private startPod(pod: WorldPod, node: WorldNode): void {
    if (!node.up) return;
    // The sandbox first (RunPodSandbox): the pause container holds the pod's network namespace and IP.
    if (pod.podIP === "") pod.podIP = sandboxIp(node.podCIDR, node.podIPsHandedOut++);
    if (this.warming) {
      // The cluster as the round finds it: images pulled, containers running, pods ready.
      node.images = [...new Set([...node.images, ...pod.containers.map((c) => c.image)])].sort();
      this.setPhase(pod, "Running");
      this.setPodReady(pod, true);
      return;
    }
    const plan = planPodStart(
      {
        cachedImages: new Set(node.images),
        pullBytesPerMs,
        pullSlotFreeAtMs: node.pullSlotFreeAtMs,
        serializeImagePulls: defaultSerializeImagePulls,
      },
      pod.containers.map((c) => ({ image: c.image, sizeBytes: c.imageSizeBytes })),
      this.time,
    );
    node.images = [...plan.puller.cachedImages].sort();
    node.pullSlotFreeAtMs = plan.puller.pullSlotFreeAtMs;
    const boot = this.boots.get(node.name) ?? 0;
    this.queue.push(plan.runningAtMs, { kind: "podRunning", pod: pod.name, node: node.name, boot });
  }

  private podRunning(name: string, nodeName: string, boot: number): void {
    const pod = this.pods.get(name);
    if (pod === undefined || !isLive(pod) || pod.nodeName !== nodeName || this.boots.get(nodeName) !== boot)
      return;
    this.setPhase(pod, "Running");
    // A container starts with its app's memory again.
    const baseline = this.behaviourOf(pod.deployment)?.memoryUsageBytes;
    if (baseline !== undefined) pod.memoryUsageBytes = baseline;
    const leak = this.oomBombs.get(pod.deployment) ?? this.oomBombs.get(pod.name);
    if (leak !== undefined && this.growMemory(pod, leak, nodeName, boot)) return;
    const failure = this.replicaSets.get(pod.owner)?.failure ?? null;
    const container = pod.containers[0];
    if (failure === "crashLoop") {
      this.queue.push(this.time + crashAfterMs, { kind: "containerExit", pod: name, node: nodeName, boot });
      return;
    }
    if (failure === "livenessFails") {
      // The liveness probe fails from its first try; the kubelet kills the container after failureThreshold failures.
      const probe = container?.livenessProbe ?? null;
      const first = this.time + (probe?.initialDelayMs ?? 0);
      const period = probe?.periodMs ?? defaultProbePeriodMs;
      const threshold = probe?.failureThreshold ?? defaultProbeFailureThreshold;
      this.queue.push(first + (threshold - 1) * period, {
        kind: "containerExit",
        pod: name,
        node: nodeName,
        boot,
      });
    }
    // readinessFails: the readiness probe never passes, so the pod never becomes ready.
    if (failure === "readinessFails") return;
    // Readiness: the app is up after its start-up time; the readiness probe notices at its next period.
    const behaviour = this.scenario.cluster.deployments.find((d) => d.name === pod.deployment)?.behaviour;
    const startup = behaviour?.startupMs ?? 0;
    const probe = container?.readinessProbe ?? null;
    let readyAt = this.time + startup;
    if (probe !== null) {
      const first = this.time + probe.initialDelayMs;
      readyAt =
        first + Math.max(0, Math.ceil((this.time + startup - first) / probe.periodMs)) * probe.periodMs;
    }
    this.queue.push(readyAt, { kind: "podReady", pod: name, node: nodeName, boot });
  }

  /** The container exited: not ready, and the kubelet restarts it after its CrashLoopBackOff delay. */
  private containerExit(name: string, nodeName: string, boot: number, reason = "Error"): void {
    const pod = this.pods.get(name);
    if (pod === undefined || !isLive(pod) || pod.nodeName !== nodeName || this.boots.get(nodeName) !== boot)
      return;
    this.setPodReady(pod, false);
    pod.lastTermination = reason;
    // The process is gone: its memory with it, until the restart.
    pod.memoryUsageBytes = 0;
    const decision = restartAfterExit(pod.backOff, this.time);
    pod.backOff = decision.next;
    pod.restartCount = decision.next.restartCount;
    this.trace("container.restart", {
      pod: pod.name,
      reason,
      backOffMs: decision.backOffMs,
      restartCount: pod.restartCount,
    });
    this.record(
      "Warning",
      "BackOff",
      `pod/${pod.name}`,
      `Back-off restarting failed container (${reason}): the next start is in ${decision.backOffMs / 1000} s (CrashLoopBackOff).`,
    );
    this.queue.push(decision.restartAtMs, { kind: "podRunning", pod: name, node: nodeName, boot });
  }

  private podReady(name: string, nodeName: string, boot: number): void {
    const pod = this.pods.get(name);
    if (pod === undefined || !isLive(pod) || pod.nodeName !== nodeName || this.boots.get(nodeName) !== boot)
      return;
    const node = this.nodes.get(nodeName);
    if (node === undefined || !node.up || node.ready !== "True") return;
    this.setPodReady(pod, true);
    const d = this.deployments.get(pod.deployment);
    if (d !== undefined) d.lastProgressMs = this.time;
  }

  /** The pod's Ready condition changed: Endpoints and the Deployment's availability follow. */
  private setPodReady(pod: WorldPod, ready: boolean): void {
    if (pod.ready === ready) return;
    pod.ready = ready;
    this.pods.update(pod.name, this.time);
    pod.readySinceMs = ready ? this.time : null;
    this.trace("pod.ready", { pod: pod.name, ready });
    this.endpoints.podChanged(pod);
    this.requestDeploymentSync(pod.deployment);
  }

  /** A node back from a crash: the kubelet finishes pending terminations and restarts its pods. */
  private restartPodsOn(node: WorldNode): void {
    for (const pod of this.podsOn(node.name)) {
      if (pod.deleting) {
        this.removePod(pod.name);
        continue;
      }
      if (!isLive(pod)) continue;
      // The reboot took the pause container with it: a new sandbox, so a new IP.
      pod.restartCount++;
      pod.podIP = "";
      this.record("Normal", sandboxChangedReason, `pod/${pod.name}`, sandboxChangedMessage);
      this.startPod(pod, node);
    }
  }

  private setPhase(pod: WorldPod, phase: PodPhase): void {
    if (pod.phase === phase) return;
    pod.phase = phase;
    this.pods.update(pod.name, this.time);
    this.trace("pod.phase", { pod: pod.name, phase });
  }

  private nodeChanged(node: WorldNode): void {
    this.scheduler.updateNode(this.schedulerNode(node), this.time);
    this.wakeScheduler();
  }

  private schedulerNode(node: WorldNode): SchedulerNode {
    return {
      name: node.name,
      labels: { ...node.labels },
      allocatable: {
        milliCPU: node.allocatable.milliCPU,
        memory: node.allocatable.memoryBytes,
        ephemeralStorage: 0,
        pods: node.allocatable.pods,
        scalar: {},
      },
      taints: node.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      unschedulable: node.unschedulable,
      images: node.images.map((name) => ({ names: [name], sizeBytes: 0 })),
    };
  }

  private schedulerPod(pod: WorldPod): SchedulerPod {
    return {
      name: pod.name,
      namespace: pod.namespace,
      labels: { ...pod.labels },
      nodeName: pod.nodeName === "" ? (this.assumed.get(pod.name) ?? "") : pod.nodeName,
      priority: pod.priority,
      preemptionPolicy: "PreemptLowerPriority",
      nodeSelector: { ...pod.nodeSelector },
      affinity: {},
      tolerations: pod.tolerations.map(schedulerToleration),
      topologySpreadConstraints: [],
      containers: pod.containers.map((c) => ({
        name: c.name,
        image: c.image,
        requests: {
          milliCPU: c.requests.milliCPU,
          memory: c.requests.memoryBytes,
          ephemeralStorage: 0,
          pods: 0,
          scalar: {},
        },
        limits: c.limits,
        requestedResources: ["cpu", "memory"],
        ports: [],
      })),
      initContainers: [],
      creationIndex: pod.createdAtMs,
      startTime: "",
    };
  }

  // --- Events and the trace -------------------------------------------------------------------------

  private record(type: WorldEvent["type"], reason: string, object: string, message: string): void {
    if (this.warming) return;
    this.events.push({ timeMs: this.time, type, reason, object, message });
    this.eventsRecorded++;
    if (this.events.length > eventWindow) this.events.splice(0, this.events.length - eventWindow);
  }

  /** Records with a typed shape (read by the score and the runner) must be written with it. */
  private trace<K extends string>(kind: K, fields: TraceFields<K>): void {
    if (this.traceSink === undefined) return;
    const record: WorldTraceRecord = { t: this.time, kind, ...fields };
    this.traceSink(record);
  }
}

/** The pod as the admission plugins see it (a request of 0 or a null limit is one not written). */
function admissionPod(pod: WorldPod): AdmissionPod {
  const some = (v: number | null) => (v === null || v === 0 ? undefined : v);
  return {
    name: pod.name,
    namespace: pod.namespace,
    containers: pod.containers.map((c) => ({
      name: c.name,
      requests: compact({ milliCPU: some(c.requests.milliCPU), memoryBytes: some(c.requests.memoryBytes) }),
      limits: compact({ milliCPU: some(c.limits.milliCPU), memoryBytes: some(c.limits.memoryBytes) }),
    })),
    tolerations: pod.tolerations.map((t) =>
      compact({
        key: t.key ?? undefined,
        operator: t.operator,
        value: t.value === "" ? undefined : t.value,
        effect: t.effect ?? undefined,
        tolerationSeconds: t.tolerationSeconds ?? undefined,
      }),
    ),
  };
}

/** The pod with what admission set: defaulted requests and limits, added tolerations. */
function withAdmitted(pod: WorldPod, admitted: AdmissionPod): WorldPod {
  return {
    ...pod,
    containers: pod.containers.map((c, i) => {
      const a = admitted.containers[i];
      if (a === undefined) return c;
      return {
        ...c,
        requests: { milliCPU: a.requests.milliCPU ?? 0, memoryBytes: a.requests.memoryBytes ?? 0 },
        limits: { milliCPU: a.limits.milliCPU ?? null, memoryBytes: a.limits.memoryBytes ?? null },
      };
    }),
    tolerations: admitted.tolerations.map((t) => ({
      key: t.key ?? null,
      operator: t.operator ?? "Equal",
      value: t.value ?? "",
      effect: t.effect ?? null,
      tolerationSeconds: t.tolerationSeconds ?? null,
    })),
  };
}

/** The object without its undefined fields (exactOptionalPropertyTypes). */
function compact<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** The pod's CPU limit, millicores; null when a container has none. */
function cpuLimit(pod: WorldPod): number | null {
  return pod.containers.reduce<number | null>((sum, c) => {
    const l = c.limits.milliCPU;
    return sum === null || l === null ? null : sum + l;
  }, 0);
}

function cpuRequest(pod: WorldPod): number {
  return pod.containers.reduce((sum, c) => sum + c.requests.milliCPU, 0);
}

/** Rounded for the trace (to `digits` decimals), so a trace line stays short. */
function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Neither being deleted nor finished (Succeeded or Failed, e.g. evicted). */
function isLive(pod: WorldPod): boolean {
  return !pod.deleting && pod.phase !== "Failed" && pod.phase !== "Succeeded";
}

type PodIndex = "node" | "owner" | "liveByOwner" | "readyByOwner";

/** The World's pod indexers: rebuilt from the pods on restore, never saved. */
const podIndexers: Readonly<Record<PodIndex, IndexFunc<WorldPod>>> = {
  node: (pod) => pod.nodeName,
  owner: (pod) => pod.owner,
  liveByOwner: (pod) => (isLive(pod) ? pod.owner : null),
  readyByOwner: (pod) => (pod.ready ? pod.owner : null),
};

function podKey(name: string): string {
  return `default/${name}`;
}

/** The random suffix a ReplicaSet's pods get (utilrand.String: 5 of kube's consonants and digits). */
function podSuffix(random: Random, length = 5): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let s = "";
  for (let i = 0; i < length; i++) s += alphabet[random.int(alphabet.length)];
  return s;
}

/** A stable stand-in for the pod-template-hash label: 10 characters of kube's safe alphabet. */
function templateHash(deployment: string): string {
  return podSuffix(createRandom(fnv1a(deployment), "pod-template-hash"), 10);
}

/** A Map as a snapshot holds it: its entries in their order, which a restored Map keeps. */
function entries<V>(map: ReadonlyMap<string, V>): Entries<V> {
  return [...map];
}

/** A Map filled back from a snapshot's entries. */
function fill<V>(map: Map<string, V>, saved: Entries<V>): void {
  for (const [key, value] of saved) map.set(key, value);
}

type MapValue<M> = M extends ReadonlyMap<string, infer V> ? V : never;

/** A node holds one taint per key and effect. */
function sameTaint(a: { readonly key: string; readonly effect: string }, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

function evictionTolerations(pod: WorldPod): TaintToleration[] {
  return pod.tolerations
    .filter((t) => t.effect === "NoExecute" || t.effect === null)
    .map((t) => ({ key: t.key ?? "", effect: "NoExecute", tolerationSeconds: t.tolerationSeconds }));
}

function schedulerToleration(t: WorldPod["tolerations"][number]): SchedulerToleration {
  return {
    key: t.key ?? "",
    operator: t.operator,
    value: t.value,
    effect: t.effect ?? "",
    ...(t.tolerationSeconds === null ? {} : { tolerationSeconds: t.tolerationSeconds }),
  };
}

function intOrPercent(v: ScenarioIntOrPercent): IntOrPercent {
  return "count" in v
    ? { kind: "int", value: v.count }
    : { kind: "percent", value: Math.round(v.fraction * 100) };
}

function rankedPod(p: WorldPod): RankedPod {
  return {
    name: p.name,
    nodeName: p.nodeName,
    phase: p.phase,
    ready: p.ready,
    readySinceMs: p.readySinceMs,
    restartCount: p.restartCount,
    createdAtMs: p.createdAtMs,
  };
}
