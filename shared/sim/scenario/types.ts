import type { LimitRangeItem, QuotaAmounts } from "../apiserver/admission.ts";
import type { KubeProxyMode } from "../network/kubeProxy.ts";
import type { ControlPlaneComponent, Fault, FaultKind, Taint } from "./faults.ts";

export type { KubeProxyMode };

/**
 * A scenario as the engine receives it from `loadScenario`: checked, cross-referenced and
 * normalized — times in whole ms, CPU in millicores, sizes in bytes, percentages as fractions,
 * `count:` shorthands expanded into one object each.
 */
export interface Scenario {
  readonly id: string;
  readonly version: number;
  readonly title: Localized;
  readonly inspiration: Inspiration;
  /** Symptoms the players see at the start, never the cause. */
  readonly briefing: Localized;
  readonly timeLimitMs: number;
  /** Simulated ms per real ms; the facilitator may change it during a round. */
  readonly gameSpeed: number;
  readonly seed: number;
  /**
   * A tutorial teaches by watching: doing nothing may win it, it says so on screen, and its board
   * ranks rounds without actions too.
   */
  readonly tutorial: boolean;
  readonly etcd: EtcdSettings;
  readonly apiServer: ApiServerSettings;
  readonly kubeProxy: KubeProxySettings;
  readonly nodeProvisioner: NodeProvisionerSettings;
  readonly limits: ClusterLimits;
  readonly cluster: ClusterManifests;
  readonly traffic: readonly TrafficCurve[];
  readonly faults: readonly FaultStep[];
  readonly chaos: ChaosDeck;
  readonly objective: Objective;
}

export interface Localized {
  readonly en: string;
  readonly ko: string;
}

export interface Inspiration {
  /** The public incident or write-up the scenario is inspired by, in general terms. */
  readonly incident: string;
  /** What the scenario invents: shown beside the incident so no invented detail passes as history. */
  readonly invented: string;
}

export interface EtcdMember {
  readonly name: string;
  readonly zone: string | null;
}

export interface EtcdSettings {
  readonly members: readonly EtcdMember[];
  readonly heartbeatIntervalMs: number;
  readonly electionTimeoutMs: number;
  /** Time one WAL fsync takes on a healthy disk. */
  readonly fsyncLatencyMs: number;
  readonly quotaBackendBytes: number;
  /**
   * etcd-io/raft Config.ReadOnlyOption when it is not etcd's own ReadOnlySafe: `leaseBased` answers
   * linearizable reads from the leader's lease, without a round of heartbeats (a scenario's what-if).
   */
  readonly readOnlyOption?: "leaseBased";
}

export interface ApiServerSettings {
  readonly replicas: number;
  /** Names of the API server machines, `apiserver-1` … — partitions may name them. */
  readonly machines: readonly string[];
  readonly maxRequestsInflight: number;
  readonly maxMutatingRequestsInflight: number;
  readonly priorityAndFairness: boolean;
  /** CPU cores of each control-plane machine for kube-apiserver. */
  readonly cores: number;
  /** Control-plane processes that are not running when the round starts. */
  readonly stopped: readonly { readonly component: ControlPlaneComponent; readonly machine: string }[];
}

export interface KubeProxySettings {
  readonly mode: KubeProxyMode;
}

export interface NodeProvisionerSettings {
  readonly enabled: boolean;
  /** New nodes copy this node's shape and labels; null when the provisioner is off. */
  readonly template: string | null;
  /**
   * The node groups' zones, one group per zone: new nodes are balanced between them (as
   * cluster-autoscaler's --balance-similar-node-groups does). Empty: one group, in the template's zone.
   */
  readonly zones: readonly string[];
  readonly maxNodes: number;
  readonly bootMs: number;
}

/** The most the cluster may grow to; commands asking for more are refused. */
export interface ClusterLimits {
  /** Nodes, running and booting (the cloud account's quota for this cluster). */
  readonly nodes: number;
  /** Pods the deployments may ask for in all (the nodes' pod capacity). */
  readonly pods: number;
}

export interface ClusterManifests {
  readonly nodes: readonly NodeManifest[];
  readonly deployments: readonly DeploymentManifest[];
  readonly services: readonly ServiceManifest[];
  readonly horizontalPodAutoscalers: readonly HpaManifest[];
  readonly priorityClasses: readonly PriorityClassManifest[];
  /** LimitRange items (type Container) of the default namespace, for the LimitRanger admission plugin. */
  readonly limitRanges: readonly LimitRangeItem[];
  readonly resourceQuotas: readonly ResourceQuotaManifest[];
  readonly podDisruptionBudgets: readonly PodDisruptionBudgetManifest[];
}

/** A PodDisruptionBudget (policy/v1): what voluntary evictions of the selected pods must leave healthy. */
export interface PodDisruptionBudgetManifest {
  readonly name: string;
  readonly selector: Labels;
  /** Exactly one of the two is set. */
  readonly minAvailable: IntOrPercent | null;
  readonly maxUnavailable: IntOrPercent | null;
  /** Whether a running pod that is not ready may be evicted while the budget is short (policy/v1). */
  readonly unhealthyPodEvictionPolicy: "IfHealthyBudget" | "AlwaysAllow";
}

export type Labels = Readonly<Record<string, string>>;

export interface NodeResources {
  readonly milliCPU: number;
  readonly memoryBytes: number;
  readonly pods: number;
  readonly ephemeralStorageBytes: number;
}

export interface NodeManifest {
  readonly name: string;
  readonly labels: Labels;
  /** From the `topology.kubernetes.io/zone` label; null when the node has none. */
  readonly zone: string | null;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly capacity: NodeResources;
  readonly allocatable: NodeResources;
  /** Images already in the node's cache (`status.images`). */
  readonly images: readonly string[];
}

export type IntOrPercent = { readonly count: number } | { readonly fraction: number };

export interface Toleration {
  readonly key: string | null;
  readonly operator: "Equal" | "Exists";
  readonly value: string;
  readonly effect: Taint["effect"] | null;
  readonly tolerationSeconds: number | null;
}

export type ProbeHandler =
  | { readonly httpGet: { readonly path: string; readonly port: number } }
  | { readonly tcpSocket: { readonly port: number } }
  | { readonly exec: { readonly command: readonly string[] } };

export interface Probe {
  readonly handler: ProbeHandler;
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

export interface Container {
  readonly name: string;
  readonly image: string;
  readonly imageSizeBytes: number;
  readonly requests: { readonly milliCPU: number; readonly memoryBytes: number };
  readonly limits: { readonly milliCPU: number | null; readonly memoryBytes: number | null };
  readonly livenessProbe: Probe | null;
  readonly readinessProbe: Probe | null;
  readonly startupProbe: Probe | null;
}

export interface PodTemplate {
  readonly labels: Labels;
  readonly priorityClassName: string | null;
  readonly nodeSelector: Labels;
  readonly tolerations: readonly Toleration[];
  readonly terminationGracePeriodMs: number;
  readonly containers: readonly Container[];
}

/** How a deployment's pods behave under load: not part of Kubernetes, the game's model of the app. */
export interface WorkloadBehaviour {
  readonly requestsPerCore: number;
  readonly baseLatencyMs: number;
  readonly memoryUsageBytes: number;
  /** Memory each container adds every minute it runs (0: steady). */
  readonly memoryGrowthBytesPerMinute: number;
  readonly startupMs: number;
}

export interface DeploymentManifest {
  readonly name: string;
  readonly labels: Labels;
  readonly replicas: number;
  readonly selector: Labels;
  readonly maxSurge: IntOrPercent;
  readonly maxUnavailable: IntOrPercent;
  readonly template: PodTemplate;
  readonly behaviour: WorkloadBehaviour;
}

export interface ServiceManifest {
  readonly name: string;
  readonly selector: Labels;
  readonly ports: readonly { readonly port: number; readonly targetPort: number }[];
}

export interface HpaManifest {
  readonly name: string;
  readonly deployment: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCPUUtilization: number;
}

/** A ResourceQuota's hard limits (its usage is the API server's to keep). */
export interface ResourceQuotaManifest {
  readonly name: string;
  readonly hard: QuotaAmounts;
}

export interface PriorityClassManifest {
  readonly name: string;
  readonly value: number;
  readonly globalDefault: boolean;
  readonly preemptionPolicy: "PreemptLowerPriority" | "Never";
}

export interface TrafficPoint {
  readonly atMs: number;
  readonly requestsPerSecond: number;
}

/** Demand on one service: linear between points, flat after the last. */
export interface TrafficCurve {
  readonly service: string;
  /** The shape the facilitator wrote, for the UI: `steady`, `launch` or `points`. */
  readonly shape: "steady" | "launch" | "points";
  readonly points: readonly TrafficPoint[];
}

export interface FaultStep {
  readonly atMs: number;
  /** For timed faults: reverted after this long; null = until healed. */
  readonly durationMs: number | null;
  readonly note: string | null;
  readonly fault: Fault;
}

export interface ChaosCard {
  readonly id: string;
  readonly fault: FaultKind;
  readonly cost: number;
  readonly cooldownMs: number;
}

export interface ChaosDeck {
  readonly energy: { readonly start: number; readonly max: number; readonly perMinute: number };
  readonly cards: readonly ChaosCard[];
}

export type ObjectiveCheck =
  | {
      readonly kind: "availability";
      readonly service: string;
      readonly atLeast: number;
      readonly forMs: number;
    }
  | {
      readonly kind: "p99Latency";
      readonly service: string;
      readonly atMostMs: number;
      readonly forMs: number;
    }
  | { readonly kind: "podsPending"; readonly atMost: number; readonly forMs: number }
  | { readonly kind: "etcdLeader"; readonly present: boolean; readonly forMs: number }
  | { readonly kind: "nodesReady"; readonly atLeast: number; readonly forMs: number }
  | {
      readonly kind: "readyReplicas";
      readonly deployment: string;
      readonly atLeast: number;
      readonly forMs: number;
    };

/**
 * What a round asks of the team:
 * - recover: the incident breaks the objective; the team wins by restoring it (resolved), timed
 *   from the first fault that struck (scripted or played) to the moment every check holds again;
 * - survive: the team wins by keeping the objective through the incident: the round ends at its
 *   time limit (survived, scored by the error budget kept) or when the budget runs out (failed);
 * - versus: defenders against a chaos agent (a person, or the script standing in): like survive,
 *   with the chaos agent scored on the budget it burned.
 */
export type ObjectiveKind = "recover" | "survive" | "versus";
export const objectiveKinds = ["recover", "survive", "versus"] as const satisfies readonly ObjectiveKind[];

export interface Objective {
  readonly kind: ObjectiveKind;
  /**
   * When the scenario's own load starts the incident without a fault (a launch's traffic); null:
   * the incident starts with the first fault that strikes, scripted or played.
   */
  readonly incidentStartMs: number | null;
  /**
   * The SLO window the error budget is measured over, from the incident's start: the budget is
   * the failures each availability target allows of the requests the traffic asks over it.
   */
  readonly errorBudgetWindowMs: number;
  /** All checks must hold at once. */
  readonly checks: readonly ObjectiveCheck[];
}
