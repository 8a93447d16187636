/**
 * ClusterSnapshot: the scheduler's cache of nodes and assigned pods (internal/cache plus the
 * per-cycle Snapshot, which coincide in a single-threaded simulation).
 *
 * Node order follows kube-scheduler's nodeTree: nodes grouped by zone in the order zones
 * appeared, listed round-robin across zones, so consecutive nodes in the search come from
 * different zones.
 */

import { labelOf } from "./labels.ts";
import { NodeInfo } from "./nodeInfo.ts";
import type { AffinityTerm, PodInfo } from "./podInfo.ts";
import type { Node } from "./types.ts";

/** utilnode.GetZoneKey: region + ":\x00:" + zone, from the GA or the beta labels. */
export function zoneKey(node: Node): string {
  const labels = node.labels;
  const zone =
    labelOf(labels, "topology.kubernetes.io/zone") ??
    labelOf(labels, "failure-domain.beta.kubernetes.io/zone") ??
    "";
  const region =
    labelOf(labels, "topology.kubernetes.io/region") ??
    labelOf(labels, "failure-domain.beta.kubernetes.io/region") ??
    "";
  if (zone === "" && region === "") return "";
  return `${region}:\u0000:${zone}`;
}

/** A question the snapshot keeps answered: Σ count(pod) over the assigned pods in each domain of `topologyKey`. */
export interface PodCountQuery {
  /** Names the count: two queries with the same key must count the same. */
  key: string;
  topologyKey: string;
  /** How much one pod counts (0 when it does not match). */
  count(podInfo: PodInfo): number;
}

interface CountIndex {
  query: PodCountQuery;
  /** Every domain with a node carrying the key, including those with no matching pod (0). */
  counts: Map<string, number>;
}

function antiAffinityId(term: AffinityTerm): string {
  return `${term.topologyKey}\u0000${term.key}`;
}

// Queries are few (one per distinct spread constraint in play); past this many, start afresh.
const maxCountIndexes = 256;

export class ClusterSnapshot {
  private readonly countIndexes = new Map<string, CountIndex>();
  /** The distinct required anti-affinity terms of assigned pods, with how many pods carry each. */
  private readonly antiAffinityTerms = new Map<string, { term: AffinityTerm; pods: number }>();
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private readonly zones: string[] = [];
  private readonly tree = new Map<string, string[]>();
  private readonly podNode = new Map<string, string>();
  private readonly imageNodeCounts = new Map<string, number>();
  private listCache: NodeInfo[] | null = null;
  private readonly affinityNodes = new Set<NodeInfo>();

  get numNodes(): number {
    return this.nodeInfos.size;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodeInfos.get(name);
  }

  /** All nodes in nodeTree order. */
  list(): readonly NodeInfo[] {
    if (this.listCache === null) {
      const names: string[] = [];
      let exhausted = 0;
      for (let index = 0; exhausted < this.zones.length; index++) {
        exhausted = 0;
        for (const zone of this.zones) {
          const nodes = this.tree.get(zone) ?? [];
          if (index >= nodes.length) exhausted++;
          else names.push(nodes[index] as string);
        }
      }
      this.listCache = names.map((n) => this.nodeInfos.get(n) as NodeInfo);
    }
    return this.listCache;
  }

  /** Nodes holding a pod with pod (anti-)affinity, kept current as pods come and go. */
  havePodsWithAffinity(): ReadonlySet<NodeInfo> {
    return this.affinityNodes;
  }

  /**
   * Matching pods per topology domain, kept current incrementally as pods are added and
   * removed (PodTopologySpread's counts without a walk over every node in every cycle).
   * The map is live and shared: read it, copy it before changing it.
   */
  topologyCounts(query: PodCountQuery): ReadonlyMap<string, number> {
    const id = `${query.topologyKey}\u0000${query.key}`;
    let index = this.countIndexes.get(id);
    if (index === undefined) {
      if (this.countIndexes.size >= maxCountIndexes) this.countIndexes.clear();
      const counts = new Map<string, number>();
      for (const info of this.nodeInfos.values()) {
        const value = labelOf(info.node.labels, query.topologyKey);
        if (value === undefined) continue;
        let n = counts.get(value) ?? 0;
        for (const p of info.pods) n += query.count(p);
        counts.set(value, n);
      }
      index = { query, counts };
      this.countIndexes.set(id, index);
    }
    return index.counts;
  }

  /** Required anti-affinity terms in use by assigned pods, one per (term key, topology key). */
  antiAffinityTermsInUse(): Iterable<AffinityTerm> {
    return [...this.antiAffinityTerms.values()].map((e) => e.term);
  }

  /** Per domain of `term.topologyKey`: how many assigned pods' required anti-affinity terms are like `term`. */
  antiAffinityTermCounts(term: AffinityTerm): ReadonlyMap<string, number> {
    const id = antiAffinityId(term);
    return this.topologyCounts({
      key: `carries-anti-affinity\u0000${id}`,
      topologyKey: term.topologyKey,
      count: (p) => {
        let n = 0;
        for (const t of p.requiredAntiAffinityTerms) if (antiAffinityId(t) === id) n++;
        return n;
      },
    });
  }

  private trackAntiAffinity(podInfo: PodInfo, delta: number): void {
    for (const term of podInfo.requiredAntiAffinityTerms) {
      const id = antiAffinityId(term);
      const entry = this.antiAffinityTerms.get(id);
      const pods = (entry?.pods ?? 0) + delta;
      if (pods <= 0) this.antiAffinityTerms.delete(id);
      else this.antiAffinityTerms.set(id, { term: entry?.term ?? term, pods });
    }
  }

  private countPod(podInfo: PodInfo, info: NodeInfo, delta: number): void {
    for (const { query, counts } of this.countIndexes.values()) {
      const value = labelOf(info.node.labels, query.topologyKey);
      if (value === undefined) continue;
      const n = query.count(podInfo);
      if (n !== 0) counts.set(value, (counts.get(value) ?? 0) + delta * n);
    }
  }

  /** How many nodes hold an image under this name (ImageStateSummary.NumNodes). */
  imageNumNodes(name: string): number {
    return this.imageNodeCounts.get(name) ?? 0;
  }

  /** The node a pod is assigned to, or undefined. */
  nodeOfPod(key: string): string | undefined {
    return this.podNode.get(key);
  }

  addNode(node: Node): void {
    if (this.nodeInfos.has(node.name)) {
      this.updateNode(node);
      return;
    }
    this.nodeInfos.set(node.name, new NodeInfo(node));
    for (const { query, counts } of this.countIndexes.values()) {
      const value = labelOf(node.labels, query.topologyKey);
      if (value !== undefined && !counts.has(value)) counts.set(value, 0);
    }
    this.addToTree(node);
    this.countImages(node, 1);
    this.invalidateLists();
  }

  updateNode(node: Node): void {
    const info = this.nodeInfos.get(node.name);
    if (info === undefined) {
      this.addNode(node);
      return;
    }
    const old = info.node;
    if (JSON.stringify(old.labels) !== JSON.stringify(node.labels)) this.countIndexes.clear();
    if (zoneKey(old) !== zoneKey(node)) {
      this.removeFromTree(old);
      this.addToTree(node);
      this.invalidateLists();
    }
    this.countImages(old, -1);
    this.countImages(node, 1);
    info.setNode(node);
  }

  /** Removes a node; its pods leave the snapshot with it and are returned. */
  removeNode(name: string): PodInfo[] {
    const info = this.nodeInfos.get(name);
    if (info === undefined) return [];
    for (const p of info.pods) {
      this.podNode.delete(p.key);
      if (p.requiredAntiAffinityTerms.length > 0) this.trackAntiAffinity(p, -1);
    }
    this.countIndexes.clear();
    this.affinityNodes.delete(info);
    this.removeFromTree(info.node);
    this.countImages(info.node, -1);
    this.nodeInfos.delete(name);
    this.invalidateLists();
    return [...info.pods];
  }

  addPod(podInfo: PodInfo, nodeName: string): void {
    const info = this.nodeInfos.get(nodeName);
    if (info === undefined) throw new Error(`node ${nodeName} is not in the scheduler's cache`);
    info.addPod(podInfo);
    if (podInfo.hasPodAffinity) this.affinityNodes.add(info);
    this.podNode.set(podInfo.key, nodeName);
    if (this.countIndexes.size > 0) this.countPod(podInfo, info, 1);
    if (podInfo.requiredAntiAffinityTerms.length > 0) this.trackAntiAffinity(podInfo, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const nodeName = this.podNode.get(key);
    if (nodeName === undefined) return undefined;
    const info = this.nodeInfos.get(nodeName) as NodeInfo;
    const removed = info.removePod(key);
    if (info.podsWithAffinity.length === 0) this.affinityNodes.delete(info);
    this.podNode.delete(key);
    if (removed !== undefined && this.countIndexes.size > 0) this.countPod(removed, info, -1);
    if (removed !== undefined && removed.requiredAntiAffinityTerms.length > 0)
      this.trackAntiAffinity(removed, -1);
    return removed;
  }

  private invalidateLists(): void {
    this.listCache = null;
  }

  private addToTree(node: Node): void {
    const zone = zoneKey(node);
    let names = this.tree.get(zone);
    if (names === undefined) {
      names = [];
      this.tree.set(zone, names);
      this.zones.push(zone);
    }
    names.push(node.name);
  }

  private removeFromTree(node: Node): void {
    const zone = zoneKey(node);
    const names = this.tree.get(zone);
    if (names === undefined) return;
    const i = names.indexOf(node.name);
    if (i >= 0) names.splice(i, 1);
    if (names.length === 0) {
      this.tree.delete(zone);
      this.zones.splice(this.zones.indexOf(zone), 1);
    }
  }

  private countImages(node: Node, sign: 1 | -1): void {
    const names = new Set<string>();
    for (const image of node.images) for (const name of image.names) names.add(name);
    for (const name of names) {
      const n = (this.imageNodeCounts.get(name) ?? 0) + sign;
      if (n === 0) this.imageNodeCounts.delete(name);
      else this.imageNodeCounts.set(name, n);
    }
  }
}
