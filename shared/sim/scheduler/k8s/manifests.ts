/**
 * Kubernetes objects in: Nodes, Pods and a KubeSchedulerConfiguration, from JSON
 * or multi-document YAML, validated field by field into plain records that keep
 * Kubernetes' field names. Loading is all-or-nothing: the first invalid field
 * throws a ManifestError naming the document and the field path, and nothing of
 * the file is returned.
 */
import { parseAllDocuments } from "yaml";
import { isNegative, milliValue, parseQuantity, value } from "./quantity.ts";

export class ManifestError extends Error {
  readonly documentIndex: number;
  readonly fieldPath: string;
  constructor(documentIndex: number, objectLabel: string, fieldPath: string, problem: string) {
    const where = fieldPath === "" ? "" : `${fieldPath}: `;
    super(`document ${documentIndex}${objectLabel}: ${where}${problem}`);
    this.name = "ManifestError";
    this.documentIndex = documentIndex;
    this.fieldPath = fieldPath;
  }
}

import { defaultPlugins, defaultSchedulerConfig, defaultScoreWeights } from "../registry.ts";
import type {
  Affinity,
  Container,
  LabelSelector,
  Node,
  NodeSelectorTerm,
  Pod,
  PodAffinityTerm,
  ResourceList,
  SchedulerConfig,
  SelectorOperator,
  SelectorRequirement,
  Taint,
  TaintEffect,
  Toleration,
  TopologySpreadConstraint,
} from "../types.ts";

export type {
  Affinity,
  Container,
  ContainerPort,
  LabelSelector,
  NodeSelectorTerm,
  PodAffinityTerm,
  ResourceList,
  ScoringStrategyType,
  SelectorOperator,
  SelectorRequirement,
  Taint,
  TaintEffect,
  Toleration,
  TopologySpreadConstraint,
} from "../types.ts";
export { defaultSchedulerConfig, defaultScoreWeights };

/** A Node as loaded: exactly the scheduler's Node. */
export type NodeObject = Node;

/** A Pod as loaded: the scheduler's Pod plus what the file said about its priority and requests. */
export interface PodObject extends Pod {
  priorityClassName: string;
  /** Effective request: max(Σ containers, max over init containers) per resource (resource_helpers.go). */
  requests: ResourceList;
}

/** The KubeSchedulerConfiguration profile, after enabled/disabled and pluginConfig are applied. */
export type SchedulerConfigDocument = SchedulerConfig;

export interface Manifests {
  nodes: NodeObject[];
  pods: PodObject[];
  config: SchedulerConfigDocument;
}

/** Every in-tree plugin name the simulation knows (for enabled/disabled lists and pluginConfig). */
export const knownPlugins: readonly string[] = defaultPlugins.map((p) => p.name);

// pkg/apis/scheduling/types.go: the built-in priority classes.
export const builtInPriorityClasses: ReadonlyMap<string, number> = new Map([
  ["system-cluster-critical", 2000000000],
  ["system-node-critical", 2000001000],
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Reads one document, remembering where it is so every error names the field. */
class Reader {
  readonly documentIndex: number;
  label = "";
  constructor(documentIndex: number) {
    this.documentIndex = documentIndex;
  }

  fail(path: string, problem: string): never {
    throw new ManifestError(this.documentIndex, this.label, path, problem);
  }

  object(raw: Json | undefined, path: string): JsonObject {
    if (raw === undefined || raw === null) return {};
    if (typeof raw !== "object" || Array.isArray(raw))
      this.fail(path, `expected an object, got ${describe(raw)}`);
    return raw;
  }

  list(raw: Json | undefined, path: string): Json[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) this.fail(path, `expected a list, got ${describe(raw)}`);
    return raw;
  }

  string(raw: Json | undefined, path: string, fallback = ""): string {
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== "string") this.fail(path, `expected a string, got ${describe(raw)}`);
    return raw;
  }

  requiredString(raw: Json | undefined, path: string): string {
    const text = this.string(raw, path);
    if (text === "") this.fail(path, "required");
    return text;
  }

  integer(raw: Json | undefined, path: string, fallback: number): number {
    if (raw === undefined || raw === null) return fallback;
    if (typeof raw !== "number" || !Number.isInteger(raw))
      this.fail(path, `expected an integer, got ${describe(raw)}`);
    return raw;
  }

  boolean(raw: Json | undefined, path: string): boolean {
    if (raw === undefined || raw === null) return false;
    if (typeof raw !== "boolean") this.fail(path, `expected true or false, got ${describe(raw)}`);
    return raw;
  }

  oneOf<T extends string>(raw: Json | undefined, path: string, allowed: readonly T[], fallback: T): T {
    const text = this.string(raw, path, fallback);
    if (!(allowed as readonly string[]).includes(text)) {
      this.fail(path, `unsupported value "${text}" (expected one of ${allowed.join(", ")})`);
    }
    return text as T;
  }

  stringMap(raw: Json | undefined, path: string): Record<string, string> {
    // YAML turns `zone: 1` or `gpu: true` into numbers and booleans; Kubernetes would reject them.
    // fromEntries makes every key an own property, "__proto__" included (an assignment would not).
    return Object.fromEntries(
      Object.entries(this.object(raw, path)).map(([key, item]) => [key, this.string(item, `${path}.${key}`)]),
    );
  }

  quantity(raw: Json | undefined, path: string): ReturnType<typeof parseQuantity> & object {
    const text = typeof raw === "number" ? String(raw) : this.string(raw, path);
    const parsed = parseQuantity(text);
    if (parsed === undefined) this.fail(path, `invalid quantity "${text}"`);
    if (isNegative(parsed)) this.fail(path, `must be greater than or equal to 0, got "${text}"`);
    return parsed;
  }

  resources(raw: Json | undefined, path: string): ResourceList {
    const list = emptyResources();
    for (const [name, item] of Object.entries(this.object(raw, path))) {
      const amount = this.quantity(item, `${path}.${name}`);
      if (name === "cpu") list.milliCPU = milliValue(amount);
      else if (name === "memory") list.memory = value(amount);
      else if (name === "ephemeral-storage") list.ephemeralStorage = value(amount);
      else if (name === "pods") list.pods = value(amount);
      else list.scalar[name] = value(amount);
    }
    return list;
  }
}

function describe(raw: Json | undefined): string {
  if (raw === null || raw === undefined) return "nothing";
  if (Array.isArray(raw)) return "a list";
  if (typeof raw === "object") return "an object";
  return `${typeof raw} ${JSON.stringify(raw)}`;
}

export function emptyResources(): ResourceList {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, pods: 0, scalar: {} };
}

const taintEffects: readonly TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const nodeOperators: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];
const labelOperators: readonly SelectorOperator[] = ["In", "NotIn", "Exists", "DoesNotExist"];

function readRequirements(
  reader: Reader,
  raw: Json | undefined,
  path: string,
  operators: readonly SelectorOperator[],
): SelectorRequirement[] {
  return reader.list(raw, path).map((item, index) => {
    const at = `${path}[${index}]`;
    const fields = reader.object(item, at);
    const operator = reader.oneOf(fields.operator, `${at}.operator`, operators, "In");
    if (fields.operator === undefined) reader.fail(`${at}.operator`, "required");
    const values = reader
      .list(fields.values, `${at}.values`)
      .map((v, i) => reader.string(v, `${at}.values[${i}]`));
    if ((operator === "In" || operator === "NotIn") && values.length === 0) {
      reader.fail(`${at}.values`, `must be non-empty for operator ${operator}`);
    }
    if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
      reader.fail(`${at}.values`, `must be empty for operator ${operator}`);
    }
    if (
      (operator === "Gt" || operator === "Lt") &&
      (values.length !== 1 || !/^-?\d+$/.test(values[0] ?? ""))
    ) {
      reader.fail(`${at}.values`, `operator ${operator} needs exactly one integer value`);
    }
    return { key: reader.requiredString(fields.key, `${at}.key`), operator, values };
  });
}

function readLabelSelector(reader: Reader, raw: Json | undefined, path: string): LabelSelector | undefined {
  if (raw === undefined || raw === null) return undefined;
  const fields = reader.object(raw, path);
  return {
    matchLabels: reader.stringMap(fields.matchLabels, `${path}.matchLabels`),
    matchExpressions: readRequirements(
      reader,
      fields.matchExpressions,
      `${path}.matchExpressions`,
      labelOperators,
    ),
  };
}

function readNodeSelectorTerm(reader: Reader, raw: Json | undefined, path: string): NodeSelectorTerm {
  const fields = reader.object(raw, path);
  return {
    matchExpressions: readRequirements(
      reader,
      fields.matchExpressions,
      `${path}.matchExpressions`,
      nodeOperators,
    ),
    matchFields: readRequirements(reader, fields.matchFields, `${path}.matchFields`, labelOperators),
  };
}

function readPodAffinityTerm(reader: Reader, raw: Json | undefined, path: string): PodAffinityTerm {
  const fields = reader.object(raw, path);
  const namespaceSelector = readLabelSelector(reader, fields.namespaceSelector, `${path}.namespaceSelector`);
  const labelSelector = readLabelSelector(reader, fields.labelSelector, `${path}.labelSelector`);
  return {
    ...(labelSelector === undefined ? {} : { labelSelector }),
    ...(namespaceSelector === undefined ? {} : { namespaceSelector }),
    namespaces: reader
      .list(fields.namespaces, `${path}.namespaces`)
      .map((n, i) => reader.string(n, `${path}.namespaces[${i}]`)),
    topologyKey: reader.requiredString(fields.topologyKey, `${path}.topologyKey`),
  };
}

function readWeight(reader: Reader, raw: Json | undefined, path: string): number {
  const weight = reader.integer(raw, path, Number.NaN);
  // pkg/apis/core/validation: preferred scheduling term weight must be in [1, 100].
  if (!(weight >= 1 && weight <= 100)) reader.fail(path, "must be an integer in the range 1-100");
  return weight;
}

function readPodAffinity(
  reader: Reader,
  raw: Json | undefined,
  path: string,
): NonNullable<Affinity["podAffinity"]> | undefined {
  if (raw === undefined || raw === null) return undefined;
  const fields = reader.object(raw, path);
  const requiredPath = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
  const preferredPath = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
  return {
    required: reader
      .list(fields.requiredDuringSchedulingIgnoredDuringExecution, requiredPath)
      .map((term, i) => readPodAffinityTerm(reader, term, `${requiredPath}[${i}]`)),
    preferred: reader
      .list(fields.preferredDuringSchedulingIgnoredDuringExecution, preferredPath)
      .map((item, i) => {
        const at = `${preferredPath}[${i}]`;
        const term = reader.object(item, at);
        return {
          weight: readWeight(reader, term.weight, `${at}.weight`),
          podAffinityTerm: readPodAffinityTerm(reader, term.podAffinityTerm, `${at}.podAffinityTerm`),
        };
      }),
  };
}

function readAffinity(reader: Reader, raw: Json | undefined, path: string): Affinity {
  const fields = reader.object(raw, path);
  const affinity: Affinity = {};
  if (fields.nodeAffinity !== undefined && fields.nodeAffinity !== null) {
    const at = `${path}.nodeAffinity`;
    const node = reader.object(fields.nodeAffinity, at);
    const requiredPath = `${at}.requiredDuringSchedulingIgnoredDuringExecution`;
    const preferredPath = `${at}.preferredDuringSchedulingIgnoredDuringExecution`;
    const required = node.requiredDuringSchedulingIgnoredDuringExecution;
    affinity.nodeAffinity = {
      preferred: reader
        .list(node.preferredDuringSchedulingIgnoredDuringExecution, preferredPath)
        .map((item, i) => {
          const termPath = `${preferredPath}[${i}]`;
          const term = reader.object(item, termPath);
          return {
            weight: readWeight(reader, term.weight, `${termPath}.weight`),
            preference: readNodeSelectorTerm(reader, term.preference, `${termPath}.preference`),
          };
        }),
    };
    if (required !== undefined && required !== null) {
      const selector = reader.object(required, requiredPath);
      const termsPath = `${requiredPath}.nodeSelectorTerms`;
      const terms = reader.list(selector.nodeSelectorTerms, termsPath);
      if (terms.length === 0) reader.fail(termsPath, "must have at least one term");
      affinity.nodeAffinity.required = terms.map((term, i) =>
        readNodeSelectorTerm(reader, term, `${termsPath}[${i}]`),
      );
    }
  }
  const podAffinity = readPodAffinity(reader, fields.podAffinity, `${path}.podAffinity`);
  if (podAffinity !== undefined) affinity.podAffinity = podAffinity;
  const podAntiAffinity = readPodAffinity(reader, fields.podAntiAffinity, `${path}.podAntiAffinity`);
  if (podAntiAffinity !== undefined) affinity.podAntiAffinity = podAntiAffinity;
  return affinity;
}

function readTaints(reader: Reader, raw: Json | undefined, path: string): Taint[] {
  return reader.list(raw, path).map((item, i) => {
    const at = `${path}[${i}]`;
    const fields = reader.object(item, at);
    if (fields.effect === undefined) reader.fail(`${at}.effect`, "required");
    return {
      key: reader.requiredString(fields.key, `${at}.key`),
      value: reader.string(fields.value, `${at}.value`),
      effect: reader.oneOf(fields.effect, `${at}.effect`, taintEffects, "NoSchedule"),
    };
  });
}

function readTolerations(reader: Reader, raw: Json | undefined, path: string): Toleration[] {
  return reader.list(raw, path).map((item, i) => {
    const at = `${path}[${i}]`;
    const fields = reader.object(item, at);
    const operator = reader.oneOf(fields.operator, `${at}.operator`, ["Equal", "Exists"] as const, "Equal");
    const toleration: Toleration = {
      key: reader.string(fields.key, `${at}.key`),
      operator,
      value: reader.string(fields.value, `${at}.value`),
      effect: reader.oneOf(fields.effect, `${at}.effect`, [...taintEffects, ""] as const, ""),
    };
    if (operator === "Exists" && toleration.value !== "")
      reader.fail(`${at}.value`, "must be empty when operator is Exists");
    if (operator === "Equal" && toleration.key === "")
      reader.fail(`${at}.key`, "required when operator is Equal");
    if (fields.tolerationSeconds !== undefined) {
      toleration.tolerationSeconds = reader.integer(fields.tolerationSeconds, `${at}.tolerationSeconds`, 0);
    }
    return toleration;
  });
}

function readSpreadConstraints(
  reader: Reader,
  raw: Json | undefined,
  path: string,
): TopologySpreadConstraint[] {
  return reader.list(raw, path).map((item, i) => {
    const at = `${path}[${i}]`;
    const fields = reader.object(item, at);
    const maxSkew = reader.integer(fields.maxSkew, `${at}.maxSkew`, 0);
    if (maxSkew < 1) reader.fail(`${at}.maxSkew`, "must be greater than zero");
    if (fields.whenUnsatisfiable === undefined) reader.fail(`${at}.whenUnsatisfiable`, "required");
    const constraint: TopologySpreadConstraint = {
      maxSkew,
      topologyKey: reader.requiredString(fields.topologyKey, `${at}.topologyKey`),
      whenUnsatisfiable: reader.oneOf(
        fields.whenUnsatisfiable,
        `${at}.whenUnsatisfiable`,
        ["DoNotSchedule", "ScheduleAnyway"] as const,
        "DoNotSchedule",
      ),
      // pkg/apis/core/types.go: nodeAffinityPolicy defaults to Honor, nodeTaintsPolicy to Ignore.
      nodeAffinityPolicy: reader.oneOf(
        fields.nodeAffinityPolicy,
        `${at}.nodeAffinityPolicy`,
        ["Honor", "Ignore"] as const,
        "Honor",
      ),
      nodeTaintsPolicy: reader.oneOf(
        fields.nodeTaintsPolicy,
        `${at}.nodeTaintsPolicy`,
        ["Honor", "Ignore"] as const,
        "Ignore",
      ),
      matchLabelKeys: reader
        .list(fields.matchLabelKeys, `${at}.matchLabelKeys`)
        .map((k, j) => reader.string(k, `${at}.matchLabelKeys[${j}]`)),
    };
    const labelSelector = readLabelSelector(reader, fields.labelSelector, `${at}.labelSelector`);
    if (labelSelector !== undefined) constraint.labelSelector = labelSelector;
    if (fields.minDomains !== undefined && fields.minDomains !== null) {
      const minDomains = reader.integer(fields.minDomains, `${at}.minDomains`, 1);
      if (minDomains < 1) reader.fail(`${at}.minDomains`, "must be greater than zero");
      if (constraint.whenUnsatisfiable !== "DoNotSchedule") {
        reader.fail(`${at}.minDomains`, "can only be used with whenUnsatisfiable DoNotSchedule");
      }
      constraint.minDomains = minDomains;
    }
    return constraint;
  });
}

function readContainers(reader: Reader, raw: Json | undefined, path: string): Container[] {
  return reader.list(raw, path).map((item, i) => {
    const at = `${path}[${i}]`;
    const fields = reader.object(item, at);
    const resources = reader.object(fields.resources, `${at}.resources`);
    const requestsRaw = reader.object(resources.requests, `${at}.resources.requests`);
    const limitsRaw = reader.object(resources.limits, `${at}.resources.limits`);
    const requests = reader.resources(requestsRaw, `${at}.resources.requests`);
    const limits = reader.resources(limitsRaw, `${at}.resources.limits`);
    // pkg/apis/core/v1/defaults.go: a resource with a limit but no request gets request = limit.
    for (const name of Object.keys(limitsRaw)) {
      if (name in requestsRaw) continue;
      if (name === "cpu") requests.milliCPU = limits.milliCPU;
      else if (name === "memory") requests.memory = limits.memory;
      else if (name === "ephemeral-storage") requests.ephemeralStorage = limits.ephemeralStorage;
      else requests.scalar[name] = limits.scalar[name] ?? 0;
    }
    const requestedResources = [...new Set([...Object.keys(requestsRaw), ...Object.keys(limitsRaw)])].sort();
    return {
      name: reader.requiredString(fields.name, `${at}.name`),
      image: reader.string(fields.image, `${at}.image`),
      requests,
      // Kept for the kubelet and the player's eyes; the scheduler places by requests alone.
      limits: {
        milliCPU: "cpu" in limitsRaw ? limits.milliCPU : null,
        memoryBytes: "memory" in limitsRaw ? limits.memory : null,
      },
      requestedResources,
      ports: reader.list(fields.ports, `${at}.ports`).map((portItem, j) => {
        const portPath = `${at}.ports[${j}]`;
        const port = reader.object(portItem, portPath);
        const containerPort = reader.integer(port.containerPort, `${portPath}.containerPort`, 0);
        if (containerPort < 1 || containerPort > 65535)
          reader.fail(`${portPath}.containerPort`, "must be between 1 and 65535");
        const hostPort = reader.integer(port.hostPort, `${portPath}.hostPort`, 0);
        if (hostPort < 0 || hostPort > 65535)
          reader.fail(`${portPath}.hostPort`, "must be between 0 and 65535");
        return {
          containerPort,
          hostPort,
          protocol: reader.oneOf(
            port.protocol,
            `${portPath}.protocol`,
            ["TCP", "UDP", "SCTP"] as const,
            "TCP",
          ),
          hostIP: reader.string(port.hostIP, `${portPath}.hostIP`),
        };
      }),
    };
  });
}

/** Pod effective request: Σ containers, raised to any init container's larger request (resource_helpers.go). */
function effectiveRequests(containers: Container[], initContainers: Container[]): ResourceList {
  const total = emptyResources();
  for (const c of containers) {
    total.milliCPU += c.requests.milliCPU;
    total.memory += c.requests.memory;
    total.ephemeralStorage += c.requests.ephemeralStorage;
    for (const [name, amount] of Object.entries(c.requests.scalar))
      total.scalar[name] = (total.scalar[name] ?? 0) + amount;
  }
  for (const c of initContainers) {
    total.milliCPU = Math.max(total.milliCPU, c.requests.milliCPU);
    total.memory = Math.max(total.memory, c.requests.memory);
    total.ephemeralStorage = Math.max(total.ephemeralStorage, c.requests.ephemeralStorage);
    for (const [name, amount] of Object.entries(c.requests.scalar))
      total.scalar[name] = Math.max(total.scalar[name] ?? 0, amount);
  }
  return total;
}

function readMetadata(
  reader: Reader,
  raw: Json | undefined,
  kind: string,
): { name: string; namespace: string; labels: Record<string, string> } {
  const metadata = reader.object(raw, "metadata");
  const name = reader.requiredString(metadata.name, "metadata.name");
  reader.label = ` (${kind} ${name})`;
  return {
    name,
    namespace: reader.string(metadata.namespace, "metadata.namespace", "default"),
    labels: reader.stringMap(metadata.labels, "metadata.labels"),
  };
}

function readNode(reader: Reader, doc: JsonObject): NodeObject {
  const { name, labels } = readMetadata(reader, doc.metadata, "Node");
  const spec = reader.object(doc.spec, "spec");
  const status = reader.object(doc.status, "status");
  // The scheduler reads status.allocatable; a hand-written node may give only capacity.
  const allocatableRaw = status.allocatable ?? status.capacity;
  const allocatablePath = status.allocatable === undefined ? "status.capacity" : "status.allocatable";
  if (allocatableRaw === undefined) reader.fail("status.allocatable", "required (or status.capacity)");
  return {
    name,
    labels,
    allocatable: reader.resources(allocatableRaw, allocatablePath),
    taints: readTaints(reader, spec.taints, "spec.taints"),
    unschedulable: reader.boolean(spec.unschedulable, "spec.unschedulable"),
    images: reader.list(status.images, "status.images").map((item, i) => {
      const at = `status.images[${i}]`;
      const image = reader.object(item, at);
      return {
        names: reader.list(image.names, `${at}.names`).map((n, j) => reader.string(n, `${at}.names[${j}]`)),
        sizeBytes: reader.integer(image.sizeBytes, `${at}.sizeBytes`, 0),
      };
    }),
  };
}

function readPod(reader: Reader, doc: JsonObject, creationIndex: number): PodObject {
  const { name, namespace, labels } = readMetadata(reader, doc.metadata, "Pod");
  const spec = reader.object(doc.spec, "spec");
  const containers = readContainers(reader, spec.containers, "spec.containers");
  if (containers.length === 0) reader.fail("spec.containers", "must have at least one container");
  const initContainers = readContainers(reader, spec.initContainers, "spec.initContainers");
  const priorityClassName = reader.string(spec.priorityClassName, "spec.priorityClassName");
  let priority = reader.integer(spec.priority, "spec.priority", 0);
  if (priorityClassName !== "" && spec.priority === undefined) {
    const classValue = builtInPriorityClasses.get(priorityClassName);
    if (classValue === undefined) {
      reader.fail(
        "spec.priorityClassName",
        `unknown priority class "${priorityClassName}" (set spec.priority, or use system-cluster-critical / system-node-critical)`,
      );
    }
    priority = classValue;
  }
  return {
    name,
    namespace,
    labels,
    nodeName: reader.string(spec.nodeName, "spec.nodeName"),
    priority,
    priorityClassName,
    preemptionPolicy: reader.oneOf(
      spec.preemptionPolicy,
      "spec.preemptionPolicy",
      ["PreemptLowerPriority", "Never"] as const,
      "PreemptLowerPriority",
    ),
    nodeSelector: reader.stringMap(spec.nodeSelector, "spec.nodeSelector"),
    affinity: readAffinity(reader, spec.affinity, "spec.affinity"),
    tolerations: readTolerations(reader, spec.tolerations, "spec.tolerations"),
    topologySpreadConstraints: readSpreadConstraints(
      reader,
      spec.topologySpreadConstraints,
      "spec.topologySpreadConstraints",
    ),
    containers,
    initContainers,
    requests: effectiveRequests(containers, initContainers),
    creationIndex,
    startTime: readStartTime(reader, reader.object(doc.status, "status").startTime),
  };
}

function readStartTime(reader: Reader, raw: Json | undefined): string {
  // YAML parses an unquoted timestamp as a string (yaml 1.2 core schema), so one check suffices.
  const text = reader.string(raw, "status.startTime");
  if (text !== "" && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(text)) {
    reader.fail("status.startTime", `expected an RFC 3339 UTC time like 2026-11-22T10:00:00Z, got "${text}"`);
  }
  return text;
}

function readPluginName(reader: Reader, raw: Json | undefined, path: string, allowStar: boolean): string {
  const name = reader.requiredString(raw, path);
  if (!(knownPlugins.includes(name) || (allowStar && name === "*")))
    reader.fail(path, `unknown plugin "${name}"`);
  return name;
}

function readSchedulerConfig(reader: Reader, doc: JsonObject): SchedulerConfigDocument {
  reader.label = " (KubeSchedulerConfiguration)";
  const config = defaultSchedulerConfig();
  config.percentageOfNodesToScore = reader.integer(
    doc.percentageOfNodesToScore,
    "percentageOfNodesToScore",
    0,
  );
  if (config.percentageOfNodesToScore < 0 || config.percentageOfNodesToScore > 100) {
    reader.fail("percentageOfNodesToScore", "must be in the range 0-100");
  }
  config.podInitialBackoffSeconds = reader.integer(
    doc.podInitialBackoffSeconds,
    "podInitialBackoffSeconds",
    1,
  );
  config.podMaxBackoffSeconds = reader.integer(doc.podMaxBackoffSeconds, "podMaxBackoffSeconds", 10);
  if (config.podInitialBackoffSeconds <= 0) reader.fail("podInitialBackoffSeconds", "must be greater than 0");
  if (config.podMaxBackoffSeconds < config.podInitialBackoffSeconds) {
    reader.fail("podMaxBackoffSeconds", "must be greater than or equal to podInitialBackoffSeconds");
  }
  const profiles = reader.list(doc.profiles, "profiles");
  if (profiles.length > 1) reader.fail("profiles", "only one profile is simulated");
  const profile = reader.object(profiles[0], "profiles[0]");
  reader.string(profile.schedulerName, "profiles[0].schedulerName");
  const percentage = profile.percentageOfNodesToScore;
  if (percentage !== undefined && percentage !== null) {
    config.percentageOfNodesToScore = reader.integer(percentage, "profiles[0].percentageOfNodesToScore", 0);
  }
  const plugins = reader.object(profile.plugins, "profiles[0].plugins");
  for (const [point, setRaw] of Object.entries(plugins)) {
    const at = `profiles[0].plugins.${point}`;
    const set = reader.object(setRaw, at);
    const disabled = reader
      .list(set.disabled, `${at}.disabled`)
      .map((item, i) =>
        readPluginName(
          reader,
          reader.object(item, `${at}.disabled[${i}]`).name,
          `${at}.disabled[${i}].name`,
          true,
        ),
      );
    const enabled = reader.list(set.enabled, `${at}.enabled`).map((item, i) => {
      const fields = reader.object(item, `${at}.enabled[${i}]`);
      const name = readPluginName(reader, fields.name, `${at}.enabled[${i}].name`, false);
      // config/validation: a score weight 0 means "use the default"; weights must be positive.
      const weight = reader.integer(fields.weight, `${at}.enabled[${i}].weight`, 0);
      if (weight < 0) reader.fail(`${at}.enabled[${i}].weight`, "must be a positive integer");
      return { name, weight };
    });
    if (point !== "score") continue;
    for (const name of disabled) {
      if (name === "*") config.scoreWeights = {};
      else delete config.scoreWeights[name];
    }
    for (const { name, weight } of enabled) {
      config.scoreWeights[name] = weight === 0 ? (defaultScoreWeights[name] ?? 1) : weight;
    }
  }
  reader.list(profile.pluginConfig, "profiles[0].pluginConfig").forEach((item, i) => {
    const at = `profiles[0].pluginConfig[${i}]`;
    const fields = reader.object(item, at);
    const name = readPluginName(reader, fields.name, `${at}.name`, false);
    const args = reader.object(fields.args, `${at}.args`);
    if (name === "NodeResourcesFit") readFitArgs(reader, args, `${at}.args`, config);
    else if (name === "InterPodAffinity") {
      config.hardPodAffinityWeight = reader.integer(
        args.hardPodAffinityWeight,
        `${at}.args.hardPodAffinityWeight`,
        1,
      );
      if (config.hardPodAffinityWeight < 0 || config.hardPodAffinityWeight > 100) {
        reader.fail(`${at}.args.hardPodAffinityWeight`, "must be in the range 0-100");
      }
    }
  });
  return config;
}

function readFitArgs(reader: Reader, args: JsonObject, path: string, config: SchedulerConfigDocument): void {
  const strategyPath = `${path}.scoringStrategy`;
  const strategy = reader.object(args.scoringStrategy, strategyPath);
  const type = reader.oneOf(
    strategy.type,
    `${strategyPath}.type`,
    ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"] as const,
    "LeastAllocated",
  );
  config.scoringStrategy.type = type;
  if (strategy.resources !== undefined) {
    config.scoringStrategy.resources = reader
      .list(strategy.resources, `${strategyPath}.resources`)
      .map((item, i) => {
        const at = `${strategyPath}.resources[${i}]`;
        const fields = reader.object(item, at);
        const weight = reader.integer(fields.weight, `${at}.weight`, 1);
        if (weight < 1 || weight > 100) reader.fail(`${at}.weight`, "must be in the range 1-100");
        return { name: reader.requiredString(fields.name, `${at}.name`), weight };
      });
  }
  if (type === "RequestedToCapacityRatio") {
    const ratioPath = `${strategyPath}.requestedToCapacityRatio`;
    const ratio = reader.object(strategy.requestedToCapacityRatio, ratioPath);
    const shape = reader.list(ratio.shape, `${ratioPath}.shape`).map((item, i) => {
      const at = `${ratioPath}.shape[${i}]`;
      const point = reader.object(item, at);
      const utilization = reader.integer(point.utilization, `${at}.utilization`, 0);
      const score = reader.integer(point.score, `${at}.score`, 0);
      // config/validation: utilization in [0, 100], score in [0, 10], utilization strictly increasing.
      if (utilization < 0 || utilization > 100)
        reader.fail(`${at}.utilization`, "must be in the range 0-100");
      if (score < 0 || score > 10) reader.fail(`${at}.score`, "must be in the range 0-10");
      return { utilization, score };
    });
    if (shape.length === 0) reader.fail(`${ratioPath}.shape`, "must have at least one point");
    for (let i = 1; i < shape.length; i++) {
      if ((shape[i]?.utilization ?? 0) <= (shape[i - 1]?.utilization ?? 0)) {
        reader.fail(
          `${ratioPath}.shape[${i}].utilization`,
          "utilization values must be sorted in increasing order",
        );
      }
    }
    config.scoringStrategy.shape = shape;
  }
}

/** Parses a multi-document YAML (or JSON) text into nodes, pods and the scheduler configuration. */
export function loadManifests(text: string): Manifests {
  const nodes: NodeObject[] = [];
  const pods: PodObject[] = [];
  let config: SchedulerConfigDocument | undefined;
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents)) throw new ManifestError(1, "", "", "not a YAML stream");
  const seen = new Set<string>();
  const runningOn: { reader: Reader; node: string }[] = [];
  let documentIndex = 0;
  for (const document of documents) {
    documentIndex++;
    const reader = new Reader(documentIndex);
    const problem = document.errors[0];
    if (problem !== undefined) reader.fail("", `invalid YAML: ${problem.message.split("\n")[0]}`);
    const content = document.toJS() as Json;
    if (content === null || content === undefined) continue;
    // A `kind: List` (kubectl get -o yaml) carries its objects in items.
    const objects =
      typeof content === "object" && !Array.isArray(content) && content.kind === "List"
        ? reader.list(content.items, "items")
        : [content];
    for (const raw of objects) {
      const doc = reader.object(raw, "");
      const kind = reader.string(doc.kind, "kind");
      const apiVersion = reader.string(doc.apiVersion, "apiVersion");
      if (kind === "Node" || kind === "Pod") {
        if (apiVersion !== "v1") reader.fail("apiVersion", `expected "v1" for ${kind}, got "${apiVersion}"`);
        if (kind === "Node") {
          const node = readNode(reader, doc);
          if (seen.has(`Node/${node.name}`)) reader.fail("metadata.name", `duplicate Node "${node.name}"`);
          seen.add(`Node/${node.name}`);
          nodes.push(node);
        } else {
          const pod = readPod(reader, doc, pods.length);
          if (pod.nodeName !== "") runningOn.push({ reader, node: pod.nodeName });
          const key = `Pod/${pod.namespace}/${pod.name}`;
          if (seen.has(key)) reader.fail("metadata.name", `duplicate Pod "${pod.namespace}/${pod.name}"`);
          seen.add(key);
          pods.push(pod);
        }
      } else if (kind === "KubeSchedulerConfiguration") {
        if (apiVersion !== "kubescheduler.config.k8s.io/v1") {
          reader.fail("apiVersion", `expected "kubescheduler.config.k8s.io/v1", got "${apiVersion}"`);
        }
        if (config !== undefined) reader.fail("kind", "only one KubeSchedulerConfiguration is allowed");
        config = readSchedulerConfig(reader, doc);
      } else {
        reader.fail(
          "kind",
          kind === ""
            ? "required"
            : `unsupported kind "${kind}" (expected Node, Pod or KubeSchedulerConfiguration)`,
        );
      }
    }
  }
  for (const { reader, node } of runningOn) {
    if (!seen.has(`Node/${node}`)) reader.fail("spec.nodeName", `no Node "${node}" in the file`);
  }
  return { nodes, pods, config: config ?? defaultSchedulerConfig() };
}
