import { describe, expect, it } from "vitest";
import {
  containerStartMs,
  type ImagePuller,
  planPodStart,
  sandboxCreationMs,
} from "../../../shared/sim/kubelet/index.ts";

const MB = 1_000_000;
/** 100 MB/s = 100 000 bytes per ms. */
const node: ImagePuller = {
  cachedImages: new Set(["registry.k8s.io/pause:3.10", "nginx:1.27"]),
  pullBytesPerMs: 100_000,
  pullSlotFreeAtMs: 0,
  serializeImagePulls: true,
};

describe("pod start: sandbox, image pull from size and bandwidth, image cache", () => {
  it("a cached image skips the pull", () => {
    const plan = planPodStart(node, [{ image: "nginx:1.27", sizeBytes: 70 * MB }], 0);
    expect(plan.runningAtMs).toBe(sandboxCreationMs + containerStartMs);
    expect(plan.stages.map((s) => s.kind)).toEqual(["sandbox", "alreadyPresent", "start"]);
  });

  it("an uncached 500 MB image at 100 MB/s pulls for 5 s and is cached after", () => {
    const plan = planPodStart(node, [{ image: "app:v2", sizeBytes: 500 * MB }], 0);
    expect(plan.runningAtMs).toBe(sandboxCreationMs + 5_000 + containerStartMs);
    expect(plan.puller.cachedImages.has("app:v2")).toBe(true);
    const again = planPodStart(plan.puller, [{ image: "app:v2", sizeBytes: 500 * MB }], 10_000);
    expect(again.runningAtMs).toBe(10_000 + sandboxCreationMs + containerStartMs);
  });

  it.each([
    { serializeImagePulls: true, secondRunningAtMs: 1_000 + 5_000 + 5_000 + containerStartMs },
    { serializeImagePulls: false, secondRunningAtMs: 1_000 + 5_000 + containerStartMs },
  ])(
    "serializeImagePulls $serializeImagePulls: two pods pulling different images",
    ({ serializeImagePulls, secondRunningAtMs }) => {
      const first = planPodStart(
        { ...node, serializeImagePulls },
        [{ image: "a:1", sizeBytes: 500 * MB }],
        0,
      );
      const second = planPodStart(first.puller, [{ image: "b:1", sizeBytes: 500 * MB }], 0);
      expect(second.runningAtMs).toBe(secondRunningAtMs);
    },
  );
});
