/**
 * ClusterSnapshot: the scheduler's cache of nodes and assigned pods (internal/cache plus the
 * per-cycle Snapshot, which coincide in a single-threaded simulation).
 *
 * Node order follows kube-scheduler's nodeTree: nodes grouped by zone in the order zones
 * appeared, listed round-robin across zones, so consecutive nodes in the search come from
 * different zones.
 */
import { NodeInfo } from "./nodeInfo.ts";
import type { PodInfo } from "./podInfo.ts";
import type { Node } from "./types.ts";

/** utilnode.GetZoneKey: region + ":\x00:" + zone, from the GA or the beta labels. */
export function zoneKey(node: Node): string {
  const labels = node.labels;
  const zone =
    labels["topology.kubernetes.io/zone"] ?? labels["failure-domain.beta.kubernetes.io/zone"] ?? "";
  const region =
    labels["topology.kubernetes.io/region"] ?? labels["failure-domain.beta.kubernetes.io/region"] ?? "";
  if (zone === "" && region === "") return "";
  return `${region}:\u0000:${zone}`;
}

export class ClusterSnapshot {
  private readonly nodeInfos = new Map<string, NodeInfo>();
  private readonly zones: string[] = [];
  private readonly tree = new Map<string, string[]>();
  private readonly podNode = new Map<string, string>();
  private readonly imageNodeCounts = new Map<string, number>();
  private listCache: NodeInfo[] | null = null;
  private affinityListCache: NodeInfo[] | null = null;
  private antiAffinityListCache: NodeInfo[] | null = null;

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

  havePodsWithAffinityList(): readonly NodeInfo[] {
    if (this.affinityListCache === null) {
      this.affinityListCache = this.list().filter((n) => n.podsWithAffinity.length > 0);
    }
    return this.affinityListCache;
  }

  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[] {
    if (this.antiAffinityListCache === null) {
      this.antiAffinityListCache = this.list().filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    }
    return this.antiAffinityListCache;
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
    for (const p of info.pods) this.podNode.delete(p.key);
    this.removeFromTree(info.node);
    this.countImages(info.node, -1);
    this.nodeInfos.delete(name);
    this.invalidateLists();
    return [...info.pods];
  }

  addPod(podInfo: PodInfo, nodeName: string): void {
    const info = this.nodeInfos.get(nodeName);
    if (info === undefined) throw new Error(`node ${nodeName} is not in the scheduler's cache`);
    const hadAffinity = info.podsWithAffinity.length > 0;
    const hadAnti = info.podsWithRequiredAntiAffinity.length > 0;
    info.addPod(podInfo);
    this.podNode.set(podInfo.key, nodeName);
    if (hadAffinity !== info.podsWithAffinity.length > 0) this.affinityListCache = null;
    if (hadAnti !== info.podsWithRequiredAntiAffinity.length > 0) this.antiAffinityListCache = null;
  }

  removePod(key: string): PodInfo | undefined {
    const nodeName = this.podNode.get(key);
    if (nodeName === undefined) return undefined;
    const info = this.nodeInfos.get(nodeName) as NodeInfo;
    const hadAffinity = info.podsWithAffinity.length > 0;
    const hadAnti = info.podsWithRequiredAntiAffinity.length > 0;
    const removed = info.removePod(key);
    this.podNode.delete(key);
    if (hadAffinity !== info.podsWithAffinity.length > 0) this.affinityListCache = null;
    if (hadAnti !== info.podsWithRequiredAntiAffinity.length > 0) this.antiAffinityListCache = null;
    return removed;
  }

  private invalidateLists(): void {
    this.listCache = null;
    this.affinityListCache = null;
    this.antiAffinityListCache = null;
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
