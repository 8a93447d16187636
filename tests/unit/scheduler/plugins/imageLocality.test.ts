/**
 * ImageLocality, translated from kubernetes/kubernetes
 * pkg/scheduler/framework/plugins/imagelocality/image_locality_test.go
 * (TestImageLocalityPriority, TestNormalizedImageName).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  ImageLocality,
  normalizedImageName,
} from "../../../../shared/sim/scheduler/plugins/ImageLocality/ImageLocality.ts";
import type { ContainerImage } from "../../../../shared/sim/scheduler/types.ts";
import { container, makeNode, makePod, makeSnapshot, nodeInfosOf, runScore } from "./fixtures.ts";

const mb = 1024 * 1024;
const image = (names: string[], sizeMB: number): ContainerImage => ({ names, sizeBytes: sizeMB * mb });
const spec = (images: string[], init: string[] = []) =>
  makePod("", {
    containers: images.map((i) => container({}, { image: i })),
    initContainers: init.map((i) => container({}, { image: i })),
  });

const node403002000 = [
  image(["gcr.io/40:latest", "gcr.io/40:v1", "gcr.io/40:v1"], 40),
  image(["gcr.io/300:latest", "gcr.io/300:v1"], 300),
  image(["gcr.io/2000:latest"], 2000),
];
const node25010 = [image(["gcr.io/250:latest"], 250), image(["gcr.io/10:latest", "gcr.io/10:v1"], 10)];
const node60040900 = [
  image(["gcr.io/600:latest"], 600),
  image(["gcr.io/40:latest"], 40),
  image(["gcr.io/900:latest"], 900),
];
const node300600900 = [
  image(["gcr.io/300:latest"], 300),
  image(["gcr.io/600:latest"], 600),
  image(["gcr.io/900:latest"], 900),
];
const node400030 = [image(["gcr.io/4000:latest"], 4000), image(["gcr.io/30:latest"], 30)];
const node203040 = [
  image(["gcr.io/20:latest"], 20),
  image(["gcr.io/30:latest"], 30),
  image(["gcr.io/40:latest"], 40),
];

describe("ImageLocality (TestImageLocalityPriority)", () => {
  const cases: {
    name: string;
    images: string[];
    init?: string[];
    nodes: ContainerImage[][];
    want: number[];
  }[] = [
    {
      name: "two images spread on two nodes, prefer the larger image one",
      images: ["gcr.io/40", "gcr.io/250"],
      nodes: [node403002000, node25010],
      want: [0, 5],
    },
    {
      name: "two images on one node, prefer this node",
      images: ["gcr.io/40", "gcr.io/300"],
      nodes: [node403002000, node25010],
      want: [7, 0],
    },
    {
      name: "if exceed limit, use limit",
      images: ["gcr.io/10", "gcr.io/4000"],
      nodes: [node400030, node25010],
      want: [100, 0],
    },
    {
      name: "if exceed limit, use limit (with node which has no images present)",
      images: ["gcr.io/10", "gcr.io/4000"],
      nodes: [node400030, node25010, []],
      want: [66, 0, 0],
    },
    {
      name: "pod with multiple large images, node2 is preferred",
      images: ["gcr.io/300", "gcr.io/600", "gcr.io/900"],
      nodes: [node60040900, node300600900, []],
      want: [32, 36, 0],
    },
    {
      name: "pod with multiple small images",
      images: ["gcr.io/30", "gcr.io/40"],
      nodes: [node203040, node400030],
      want: [1, 0],
    },
    {
      name: "include InitContainers: two images spread on two nodes, prefer the larger image one",
      images: ["gcr.io/30"],
      init: ["gcr.io/300"],
      nodes: [node403002000, node203040],
      want: [6, 0],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const nodes = c.nodes.map((images, i) => makeNode(`node${i + 1}`, { images }));
      const snapshot = makeSnapshot(nodes);
      const run = runScore(new ImageLocality(snapshot), spec(c.images, c.init), nodeInfosOf(snapshot, nodes));
      expect(run.raw).toEqual(c.want);
    });
  }
});

describe("normalizedImageName (TestNormalizedImageName)", () => {
  const digest = `sha256:${createHash("sha256").update("root").digest("hex")}`;
  const cases: [string, string, string][] = [
    ["add :latest postfix 1", "root", "root:latest"],
    ["add :latest postfix 2", "gcr.io:5000/root", "gcr.io:5000/root:latest"],
    ["keep it as is 1", "root:tag", "root:tag"],
    ["keep it as is 2", `root@${digest}`, `root@${digest}`],
  ];
  for (const [name, input, output] of cases) {
    it(name, () => {
      expect(normalizedImageName(input)).toBe(output);
    });
  }
});
