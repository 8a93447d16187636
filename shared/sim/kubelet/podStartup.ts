/**
 * Pod start on a node: the sandbox (pause container and network), the image pulls, then the
 * containers. Pull time comes from the image size and the node's pull bandwidth; an image already
 * in the node's cache is not pulled (imagePullPolicy IfNotPresent, the default for tagged images).
 */

/**
 * kubelet `serializeImagePulls` default true (kubelet config v1beta1 defaults): one pull at a time
 * per node, so a burst of pods on a fresh node waits behind each other's images.
 */
export const defaultSerializeImagePulls = true;

/**
 * Sandbox creation (pause container + CNI setup). Not a documented constant: a game choice well
 * inside the pod startup SLO (sig-scalability: p99 ≤ 5 s, excluding image pulls). The pause image is
 * pinned on every node, so it is never pulled.
 */
export const sandboxCreationMs = 1_000;
/** Container create + start through the runtime, per container. A game choice, as above. */
export const containerStartMs = 300;

/**
 * A failed pull (ErrImagePull) is retried with the kubelet's image back-off, the same 10 s doubling to
 * 300 s as CrashLoopBackOff (pkg/kubelet/kubelet.go: `imageBackOff := flowcontrol.NewBackOff(backOffPeriod,
 * MaxContainerBackOff)`); the waiting reason meanwhile is ImagePullBackOff. Use `restartAfterExit` for its times.
 */
export const imagePullBackOffReason = "ImagePullBackOff";

export interface ContainerImage {
  readonly image: string;
  readonly sizeBytes: number;
}

export interface ImagePuller {
  readonly cachedImages: ReadonlySet<string>;
  /** Bytes per ms the node downloads from its registry. */
  readonly pullBytesPerMs: number;
  /** With serialized pulls, when the node's single pull slot is free. */
  readonly pullSlotFreeAtMs: number;
  readonly serializeImagePulls: boolean;
}

export type StartStage =
  | { readonly kind: "sandbox"; readonly fromMs: number; readonly toMs: number }
  | { readonly kind: "pull"; readonly image: string; readonly fromMs: number; readonly toMs: number }
  | { readonly kind: "alreadyPresent"; readonly image: string; readonly atMs: number }
  | { readonly kind: "start"; readonly image: string; readonly fromMs: number; readonly toMs: number };

export interface PodStartPlan {
  readonly stages: readonly StartStage[];
  /** When every container runs: the pod's Running phase (readiness then depends on probes). */
  readonly runningAtMs: number;
  readonly puller: ImagePuller;
}

export function pullDurationMs(sizeBytes: number, pullBytesPerMs: number): number {
  return Math.ceil(sizeBytes / pullBytesPerMs);
}

/**
 * Plans a pod bound at `boundAtMs`: sandbox, then each container in order (kubelet starts
 * containers sequentially, pulling each image just before its container, EnsureImageExists in
 * kuberuntime_container.go startContainer). Images pulled are added to the node's cache.
 */
export function planPodStart(
  puller: ImagePuller,
  containers: readonly ContainerImage[],
  boundAtMs: number,
): PodStartPlan {
  const stages: StartStage[] = [];
  let t = boundAtMs + sandboxCreationMs;
  stages.push({ kind: "sandbox", fromMs: boundAtMs, toMs: t });
  const cached = new Set(puller.cachedImages);
  let slotFree = puller.pullSlotFreeAtMs;
  for (const c of containers) {
    if (cached.has(c.image)) {
      stages.push({ kind: "alreadyPresent", image: c.image, atMs: t });
    } else {
      const from = puller.serializeImagePulls ? Math.max(t, slotFree) : t;
      const to = from + pullDurationMs(c.sizeBytes, puller.pullBytesPerMs);
      stages.push({ kind: "pull", image: c.image, fromMs: from, toMs: to });
      if (puller.serializeImagePulls) slotFree = to;
      cached.add(c.image);
      t = to;
    }
    stages.push({ kind: "start", image: c.image, fromMs: t, toMs: t + containerStartMs });
    t += containerStartMs;
  }
  return { stages, runningAtMs: t, puller: { ...puller, cachedImages: cached, pullSlotFreeAtMs: slotFree } };
}
