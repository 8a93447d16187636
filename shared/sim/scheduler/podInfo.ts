/**
 * PodInfo: a pod with everything the plugins read precomputed once (framework.PodInfo plus
 * the requests that NodeInfo and NodeResourcesFit derive from the containers).
 */
import { namespaceLabels, Selector } from "./labels.ts";
import type { Container, Pod, PodAffinityTerm } from "./types.ts";

// pkg/scheduler/util/pod_resources.go: DefaultMilliCPURequest and DefaultMemoryRequest, the
// "non-zero" requests that scoring substitutes for a container that states no request.
export const defaultMilliCPURequest = 100;
export const defaultMemoryRequest = 200 * 1024 * 1024;

/** Requested amounts (framework.Resource without allocatable pods). */
export interface Requests {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources with a non-zero request, sorted by name for a stable reason order. */
  scalar: readonly (readonly [string, number])[];
}

/** framework.AffinityTerm: a pod affinity term with its namespaces resolved and selector compiled. */
export interface AffinityTerm {
  namespaces: ReadonlySet<string>;
  /** null = labels.Nothing() (no namespaceSelector given). */
  namespaceSelector: Selector | null;
  selector: Selector;
  topologyKey: string;
  /** Equal for terms that select the same pods (namespaces, selectors); not the topology key. */
  key: string;
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

function affinityTerm(pod: Pod, term: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(term.namespaces);
  // framework.getNamespacesFromPodAffinityTerm: no namespaces and no selector = the pod's own.
  if (namespaces.size === 0 && term.namespaceSelector === undefined) namespaces.add(pod.namespace);
  const namespaceSelector =
    term.namespaceSelector === undefined ? null : new Selector(term.namespaceSelector);
  const selector = new Selector(term.labelSelector);
  return {
    namespaces,
    namespaceSelector,
    selector,
    topologyKey: term.topologyKey,
    key: JSON.stringify([[...namespaces].sort(), namespaceSelector?.key ?? null, selector.key]),
  };
}

/** framework.AffinityTerm.Matches: the pod's namespace is in scope and its labels match. */
export function affinityTermMatches(term: AffinityTerm, pod: Pod): boolean {
  if (
    term.namespaces.has(pod.namespace) ||
    (term.namespaceSelector?.matches(namespaceLabels(pod.namespace)) ?? false)
  ) {
    return term.selector.matches(pod.labels);
  }
  return false;
}

/** RFC 3339 → milliseconds since the epoch, without Date (the simulation has no clock). */
export function parseStartTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (m === null) return Number.POSITIVE_INFINITY;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Days from civil (Howard Hinnant's algorithm), so no Date is needed.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  let ms = ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000;
  if (m[7] !== undefined) ms += Math.floor(Number(`0${m[7]}`) * 1000);
  const zone = m[8] ?? "Z";
  if (zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(":").map(Number) as [number, number];
    ms -= sign * (zh * 60 + zm) * 60000;
  }
  return ms;
}

function addContainer(total: Map<string, number>, c: Container): void {
  for (const [name, amount] of Object.entries(c.requests.scalar)) {
    total.set(name, (total.get(name) ?? 0) + amount);
  }
}

export class PodInfo {
  readonly pod: Pod;
  readonly key: string;
  readonly priority: number;
  /** resourcehelper.PodRequests: Σ containers, raised to any larger init container. */
  readonly requests: Requests;
  /** The same with 100m / 200 MiB for containers that state no cpu / memory request. */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** framework.NodeInfo.PodsWithAffinity membership: any pod (anti-)affinity. */
  readonly hasPodAffinity: boolean;
  readonly hostPorts: readonly HostPort[];
  /** status.startTime in ms; +∞ when not started (GetPodStartTime uses "now"). */
  readonly startTimeMs: number;
  /** Every init and regular container's image, normalized (ImageLocality). */
  readonly imageNames: readonly string[];

  constructor(pod: Pod) {
    this.pod = pod;
    this.key = pod.uid ?? `${pod.namespace}/${pod.name}`;
    this.priority = pod.priority;
    let milliCPU = 0;
    let memory = 0;
    let ephemeralStorage = 0;
    let nonZeroMilliCPU = 0;
    let nonZeroMemory = 0;
    const scalar = new Map<string, number>();
    for (const c of pod.containers) {
      milliCPU += c.requests.milliCPU;
      memory += c.requests.memory;
      ephemeralStorage += c.requests.ephemeralStorage;
      nonZeroMilliCPU += nonZeroCPU(c);
      nonZeroMemory += nonZeroMem(c);
      addContainer(scalar, c);
    }
    for (const c of pod.initContainers) {
      milliCPU = Math.max(milliCPU, c.requests.milliCPU);
      memory = Math.max(memory, c.requests.memory);
      ephemeralStorage = Math.max(ephemeralStorage, c.requests.ephemeralStorage);
      nonZeroMilliCPU = Math.max(nonZeroMilliCPU, nonZeroCPU(c));
      nonZeroMemory = Math.max(nonZeroMemory, nonZeroMem(c));
      for (const [name, amount] of Object.entries(c.requests.scalar)) {
        scalar.set(name, Math.max(scalar.get(name) ?? 0, amount));
      }
    }
    this.requests = {
      milliCPU,
      memory,
      ephemeralStorage,
      scalar: [...scalar.entries()].filter(([, v]) => v !== 0).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    };
    this.nonZeroMilliCPU = nonZeroMilliCPU;
    this.nonZeroMemory = nonZeroMemory;

    const podAffinity = pod.affinity.podAffinity;
    const podAntiAffinity = pod.affinity.podAntiAffinity;
    this.requiredAffinityTerms = (podAffinity?.required ?? []).map((t) => affinityTerm(pod, t));
    this.requiredAntiAffinityTerms = (podAntiAffinity?.required ?? []).map((t) => affinityTerm(pod, t));
    this.preferredAffinityTerms = (podAffinity?.preferred ?? []).map((t) => ({
      term: affinityTerm(pod, t.podAffinityTerm),
      weight: t.weight,
    }));
    this.preferredAntiAffinityTerms = (podAntiAffinity?.preferred ?? []).map((t) => ({
      term: affinityTerm(pod, t.podAffinityTerm),
      weight: t.weight,
    }));
    this.hasPodAffinity = podAffinity !== undefined || podAntiAffinity !== undefined;

    const ports: HostPort[] = [];
    for (const c of pod.containers) {
      for (const p of c.ports) {
        // NodePorts only considers ports with a host port (getContainerPorts).
        if (p.hostPort <= 0) continue;
        ports.push({ ip: p.hostIP === "" ? "0.0.0.0" : p.hostIP, protocol: p.protocol, port: p.hostPort });
      }
    }
    this.hostPorts = ports;
    this.startTimeMs = parseStartTime(pod.startTime);
    this.imageNames = [...pod.initContainers, ...pod.containers].map((c) => normalizedImageName(c.image));
  }
}

/** imagelocality.normalizedImageName: an image without a tag means :latest. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(":") <= name.lastIndexOf("/")) return `${name}:latest`;
  return name;
}

function nonZeroCPU(c: Container): number {
  return c.requestedResources.includes("cpu") ? c.requests.milliCPU : defaultMilliCPURequest;
}

function nonZeroMem(c: Container): number {
  return c.requestedResources.includes("memory") ? c.requests.memory : defaultMemoryRequest;
}

/** util.MoreImportantPod: higher priority first, then the earlier start time. */
export function moreImportantPod(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return a.startTimeMs < b.startTimeMs;
}
