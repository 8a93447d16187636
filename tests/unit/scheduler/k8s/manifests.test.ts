import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadManifests, ManifestError } from "../../../../shared/sim/scheduler/k8s/manifests.ts";

const node = `apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels: { topology.kubernetes.io/zone: zone-a }
spec:
  unschedulable: true
  taints:
    - { key: dedicated, value: gpu, effect: NoSchedule }
status:
  allocatable: { cpu: "3.5", memory: 12Gi, pods: "110", nvidia.com/gpu: "2" }
  images:
    - { names: [nginx:1.27], sizeBytes: 70000000 }
`;

const pod = `apiVersion: v1
kind: Pod
metadata: { name: web-1, labels: { app: web } }
spec:
  priorityClassName: system-cluster-critical
  nodeSelector: { disk: ssd }
  tolerations:
    - { key: dedicated, operator: Equal, value: gpu, effect: NoSchedule }
    - { operator: Exists }
  initContainers:
    - name: init
      resources: { requests: { cpu: "2", memory: 64Mi } }
  containers:
    - name: app
      image: nginx:1.27
      resources: { requests: { cpu: 500m }, limits: { cpu: "1", memory: 128Mi } }
      ports: [{ containerPort: 80, hostPort: 8080 }]
    - name: sidecar
      resources: { requests: { cpu: 250m, memory: 512Mi } }
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
          - matchExpressions: [{ key: cores, operator: Gt, values: ["4"] }]
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 5
          preference: { matchExpressions: [{ key: zone, operator: In, values: [a, b] }] }
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - labelSelector: { matchLabels: { app: web } }
          topologyKey: kubernetes.io/hostname
  topologySpreadConstraints:
    - maxSkew: 1
      topologyKey: topology.kubernetes.io/zone
      whenUnsatisfiable: DoNotSchedule
      minDomains: 3
      labelSelector: { matchLabels: { app: web } }
`;

describe("Kubernetes objects in", () => {
  it("converts a Node: labels, allocatable in milliCPU and bytes, taints, cordon, images", () => {
    const { nodes } = loadManifests(node);
    expect(nodes).toEqual([
      {
        name: "node-a",
        labels: { "topology.kubernetes.io/zone": "zone-a" },
        allocatable: {
          milliCPU: 3500,
          memory: 12 * 1024 ** 3,
          ephemeralStorage: 0,
          pods: 110,
          scalar: { "nvidia.com/gpu": 2 },
        },
        taints: [{ key: "dedicated", value: "gpu", effect: "NoSchedule" }],
        unschedulable: true,
        images: [{ names: ["nginx:1.27"], sizeBytes: 70000000 }],
      },
    ]);
  });

  it("takes status.capacity when allocatable is absent", () => {
    const { nodes } = loadManifests(
      "apiVersion: v1\nkind: Node\nmetadata: { name: n }\nstatus: { capacity: { cpu: 2, memory: 1Gi, pods: 10 } }\n",
    );
    expect(nodes[0]?.allocatable.milliCPU).toBe(2000);
  });

  it("converts a Pod: requests default from limits; effective request is max(Σ containers, init)", () => {
    const [p] = loadManifests(pod).pods;
    expect(p?.namespace).toBe("default");
    expect(p?.priority).toBe(2000000000);
    expect(p?.containers[0]?.requests.milliCPU).toBe(500);
    expect(p?.containers[0]?.requests.memory).toBe(128 * 1024 ** 2);
    // cpu: max(500m + 250m, 2) = 2000m; memory: max(128Mi + 512Mi, 64Mi) = 640Mi.
    expect(p?.requests.milliCPU).toBe(2000);
    expect(p?.requests.memory).toBe(640 * 1024 ** 2);
    expect(p?.containers[0]?.requestedResources).toEqual(["cpu", "memory"]);
    // Limits are kept as written (null where none): the kubelet and the player read them.
    expect(p?.containers[0]?.limits).toEqual({ milliCPU: 1000, memoryBytes: 128 * 1024 ** 2 });
    expect(p?.containers[1]?.limits).toEqual({ milliCPU: null, memoryBytes: null });
    expect(p?.containers[0]?.ports).toEqual([
      { containerPort: 80, hostPort: 8080, protocol: "TCP", hostIP: "" },
    ]);
    expect(p?.tolerations[1]).toEqual({ key: "", operator: "Exists", value: "", effect: "" });
    expect(p?.affinity.nodeAffinity?.required?.[0]?.matchExpressions[0]).toEqual({
      key: "cores",
      operator: "Gt",
      values: ["4"],
    });
    expect(p?.affinity.nodeAffinity?.preferred[0]?.weight).toBe(5);
    expect(p?.affinity.podAntiAffinity?.required[0]?.topologyKey).toBe("kubernetes.io/hostname");
    expect(p?.topologySpreadConstraints[0]).toMatchObject({
      maxSkew: 1,
      minDomains: 3,
      nodeAffinityPolicy: "Honor",
      nodeTaintsPolicy: "Ignore",
    });
  });

  it("built-in priority classes: system-node-critical is 2000001000", () => {
    const text =
      "apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { priorityClassName: system-node-critical, containers: [{ name: c }] }\n";
    expect(loadManifests(text).pods[0]?.priority).toBe(2000001000);
  });

  it("accepts JSON and kind: List", () => {
    const json = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [
        { apiVersion: "v1", kind: "Node", metadata: { name: "j" }, status: { allocatable: { cpu: "1" } } },
      ],
    });
    expect(loadManifests(json).nodes[0]?.name).toBe("j");
  });

  it("reads a KubeSchedulerConfiguration: weights, scoring strategy, percentage, back-off, hardPodAffinityWeight", () => {
    const { config } = loadManifests(`apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 30
podInitialBackoffSeconds: 2
podMaxBackoffSeconds: 20
profiles:
  - schedulerName: default-scheduler
    plugins:
      score:
        disabled: [{ name: ImageLocality }]
        enabled: [{ name: NodeResourcesFit, weight: 5 }]
    pluginConfig:
      - name: NodeResourcesFit
        args:
          scoringStrategy:
            type: RequestedToCapacityRatio
            resources: [{ name: cpu, weight: 3 }, { name: memory, weight: 1 }]
            requestedToCapacityRatio:
              shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }]
      - name: InterPodAffinity
        args: { hardPodAffinityWeight: 7 }
`);
    expect(config.scoreWeights).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      PodTopologySpread: 2,
      InterPodAffinity: 2,
      NodeResourcesFit: 5,
      NodeResourcesBalancedAllocation: 1,
    });
    expect(config.scoringStrategy).toEqual({
      type: "RequestedToCapacityRatio",
      resources: [
        { name: "cpu", weight: 3 },
        { name: "memory", weight: 1 },
      ],
      shape: [
        { utilization: 0, score: 0 },
        { utilization: 100, score: 10 },
      ],
    });
    expect([
      config.percentageOfNodesToScore,
      config.podInitialBackoffSeconds,
      config.podMaxBackoffSeconds,
      config.hardPodAffinityWeight,
    ]).toEqual([30, 2, 20, 7]);
  });

  it("defaults when no configuration is given: LeastAllocated cpu 1 memory 1, default weights", () => {
    const { config } = loadManifests(node);
    expect(config.scoringStrategy.type).toBe("LeastAllocated");
    expect(config.scoreWeights.TaintToleration).toBe(3);
  });
});

const podWith = (spec: string) =>
  `apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { cpu: "1" } }\n---\napiVersion: v1\nkind: Pod\nmetadata: { name: web-1 }\nspec:\n${spec}\n`;
const config = (body: string) =>
  `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n${body}\n`;

// Every error names the document, the object and the field path; nothing is half-loaded.
const errors: readonly { rule: string; text: string; message: string }[] = [
  {
    rule: "bad quantity",
    text: podWith("  containers: [{ name: c, resources: { requests: { cpu: 12x } } }]"),
    message: 'document 2 (Pod web-1): spec.containers[0].resources.requests.cpu: invalid quantity "12x"',
  },
  {
    rule: "negative request",
    text: podWith("  containers: [{ name: c, resources: { requests: { memory: -1Gi } } }]"),
    message:
      'document 2 (Pod web-1): spec.containers[0].resources.requests.memory: must be greater than or equal to 0, got "-1Gi"',
  },
  {
    rule: "unknown kind",
    text: "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\n",
    message:
      'document 1: kind: unsupported kind "Deployment" (expected Node, Pod or KubeSchedulerConfiguration)',
  },
  {
    rule: "missing kind",
    text: "apiVersion: v1\nmetadata: { name: d }\n",
    message: "document 1: kind: required",
  },
  {
    rule: "wrong apiVersion",
    text: "apiVersion: v2\nkind: Node\nmetadata: { name: d }\n",
    message: 'document 1: apiVersion: expected "v1" for Node, got "v2"',
  },
  {
    rule: "bad taint effect",
    text: "apiVersion: v1\nkind: Node\nmetadata: { name: n }\nspec: { taints: [{ key: a, effect: NoScheduleX }] }\nstatus: { allocatable: { cpu: 1 } }\n",
    message:
      'document 1 (Node n): spec.taints[0].effect: unsupported value "NoScheduleX" (expected one of NoSchedule, PreferNoSchedule, NoExecute)',
  },
  {
    rule: "taint without effect",
    text: "apiVersion: v1\nkind: Node\nmetadata: { name: n }\nspec: { taints: [{ key: a }] }\nstatus: { allocatable: { cpu: 1 } }\n",
    message: "document 1 (Node n): spec.taints[0].effect: required",
  },
  {
    rule: "node without allocatable",
    text: "apiVersion: v1\nkind: Node\nmetadata: { name: n }\n",
    message: "document 1 (Node n): status.allocatable: required (or status.capacity)",
  },
  {
    rule: "missing name",
    text: "apiVersion: v1\nkind: Node\nmetadata: {}\n",
    message: "document 1: metadata.name: required",
  },
  {
    rule: "label value not a string",
    text: "apiVersion: v1\nkind: Node\nmetadata: { name: n, labels: { gpu: true } }\nstatus: { allocatable: { cpu: 1 } }\n",
    message: "document 1 (Node n): metadata.labels.gpu: expected a string, got boolean true",
  },
  {
    rule: "wrong type",
    text: podWith("  containers: { name: c }"),
    message: "document 2 (Pod web-1): spec.containers: expected a list, got an object",
  },
  {
    rule: "no containers",
    text: podWith("  nodeName: n1"),
    message: "document 2 (Pod web-1): spec.containers: must have at least one container",
  },
  {
    rule: "unknown operator",
    text: podWith(
      "  containers: [{ name: c }]\n  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: k, operator: Has, values: [a] }] }] } } }",
    ),
    message:
      'document 2 (Pod web-1): spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: unsupported value "Has" (expected one of In, NotIn, Exists, DoesNotExist, Gt, Lt)',
  },
  {
    rule: "Gt in a label selector",
    text: podWith(
      "  containers: [{ name: c }]\n  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: z, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchExpressions: [{ key: k, operator: Gt, values: ['1'] }] } }]",
    ),
    message:
      'document 2 (Pod web-1): spec.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator: unsupported value "Gt" (expected one of In, NotIn, Exists, DoesNotExist)',
  },
  {
    rule: "In without values",
    text: podWith(
      "  containers: [{ name: c }]\n  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: k, operator: In }] }] } } }",
    ),
    message:
      "document 2 (Pod web-1): spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: must be non-empty for operator In",
  },
  {
    rule: "preferred weight out of range",
    text: podWith(
      "  containers: [{ name: c }]\n  affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: { topologyKey: z } }] } }",
    ),
    message:
      "document 2 (Pod web-1): spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: must be an integer in the range 1-100",
  },
  {
    rule: "toleration operator",
    text: podWith("  containers: [{ name: c }]\n  tolerations: [{ key: a, operator: Matches }]"),
    message:
      'document 2 (Pod web-1): spec.tolerations[0].operator: unsupported value "Matches" (expected one of Equal, Exists)',
  },
  {
    rule: "Exists toleration with a value",
    text: podWith("  containers: [{ name: c }]\n  tolerations: [{ key: a, operator: Exists, value: b }]"),
    message: "document 2 (Pod web-1): spec.tolerations[0].value: must be empty when operator is Exists",
  },
  {
    rule: "maxSkew zero",
    text: podWith(
      "  containers: [{ name: c }]\n  topologySpreadConstraints: [{ maxSkew: 0, topologyKey: z, whenUnsatisfiable: DoNotSchedule }]",
    ),
    message: "document 2 (Pod web-1): spec.topologySpreadConstraints[0].maxSkew: must be greater than zero",
  },
  {
    rule: "minDomains with ScheduleAnyway",
    text: podWith(
      "  containers: [{ name: c }]\n  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: z, whenUnsatisfiable: ScheduleAnyway, minDomains: 2 }]",
    ),
    message:
      "document 2 (Pod web-1): spec.topologySpreadConstraints[0].minDomains: can only be used with whenUnsatisfiable DoNotSchedule",
  },
  {
    rule: "unknown priority class",
    text: podWith("  containers: [{ name: c }]\n  priorityClassName: gold"),
    message:
      'document 2 (Pod web-1): spec.priorityClassName: unknown priority class "gold" (set spec.priority, or use system-cluster-critical / system-node-critical)',
  },
  {
    rule: "priority not an integer",
    text: podWith("  containers: [{ name: c }]\n  priority: 1.5"),
    message: "document 2 (Pod web-1): spec.priority: expected an integer, got number 1.5",
  },
  {
    rule: "startTime not RFC 3339",
    text: podWith("  containers: [{ name: c }]\nstatus: { startTime: yesterday }"),
    message:
      'document 2 (Pod web-1): status.startTime: expected an RFC 3339 UTC time like 2026-11-22T10:00:00Z, got "yesterday"',
  },
  {
    rule: "container port out of range",
    text: podWith("  containers: [{ name: c, ports: [{ containerPort: 70000 }] }]"),
    message: "document 2 (Pod web-1): spec.containers[0].ports[0].containerPort: must be between 1 and 65535",
  },
  {
    rule: "duplicate pod",
    text: `${podWith("  containers: [{ name: c }]")}---\napiVersion: v1\nkind: Pod\nmetadata: { name: web-1 }\nspec: { containers: [{ name: c }] }\n`,
    message: 'document 3 (Pod web-1): metadata.name: duplicate Pod "default/web-1"',
  },
  {
    rule: "invalid YAML",
    text: "apiVersion: v1\nkind: Node\n  metadata: [",
    message: "document 1: invalid YAML:",
  },
  {
    rule: "unknown score plugin",
    text: config("profiles: [{ plugins: { score: { enabled: [{ name: NodeResourcesFitt, weight: 2 }] } } }]"),
    message:
      'document 1 (KubeSchedulerConfiguration): profiles[0].plugins.score.enabled[0].name: unknown plugin "NodeResourcesFitt"',
  },
  {
    rule: "unknown scoring strategy",
    text: config(
      "profiles: [{ pluginConfig: [{ name: NodeResourcesFit, args: { scoringStrategy: { type: Balanced } } }] }]",
    ),
    message:
      'document 1 (KubeSchedulerConfiguration): profiles[0].pluginConfig[0].args.scoringStrategy.type: unsupported value "Balanced" (expected one of LeastAllocated, MostAllocated, RequestedToCapacityRatio)',
  },
  {
    rule: "shape not increasing",
    text: config(
      "profiles: [{ pluginConfig: [{ name: NodeResourcesFit, args: { scoringStrategy: { type: RequestedToCapacityRatio, requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 50, score: 2 }] } } } }] }]",
    ),
    message:
      "document 1 (KubeSchedulerConfiguration): profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: utilization values must be sorted in increasing order",
  },
  {
    rule: "shape score above 10",
    text: config(
      "profiles: [{ pluginConfig: [{ name: NodeResourcesFit, args: { scoringStrategy: { type: RequestedToCapacityRatio, requestedToCapacityRatio: { shape: [{ utilization: 0, score: 11 }] } } } }] }]",
    ),
    message:
      "document 1 (KubeSchedulerConfiguration): profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[0].score: must be in the range 0-10",
  },
  {
    rule: "percentage above 100",
    text: config("percentageOfNodesToScore: 150"),
    message: "document 1 (KubeSchedulerConfiguration): percentageOfNodesToScore: must be in the range 0-100",
  },
  {
    rule: "max back-off below initial",
    text: config("podInitialBackoffSeconds: 5\npodMaxBackoffSeconds: 2"),
    message:
      "document 1 (KubeSchedulerConfiguration): podMaxBackoffSeconds: must be greater than or equal to podInitialBackoffSeconds",
  },
  {
    rule: "hardPodAffinityWeight out of range",
    text: config(
      "profiles: [{ pluginConfig: [{ name: InterPodAffinity, args: { hardPodAffinityWeight: 101 } }] }]",
    ),
    message:
      "document 1 (KubeSchedulerConfiguration): profiles[0].pluginConfig[0].args.hardPodAffinityWeight: must be in the range 0-100",
  },
  {
    rule: "wrong config apiVersion",
    text: "apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n",
    message:
      'document 1: apiVersion: expected "kubescheduler.config.k8s.io/v1", got "kubescheduler.config.k8s.io/v1beta3"',
  },
];

describe("invalid input is rejected whole, naming the document and field", () => {
  it.each(errors)("$rule", ({ text, message }) => {
    let caught: unknown;
    try {
      loadManifests(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    // Compare the prefix so the YAML parser's own wording after "invalid YAML:" may change.
    expect((caught as Error).message.slice(0, message.length)).toBe(message);
  });
});

describe("the shipped examples", () => {
  const folder = new URL("../../../../shared/scheduler-examples/", import.meta.url);
  it.each(readdirSync(folder).filter((name) => name.endsWith(".yaml")))("%s loads", (name) => {
    const manifests = loadManifests(readFileSync(new URL(name, folder), "utf8"));
    expect(manifests.nodes.length).toBeGreaterThan(0);
  });
  it.each(readdirSync(new URL("broken/", folder)))("broken/%s is rejected", (name) => {
    expect(() => loadManifests(readFileSync(new URL(`broken/${name}`, folder), "utf8"))).toThrow(
      ManifestError,
    );
  });
});
