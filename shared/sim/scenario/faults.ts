import { z } from "zod";
import { imageSchema, objectNameSchema, qualifiedNameSchema, taintValueSchema } from "../kubeNames.ts";

/**
 * The fault vocabulary (issue 5, item 7): what a scenario's script and the chaos agent can do to
 * the cluster. One type for both, so the engine applies a scripted fault and a played card alike.
 * Values here are normalized (ms, bytes, fractions); `scenario/schema.ts` reads the YAML forms.
 */
export type Fault =
  | { readonly kind: "killNode"; readonly node: string }
  | { readonly kind: "restartNode"; readonly node: string }
  | { readonly kind: "killEtcdMember"; readonly member: string }
  | { readonly kind: "restartEtcdMember"; readonly member: string }
  /**
   * Machines in different groups cannot reach each other; machines in no group still reach
   * everyone (a partial partition, the kind that leaves some members seeing both sides).
   */
  | { readonly kind: "partition"; readonly groups: readonly (readonly string[])[] }
  /** `network` removes every partition; `all` also ends slow disks, spikes, skews, fills and fault taints. */
  | { readonly kind: "heal"; readonly scope: HealScope }
  /** Every WAL fsync on this etcd member takes this long, so its proposals and acks lag. */
  | { readonly kind: "slowDisk"; readonly member: string; readonly fsyncLatencyMs: number }
  | { readonly kind: "trafficSpike"; readonly service: string; readonly multiplier: number }
  /** A pod whose memory grows to `memoryBytes`: on a node (no limit, so the node runs short) or in a deployment's pods (over their limit). */
  | { readonly kind: "oomBomb"; readonly target: OomBombTarget; readonly memoryBytes: number }
  /** Someone else scales a deployment: a tenant's pipeline starting its batch job, say. */
  | { readonly kind: "scaleDeployment"; readonly deployment: string; readonly replicas: number }
  /** A new image is rolled out, and works: a normal rolling update (the platform's nightly update). */
  | { readonly kind: "rollout"; readonly deployment: string; readonly image: string }
  /** A new image is rolled out that fails the way `failure` says. */
  | {
      readonly kind: "badRollout";
      readonly deployment: string;
      readonly image: string;
      readonly failure: RolloutFailure;
    }
  /** The node's filesystem fills to this fraction of its ephemeral storage. */
  | { readonly kind: "diskFill"; readonly node: string; readonly fraction: number }
  | { readonly kind: "taintNode"; readonly node: string; readonly taint: Taint }
  /** The node's clock runs ahead (positive) or behind (negative) by this many ms. */
  | { readonly kind: "clockSkew"; readonly node: string; readonly offsetMs: number }
  /**
   * A client outside the control plane (a cluster-wide agent, a CI system) LISTs every pod this
   * many times a second, as a service account — load on the API servers and etcd. With
   * `objectBytes` it writes instead: a runaway controller rewriting its ConfigMap of that size, each
   * write a new revision that etcd keeps until it is compacted (what fills etcd's space quota).
   */
  | {
      readonly kind: "apiFlood";
      readonly client: string;
      readonly qps: number;
      readonly objectBytes?: number;
    }
  /** A control-plane process on one control-plane machine stops, or starts again. */
  | { readonly kind: "killControlPlane"; readonly component: ControlPlaneComponent; readonly machine: string }
  | {
      readonly kind: "restartControlPlane";
      readonly component: ControlPlaneComponent;
      readonly machine: string;
    };

export type ControlPlaneComponent = "kube-apiserver" | "kube-scheduler" | "kube-controller-manager";
export const controlPlaneComponents = [
  "kube-apiserver",
  "kube-scheduler",
  "kube-controller-manager",
] as const satisfies readonly ControlPlaneComponent[];

export type FaultKind = Fault["kind"];
export type HealScope = "network" | "all";
export type RolloutFailure = "crashLoop" | "readinessFails" | "livenessFails";
export type OomBombTarget = { readonly node: string } | { readonly deployment: string };
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

export const faultKinds = [
  "killNode",
  "restartNode",
  "killEtcdMember",
  "restartEtcdMember",
  "partition",
  "heal",
  "slowDisk",
  "trafficSpike",
  "oomBomb",
  "scaleDeployment",
  "rollout",
  "badRollout",
  "diskFill",
  "taintNode",
  "clockSkew",
  "apiFlood",
  "killControlPlane",
  "restartControlPlane",
] as const satisfies readonly FaultKind[];

/**
 * Faults that can be undone by the passing of time: a script step or a played card may give them
 * a duration (`for: 2m`), after which the engine reverts them. Kills, rollouts and OOM bombs are
 * events, not states; scripting their undoing is an explicit later step.
 */
export const timedFaultKinds: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "partition",
  "slowDisk",
  "trafficSpike",
  "diskFill",
  "taintNode",
  "clockSkew",
  "apiFlood",
]);

/** Which machines a fault names, for the cross-reference checks. */
export function machinesNamedBy(fault: Fault): {
  readonly nodes: readonly string[];
  readonly etcdMembers: readonly string[];
  readonly anyMachines: readonly string[];
  readonly services: readonly string[];
  readonly deployments: readonly string[];
} {
  const none: readonly string[] = [];
  const named = { nodes: none, etcdMembers: none, anyMachines: none, services: none, deployments: none };
  switch (fault.kind) {
    case "killNode":
    case "restartNode":
    case "diskFill":
    case "taintNode":
    case "clockSkew":
      return { ...named, nodes: [fault.node] };
    case "killEtcdMember":
    case "restartEtcdMember":
    case "slowDisk":
      return { ...named, etcdMembers: [fault.member] };
    case "partition":
      return { ...named, anyMachines: fault.groups.flat() };
    case "killControlPlane":
    case "restartControlPlane":
      return { ...named, anyMachines: [fault.machine] };
    case "heal":
    case "apiFlood":
      return named;
    case "trafficSpike":
      return { ...named, services: [fault.service] };
    case "oomBomb":
      return "node" in fault.target
        ? { ...named, nodes: [fault.target.node] }
        : { ...named, deployments: [fault.target.deployment] };
    case "scaleDeployment":
    case "rollout":
    case "badRollout":
      return { ...named, deployments: [fault.deployment] };
  }
}

// Normalized schemas, for faults arriving as untrusted input (a chaos player's card).
// Names, keys and images as Kubernetes validates them (../kubeNames.ts).
const name = objectNameSchema;
const wholeMs = z.number().int().min(0);
const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

export const taintSchema = z.strictObject({
  key: qualifiedNameSchema,
  value: taintValueSchema,
  effect: z.enum(taintEffects),
});

export const faultSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("killNode"), node: name }),
  z.strictObject({ kind: z.literal("restartNode"), node: name }),
  z.strictObject({ kind: z.literal("killEtcdMember"), member: name }),
  z.strictObject({ kind: z.literal("restartEtcdMember"), member: name }),
  z.strictObject({ kind: z.literal("partition"), groups: z.array(z.array(name).min(1)).min(2) }),
  z.strictObject({ kind: z.literal("heal"), scope: z.enum(["network", "all"]) }),
  z.strictObject({ kind: z.literal("slowDisk"), member: name, fsyncLatencyMs: wholeMs }),
  z.strictObject({
    kind: z.literal("trafficSpike"),
    service: name,
    multiplier: z.number().positive().max(1000),
  }),
  z.strictObject({
    kind: z.literal("oomBomb"),
    target: z.union([z.strictObject({ node: name }), z.strictObject({ deployment: name })]),
    memoryBytes: z.number().int().positive(),
  }),
  z.strictObject({ kind: z.literal("rollout"), deployment: name, image: imageSchema }),
  z.strictObject({
    kind: z.literal("scaleDeployment"),
    deployment: name,
    // Kubernetes' scalability envelope: 150 000 pods per cluster.
    replicas: z.number().int().min(0).max(150_000),
  }),
  z.strictObject({
    kind: z.literal("badRollout"),
    deployment: name,
    image: imageSchema,
    failure: z.enum(["crashLoop", "readinessFails", "livenessFails"]),
  }),
  z.strictObject({ kind: z.literal("diskFill"), node: name, fraction: z.number().min(0).max(1) }),
  z.strictObject({ kind: z.literal("taintNode"), node: name, taint: taintSchema }),
  z.strictObject({ kind: z.literal("clockSkew"), node: name, offsetMs: z.number().int() }),
  z.strictObject({
    kind: z.literal("apiFlood"),
    client: name,
    qps: z.number().int().min(1).max(5000),
    // Up to etcd's --max-request-bytes default, 1.5 MiB (server/embed/config.go DefaultMaxRequestBytes).
    objectBytes: z
      .number()
      .int()
      .min(1)
      .max(1.5 * 1024 * 1024)
      .optional(),
  }),
  z.strictObject({
    kind: z.literal("killControlPlane"),
    component: z.enum(controlPlaneComponents),
    machine: name,
  }),
  z.strictObject({
    kind: z.literal("restartControlPlane"),
    component: z.enum(controlPlaneComponents),
    machine: name,
  }),
]) satisfies z.ZodType<Fault>;

/**
 * Faults that mend rather than break: a heal, or a restart of what an earlier fault stopped. They
 * do not start an incident.
 */
export const mendingFaultKinds: ReadonlySet<FaultKind> = new Set<FaultKind>([
  "heal",
  "restartNode",
  "restartEtcdMember",
  "restartControlPlane",
]);

/** `<kind> <target>`, the target named as kubectl or etcdctl would. */
export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case "killNode":
    case "restartNode":
    case "diskFill":
    case "taintNode":
    case "clockSkew":
      return `${fault.kind} node/${fault.node}`;
    case "killEtcdMember":
    case "restartEtcdMember":
    case "slowDisk":
      return `${fault.kind} ${fault.member}`;
    case "partition":
      return `${fault.kind} ${fault.groups.map((g) => g.join(",")).join(" | ")}`;
    case "heal":
      return `${fault.kind} ${fault.scope}`;
    case "trafficSpike":
      return `${fault.kind} service/${fault.service}`;
    case "oomBomb":
      return `${fault.kind} ${"node" in fault.target ? `node/${fault.target.node}` : `deployment/${fault.target.deployment}`}`;
    case "scaleDeployment":
    case "rollout":
    case "badRollout":
      return `${fault.kind} deployment/${fault.deployment}`;
    case "apiFlood":
      return `${fault.kind} ${fault.client}`;
    case "killControlPlane":
    case "restartControlPlane":
      return `${fault.kind} ${fault.component}@${fault.machine}`;
  }
}
