import { z } from "zod";
import { isDns1123Subdomain, isLabelValue, isQualifiedName } from "../kubeNames.ts";
import { kubeProxyModes } from "../network/kubeProxy.ts";
import {
  controlPlaneComponents,
  type Fault,
  type FaultKind,
  faultKinds,
  type Taint,
  timedFaultKinds,
} from "./faults.ts";
import {
  type ChaosCard,
  type Container,
  type IntOrPercent,
  type Labels,
  type Localized,
  type ObjectiveCheck,
  objectiveKinds,
  type PodTemplate,
  type Probe,
  type ProbeHandler,
  type Toleration,
  type TrafficPoint,
} from "./types.ts";
import {
  type Parsed,
  parseBytes,
  parseDuration,
  parseMilliCPU,
  parseMultiplier,
  parsePercent,
} from "./units.ts";

/**
 * The scenario file format, as zod schemas that read the YAML a facilitator writes and return
 * normalized values. Cross-references (a fault naming a node that exists) are checked afterwards
 * by the loader, once every name is known.
 *
 * Manifests follow Kubernetes' own field names (a Node's `status.capacity`, a Deployment's
 * `spec.template.spec.containers`), so a real manifest can be pasted in. Additions the game
 * needs and Kubernetes has no field for are marked "game extension".
 */

// ————— primitives with messages a facilitator can act on —————

export function show(input: unknown): string {
  return input === undefined ? "nothing" : JSON.stringify(input);
}

const say =
  (expected: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? "required, but missing" : `${expected}, got ${show(issue.input)}`;

function fromParser<T>(parser: (input: unknown) => Parsed<T>) {
  return z.unknown().transform((input, ctx): T => {
    if (input === undefined) {
      ctx.addIssue({ code: "custom", message: "required, but missing", input });
      return z.NEVER;
    }
    const parsed = parser(input);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: "custom", message: parsed.error, input });
    return z.NEVER;
  });
}

export const durationMs = fromParser((input) => parseDuration(input));
export const signedDurationMs = fromParser((input) => parseDuration(input, { signed: true }));
export const milliCPU = fromParser(parseMilliCPU);
export const bytes = fromParser(parseBytes);
export const fraction = fromParser(parsePercent);
export const multiplier = fromParser(parseMultiplier);

export function wholeNumber(min = 0, max?: number) {
  const expected =
    max === undefined ? `expected a whole number ≥ ${min}` : `expected a whole number from ${min} to ${max}`;
  const error = say(expected);
  const number = z.number({ error }).int({ error }).min(min, { error });
  return max === undefined ? number : number.max(max, { error });
}

const positiveNumber = z
  .number({ error: say("expected a number > 0") })
  .positive({ error: say("expected a number > 0") });
const text = z
  .string({ error: say("expected text") })
  .trim()
  .min(1, { error: "expected text, got an empty string" });
const flag = z.boolean({ error: say("expected true or false") });

// Kubernetes object names are DNS-1123 subdomains, label keys qualified names (../kubeNames.ts).
export const objectName = z
  .string({ error: say("expected a name") })
  .max(253, { error: say("a name has at most 253 characters") })
  .refine(isDns1123Subdomain, { error: say("expected a lowercase name of letters, digits, '-' and '.'") });

const labelValue = z
  .string({ error: say("expected a label value as text (quote numbers and true/false)") })
  .refine(isLabelValue, {
    error: say("expected a label value of at most 63 letters, digits, '-', '_' or '.'"),
  });
export const labels = z.record(
  z
    .string()
    .refine(isQualifiedName, { error: say("expected a label key like app or topology.kubernetes.io/zone") }),
  labelValue,
) satisfies z.ZodType<Labels>;

const HANGUL = /[\uac00-\ud7a3]/;
export const localized = z.strictObject({
  en: text,
  ko: text.refine((value) => HANGUL.test(value), { error: "expected Korean text (written in Hangul)" }),
}) satisfies z.ZodType<Localized>;

const intOrPercent = z
  .union([wholeNumber(0), z.string()], { error: say("expected a count or a percentage") })
  .transform((input, ctx): IntOrPercent => {
    if (typeof input === "number") return { count: input };
    const parsed = parsePercent(input);
    if (parsed.ok) return { fraction: parsed.value };
    ctx.addIssue({
      code: "custom",
      message: `expected a count or a percentage like 25%, got ${show(input)}`,
      input,
    });
    return z.NEVER;
  });

const taintEffect = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);
export const taint = z
  .strictObject({ key: text, value: labelValue.prefault(""), effect: taintEffect })
  .transform((t): Taint => ({ key: t.key, value: t.value, effect: t.effect }));

const metadata = z.strictObject({
  name: objectName,
  labels: labels.prefault({}),
  annotations: z.record(z.string(), z.string()).optional(),
});

/** Game extension: `count: 3` stands for three copies named `<name>-1` … `<name>-3`. */
const count = wholeNumber(1, 10_000).optional();

// ————— cluster manifests —————

// kubelet --max-pods default 110 (kubelet configuration `maxPods`).
export const DEFAULT_MAX_PODS = 110;
const nodeResources = z
  .strictObject({
    cpu: milliCPU,
    memory: bytes,
    pods: wholeNumber(1, 1000).prefault(DEFAULT_MAX_PODS),
    // Game assumption: a node's root disk when the file does not say.
    "ephemeral-storage": bytes.prefault("100Gi"),
  })
  .transform((r) => ({
    milliCPU: r.cpu,
    memoryBytes: r.memory,
    pods: r.pods,
    ephemeralStorageBytes: r["ephemeral-storage"],
  }));

const nodeManifest = z.strictObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("Node"),
  count,
  metadata,
  spec: z
    .strictObject({
      taints: z.array(taint).prefault([]),
      unschedulable: flag.prefault(false),
    })
    .prefault({}),
  status: z.strictObject({
    capacity: nodeResources,
    allocatable: nodeResources.optional(),
    images: z
      .array(z.strictObject({ names: z.array(text).min(1), sizeBytes: wholeNumber(0).optional() }))
      .prefault([]),
  }),
});

const port = wholeNumber(1, 65535);

const probe = z
  .strictObject({
    httpGet: z
      .strictObject({ path: text.prefault("/"), port, scheme: z.enum(["HTTP", "HTTPS"]).optional() })
      .optional(),
    tcpSocket: z.strictObject({ port }).optional(),
    exec: z.strictObject({ command: z.array(text).min(1) }).optional(),
    // Kubernetes probe defaults (k8s.io/api core/v1 Probe; kubernetes.io "Configure Liveness, Readiness
    // and Startup Probes"): initialDelaySeconds 0, periodSeconds 10, timeoutSeconds 1,
    // successThreshold 1, failureThreshold 3.
    initialDelaySeconds: wholeNumber(0).prefault(0),
    periodSeconds: wholeNumber(1).prefault(10),
    timeoutSeconds: wholeNumber(1).prefault(1),
    successThreshold: wholeNumber(1).prefault(1),
    failureThreshold: wholeNumber(1).prefault(3),
  })
  .transform((p, ctx): Probe => {
    const handlers: ProbeHandler[] = [];
    if (p.httpGet) handlers.push({ httpGet: { path: p.httpGet.path, port: p.httpGet.port } });
    if (p.tcpSocket) handlers.push({ tcpSocket: { port: p.tcpSocket.port } });
    if (p.exec) handlers.push({ exec: { command: p.exec.command } });
    if (handlers.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: "a probe needs exactly one of httpGet, tcpSocket or exec",
        input: p,
      });
      return z.NEVER;
    }
    return {
      handler: handlers[0]!,
      initialDelayMs: p.initialDelaySeconds * 1000,
      periodMs: p.periodSeconds * 1000,
      timeoutMs: p.timeoutSeconds * 1000,
      successThreshold: p.successThreshold,
      failureThreshold: p.failureThreshold,
    };
  });

const container = z
  .strictObject({
    name: objectName,
    image: text,
    /** Game extension: the compressed size pulled from the registry; drives image pull time. */
    imageSize: bytes.prefault("100Mi"),
    ports: z.array(z.strictObject({ containerPort: port, name: z.string().optional() })).optional(),
    resources: z
      .strictObject({
        requests: z.strictObject({ cpu: milliCPU.optional(), memory: bytes.optional() }).prefault({}),
        limits: z.strictObject({ cpu: milliCPU.optional(), memory: bytes.optional() }).prefault({}),
      })
      .prefault({}),
    livenessProbe: probe.optional(),
    readinessProbe: probe.optional(),
    startupProbe: probe.optional(),
  })
  .transform(
    (c): Container => ({
      name: c.name,
      image: c.image,
      imageSizeBytes: c.imageSize,
      // Kubernetes defaults requests to limits when only limits are given (core/v1 defaulting).
      requests: {
        milliCPU: c.resources.requests.cpu ?? c.resources.limits.cpu ?? 0,
        memoryBytes: c.resources.requests.memory ?? c.resources.limits.memory ?? 0,
      },
      limits: { milliCPU: c.resources.limits.cpu ?? null, memoryBytes: c.resources.limits.memory ?? null },
      livenessProbe: c.livenessProbe ?? null,
      readinessProbe: c.readinessProbe ?? null,
      startupProbe: c.startupProbe ?? null,
    }),
  );

const toleration = z
  .strictObject({
    key: z.string().optional(),
    operator: z.enum(["Equal", "Exists"]).prefault("Equal"),
    value: z.string().prefault(""),
    effect: taintEffect.optional(),
    tolerationSeconds: wholeNumber(0).optional(),
  })
  .transform(
    (t): Toleration => ({
      key: t.key ?? null,
      operator: t.operator,
      value: t.value,
      effect: t.effect ?? null,
      tolerationSeconds: t.tolerationSeconds ?? null,
    }),
  );

const podTemplate = z
  .strictObject({
    metadata: z.strictObject({ labels }),
    spec: z.strictObject({
      priorityClassName: objectName.optional(),
      nodeSelector: labels.prefault({}),
      tolerations: z.array(toleration).prefault([]),
      // terminationGracePeriodSeconds default 30 (core/v1 PodSpec).
      terminationGracePeriodSeconds: wholeNumber(0).prefault(30),
      containers: z.array(container).min(1, { error: "a pod needs at least one container" }),
    }),
  })
  .transform(
    (t): PodTemplate => ({
      labels: t.metadata.labels,
      priorityClassName: t.spec.priorityClassName ?? null,
      nodeSelector: t.spec.nodeSelector,
      tolerations: t.spec.tolerations,
      terminationGracePeriodMs: t.spec.terminationGracePeriodSeconds * 1000,
      containers: t.spec.containers,
    }),
  );

/**
 * Game extension: how the application behaves. Defaults are game assumptions, not measurements:
 * a core serves 200 requests/s at 20 ms each; the app is ready 5 s after its container starts.
 */
const behaviour = z
  .strictObject({
    requestsPerCore: positiveNumber.prefault(200),
    baseLatency: durationMs.prefault("20ms"),
    memoryUsage: bytes.optional(),
    // How much more memory each container uses every minute it runs (a cache that grows, a leak).
    memoryGrowthPerMinute: bytes.prefault(0),
    startupTime: durationMs.prefault("5s"),
  })
  .prefault({});

const deploymentManifest = z.strictObject({
  apiVersion: z.literal("apps/v1").optional(),
  kind: z.literal("Deployment"),
  metadata,
  spec: z.strictObject({
    // Deployment spec.replicas defaults to 1 (apps/v1 defaulting).
    replicas: wholeNumber(0).prefault(1),
    selector: z.strictObject({ matchLabels: labels }),
    strategy: z
      .strictObject({
        type: z.literal("RollingUpdate").optional(),
        // maxSurge and maxUnavailable default to 25% (apps/v1 defaulting).
        rollingUpdate: z
          .strictObject({
            maxSurge: intOrPercent.prefault("25%"),
            maxUnavailable: intOrPercent.prefault("25%"),
          })
          .prefault({}),
      })
      .prefault({}),
    template: podTemplate,
  }),
  behaviour,
});

const serviceManifest = z.strictObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("Service"),
  count,
  metadata,
  spec: z.strictObject({
    type: z.enum(["ClusterIP", "NodePort", "LoadBalancer"]).optional(),
    selector: labels,
    ports: z
      .array(
        z.strictObject({
          name: z.string().optional(),
          protocol: z.enum(["TCP", "UDP"]).optional(),
          port,
          targetPort: port.optional(),
        }),
      )
      .min(1, { error: "a service needs at least one port" }),
  }),
});

const hpaManifest = z.strictObject({
  apiVersion: z.literal("autoscaling/v2").optional(),
  kind: z.literal("HorizontalPodAutoscaler"),
  metadata,
  spec: z.strictObject({
    scaleTargetRef: z.strictObject({
      apiVersion: z.literal("apps/v1").optional(),
      kind: z.literal("Deployment"),
      name: objectName,
    }),
    // autoscaling/v2 minReplicas defaults to 1.
    minReplicas: wholeNumber(1).prefault(1),
    maxReplicas: wholeNumber(1),
    metrics: z
      .array(
        z.strictObject({
          type: z.literal("Resource"),
          resource: z.strictObject({
            name: z.literal("cpu"),
            target: z.strictObject({
              type: z.literal("Utilization"),
              averageUtilization: wholeNumber(1, 1000),
            }),
          }),
        }),
      )
      .length(1, { error: "the game's HPA follows one metric: CPU utilization" }),
  }),
});

const priorityClassManifest = z.strictObject({
  apiVersion: z.literal("scheduling.k8s.io/v1").optional(),
  kind: z.literal("PriorityClass"),
  metadata,
  // User-defined priority classes may not exceed one billion (scheduling/v1 validation;
  // higher values are reserved for system-cluster-critical and system-node-critical).
  value: z
    .number({ error: say("expected a whole number ≤ 1000000000") })
    .int({ error: say("expected a whole number ≤ 1000000000") })
    .max(1_000_000_000, { error: say("expected a whole number ≤ 1000000000") }),
  globalDefault: flag.prefault(false),
  preemptionPolicy: z.enum(["PreemptLowerPriority", "Never"]).prefault("PreemptLowerPriority"),
  description: z.string().optional(),
});

/**
 * A PodDisruptionBudget (policy/v1): how many of the selected pods voluntary evictions (the Eviction
 * API, which kubectl drain uses) must leave healthy. Exactly one of minAvailable and maxUnavailable
 * (policy/v1 validation); unhealthyPodEvictionPolicy defaults to IfHealthyBudget (k8s.io/api
 * policy/v1 types.go, GA in v1.31).
 */
const podDisruptionBudgetManifest = z
  .strictObject({
    apiVersion: z.literal("policy/v1").optional(),
    kind: z.literal("PodDisruptionBudget"),
    metadata,
    spec: z.strictObject({
      minAvailable: intOrPercent.optional(),
      maxUnavailable: intOrPercent.optional(),
      selector: z.strictObject({ matchLabels: labels }),
      unhealthyPodEvictionPolicy: z.enum(["IfHealthyBudget", "AlwaysAllow"]).prefault("IfHealthyBudget"),
    }),
  })
  .refine((pdb) => (pdb.spec.minAvailable === undefined) !== (pdb.spec.maxUnavailable === undefined), {
    error: say("a PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable"),
    path: ["spec"],
  });

const cpuAndMemory = z
  .strictObject({ cpu: milliCPU.optional(), memory: bytes.optional() })
  .transform((r) => ({
    ...(r.cpu !== undefined ? { milliCPU: r.cpu } : {}),
    ...(r.memory !== undefined ? { memoryBytes: r.memory } : {}),
  }));

/** A LimitRange of the default namespace: per-container defaults and bounds (type Container only). */
const limitRangeManifest = z.strictObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("LimitRange"),
  metadata,
  spec: z.strictObject({
    limits: z
      .array(
        z.strictObject({
          type: z.literal("Container", { error: say("the game's LimitRange items are of type Container") }),
          default: cpuAndMemory.optional(),
          defaultRequest: cpuAndMemory.optional(),
          min: cpuAndMemory.optional(),
          max: cpuAndMemory.optional(),
        }),
      )
      .min(1),
  }),
});

/** A ResourceQuota of the default namespace on pods, requests and limits of CPU and memory. */
const resourceQuotaManifest = z.strictObject({
  apiVersion: z.literal("v1").optional(),
  kind: z.literal("ResourceQuota"),
  metadata,
  spec: z.strictObject({
    hard: z.strictObject({
      pods: wholeNumber(0).optional(),
      "requests.cpu": milliCPU.optional(),
      "requests.memory": bytes.optional(),
      "limits.cpu": milliCPU.optional(),
      "limits.memory": bytes.optional(),
    }),
  }),
});

export const manifest = z.discriminatedUnion("kind", [
  nodeManifest,
  deploymentManifest,
  serviceManifest,
  hpaManifest,
  priorityClassManifest,
  limitRangeManifest,
  resourceQuotaManifest,
  podDisruptionBudgetManifest,
]);
export type ManifestDocument = z.output<typeof manifest>;

// ————— control plane —————

const etcdMember = z.strictObject({ name: objectName, zone: z.string().optional() });

const etcd = z.strictObject({
  // A count names the members etcd-1 … etcd-N; a list names them and places them in zones.
  members: z.union([wholeNumber(1, 7), z.array(etcdMember).min(1).max(7)], {
    error: say("expected a member count from 1 to 7 or a list of members"),
  }),
  // etcd defaults: --heartbeat-interval 100 ms, --election-timeout 1000 ms (etcd docs, "Tuning").
  heartbeatInterval: durationMs.prefault("100ms"),
  electionTimeout: durationMs.prefault("1000ms"),
  // Game assumption: a healthy SSD's fsync; etcd's hardware guide asks for a p99 WAL fsync under 10 ms.
  fsyncLatency: durationMs.prefault("2ms"),
  // etcd --quota-backend-bytes default 2 GiB.
  quotaBackendBytes: bytes.prefault("2Gi"),
  // etcd-io/raft raft.go Config.ReadOnlyOption: etcd runs ReadOnlySafe (a ReadIndex confirmed by a
  // round of heartbeats) and has no flag for the other; `leaseBased` is raft's ReadOnlyLeaseBased,
  // which other etcd-io/raft users choose, here as a scenario's what-if. Not set: safe.
  readOnlyOption: z.enum(["safe", "leaseBased"]).optional(),
});

const apiServer = z
  .strictObject({
    replicas: z
      .union([z.literal(1), z.literal(3)], { error: say("expected 1 or 3 API servers") })
      .prefault(1),
    // kube-apiserver flags --max-requests-inflight (default 400) and
    // --max-mutating-requests-inflight (default 200).
    maxRequestsInflight: wholeNumber(1).prefault(400),
    maxMutatingRequestsInflight: wholeNumber(1).prefault(200),
    // kube-apiserver --enable-priority-and-fairness defaults to true (APF is GA since v1.29).
    priorityAndFairness: flag.prefault(true),
    // CPU cores of each control-plane machine for kube-apiserver. Game setting, default 8; kubeadm
    // asks for at least 2 CPUs on a control-plane machine.
    cores: wholeNumber(1).prefault(8),
    // Control-plane processes not running when the round starts (their static pod manifests moved
    // out of /etc/kubernetes/manifests): [{ component: kube-controller-manager, machine: apiserver-2 }].
    stopped: z
      .array(z.strictObject({ component: z.enum(controlPlaneComponents), machine: objectName }))
      .prefault([]),
  })
  .prefault({});

const kubeProxy = z
  .strictObject({
    // kube-proxy --proxy-mode: iptables is the default on Linux.
    mode: z.enum(kubeProxyModes).prefault("iptables"),
  })
  .prefault({});

/**
 * A cluster-autoscaler-like provisioner: adds nodes shaped like `template` while pods are Pending,
 * in one node group per zone of `zones` (balanced, as --balance-similar-node-groups keeps them), or
 * in the template's zone. Cluster autoscaler FAQ: a new node takes about 3–4 minutes to boot and join.
 */
const nodeProvisioner = z
  .strictObject({
    enabled: flag.prefault(false),
    template: objectName.optional(),
    zones: z.array(objectName).prefault([]),
    maxNodes: wholeNumber(0, 5000).prefault(0),
    bootTime: durationMs.prefault("3m30s"),
  })
  .prefault({});

/**
 * What the cluster can grow to: commands asking for more are refused, as a cloud account's quota or
 * Kubernetes' scalability thresholds refuse them (kubernetes.io/docs/setup/best-practices/cluster-large/:
 * no more than 5,000 nodes, 150,000 pods, 110 pods per node). Left out, a scenario may double its
 * nodes (or reach its provisioner's maximum) and hold as many pods as those nodes do: a game choice.
 */
const limits = z
  .strictObject({
    nodes: wholeNumber(1, 5000).optional(),
    pods: wholeNumber(1, 150_000).optional(),
  })
  .prefault({});

// ————— one-key steps: `- partition: [...]`, `- availability: {...}`, `steady: 300` —————

type Variants = Readonly<Record<string, z.ZodType>>;
type Picked<V extends Variants> = {
  [K in keyof V & string]: { readonly kind: K; readonly value: z.output<V[K]> };
}[keyof V & string];

/**
 * Reads an object that holds exactly one of `variants`' keys beside the `reserved` ones, which
 * reads naturally in YAML (`- after: 90s` / `  killNode: node-a1`).
 */
function oneOf<V extends Variants>(
  variants: V,
  reservedKeys: readonly string[],
  noun: string,
  entry: string,
) {
  const known = Object.keys(variants);
  return z
    .record(z.string(), z.unknown(), { error: say(`expected a ${noun} (one of ${known.join(", ")})`) })
    .transform((input, ctx): Picked<V> => {
      const keys = Object.keys(input).filter((key) => !reservedKeys.includes(key));
      const unknown = keys.find((key) => !known.includes(key));
      if (unknown !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `unknown ${noun} "${unknown}"; expected one of ${known.join(", ")}`,
          path: [unknown],
          input,
        });
        return z.NEVER;
      }
      if (keys.length !== 1) {
        ctx.addIssue({
          code: "custom",
          message:
            keys.length === 0
              ? `expected a ${noun}: one of ${known.join(", ")}`
              : `one ${noun} per ${entry}, found ${keys.join(" and ")}`,
          input,
        });
        return z.NEVER;
      }
      const kind = keys[0]!;
      const parsed = variants[kind]!.safeParse(input[kind], { error: friendlyMessage });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          ctx.addIssue({
            code: "custom",
            message: issue.message,
            path: [kind, ...issue.path],
            input: input[kind],
          });
        }
        return z.NEVER;
      }
      return { kind, value: parsed.data } as Picked<V>;
    });
}

// ————— traffic —————

const trafficCurve = oneOf(
  {
    steady: z
      .number({ error: say("expected requests per second ≥ 0") })
      .min(0, { error: say("expected requests per second ≥ 0") }),
    launch: z.strictObject({
      base: z
        .number({ error: say("expected requests per second ≥ 0") })
        .min(0, { error: say("expected requests per second ≥ 0") }),
      peak: multiplier,
      at: durationMs,
      rampUp: durationMs,
    }),
    points: z
      .array(
        z.strictObject({
          at: durationMs,
          rps: z
            .number({ error: say("expected requests per second ≥ 0") })
            .min(0, { error: say("expected requests per second ≥ 0") }),
        }),
      )
      .min(1),
  },
  [],
  "traffic shape",
  "service",
).transform((curve, ctx): { shape: "steady" | "launch" | "points"; points: TrafficPoint[] } => {
  switch (curve.kind) {
    case "steady":
      return { shape: "steady", points: [{ atMs: 0, requestsPerSecond: curve.value }] };
    case "launch": {
      const { base, peak, at, rampUp } = curve.value;
      return {
        shape: "launch",
        points: [
          { atMs: 0, requestsPerSecond: base },
          { atMs: at, requestsPerSecond: base },
          { atMs: at + rampUp, requestsPerSecond: base * peak },
        ],
      };
    }
    case "points": {
      const points = curve.value.map((p) => ({ atMs: p.at, requestsPerSecond: p.rps }));
      for (let i = 1; i < points.length; i++) {
        if (points[i]!.atMs < points[i - 1]!.atMs) {
          ctx.addIssue({
            code: "custom",
            message: "points must be in time order",
            path: ["points", i, "at"],
            input: curve.value,
          });
          return z.NEVER;
        }
      }
      return { shape: "points", points };
    }
  }
});

// ————— fault script —————

const machine = objectName;
const faultValues = {
  killNode: machine,
  restartNode: machine,
  killEtcdMember: machine,
  restartEtcdMember: machine,
  partition: z
    .array(
      z
        .array(machine, { error: say("expected a group: a list of machine names") })
        .min(1, { error: "a group cannot be empty" }),
      {
        error: say("expected groups of machines, like [[etcd-1, etcd-2], [etcd-3, etcd-4]]"),
      },
    )
    .min(2, { error: "a partition needs at least two groups" }),
  heal: z.enum(["network", "all"]),
  slowDisk: z.strictObject({ member: machine, fsyncLatency: durationMs }),
  trafficSpike: z.strictObject({ service: objectName, multiplier }),
  oomBomb: z.strictObject({ node: machine.optional(), deployment: objectName.optional(), memory: bytes }),
  rollout: z.strictObject({ deployment: objectName, image: text }),
  scaleDeployment: z.strictObject({ deployment: objectName, replicas: wholeNumber(0, 150_000) }),
  badRollout: z.strictObject({
    deployment: objectName,
    image: text,
    failure: z.enum(["crashLoop", "readinessFails", "livenessFails"]).prefault("crashLoop"),
  }),
  diskFill: z.strictObject({ node: machine, to: fraction }),
  taintNode: z.strictObject({
    node: machine,
    key: text,
    value: labelValue.prefault(""),
    effect: taintEffect,
  }),
  clockSkew: z.strictObject({ node: machine, offset: signedDurationMs }),
  apiFlood: z.strictObject({
    client: objectName,
    qps: z.number().int().min(1).max(5000),
    // A write flood: the size of the object rewritten, up to etcd's --max-request-bytes (1.5 MiB).
    objectBytes: bytes.optional(),
  }),
  killControlPlane: z.strictObject({ component: z.enum(controlPlaneComponents), machine }),
  restartControlPlane: z.strictObject({ component: z.enum(controlPlaneComponents), machine }),
} satisfies Record<FaultKind, z.ZodType>;

function toFault(picked: Picked<typeof faultValues>): Fault | string {
  switch (picked.kind) {
    case "killNode":
    case "restartNode":
      return { kind: picked.kind, node: picked.value };
    case "killEtcdMember":
    case "restartEtcdMember":
      return { kind: picked.kind, member: picked.value };
    case "partition":
      return { kind: "partition", groups: picked.value };
    case "heal":
      return { kind: "heal", scope: picked.value };
    case "slowDisk":
      return { kind: "slowDisk", member: picked.value.member, fsyncLatencyMs: picked.value.fsyncLatency };
    case "trafficSpike":
      return { kind: "trafficSpike", service: picked.value.service, multiplier: picked.value.multiplier };
    case "oomBomb": {
      const { node, deployment, memory } = picked.value;
      if ((node === undefined) === (deployment === undefined)) return "name either a node or a deployment";
      return {
        kind: "oomBomb",
        target: node !== undefined ? { node } : { deployment: deployment! },
        memoryBytes: memory,
      };
    }
    case "rollout":
      return { kind: "rollout", ...picked.value };
    case "scaleDeployment":
      return { kind: "scaleDeployment", ...picked.value };
    case "badRollout":
      return { kind: "badRollout", ...picked.value };
    case "diskFill":
      return { kind: "diskFill", node: picked.value.node, fraction: picked.value.to };
    case "taintNode": {
      const { node, key, value, effect } = picked.value;
      return { kind: "taintNode", node, taint: { key, value, effect } };
    }
    case "clockSkew":
      return { kind: "clockSkew", node: picked.value.node, offsetMs: picked.value.offset };
    case "apiFlood":
      if (picked.value.objectBytes !== undefined && picked.value.objectBytes > 1.5 * 1024 * 1024)
        return "objectBytes: etcd refuses a request above --max-request-bytes (1.5 MiB)";
      return {
        kind: "apiFlood",
        client: picked.value.client,
        qps: picked.value.qps,
        ...(picked.value.objectBytes === undefined ? {} : { objectBytes: picked.value.objectBytes }),
      };
    case "killControlPlane":
    case "restartControlPlane":
      return { kind: picked.kind, component: picked.value.component, machine: picked.value.machine };
  }
}

const stepFields = z.looseObject({
  after: durationMs,
  for: durationMs.optional(),
  note: text.optional(),
});

const faultPicker = oneOf(faultValues, ["after", "for", "note"], "fault", "step");

export const faultStep = stepFields.transform((step, ctx) => {
  // stepFields has checked after/for/note; now the one fault beside them.
  const picked = faultPicker.safeParse(step, { error: friendlyMessage });
  if (!picked.success) {
    for (const issue of picked.error.issues)
      ctx.addIssue({ code: "custom", message: issue.message, path: issue.path, input: step });
    return z.NEVER;
  }
  const fault = toFault(picked.data);
  if (typeof fault === "string") {
    ctx.addIssue({ code: "custom", message: fault, path: [picked.data.kind], input: step });
    return z.NEVER;
  }
  if (step.for !== undefined && !timedFaultKinds.has(fault.kind)) {
    ctx.addIssue({
      code: "custom",
      message: `${fault.kind} happens at once and cannot last "for" a time; script the undoing as a later step`,
      path: ["for"],
      input: step,
    });
    return z.NEVER;
  }
  return { atMs: step.after, durationMs: step.for ?? null, note: step.note ?? null, fault };
});

// ————— chaos deck (versus mode) —————

const chaos = z
  .strictObject({
    // Game design values, not from any real system.
    energy: z
      .strictObject({
        start: wholeNumber(0).prefault(10),
        max: wholeNumber(1).prefault(20),
        perMinute: z
          .number({ error: say("expected a number ≥ 0") })
          .min(0, { error: say("expected a number ≥ 0") })
          .prefault(2),
      })
      .prefault({}),
    cards: z
      .array(
        z
          .strictObject({
            id: objectName,
            fault: z.enum(faultKinds),
            cost: wholeNumber(0),
            cooldown: durationMs,
          })
          .transform((c): ChaosCard => ({ id: c.id, fault: c.fault, cost: c.cost, cooldownMs: c.cooldown })),
      )
      .prefault([]),
  })
  .prefault({});

// ————— objective —————

const objectiveCheck = oneOf(
  {
    availability: z.strictObject({ service: objectName, atLeast: fraction, for: durationMs }),
    p99Latency: z.strictObject({ service: objectName, atMost: durationMs, for: durationMs }),
    podsPending: z.strictObject({ atMost: wholeNumber(0), for: durationMs }),
    etcdLeader: z.strictObject({ present: flag, for: durationMs }),
    nodesReady: z.strictObject({ atLeast: wholeNumber(0), for: durationMs }),
    readyReplicas: z.strictObject({ deployment: objectName, atLeast: wholeNumber(0), for: durationMs }),
  },
  [],
  "objective check",
  "list item",
).transform((check): ObjectiveCheck => {
  switch (check.kind) {
    case "availability":
      return {
        kind: "availability",
        service: check.value.service,
        atLeast: check.value.atLeast,
        forMs: check.value.for,
      };
    case "p99Latency":
      return {
        kind: "p99Latency",
        service: check.value.service,
        atMostMs: check.value.atMost,
        forMs: check.value.for,
      };
    case "podsPending":
      return { kind: "podsPending", atMost: check.value.atMost, forMs: check.value.for };
    case "etcdLeader":
      return { kind: "etcdLeader", present: check.value.present, forMs: check.value.for };
    case "nodesReady":
      return { kind: "nodesReady", atLeast: check.value.atLeast, forMs: check.value.for };
    case "readyReplicas":
      return {
        kind: "readyReplicas",
        deployment: check.value.deployment,
        atLeast: check.value.atLeast,
        forMs: check.value.for,
      };
  }
});

const objective = z.strictObject({
  kind: z.enum(objectiveKinds, {
    error: (issue) =>
      issue.input === undefined
        ? `required, but missing: say what wins the round, one of ${objectiveKinds.join(", ")}`
        : `expected one of ${objectiveKinds.join(", ")}, got ${show(issue.input)}`,
  }),
  // Only when the scenario's own load (a launch's traffic) starts the incident before any fault.
  incidentStart: durationMs.optional(),
  // Game choice: a round is the first minutes of an hour-long SLO window, so a short dip spends
  // part of the error budget, not all of it (real SLO windows are 28 or 30 days: Google's SRE
  // workbook, "Implementing SLOs").
  errorBudgetWindow: durationMs
    .refine((ms) => ms > 0, { error: "an error budget window must be longer than 0" })
    .prefault("1h"),
  all: z.array(objectiveCheck).min(1, { error: "an objective needs at least one check" }),
});

// ————— the whole file —————

export const scenarioFile = z.strictObject({
  id: objectName,
  version: wholeNumber(1),
  title: localized,
  inspiration: z.strictObject({ incident: text, invented: text }),
  briefing: localized,
  timeLimit: durationMs.refine((ms) => ms > 0, { error: "a round needs a time limit above 0" }),
  gameSpeed: positiveNumber.max(10_000, { error: say("expected a game speed from 0 to 10000") }).prefault(1),
  seed: wholeNumber(0, 2 ** 32 - 1).prefault(1),
  tutorial: flag.prefault(false),
  etcd,
  apiServer,
  kubeProxy,
  nodeProvisioner,
  limits,
  cluster: z.array(manifest).min(1, { error: "a cluster needs at least one manifest" }),
  traffic: z.record(objectName, trafficCurve).prefault({}),
  faults: z.array(faultStep).prefault([]),
  chaos,
  objective,
});
export type ScenarioDocument = z.output<typeof scenarioFile>;

// ————— messages for zod's own checks —————

const NOUNS: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of fields",
  record: "a map of fields",
};

/** Turns zod's structural issues into sentences a facilitator can act on. */
export const friendlyMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "required, but missing";
      return `expected ${NOUNS[issue.expected] ?? issue.expected}, got ${show(issue.input)}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_value":
      return `expected ${issue.values.length === 1 ? show(issue.values[0]) : `one of ${issue.values.map((v) => show(v)).join(", ")}`}, got ${show(issue.input)}`;
    case "invalid_union": {
      const options = issue.options as readonly unknown[] | undefined;
      const discriminator = issue.discriminator as string | undefined;
      if (discriminator === undefined || options === undefined) return undefined;
      const given = (issue.input as Record<string, unknown> | undefined)?.[discriminator];
      return `expected one of ${options.map((v) => show(v)).join(", ")}, got ${show(given)}`;
    }
    case "too_small":
      if (issue.origin === "array")
        return `expected at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`;
      if (issue.origin === "string") return "expected text, got an empty string";
      return `expected a number ${issue.inclusive ? "≥" : ">"} ${issue.minimum}, got ${show(issue.input)}`;
    case "too_big":
      if (issue.origin === "array") return `expected at most ${issue.maximum} items`;
      if (issue.origin === "string") return `expected at most ${issue.maximum} characters`;
      return `expected a number ${issue.inclusive ? "≤" : "<"} ${issue.maximum}, got ${show(issue.input)}`;
    default:
      return undefined;
  }
};
