/**
 * NodeInfo: a node and the aggregates kube-scheduler keeps for it (framework.NodeInfo),
 * updated incrementally as pods are added and removed, so a filter or score is O(1) in the
 * number of pods on the node.
 */
import type { HostPort, PodInfo } from "./podInfo.ts";
import type { Node } from "./types.ts";

let nextGeneration = 1;

/** framework.HostPortInfo: ip → "protocol/port" in use. 0.0.0.0 conflicts with every ip. */
export class HostPortInfo {
  private readonly byIP = new Map<string, Set<string>>();

  add(port: HostPort): void {
    const key = `${port.protocol}/${port.port}`;
    let set = this.byIP.get(port.ip);
    if (set === undefined) {
      set = new Set();
      this.byIP.set(port.ip, set);
    }
    set.add(key);
  }

  remove(port: HostPort): void {
    const set = this.byIP.get(port.ip);
    if (set === undefined) return;
    set.delete(`${port.protocol}/${port.port}`);
    if (set.size === 0) this.byIP.delete(port.ip);
  }

  conflicts(port: HostPort): boolean {
    const key = `${port.protocol}/${port.port}`;
    if (port.ip === "0.0.0.0") {
      for (const set of this.byIP.values()) if (set.has(key)) return true;
      return false;
    }
    return (this.byIP.get(port.ip)?.has(key) ?? false) || (this.byIP.get("0.0.0.0")?.has(key) ?? false);
  }

  clone(): HostPortInfo {
    const copy = new HostPortInfo();
    for (const [ip, set] of this.byIP) copy.byIP.set(ip, new Set(set));
    return copy;
  }
}

function removeFromSlice(list: PodInfo[], key: string): boolean {
  // framework.removeFromSlice: swap with the last element, as kube-scheduler does.
  for (let i = 0; i < list.length; i++) {
    if (list[i]?.key === key) {
      list[i] = list[list.length - 1] as PodInfo;
      list.pop();
      return true;
    }
  }
  return false;
}

export class NodeInfo {
  node: Node;
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  requestedMilliCPU = 0;
  requestedMemory = 0;
  requestedEphemeralStorage = 0;
  readonly requestedScalar = new Map<string, number>();
  nonZeroRequestedMilliCPU = 0;
  nonZeroRequestedMemory = 0;
  usedPorts = new HostPortInfo();
  /** Image name → size in bytes (each of an image's names). */
  images = new Map<string, number>();
  /** Bumped on every change; caches keyed on it stay valid while it is unchanged. */
  generation = nextGeneration++;
  /** Per-selector matching-pod counts, valid for `cacheGeneration` (PodTopologySpread). */
  private readonly matchCounts = new Map<string, number>();
  private cacheGeneration = 0;

  constructor(node: Node) {
    this.node = node;
    this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    this.images = new Map();
    for (const image of node.images) for (const name of image.names) this.images.set(name, image.sizeBytes);
    this.generation = nextGeneration++;
  }

  get name(): string {
    return this.node.name;
  }

  addPod(podInfo: PodInfo): void {
    this.pods.push(podInfo);
    if (podInfo.hasPodAffinity) this.podsWithAffinity.push(podInfo);
    if (podInfo.requiredAntiAffinityTerms.length > 0) this.podsWithRequiredAntiAffinity.push(podInfo);
    this.update(podInfo, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const podInfo = this.pods.find((p) => p.key === key);
    if (podInfo === undefined) return undefined;
    removeFromSlice(this.podsWithAffinity, key);
    removeFromSlice(this.podsWithRequiredAntiAffinity, key);
    removeFromSlice(this.pods, key);
    this.update(podInfo, -1);
    return podInfo;
  }

  private update(podInfo: PodInfo, sign: 1 | -1): void {
    const r = podInfo.requests;
    this.requestedMilliCPU += sign * r.milliCPU;
    this.requestedMemory += sign * r.memory;
    this.requestedEphemeralStorage += sign * r.ephemeralStorage;
    for (const [name, amount] of r.scalar) {
      this.requestedScalar.set(name, (this.requestedScalar.get(name) ?? 0) + sign * amount);
    }
    this.nonZeroRequestedMilliCPU += sign * podInfo.nonZeroMilliCPU;
    this.nonZeroRequestedMemory += sign * podInfo.nonZeroMemory;
    for (const port of podInfo.hostPorts) {
      if (sign > 0) this.usedPorts.add(port);
      else this.usedPorts.remove(port);
    }
    this.generation = nextGeneration++;
  }

  /** Pods in `namespace` whose labels `selector` matches (countPodsMatchSelector), cached per generation. */
  countMatching(namespace: string, selectorKey: string, matches: (podInfo: PodInfo) => boolean): number {
    if (this.cacheGeneration !== this.generation) {
      this.matchCounts.clear();
      this.cacheGeneration = this.generation;
    }
    const key = `${namespace}\u0000${selectorKey}`;
    const cached = this.matchCounts.get(key);
    if (cached !== undefined) return cached;
    let count = 0;
    for (const p of this.pods) if (p.pod.namespace === namespace && matches(p)) count++;
    this.matchCounts.set(key, count);
    return count;
  }

  /** A deep enough copy for preemption's what-if (pods removed and re-added). */
  clone(): NodeInfo {
    const copy = new NodeInfo(this.node);
    copy.pods.push(...this.pods);
    copy.podsWithAffinity.push(...this.podsWithAffinity);
    copy.podsWithRequiredAntiAffinity.push(...this.podsWithRequiredAntiAffinity);
    copy.requestedMilliCPU = this.requestedMilliCPU;
    copy.requestedMemory = this.requestedMemory;
    copy.requestedEphemeralStorage = this.requestedEphemeralStorage;
    for (const [k, v] of this.requestedScalar) copy.requestedScalar.set(k, v);
    copy.nonZeroRequestedMilliCPU = this.nonZeroRequestedMilliCPU;
    copy.nonZeroRequestedMemory = this.nonZeroRequestedMemory;
    copy.usedPorts = this.usedPorts.clone();
    copy.images = this.images;
    return copy;
  }
}
