/**
 * Small builders for the plugin tables translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/*_test.go, in the spirit of pkg/scheduler/testing's
 * MakeNode()/MakePod(): Nodes and Pods in the simulation's object model, a ClusterSnapshot
 * holding them, and runners that call a plugin's extension points in the framework's order
 * (PreFilter → Filter; PreScore → Score → NormalizeScore).
 */

import type {
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from "../../../../shared/sim/scheduler/framework/interface.ts";
import { CycleState } from "../../../../shared/sim/scheduler/framework/interface.ts";
import type { Status } from "../../../../shared/sim/scheduler/framework/status.ts";
import type { NodeInfo } from "../../../../shared/sim/scheduler/nodeInfo.ts";
import { PodInfo } from "../../../../shared/sim/scheduler/podInfo.ts";
import { ClusterSnapshot } from "../../../../shared/sim/scheduler/snapshot.ts";
import type {
  Affinity,
  Container,
  ContainerImage,
  ContainerPort,
  LabelSelector,
  Node,
  NodeSelectorTerm,
  Pod,
  PodAffinityTerm,
  ResourceList,
  SelectorOperator,
  SelectorRequirement,
  Taint,
  Toleration,
  TopologySpreadConstraint,
  WeightedPodAffinityTerm,
} from "../../../../shared/sim/scheduler/types.ts";

// ---------------------------------------------------------------------------------------------
// Quantities, as resource.MustParse reads them (the subset the tables use).

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimalSuffixes: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A quantity in base units times `scale` (1000 for milli-units), e.g. "250m" → 250 with scale 1000. */
export function quantity(text: string, scale = 1): number {
  const m = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(text);
  if (m === null) throw new Error(`bad quantity ${text}`);
  const n = Number(m[1]);
  const suffix = m[2];
  if (suffix === undefined) return Math.round(n * scale);
  if (suffix === "m") return Math.round((n * scale) / 1000);
  const factor = binarySuffixes[suffix] ?? decimalSuffixes[suffix] ?? 1;
  return Math.round(n * factor * scale);
}

/** A resource map like Go's map[v1.ResourceName]string, read into a ResourceList. */
export function resourceList(resources: Readonly<Record<string, string>>): ResourceList {
  const list: ResourceList = { milliCPU: 0, memory: 0, ephemeralStorage: 0, pods: 0, scalar: {} };
  for (const [name, text] of Object.entries(resources)) {
    switch (name) {
      case "cpu":
        list.milliCPU = quantity(text, 1000);
        break;
      case "memory":
        list.memory = quantity(text);
        break;
      case "ephemeral-storage":
        list.ephemeralStorage = quantity(text);
        break;
      case "pods":
        list.pods = quantity(text);
        break;
      default:
        list.scalar[name] = quantity(text);
    }
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Nodes.

export interface NodeOptions {
  labels?: Record<string, string>;
  /** st.MakeNode().Capacity(...): sets allocatable (capacity and allocatable coincide here). */
  capacity?: Record<string, string>;
  /** Or the ResourceList directly (milli-CPU, bytes). */
  allocatable?: Partial<ResourceList>;
  taints?: Taint[];
  unschedulable?: boolean;
  images?: ContainerImage[];
}

export function makeNode(name: string, o: NodeOptions = {}): Node {
  const allocatable = o.capacity !== undefined ? resourceList(o.capacity) : resourceList({});
  if (o.allocatable !== undefined) Object.assign(allocatable, o.allocatable);
  return {
    name,
    labels: { ...(o.labels ?? {}) },
    allocatable,
    taints: o.taints ?? [],
    unschedulable: o.unschedulable ?? false,
    images: o.images ?? [],
  };
}

/** noderesources' makeNode(name, milliCPU, memory, extended): allocatable cpu/memory/extended. */
export function resourceNode(
  name: string,
  milliCPU: number,
  memory: number,
  scalar: Record<string, number> = {},
): Node {
  return makeNode(name, { allocatable: { milliCPU, memory, scalar: { ...scalar } } });
}

// ---------------------------------------------------------------------------------------------
// Pods.

/**
 * A container with these requests (st.MakePod().Req(...)): only the named resources count as
 * stated, so scoring substitutes non-zero defaults for the others, as kube-scheduler does.
 */
export function container(
  requests: Readonly<Record<string, string>> = {},
  extra: Partial<Container> = {},
): Container {
  return {
    name: extra.name ?? "c",
    image: extra.image ?? "",
    requests: resourceList(requests),
    limits: extra.limits ?? { milliCPU: null, memoryBytes: null },
    requestedResources: Object.keys(requests),
    ports: extra.ports ?? [],
  };
}

/** framework.Resource as the noderesources tables build it: cpu, memory, pods, ephemeral-storage and scalars all stated. */
export function resourceContainer(r: {
  milliCPU?: number;
  memory?: number;
  ephemeralStorage?: number;
  scalar?: Record<string, number>;
}): Container {
  return {
    name: "c",
    image: "",
    requests: {
      milliCPU: r.milliCPU ?? 0,
      memory: r.memory ?? 0,
      ephemeralStorage: r.ephemeralStorage ?? 0,
      pods: 0,
      scalar: { ...(r.scalar ?? {}) },
    },
    limits: { milliCPU: null, memoryBytes: null },
    requestedResources: ["cpu", "memory", "pods", "ephemeral-storage", ...Object.keys(r.scalar ?? {})],
    ports: [],
  };
}

export function hostPort(
  port: number,
  protocol: ContainerPort["protocol"] = "TCP",
  hostIP = "",
): ContainerPort {
  return { containerPort: port, hostPort: port, protocol, hostIP };
}

export interface PodOptions {
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  priority?: number;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  containers?: Container[];
  initContainers?: Container[];
  creationIndex?: number;
}

let podCounter = 0;

export function makePod(name = "", o: PodOptions = {}): Pod {
  podCounter++;
  const podName = name === "" ? `pod-${podCounter}` : name;
  const namespace = o.namespace ?? "default";
  const pod: Pod = {
    name: podName,
    namespace,
    uid: o.uid ?? `${namespace}/${podName}#${podCounter}`,
    labels: { ...(o.labels ?? {}) },
    nodeName: o.nodeName ?? "",
    priority: o.priority ?? 0,
    preemptionPolicy: "PreemptLowerPriority",
    nodeSelector: { ...(o.nodeSelector ?? {}) },
    affinity: o.affinity ?? {},
    tolerations: o.tolerations ?? [],
    topologySpreadConstraints: o.topologySpreadConstraints ?? [],
    containers: o.containers ?? [],
    initContainers: o.initContainers ?? [],
    creationIndex: o.creationIndex ?? podCounter,
    startTime: "",
  };
  return pod;
}

// ---------------------------------------------------------------------------------------------
// Selectors and affinity terms.

export function req(key: string, operator: SelectorOperator, values: string[] = []): SelectorRequirement {
  return { key, operator, values };
}

export function term(
  matchExpressions: SelectorRequirement[],
  matchFields: SelectorRequirement[] = [],
): NodeSelectorTerm {
  return { matchExpressions, matchFields };
}

export function labelSelector(
  matchLabels: Record<string, string> = {},
  matchExpressions: SelectorRequirement[] = [],
): LabelSelector {
  return { matchLabels, matchExpressions };
}

export function taint(key: string, value: string, effect: Taint["effect"]): Taint {
  return { key, value, effect };
}

export function toleration(
  key: string,
  operator: Toleration["operator"],
  value: string,
  effect: Toleration["effect"],
): Toleration {
  return { key, operator, value, effect };
}

// ---------------------------------------------------------------------------------------------
// The snapshot and the extension-point runners.

/** cache.NewSnapshot(pods, nodes): pods are placed on the node their spec.nodeName names. */
export function makeSnapshot(nodes: readonly Node[], pods: readonly Pod[] = []): ClusterSnapshot {
  const snapshot = new ClusterSnapshot();
  for (const n of nodes) snapshot.addNode(n);
  for (const p of pods) {
    if (p.nodeName === "" || snapshot.get(p.nodeName) === undefined) continue;
    snapshot.addPod(new PodInfo(p), p.nodeName);
  }
  return snapshot;
}

/** The NodeInfos of `nodes`, in the table's order (not the snapshot's zone order). */
export function nodeInfosOf(snapshot: ClusterSnapshot, nodes: readonly Node[]): NodeInfo[] {
  return nodes.map((n) => {
    const info = snapshot.get(n.name);
    if (info === undefined) throw new Error(`node ${n.name} missing`);
    return info;
  });
}

type MaybePreFilter = Partial<PreFilterPlugin>;
type MaybePreScore = Partial<PreScorePlugin>;

export interface FilterRun {
  preFilterStatus: Status | null;
  /** Filter status per node (null = fits); undefined when PreFilter rejected or skipped the plugin. */
  statuses: (Status | null)[];
  skipped: boolean;
}

/** PreFilter over `nodes` (the snapshot's list by default), then Filter on each node. */
export function runFilter(
  plugin: FilterPlugin & MaybePreFilter,
  pod: Pod,
  nodeInfos: readonly NodeInfo[],
  preFilterNodes: readonly NodeInfo[] = nodeInfos,
): FilterRun {
  const state = new CycleState();
  const podInfo = new PodInfo(pod);
  let preFilterStatus: Status | null = null;
  if (plugin.preFilter !== undefined) {
    preFilterStatus = plugin.preFilter(state, podInfo, preFilterNodes).status;
    if (preFilterStatus !== null && preFilterStatus.code === "Skip") {
      // A skipped plugin's Filter is not run: every node passes it.
      return { preFilterStatus, statuses: nodeInfos.map(() => null), skipped: true };
    }
    if (preFilterStatus !== null && preFilterStatus.code !== "Success") {
      return { preFilterStatus, statuses: [], skipped: false };
    }
  }
  return {
    preFilterStatus,
    statuses: nodeInfos.map((n) => plugin.filter(state, podInfo, n)),
    skipped: false,
  };
}

/** The Filter status for one node, PreFilter first (Skip = passes). */
export function filterOne(
  plugin: FilterPlugin & MaybePreFilter,
  pod: Pod,
  nodeInfo: NodeInfo,
  preFilterNodes: readonly NodeInfo[] = [nodeInfo],
): Status | null {
  const run = runFilter(plugin, pod, [nodeInfo], preFilterNodes);
  if (run.preFilterStatus !== null && run.preFilterStatus.code !== "Success" && !run.skipped) {
    return run.preFilterStatus;
  }
  return run.statuses[0] ?? null;
}

/** A status as {code, reasons} for comparison (null = Success). */
export function verdict(s: Status | null): { code: string; reasons: string[] } | null {
  return s === null ? null : { code: s.code, reasons: [...s.reasons] };
}

export interface ScoreRun {
  preScoreStatus: Status | null;
  raw: number[];
  normalized: number[];
}

/** PreScore (optional) → Score on each node → NormalizeScore, as framework.RunScorePlugins does. */
export function runScore(
  plugin: ScorePlugin & MaybePreScore,
  pod: Pod,
  nodeInfos: readonly NodeInfo[],
  options: { preScore?: boolean; state?: CycleState } = {},
): ScoreRun {
  const state = options.state ?? new CycleState();
  const podInfo = new PodInfo(pod);
  let preScoreStatus: Status | null = null;
  if ((options.preScore ?? true) && plugin.preScore !== undefined) {
    preScoreStatus = plugin.preScore(state, podInfo, nodeInfos);
  }
  const raw = nodeInfos.map((n) => plugin.score(state, podInfo, n));
  const normalized = raw.slice();
  plugin.normalizeScore?.(state, podInfo, nodeInfos, normalized);
  return { preScoreStatus, raw, normalized };
}

/** Runs PreFilter then PreScore/Score/Normalize on one CycleState (plugins that read PreFilter state while scoring). */
export function newState(): CycleState {
  return new CycleState();
}

/** st.MakeNode().Name(name).Capacity(capacity). */
export function capacityNode(name: string, capacity: Record<string, string>): Node {
  return makeNode(name, { capacity });
}

/** st.MakePod().Node(nodeName).Req(r1).Req(r2)…: one container per request map. */
export function reqPod(requests: Record<string, string>[], nodeName = ""): Pod {
  return makePod("", { containers: requests.map((r) => container(r)), nodeName });
}

// ---------------------------------------------------------------------------------------------
// Pod (anti-)affinity terms and topology spread constraints.

/** A v1.PodAffinityTerm; no namespaces and no namespaceSelector mean the pod's own namespace. */
export function podAffinityTerm(
  selector: LabelSelector | undefined,
  topologyKey: string,
  o: { namespaces?: string[]; namespaceSelector?: LabelSelector } = {},
): PodAffinityTerm {
  const t: PodAffinityTerm = { namespaces: o.namespaces ?? [], topologyKey };
  if (selector !== undefined) t.labelSelector = selector;
  if (o.namespaceSelector !== undefined) t.namespaceSelector = o.namespaceSelector;
  return t;
}

export function weighted(weight: number, podAffinityTerm: PodAffinityTerm): WeightedPodAffinityTerm {
  return { weight, podAffinityTerm };
}

export interface PodAffinitySpec {
  required?: PodAffinityTerm[];
  preferred?: WeightedPodAffinityTerm[];
  antiRequired?: PodAffinityTerm[];
  antiPreferred?: WeightedPodAffinityTerm[];
}

/** An Affinity with podAffinity / podAntiAffinity set only when some of their terms are given. */
export function podAffinity(spec: PodAffinitySpec): Affinity {
  const affinity: Affinity = {};
  if (spec.required !== undefined || spec.preferred !== undefined) {
    affinity.podAffinity = { required: spec.required ?? [], preferred: spec.preferred ?? [] };
  }
  if (spec.antiRequired !== undefined || spec.antiPreferred !== undefined) {
    affinity.podAntiAffinity = { required: spec.antiRequired ?? [], preferred: spec.antiPreferred ?? [] };
  }
  return affinity;
}

/** st.MakePod().SpreadConstraint(maxSkew, key, when, selector, minDomains, affinityPolicy, taintsPolicy, matchLabelKeys). */
export function spreadConstraint(
  maxSkew: number,
  topologyKey: string,
  whenUnsatisfiable: TopologySpreadConstraint["whenUnsatisfiable"],
  selector: LabelSelector | undefined,
  o: {
    minDomains?: number;
    nodeAffinityPolicy?: TopologySpreadConstraint["nodeAffinityPolicy"];
    nodeTaintsPolicy?: TopologySpreadConstraint["nodeTaintsPolicy"];
    matchLabelKeys?: string[];
  } = {},
): TopologySpreadConstraint {
  const c: TopologySpreadConstraint = {
    maxSkew,
    topologyKey,
    whenUnsatisfiable,
    nodeAffinityPolicy: o.nodeAffinityPolicy ?? "Honor",
    nodeTaintsPolicy: o.nodeTaintsPolicy ?? "Ignore",
    matchLabelKeys: o.matchLabelKeys ?? [],
  };
  if (selector !== undefined) c.labelSelector = selector;
  if (o.minDomains !== undefined) c.minDomains = o.minDomains;
  return c;
}
