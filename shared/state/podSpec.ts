import { z } from "zod";
import type { Pod } from "../sim/scheduler/types.ts";

/**
 * An unbound pod's scheduling spec on the wire: the very Pod object the World hands its Scheduler
 * (shared/sim/scheduler/types.ts), as JSON, so the scheduler tool runs the same filters and scores
 * locally without translating. Empty lists, maps and strings are left out to keep the patch small;
 * decoding puts them back, and checks every field, since the string crosses the network.
 */

const taintEffect = z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]);
const stringMap = z.record(z.string(), z.string()).default({});
const requirement = z.object({
  key: z.string().default(""),
  operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"]),
  values: z.array(z.string()).default([]),
});
const labelSelector = z.object({
  matchLabels: stringMap,
  matchExpressions: z.array(requirement).default([]),
});
const nodeSelectorTerm = z.object({
  matchExpressions: z.array(requirement).default([]),
  matchFields: z.array(requirement).default([]),
});
const podAffinityTerm = z.object({
  labelSelector: labelSelector.optional(),
  namespaces: z.array(z.string()).default([]),
  namespaceSelector: labelSelector.optional(),
  topologyKey: z.string().default(""),
});
const podAffinity = z.object({
  required: z.array(podAffinityTerm).default([]),
  preferred: z.array(z.object({ weight: z.number(), podAffinityTerm })).default([]),
});
const resources = z.object({
  milliCPU: z.number().default(0),
  memory: z.number().default(0),
  ephemeralStorage: z.number().default(0),
  pods: z.number().default(0),
  scalar: z.record(z.string(), z.number()).default({}),
});
const container = z.object({
  name: z.string().default(""),
  image: z.string().default(""),
  requests: resources,
  limits: z
    .object({
      milliCPU: z.number().nullable().default(null),
      memoryBytes: z.number().nullable().default(null),
    })
    .default({ milliCPU: null, memoryBytes: null }),
  requestedResources: z.array(z.string()).default([]),
  ports: z
    .array(
      z.object({
        containerPort: z.number(),
        hostPort: z.number(),
        protocol: z.enum(["TCP", "UDP", "SCTP"]),
        hostIP: z.string().default(""),
      }),
    )
    .default([]),
});

const podSchema = z.object({
  name: z.string(),
  namespace: z.string().default(""),
  uid: z.string().optional(),
  labels: stringMap,
  nodeName: z.string().default(""),
  nominatedNodeName: z.string().optional(),
  priority: z.number().default(0),
  preemptionPolicy: z.enum(["PreemptLowerPriority", "Never"]).default("PreemptLowerPriority"),
  nodeSelector: stringMap,
  affinity: z
    .object({
      nodeAffinity: z
        .object({
          required: z.array(nodeSelectorTerm).optional(),
          preferred: z.array(z.object({ weight: z.number(), preference: nodeSelectorTerm })).default([]),
        })
        .optional(),
      podAffinity: podAffinity.optional(),
      podAntiAffinity: podAffinity.optional(),
    })
    .default({}),
  tolerations: z
    .array(
      z.object({
        key: z.string().default(""),
        operator: z.enum(["Equal", "Exists"]),
        value: z.string().default(""),
        effect: z.union([taintEffect, z.literal("")]).default(""),
        tolerationSeconds: z.number().optional(),
      }),
    )
    .default([]),
  topologySpreadConstraints: z
    .array(
      z.object({
        maxSkew: z.number(),
        topologyKey: z.string().default(""),
        whenUnsatisfiable: z.enum(["DoNotSchedule", "ScheduleAnyway"]),
        labelSelector: labelSelector.optional(),
        minDomains: z.number().optional(),
        nodeAffinityPolicy: z.enum(["Honor", "Ignore"]),
        nodeTaintsPolicy: z.enum(["Honor", "Ignore"]),
        matchLabelKeys: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  containers: z.array(container).default([]),
  initContainers: z.array(container).default([]),
  creationIndex: z.number().default(0),
  startTime: z.string().default(""),
});

// The decoder's output must be the scheduler's Pod exactly: this line fails to compile if they drift.
const decodesToPod: (value: z.output<typeof podSchema>) => Pod = (value) => value;

/** The pod as JSON, without its empty fields (decodePodSpec restores them). */
export function encodePodSpec(pod: Pod): string {
  // Only an object's fields are left out: an array's element must stay (it would become null).
  return JSON.stringify(pod, function (this: unknown, _key: string, value: unknown) {
    return !Array.isArray(this) && isEmpty(value) ? undefined : value;
  });
}

/** The scheduler Pod an encoded spec stands for, or undefined when the text is not one. */
export function decodePodSpec(spec: string): Pod | undefined {
  if (spec === "") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(spec);
  } catch {
    return undefined;
  }
  const parsed = podSchema.safeParse(json);
  return parsed.success ? decodesToPod(parsed.data) : undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && value !== null && Object.keys(value).length === 0;
}
