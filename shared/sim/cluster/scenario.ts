import type { ResourceList } from "./types.ts";

/**
 * A scenario is data a facilitator can read and edit (see shared/scenarios/*.json);
 * `parseScenario` checks it and names the field that is wrong.
 */
export interface Scenario {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly summary: string;
  readonly nodes: readonly ScenarioNode[];
  readonly workload: Workload;
}

export interface ScenarioNode {
  readonly name: string;
  readonly zone: string;
  readonly milliCPU: number;
  readonly memoryMiB: number;
  readonly pods: number;
}

export interface Workload {
  /** Pods already running on each node when the round starts. */
  readonly initialPodsPerNode: number;
  /** A new pod arrives every [min, max] simulated ms. */
  readonly arrivalEveryMs: readonly [number, number];
  /** How long a pod runs before it completes, [min, max] simulated ms. */
  readonly lifetimeMs: readonly [number, number];
  /** Request shapes, drawn uniformly. */
  readonly podShapes: readonly ResourceList[];
}

export class ScenarioError extends Error {
  override name = "ScenarioError";
}

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/; // RFC 1123 label, as Kubernetes requires of node names

export function parseScenario(input: unknown): Scenario {
  const root = record(input, "scenario");
  const nodes = array(root.nodes, "nodes").map((n, i) => {
    const node = record(n, `nodes[${i}]`);
    return {
      name: label(node.name, `nodes[${i}].name`),
      zone: label(node.zone, `nodes[${i}].zone`),
      milliCPU: positiveInt(node.milliCPU, `nodes[${i}].milliCPU`),
      memoryMiB: positiveInt(node.memoryMiB, `nodes[${i}].memoryMiB`),
      pods: positiveInt(node.pods, `nodes[${i}].pods`),
    };
  });
  if (nodes.length === 0) throw new ScenarioError("nodes: a scenario needs at least one node");
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.name)) throw new ScenarioError(`nodes: duplicate node name "${n.name}"`);
    seen.add(n.name);
  }
  const w = record(root.workload, "workload");
  const shapes = array(w.podShapes, "workload.podShapes").map((s, i) => {
    const shape = record(s, `workload.podShapes[${i}]`);
    return {
      milliCPU: positiveInt(shape.milliCPU, `workload.podShapes[${i}].milliCPU`),
      memoryMiB: positiveInt(shape.memoryMiB, `workload.podShapes[${i}].memoryMiB`),
    };
  });
  if (shapes.length === 0) throw new ScenarioError("workload.podShapes: at least one pod shape is needed");
  return {
    id: label(root.id, "id"),
    version: positiveInt(root.version, "version"),
    title: text(root.title, "title"),
    summary: text(root.summary, "summary"),
    nodes,
    workload: {
      initialPodsPerNode: nonNegativeInt(w.initialPodsPerNode, "workload.initialPodsPerNode"),
      arrivalEveryMs: range(w.arrivalEveryMs, "workload.arrivalEveryMs"),
      lifetimeMs: range(w.lifetimeMs, "workload.lifetimeMs"),
      podShapes: shapes,
    },
  };
}

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new ScenarioError(`${path}: expected an object`);
  return v as Record<string, unknown>;
}

function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new ScenarioError(`${path}: expected a list`);
  return v;
}

function text(v: unknown, path: string): string {
  if (typeof v !== "string" || v.trim() === "") throw new ScenarioError(`${path}: expected non-empty text`);
  return v;
}

function label(v: unknown, path: string): string {
  if (typeof v !== "string" || !NAME.test(v)) {
    throw new ScenarioError(
      `${path}: expected a lowercase name of letters, digits and '-', got ${JSON.stringify(v)}`,
    );
  }
  return v;
}

function positiveInt(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) {
    throw new ScenarioError(`${path}: expected a positive whole number, got ${JSON.stringify(v)}`);
  }
  return v;
}

function nonNegativeInt(v: unknown, path: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
    throw new ScenarioError(`${path}: expected a whole number ≥ 0, got ${JSON.stringify(v)}`);
  }
  return v;
}

function range(v: unknown, path: string): readonly [number, number] {
  const list = array(v, path);
  if (list.length !== 2) throw new ScenarioError(`${path}: expected [min, max]`);
  const min = positiveInt(list[0], `${path}[0]`);
  const max = positiveInt(list[1], `${path}[1]`);
  if (min > max) throw new ScenarioError(`${path}: min ${min} is greater than max ${max}`);
  return [min, max];
}
