/**
 * ImageLocality: prefers nodes that already hold the pod's images, scaled by how widely each
 * image is spread (an image on every node says little about this one).
 */
import type { CycleState, ScorePlugin } from "../../framework/interface.ts";
import type { NodeInfo } from "../../nodeInfo.ts";
import type { PodInfo } from "../../podInfo.ts";
import type { ClusterSnapshot } from "../../snapshot.ts";
import { maxNodeScore } from "../helper.ts";

// imagelocality/image_locality.go: mb, minThreshold = 23 MiB, maxContainerThreshold = 1000 MiB.
const mb = 1024 * 1024;
export const minThreshold = 23 * mb;
export const maxContainerThreshold = 1000 * mb;

export { normalizedImageName } from "../../podInfo.ts";

export class ImageLocality implements ScorePlugin {
  readonly name = "ImageLocality";
  private readonly snapshot: ClusterSnapshot;

  constructor(snapshot: ClusterSnapshot) {
    this.snapshot = snapshot;
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: number[]): void {
    for (let i = 0; i < nodes.length; i++) out[i] = this.score(state, pod, nodes[i] as NodeInfo);
  }

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const images = pod.imageNames;
    // A node with no images scores every container 0: the clamped minimum.
    if (nodeInfo.images.size === 0) return calculatePriority(0, images.length);
    const totalNumNodes = this.snapshot.numNodes;
    let sum = 0;
    for (const name of images) sum += this.scaledImageScore(nodeInfo, name, totalNumNodes);
    return calculatePriority(sum, images.length);
  }

  private scaledImageScore(nodeInfo: NodeInfo, name: string, totalNumNodes: number): number {
    const size = nodeInfo.images.get(name);
    if (size === undefined) return 0;
    const spread = this.snapshot.imageNumNodes(name) / totalNumNodes;
    return Math.trunc(size * spread);
  }
}

/** calculatePriority: the sum clamped to [23 MiB, 1000 MiB × containers], scaled to 0–100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = maxContainerThreshold * numContainers;
  let sum = sumScores;
  if (sum < minThreshold) sum = minThreshold;
  else if (sum > maxThreshold) sum = maxThreshold;
  return Math.trunc((maxNodeScore * (sum - minThreshold)) / (maxThreshold - minThreshold));
}
