/**
 * Reads one puzzle file (YAML). The cluster's Kubernetes objects go through the scheduler's own
 * manifest reader, one object at a time, so a broken Pod is reported with the same field path
 * `npm run schedule` would give, prefixed by where the object sits in the puzzle file.
 * Loading is all-or-nothing: the first problem throws a PuzzleFileError naming file and field.
 */
import { parse } from "yaml";
import {
  builtInPriorityClasses,
  defaultSchedulerConfig,
  loadManifests,
  ManifestError,
  type NodeObject,
  type PodObject,
  type SchedulerConfigDocument,
} from "../sim/scheduler/k8s/manifests.ts";
import type { LabelSelector } from "../sim/scheduler/types.ts";
import {
  type Level,
  type LocalizedText,
  levels,
  type Objective,
  type PodDisruptionBudget,
  type Puzzle,
} from "./types.ts";

export class PuzzleFileError extends Error {
  readonly file: string;
  readonly field: string;
  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field === "" ? "" : `${field}: `}${problem}`);
    this.name = "PuzzleFileError";
    this.file = file;
    this.field = field;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const objectiveKinds = [
  "placeAll",
  "fewestNodes",
  "maxSkew",
  "leaveRoomFor",
  "surviveZoneLoss",
  "drain",
  "fewestEvictions",
] as const;

const topLevelFields = [
  "id",
  "version",
  "level",
  "title",
  "lesson",
  "goal",
  "cluster",
  "pending",
  "objective",
];
const clusterFields = ["nodes", "pods", "priorityClasses", "podDisruptionBudgets", "scheduler"];

interface PriorityClass {
  value: number;
  preemptionPolicy: string | undefined;
  globalDefault: boolean;
}

class FieldReader {
  readonly file: string;
  constructor(file: string) {
    this.file = file;
  }

  fail(field: string, problem: string): never {
    throw new PuzzleFileError(this.file, field, problem);
  }

  object(raw: Json | undefined, field: string): JsonObject {
    if (raw === undefined || raw === null) this.fail(field, "required");
    if (typeof raw !== "object" || Array.isArray(raw)) this.fail(field, "expected a mapping");
    return raw;
  }

  list(raw: Json | undefined, field: string): Json[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) this.fail(field, "expected a list");
    return raw;
  }

  string(raw: Json | undefined, field: string): string {
    if (typeof raw !== "string" || raw.trim() === "") this.fail(field, "expected a non-empty string");
    return raw;
  }

  integer(raw: Json | undefined, field: string, min: number): number {
    if (typeof raw !== "number" || !Number.isInteger(raw)) this.fail(field, "expected an integer");
    if (raw < min) this.fail(field, `must be at least ${min}`);
    return raw;
  }

  onlyFields(raw: JsonObject, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(raw)) {
      if (!allowed.includes(key))
        this.fail(field === "" ? key : `${field}.${key}`, `unknown field (expected ${allowed.join(", ")})`);
    }
  }

  text(raw: Json | undefined, field: string): LocalizedText {
    const fields = this.object(raw, field);
    this.onlyFields(fields, field, ["en", "ko"]);
    return { en: this.string(fields.en, `${field}.en`), ko: this.string(fields.ko, `${field}.ko`) };
  }

  /** One Kubernetes object through the scheduler's manifest reader. */
  manifest(raw: Json, field: string, kind: string) {
    const doc = this.object(raw, field);
    if (doc.kind !== kind) this.fail(`${field}.kind`, `expected "${kind}"`);
    try {
      return loadManifests(JSON.stringify(doc));
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      // "document 1 (Pod web-1): spec.x: problem" → "<field> (Pod web-1): spec.x: problem".
      throw new PuzzleFileError(this.file, "", error.message.replace(/^document \d+/, field));
    }
  }

  selector(raw: Json | undefined, field: string): LabelSelector {
    const fields = this.object(raw, field);
    this.onlyFields(fields, field, ["matchLabels"]);
    const labels = this.object(fields.matchLabels, `${field}.matchLabels`);
    // fromEntries: every key an own property, "__proto__" included (an assignment would not make it one).
    const matchLabels: Record<string, string> = Object.fromEntries(
      Object.entries(labels).map(([key, value]) => [key, this.string(value, `${field}.matchLabels.${key}`)]),
    );
    if (Object.keys(matchLabels).length === 0)
      this.fail(`${field}.matchLabels`, "must name at least one label");
    return { matchLabels, matchExpressions: [] };
  }
}

function readPriorityClasses(reader: FieldReader, raw: Json | undefined): Map<string, PriorityClass> {
  const classes = new Map<string, PriorityClass>();
  reader.list(raw, "cluster.priorityClasses").forEach((item, i) => {
    const at = `cluster.priorityClasses[${i}]`;
    const doc = reader.object(item, at);
    if (doc.kind !== "PriorityClass") reader.fail(`${at}.kind`, `expected "PriorityClass"`);
    if (doc.apiVersion !== "scheduling.k8s.io/v1")
      reader.fail(`${at}.apiVersion`, `expected "scheduling.k8s.io/v1"`);
    const name = reader.string(reader.object(doc.metadata, `${at}.metadata`).name, `${at}.metadata.name`);
    if (classes.has(name) || builtInPriorityClasses.has(name))
      reader.fail(`${at}.metadata.name`, `duplicate PriorityClass "${name}"`);
    // pkg/apis/scheduling/validation: user classes must stay at or below 1 000 000 000.
    const value = reader.integer(doc.value, `${at}.value`, -2147483648);
    if (value > 1000000000)
      reader.fail(`${at}.value`, "must be at most 1000000000 (HighestUserDefinablePriority)");
    const policy = doc.preemptionPolicy;
    if (policy !== undefined && policy !== "PreemptLowerPriority" && policy !== "Never")
      reader.fail(`${at}.preemptionPolicy`, "expected PreemptLowerPriority or Never");
    classes.set(name, { value, preemptionPolicy: policy, globalDefault: doc.globalDefault === true });
  });
  if ([...classes.values()].filter((c) => c.globalDefault).length > 1)
    reader.fail("cluster.priorityClasses", "at most one PriorityClass may be globalDefault");
  return classes;
}

/** The Priority admission plugin: priority and preemptionPolicy come from the PriorityClass. */
function admitPriority(
  reader: FieldReader,
  raw: Json,
  field: string,
  classes: Map<string, PriorityClass>,
): Json {
  const doc = reader.object(raw, field);
  const spec = reader.object(doc.spec ?? {}, `${field}.spec`);
  const className = spec.priorityClassName;
  let priorityClass: PriorityClass | undefined;
  if (typeof className === "string" && className !== "") {
    priorityClass = classes.get(className);
    if (priorityClass === undefined && !builtInPriorityClasses.has(className))
      reader.fail(
        `${field}.spec.priorityClassName`,
        `no PriorityClass "${className}" in cluster.priorityClasses`,
      );
  } else {
    priorityClass = [...classes.values()].find((c) => c.globalDefault);
  }
  if (priorityClass === undefined) return doc;
  const admitted: JsonObject = { ...spec, priority: priorityClass.value };
  if (priorityClass.preemptionPolicy !== undefined && spec.preemptionPolicy === undefined)
    admitted.preemptionPolicy = priorityClass.preemptionPolicy;
  return { ...doc, spec: admitted };
}

function readPod(
  reader: FieldReader,
  raw: Json,
  field: string,
  classes: Map<string, PriorityClass>,
): { pod: PodObject; nodeName: string } {
  const doc = reader.object(admitPriority(reader, raw, field, classes), field);
  const spec = reader.object(doc.spec ?? {}, `${field}.spec`);
  const nodeName = typeof spec.nodeName === "string" ? spec.nodeName : "";
  // The node is checked against the puzzle's nodes, not the lone object's file.
  const { nodeName: _, ...unbound } = spec;
  const pod = reader.manifest({ ...doc, spec: unbound }, field, "Pod").pods[0] as PodObject;
  return { pod, nodeName };
}

function readScheduler(reader: FieldReader, raw: Json | undefined): SchedulerConfigDocument {
  if (raw === undefined || raw === null) return defaultSchedulerConfig();
  return reader.manifest(raw, "cluster.scheduler", "KubeSchedulerConfiguration").config;
}

function readPdbs(reader: FieldReader, raw: Json | undefined): PodDisruptionBudget[] {
  return reader.list(raw, "cluster.podDisruptionBudgets").map((item, i) => {
    const at = `cluster.podDisruptionBudgets[${i}]`;
    const doc = reader.object(item, at);
    if (doc.kind !== "PodDisruptionBudget") reader.fail(`${at}.kind`, `expected "PodDisruptionBudget"`);
    if (doc.apiVersion !== "policy/v1") reader.fail(`${at}.apiVersion`, `expected "policy/v1"`);
    const name = reader.string(reader.object(doc.metadata, `${at}.metadata`).name, `${at}.metadata.name`);
    const spec = reader.object(doc.spec, `${at}.spec`);
    reader.onlyFields(spec, `${at}.spec`, ["minAvailable", "selector"]);
    return {
      name,
      minAvailable: reader.integer(spec.minAvailable, `${at}.spec.minAvailable`, 0),
      selector: reader.selector(spec.selector, `${at}.spec.selector`),
    };
  });
}

function readObjective(
  reader: FieldReader,
  raw: Json | undefined,
  classes: Map<string, PriorityClass>,
): Objective {
  const fields = reader.object(raw, "objective");
  const kind = fields.kind;
  if (typeof kind !== "string" || !(objectiveKinds as readonly string[]).includes(kind))
    reader.fail("objective.kind", `expected one of ${objectiveKinds.join(", ")}`);
  const allow = (names: string[]) => reader.onlyFields(fields, "objective", ["kind", ...names]);
  switch (kind as (typeof objectiveKinds)[number]) {
    case "placeAll":
    case "fewestNodes":
    case "fewestEvictions":
      allow([]);
      return { kind: kind as "placeAll" | "fewestNodes" | "fewestEvictions" };
    case "maxSkew":
      allow(["topologyKey", "selector", "maxSkew"]);
      return {
        kind: "maxSkew",
        topologyKey: reader.string(fields.topologyKey, "objective.topologyKey"),
        selector: reader.selector(fields.selector, "objective.selector"),
        maxSkew: reader.integer(fields.maxSkew, "objective.maxSkew", 1),
      };
    case "leaveRoomFor": {
      allow(["pod"]);
      const { pod, nodeName } = readPod(reader, fields.pod ?? null, "objective.pod", classes);
      if (nodeName !== "") reader.fail("objective.pod.spec.nodeName", "the late pod is not bound yet");
      return { kind: "leaveRoomFor", pod };
    }
    case "surviveZoneLoss":
      allow(["topologyKey", "appLabel", "minReplicas"]);
      return {
        kind: "surviveZoneLoss",
        topologyKey: reader.string(fields.topologyKey, "objective.topologyKey"),
        appLabel:
          fields.appLabel === undefined ? "app" : reader.string(fields.appLabel, "objective.appLabel"),
        minReplicas: reader.integer(fields.minReplicas, "objective.minReplicas", 1),
      };
    case "drain":
      allow(["node"]);
      return { kind: "drain", node: reader.string(fields.node, "objective.node") };
  }
}

/** Parses and validates one puzzle file; `file` only names it in errors. */
export function loadPuzzle(text: string, file: string): Puzzle {
  const reader = new FieldReader(file);
  let raw: Json = null;
  try {
    raw = parse(text) as Json;
  } catch (error) {
    reader.fail(
      "",
      `invalid YAML: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`,
    );
  }
  const doc = reader.object(raw, "");
  reader.onlyFields(doc, "", topLevelFields);
  const id = reader.string(doc.id, "id");
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) reader.fail("id", "use lower-case words joined by '-'");
  const level = doc.level;
  if (typeof level !== "string" || !(levels as readonly string[]).includes(level))
    reader.fail("level", `expected one of ${levels.join(", ")}`);

  const cluster = reader.object(doc.cluster, "cluster");
  reader.onlyFields(cluster, "cluster", clusterFields);
  const classes = readPriorityClasses(reader, cluster.priorityClasses);
  const names = new Set<string>();
  const nodes: NodeObject[] = reader.list(cluster.nodes, "cluster.nodes").map((item, i) => {
    const node = reader.manifest(item, `cluster.nodes[${i}]`, "Node").nodes[0] as NodeObject;
    if (names.has(node.name))
      reader.fail(`cluster.nodes[${i}].metadata.name`, `duplicate Node "${node.name}"`);
    names.add(node.name);
    return node;
  });
  if (nodes.length === 0) reader.fail("cluster.nodes", "a puzzle needs at least one Node");
  // Small enough for the exact solver (see solve.ts).
  if (nodes.length > 8) reader.fail("cluster.nodes", `at most 8 nodes, got ${nodes.length}`);

  const podNames = new Set<string>();
  const uniqueName = (pod: PodObject, field: string) => {
    if (podNames.has(pod.name)) reader.fail(`${field}.metadata.name`, `duplicate Pod "${pod.name}"`);
    podNames.add(pod.name);
  };
  let creationIndex = 0;
  const running = reader.list(cluster.pods, "cluster.pods").map((item, i) => {
    const field = `cluster.pods[${i}]`;
    const { pod, nodeName } = readPod(reader, item, field, classes);
    if (nodeName === "") reader.fail(`${field}.spec.nodeName`, "a running pod must name its node");
    if (!names.has(nodeName)) reader.fail(`${field}.spec.nodeName`, `no Node "${nodeName}" in cluster.nodes`);
    uniqueName(pod, field);
    return { ...pod, nodeName, creationIndex: creationIndex++ };
  });
  let pending = reader.list(doc.pending, "pending").map((item, i) => {
    const field = `pending[${i}]`;
    const { pod, nodeName } = readPod(reader, item, field, classes);
    if (nodeName !== "") reader.fail(`${field}.spec.nodeName`, "a pending pod has no node yet");
    uniqueName(pod, field);
    return { ...pod, creationIndex: creationIndex++ };
  });
  const objective = readObjective(reader, doc.objective, classes);
  if (objective.kind === "leaveRoomFor") {
    uniqueName(objective.pod, "objective.pod");
    objective.pod = { ...objective.pod, creationIndex: creationIndex++ };
  }

  let puzzleNodes = nodes;
  let stillRunning = running;
  if (objective.kind === "drain") {
    const drained = objective.node;
    if (!names.has(drained)) reader.fail("objective.node", `no Node "${drained}" in cluster.nodes`);
    // kubectl drain: cordon, then evict; the controllers recreate the evicted pods as pending.
    puzzleNodes = nodes.map((n) => (n.name === drained ? { ...n, unschedulable: true } : n));
    const evicted = running.filter((p) => p.nodeName === drained).map((p) => ({ ...p, nodeName: "" }));
    if (evicted.length === 0) reader.fail("objective.node", `no pod runs on "${drained}": nothing to drain`);
    stillRunning = running.filter((p) => p.nodeName !== drained);
    pending = [...evicted, ...pending];
  }
  if (pending.length === 0) reader.fail("pending", "a puzzle needs at least one pod to place");
  if (pending.length > 14) reader.fail("pending", `at most 14 pods to place, got ${pending.length}`);

  const podDisruptionBudgets = readPdbs(reader, cluster.podDisruptionBudgets);
  if (podDisruptionBudgets.length > 0 && objective.kind !== "drain")
    reader.fail("cluster.podDisruptionBudgets", "only a drain puzzle uses PodDisruptionBudgets");

  return {
    id,
    version: reader.integer(doc.version, "version", 1),
    level: level as Level,
    title: reader.text(doc.title, "title"),
    lesson: reader.text(doc.lesson, "lesson"),
    goal: reader.text(doc.goal, "goal"),
    nodes: puzzleNodes,
    running: stillRunning,
    pending,
    drained:
      objective.kind === "drain"
        ? pending
            .filter((p) => p.nodeName === "" && running.some((r) => r.name === p.name))
            .map((p) => p.name)
        : [],
    podDisruptionBudgets,
    scheduler: readScheduler(reader, cluster.scheduler),
    objective,
  };
}
