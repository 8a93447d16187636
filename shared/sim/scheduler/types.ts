/**
 * The scheduler's object model: the parts of Kubernetes Nodes and Pods that kube-scheduler
 * reads, with Kubernetes' own field names (k8s.io/api/core/v1), so a Node or Pod object
 * converts field for field. Quantities are already numbers: CPU in millicores, memory and
 * storage in bytes, extended ("scalar") resources in their own units.
 *
 * The shapes match shared/sim/scheduler/k8s/manifests.ts, which loads them from YAML/JSON.
 */

import type { ContainerLimits } from "../kubelet/qos.ts";

/** Resource amounts as kube-scheduler counts them (framework.Resource). */
export interface ResourceList {
  milliCPU: number;
  /** Bytes. */
  memory: number;
  /** Bytes. */
  ephemeralStorage: number;
  /** Pod slots (only meaningful in a node's allocatable). */
  pods: number;
  /** Extended resources such as nvidia.com/gpu, hugepages-2Mi, by resource name. */
  scalar: Record<string, number>;
}

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  key: string;
  value: string;
  effect: TaintEffect;
}

export interface Toleration {
  /** Empty with operator Exists tolerates every taint. */
  key: string;
  operator: "Equal" | "Exists";
  value: string;
  /** Empty matches every effect. */
  effect: TaintEffect | "";
  tolerationSeconds?: number;
}

export type SelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

/** metav1.LabelSelector: matchLabels and matchExpressions, ANDed. */
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: SelectorRequirement[];
}

/** v1.NodeSelectorTerm: its requirements are ANDed; the terms of a NodeSelector are ORed. */
export interface NodeSelectorTerm {
  matchExpressions: SelectorRequirement[];
  /** Only the field metadata.name is supported, as in Kubernetes. */
  matchFields: SelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface PodAffinityTerm {
  /** Absent selects no pods (metav1.LabelSelectorAsSelector(nil) is labels.Nothing()). */
  labelSelector?: LabelSelector;
  /** Empty (and no namespaceSelector) means the pod's own namespace. */
  namespaces: string[];
  /** An empty selector selects every namespace. Namespaces have no labels in the simulation. */
  namespaceSelector?: LabelSelector;
  topologyKey: string;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface Affinity {
  nodeAffinity?: {
    /** requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms. */
    required?: NodeSelectorTerm[];
    /** preferredDuringSchedulingIgnoredDuringExecution. */
    preferred: PreferredSchedulingTerm[];
  };
  podAffinity?: {
    required: PodAffinityTerm[];
    preferred: WeightedPodAffinityTerm[];
  };
  podAntiAffinity?: {
    required: PodAffinityTerm[];
    preferred: WeightedPodAffinityTerm[];
  };
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy: "Honor" | "Ignore";
  nodeTaintsPolicy: "Honor" | "Ignore";
  /** Label keys whose values (from the incoming pod) are ANDed into the selector. */
  matchLabelKeys: string[];
}

export interface ContainerPort {
  containerPort: number;
  /** 0 = no host port; only host ports conflict (NodePorts). */
  hostPort: number;
  protocol: "TCP" | "UDP" | "SCTP";
  /** Empty means 0.0.0.0. */
  hostIP: string;
}

export interface Container {
  name: string;
  image: string;
  /** Requests after defaulting from limits. */
  requests: ResourceList;
  /**
   * Limits of CPU and memory, as the kubelet enforces them. No filter or score reads them:
   * NodeResourcesFit adds up requests only (pkg/scheduler/framework/plugins/noderesources/fit.go
   * computePodResourceRequest → resourcehelper.PodRequests, kubernetes v1.32).
   */
  limits: ContainerLimits;
  /**
   * Resource names the container states a request for ("cpu", "memory", …). Scoring
   * substitutes kube-scheduler's non-zero defaults only for an absent cpu/memory request,
   * not for an explicit 0 (GetNonzeroRequestForResource).
   */
  requestedResources: string[];
  ports: ContainerPort[];
}

export interface ContainerImage {
  names: string[];
  sizeBytes: number;
}

export interface Node {
  name: string;
  labels: Record<string, string>;
  allocatable: ResourceList;
  taints: Taint[];
  /** spec.unschedulable: the node is cordoned. */
  unschedulable: boolean;
  /** status.images: images already present on the node. */
  images: ContainerImage[];
}

export interface Pod {
  name: string;
  namespace: string;
  /** Defaults to namespace/name when absent. */
  uid?: string;
  labels: Record<string, string>;
  /** spec.nodeName: set once bound; "" while pending. */
  nodeName: string;
  /** status.nominatedNodeName: set by preemption; "" or absent otherwise. */
  nominatedNodeName?: string;
  /** Resolved spec.priority (from the PriorityClass). */
  priority: number;
  preemptionPolicy: "PreemptLowerPriority" | "Never";
  nodeSelector: Record<string, string>;
  affinity: Affinity;
  tolerations: Toleration[];
  topologySpreadConstraints: TopologySpreadConstraint[];
  containers: Container[];
  initContainers: Container[];
  /** Stands in for metadata.creationTimestamp: smaller is older. */
  creationIndex: number;
  /** status.startTime, RFC 3339 (e.g. 2026-11-22T10:00:00Z); "" when not started. */
  startTime: string;
}

/**
 * A PodDisruptionBudget as DefaultPreemption reads it from its lister (policy/v1): the selector's
 * matchLabels, status.disruptionsAllowed, and status.disruptedPods (pods whose eviction the API
 * server has processed and the disruption controller has not yet seen go).
 */
export interface DisruptionBudget {
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly disruptionsAllowed: number;
  readonly disruptedPods: readonly string[];
}

export type ScoringStrategyType = "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio";

export interface ResourceWeight {
  /** "cpu", "memory", "ephemeral-storage" or an extended resource name. */
  name: string;
  weight: number;
}

/** One point of RequestedToCapacityRatio's shape: utilization 0–100 → score 0–10. */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

/** The parts of a KubeSchedulerConfiguration profile that the simulation honours. */
export interface SchedulerConfig {
  /** Score plugin weights; a score plugin missing here is disabled. */
  scoreWeights: Record<string, number>;
  /** NodeResourcesFitArgs.scoringStrategy. */
  scoringStrategy: {
    type: ScoringStrategyType;
    resources: ResourceWeight[];
    /** Only for RequestedToCapacityRatio. */
    shape: UtilizationShapePoint[];
  };
  /** 0 = adaptive (kube-scheduler's default). */
  percentageOfNodesToScore: number;
  podInitialBackoffSeconds: number;
  podMaxBackoffSeconds: number;
  /** InterPodAffinityArgs.hardPodAffinityWeight. */
  hardPodAffinityWeight: number;
}

// ---------------------------------------------------------------------------------------------
// Explanations: what the scheduler panel, the puzzles' hints and the schedule CLI show.

/**
 * framework.Code, the parts a scheduling cycle produces. Unschedulable may be fixed by
 * preempting pods; UnschedulableAndUnresolvable cannot (preemption skips such nodes).
 */
export type StatusCode = "Success" | "Unschedulable" | "UnschedulableAndUnresolvable" | "Skip" | "Error";

export interface PluginScoreExplanation {
  /** What the plugin's Score returned. */
  raw: number;
  /** After NormalizeScore (0–100). */
  normalized: number;
  weight: number;
}

export interface NodeExplanation {
  name: string;
  /** Passed every filter. */
  feasible: boolean;
  /** "Success" when feasible, else the rejecting filter's code. */
  code: StatusCode;
  /**
   * Whether this cycle's search reached the node. percentageOfNodesToScore stops the search
   * once enough feasible nodes are found; later nodes get a verdict here but are not scored.
   */
  evaluated: boolean;
  /** The plugin that rejected the node ("" when feasible). */
  plugin: string;
  /** kube-scheduler's reason strings for the rejection. */
  reasons: string[];
  /** Per score plugin (only for feasible nodes that were scored). */
  scores: Record<string, PluginScoreExplanation>;
  /** Σ normalized × weight; null when the node was not scored. */
  total: number | null;
}

export interface PreemptionExplanation {
  /** The nominated node. */
  node: string;
  /** Victims as namespace/name, highest priority first. */
  victims: string[];
}

export interface PodExplanation {
  /** namespace/name */
  pod: string;
  /** The node kube-scheduler would pick, or null. */
  node: string | null;
  /** "" on success; else the FitError line, e.g. `0/5 nodes are available: 2 Insufficient cpu.` */
  summary: string;
  /** Every node of the cluster, in the scheduler's node order. */
  nodes: NodeExplanation[];
  /** Nodes whose filters ran this cycle (percentageOfNodesToScore may stop early). */
  evaluatedNodes: number;
  /** The nodes the scheduler would score before stopping the search. */
  feasibleNodes: number;
  preemption: PreemptionExplanation | null;
}
