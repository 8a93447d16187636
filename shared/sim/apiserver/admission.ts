/**
 * The admission plugins a pod creation passes in the simulation, in kube-apiserver's order
 * (pkg/kubeapiserver/options/plugins.go AllOrderedPlugins: LimitRanger … DefaultTolerationSeconds …
 * ResourceQuota last; k8s.io/apiserver/pkg/admission/chain.go runs every mutating plugin, then every
 * validating one). The pod arrives with the API's defaulting done (pkg/apis/core/v1/defaults.go
 * SetDefaults_Pod: a limit without a request sets the request to the limit). Messages are the
 * plugins' own (plugin/pkg/admission/limitranger, defaulttolerationseconds, resourcequota). Pure.
 */

export interface Amounts {
  readonly milliCPU?: number;
  readonly memoryBytes?: number;
}

export interface ContainerResources {
  readonly requests: Amounts;
  readonly limits: Amounts;
}

export interface AdmissionContainer extends ContainerResources {
  readonly name: string;
}

export interface AdmissionToleration {
  readonly key?: string;
  readonly operator?: "Exists" | "Equal";
  readonly value?: string;
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
  readonly tolerationSeconds?: number;
}

export interface AdmissionPod {
  readonly name: string;
  readonly namespace: string;
  readonly containers: readonly AdmissionContainer[];
  readonly tolerations: readonly AdmissionToleration[];
}

/** An item of type Container of the namespace's LimitRange. */
export interface LimitRangeItem {
  readonly default?: Amounts;
  readonly defaultRequest?: Amounts;
  readonly min?: Amounts;
  readonly max?: Amounts;
  /** The greatest limit / request allowed, per resource. */
  readonly maxLimitRequestRatio?: { readonly cpu?: number; readonly memory?: number };
}

/** The quota-tracked amounts of a ResourceQuota (hard or used): pods, requests.cpu, … */
export interface QuotaAmounts {
  readonly pods?: number;
  readonly requestsMilliCPU?: number;
  readonly requestsMemoryBytes?: number;
  readonly limitsMilliCPU?: number;
  readonly limitsMemoryBytes?: number;
}

export interface ResourceQuota {
  readonly name: string;
  readonly hard: QuotaAmounts;
  /** status.used; a resource missing here counts as 0. */
  readonly used: QuotaAmounts;
}

export interface AdmissionStage {
  readonly plugin: "LimitRanger" | "DefaultTolerationSeconds" | "ResourceQuota";
  readonly phase: "mutating" | "validating";
  readonly outcome: "ok" | "changed" | "denied";
  readonly detail: string;
}

export type AdmissionResult =
  | {
      readonly admitted: true;
      readonly pod: AdmissionPod;
      /** Each quota's status.used with this pod counted (the resources its hard lists). */
      readonly quotaUsed: ReadonlyMap<string, QuotaAmounts>;
      readonly stages: readonly AdmissionStage[];
    }
  | { readonly admitted: false; readonly reason: string; readonly stages: readonly AdmissionStage[] };

/** kube-apiserver --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds: 300. */
export const defaultTolerationSeconds = 300;
/** k8s.io/api/core/v1 TaintNodeNotReady and TaintNodeUnreachable. */
const defaultToleratedKeys = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"] as const;

/** resource.Quantity String() of a DecimalSI quantity given in thousandths: "500m", "2", "1500m", "2k". */
export function formatCPU(milli: number): string {
  if (milli % 1000 !== 0) return `${milli}m`;
  const suffixes = ["", "k", "M", "G", "T", "P", "E"];
  let value = milli / 1000;
  let i = 0;
  while (value !== 0 && value % 1000 === 0 && i < suffixes.length - 1) {
    value /= 1000;
    i++;
  }
  return `${value}${suffixes[i]}`;
}

/** Quantity String() of a BinarySI quantity: "512Mi", "1536Mi", "2Gi"; under 1024 it prints as DecimalSI. */
export function formatMemory(bytes: number): string {
  if (bytes < 1024) return formatCPU(bytes * 1000);
  const suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
  let value = bytes;
  let i = 0;
  while (value % 1024 === 0 && i < suffixes.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value}${suffixes[i]}`;
}

type ResourceName = "cpu" | "memory";
const computeResources: readonly { readonly name: ResourceName; readonly key: keyof Amounts }[] = [
  { name: "cpu", key: "milliCPU" },
  { name: "memory", key: "memoryBytes" },
];
const show = (name: ResourceName, v: number) => (name === "cpu" ? formatCPU(v) : formatMemory(v));
const first = (...values: (number | undefined)[]) => values.find((v) => v !== undefined);
/** Each resource from `a`, or else from `b`. */
function fill(a: Amounts, b: Amounts): Amounts {
  const out: { milliCPU?: number; memoryBytes?: number } = {};
  for (const { key } of computeResources) {
    const v = first(a[key], b[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** apimachinery utilerrors.NewAggregate(...).Error(): one message as is, several deduplicated in brackets. */
function aggregate(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? (unique[0] ?? "") : `[${unique.join(", ")}]`;
}

/**
 * The Container defaults of the namespace's LimitRange (limitranger.go
 * defaultContainerResourceRequirements; a later item overrides an earlier one), each item with the
 * API's defaulting (defaults.go SetDefaults_LimitRangeItem: default ← max, defaultRequest ← default, then min).
 */
function containerDefaults(items: readonly LimitRangeItem[]): ContainerResources {
  let defaults: ContainerResources = { requests: {}, limits: {} };
  for (const item of items) {
    const limits = fill(item.default ?? {}, item.max ?? {});
    const requests = fill(fill(item.defaultRequest ?? {}, limits), item.min ?? {});
    defaults = { requests: fill(requests, defaults.requests), limits: fill(limits, defaults.limits) };
  }
  return defaults;
}

/** limitranger.go minConstraint, maxConstraint and limitRequestRatioConstraint for one container. */
function limitViolations(c: AdmissionContainer, item: LimitRangeItem): string[] {
  const errors: string[] = [];
  for (const { name, key } of computeResources) {
    const request = c.requests[key];
    const limit = c.limits[key];
    const min = item.min?.[key];
    const max = item.max?.[key];
    const ratio = item.maxLimitRequestRatio?.[name];
    if (min !== undefined) {
      const prefix = `minimum ${name} usage per Container is ${show(name, min)}`;
      if (request === undefined) errors.push(`${prefix}.  No request is specified`);
      else if (request < min) errors.push(`${prefix}, but request is ${show(name, request)}`);
      else if (limit !== undefined && limit < min)
        errors.push(`${prefix}, but limit is ${show(name, limit)}`);
    }
    if (max !== undefined) {
      const prefix = `maximum ${name} usage per Container is ${show(name, max)}`;
      if (limit === undefined) errors.push(`${prefix}.  No limit is specified`);
      else if (limit > max) errors.push(`${prefix}, but limit is ${show(name, limit)}`);
      else if (request !== undefined && request > max)
        errors.push(`${prefix}, but request is ${show(name, request)}`);
    }
    if (ratio !== undefined) {
      // The ratio is a Quantity too: 1.5 prints "1500m"; the observed one with Go's %f.
      const prefix = `${name} max limit to request ratio per Container is ${formatCPU(Math.round(ratio * 1000))}`;
      if (!request) errors.push(`${prefix}, but no request is specified or request is 0`);
      else if (!limit) errors.push(`${prefix}, but no limit is specified or limit is 0`);
      else if ((limit / request) * 1000 > Math.round(ratio * 1000))
        errors.push(`${prefix}, but provided ratio is ${(limit / request).toFixed(6)}`);
    }
  }
  return errors;
}

interface QuotaResource {
  readonly name: string;
  readonly field: keyof QuotaAmounts;
  /** A compute resource: where a container states it. Absent for the pod count. */
  readonly of?: {
    readonly kind: "requests" | "limits";
    readonly resource: ResourceName;
    readonly key: keyof Amounts;
  };
}
const compute = (
  field: keyof QuotaAmounts,
  kind: "requests" | "limits",
  resource: ResourceName,
): QuotaResource => ({
  name: `${kind}.${resource}`,
  field,
  of: { kind, resource, key: resource === "cpu" ? "milliCPU" : "memoryBytes" },
});
/** The quota-tracked resources, sorted as prettyPrint lists them (resourcequota/controller.go). */
const quotaResources: readonly QuotaResource[] = [
  compute("limitsMilliCPU", "limits", "cpu"),
  compute("limitsMemoryBytes", "limits", "memory"),
  { name: "pods", field: "pods" },
  compute("requestsMilliCPU", "requests", "cpu"),
  compute("requestsMemoryBytes", "requests", "memory"),
];

/** prettyPrint: `name=quantity` pairs joined by commas. */
function prettyPrint(resources: readonly QuotaResource[], value: (r: QuotaResource) => number): string {
  return resources.map((r) => `${r.name}=${r.of ? show(r.of.resource, value(r)) : value(r)}`).join(",");
}

/** The pod's usage (podEvaluator.Usage): 1 pod and the sum of its containers' requests and limits. */
function usageOf(pod: AdmissionPod, { of }: QuotaResource): number {
  return of === undefined ? 1 : pod.containers.reduce((sum, c) => sum + (c[of.kind][of.key] ?? 0), 0);
}

/** What an admitted pod counts in every quota, given back when it is deleted (the quota controller). */
export function podQuotaUsage(pod: AdmissionPod): QuotaAmounts {
  return Object.fromEntries(quotaResources.map((r) => [r.field, usageOf(pod, r)]));
}

/** ResourceQuota CheckRequest: every quota's constraints first, then every quota's usage. */
function checkQuotas(
  pod: AdmissionPod,
  quotas: readonly ResourceQuota[],
):
  | { readonly error: string }
  | { readonly used: ReadonlyMap<string, QuotaAmounts>; readonly detail: string } {
  // podEvaluator.Constraints: a tracked cpu or memory must be stated by every container.
  for (const quota of quotas) {
    const missing = quotaResources.flatMap(({ name, field, of }) => {
      if (of === undefined || quota.hard[field] === undefined) return [];
      const names = pod.containers.filter((c) => c[of.kind][of.key] === undefined).map((c) => c.name);
      return names.length > 0 ? [`${name} for: ${names.sort().join(",")}`] : [];
    });
    if (missing.length > 0)
      return { error: `failed quota: ${quota.name}: must specify ${missing.join("; ")}` };
  }
  const usage = (r: QuotaResource) => usageOf(pod, r);
  const used = new Map<string, QuotaAmounts>();
  const details: string[] = [];
  for (const quota of quotas) {
    const tracked = quotaResources.filter((r) => quota.hard[r.field] !== undefined);
    const was = (r: QuotaResource) => quota.used[r.field] ?? 0;
    const hard = (r: QuotaResource) => quota.hard[r.field] ?? 0;
    const over = tracked.filter((r) => was(r) + usage(r) > hard(r));
    if (over.length > 0) {
      const [requested, current, limited] = [usage, was, hard].map((f) => prettyPrint(over, f));
      return {
        error: `exceeded quota: ${quota.name}, requested: ${requested}, used: ${current}, limited: ${limited}`,
      };
    }
    used.set(quota.name, Object.fromEntries(tracked.map((r) => [r.field, was(r) + usage(r)])));
    details.push(`${quota.name} used ${prettyPrint(tracked, (r) => was(r) + usage(r))}`);
  }
  return { used, detail: details.join("; ") };
}

export function admitPodCreate(
  input: AdmissionPod,
  limitRanges: readonly LimitRangeItem[],
  quotas: readonly ResourceQuota[],
): AdmissionResult {
  const stages: AdmissionStage[] = [];
  const deny = (plugin: AdmissionStage["plugin"], err: string): AdmissionResult => {
    stages.push({ plugin, phase: "validating", outcome: "denied", detail: err });
    // admission.NewForbidden names the pod ("Unknown" when it has no name yet).
    return {
      admitted: false,
      reason: `pods ${JSON.stringify(input.name || "Unknown")} is forbidden: ${err}`,
      stages,
    };
  };

  // Mutating: LimitRanger fills what is missing (mergeContainerResources), noted as its annotation is.
  const defaults = containerDefaults(limitRanges);
  const notes: string[] = [];
  const containers = input.containers.map((c) => {
    const requests = fill(c.requests, c.limits); // SetDefaults_Pod, before admission
    for (const [kind, stated] of [
      ["request", requests],
      ["limit", c.limits],
    ] as const) {
      const from = kind === "request" ? defaults.requests : defaults.limits;
      const set = computeResources.filter(({ key }) => stated[key] === undefined && from[key] !== undefined);
      if (set.length > 0) notes.push(`${set.map((r) => r.name).join(", ")} ${kind} for container ${c.name}`);
    }
    return { ...c, requests: fill(requests, defaults.requests), limits: fill(c.limits, defaults.limits) };
  });
  stages.push({
    plugin: "LimitRanger",
    phase: "mutating",
    outcome: notes.length > 0 ? "changed" : "ok",
    detail: notes.length > 0 ? `LimitRanger plugin set: ${notes.join("; ")}` : "",
  });

  // Mutating: DefaultTolerationSeconds. An empty key tolerates every key, an empty effect every effect.
  const added = defaultToleratedKeys.filter(
    (key) =>
      !input.tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === "NoExecute")),
  );
  const tolerations = [
    ...input.tolerations,
    ...added.map((key) => ({
      key,
      operator: "Exists" as const,
      effect: "NoExecute" as const,
      tolerationSeconds: defaultTolerationSeconds,
    })),
  ];
  stages.push({
    plugin: "DefaultTolerationSeconds",
    phase: "mutating",
    outcome: added.length > 0 ? "changed" : "ok",
    detail: added.map((key) => `${key}:NoExecute for ${defaultTolerationSeconds}s`).join(", "),
  });
  const pod: AdmissionPod = { ...input, containers, tolerations };

  // Validating: LimitRanger (PodValidateLimitFunc: every item, every container; cpu, then memory).
  const violations = limitRanges.flatMap((item) => containers.flatMap((c) => limitViolations(c, item)));
  if (violations.length > 0) return deny("LimitRanger", aggregate(violations));
  stages.push({ plugin: "LimitRanger", phase: "validating", outcome: "ok", detail: "" });

  // Validating, last: ResourceQuota.
  const quota = checkQuotas(pod, quotas);
  if ("error" in quota) return deny("ResourceQuota", quota.error);
  stages.push({ plugin: "ResourceQuota", phase: "validating", outcome: "ok", detail: quota.detail });
  return { admitted: true, pod, quotaUsed: quota.used, stages };
}
