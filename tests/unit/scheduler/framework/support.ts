/**
 * Clusters for the framework tests, written as the Kubernetes YAML an operator would write
 * and loaded through the same path as the schedule CLI.
 */
import { createRandom } from "../../../../shared/sim/random.ts";
import { loadManifests, type PodObject } from "../../../../shared/sim/scheduler/k8s/manifests.ts";
import { Scheduler } from "../../../../shared/sim/scheduler/scheduler.ts";
import type { DisruptionBudget, Node, Pod } from "../../../../shared/sim/scheduler/types.ts";

export interface LoadedCluster {
  scheduler: Scheduler;
  /** The pods without spec.nodeName, in file order (not yet queued). */
  pending: PodObject[];
}

export function loadCluster(
  yaml: string,
  seed = 1,
  budgets: readonly DisruptionBudget[] = [],
): LoadedCluster {
  const manifests = loadManifests(yaml);
  const scheduler = new Scheduler({
    config: manifests.config,
    random: createRandom(seed, "scheduler"),
    podDisruptionBudgets: () => budgets,
  });
  for (const node of manifests.nodes) scheduler.addNode(node, 0);
  for (const pod of manifests.pods) if (pod.nodeName !== "") scheduler.addPod(pod, 0);
  return { scheduler, pending: manifests.pods.filter((p) => p.nodeName === "") };
}

/** The first Node of a YAML text. */
export function nodeOf(yaml: string): Node {
  const node = loadManifests(yaml).nodes[0];
  if (node === undefined) throw new Error("no Node in the YAML");
  return node;
}

/** The first Pod of a YAML text. */
export function podOf(yaml: string): Pod {
  const pod = loadManifests(yaml).pods[0];
  if (pod === undefined) throw new Error("no Pod in the YAML");
  return pod;
}

export function nodeYaml(name: string, cpu: string, extra = ""): string {
  return `apiVersion: v1
kind: Node
metadata: { name: ${name}, labels: { kubernetes.io/hostname: ${name}${extra} } }
status: { allocatable: { cpu: "${cpu}", memory: 16Gi, pods: "110" } }
`;
}

export function podYaml(
  name: string,
  cpu: string,
  options: { node?: string; priority?: number; spec?: string } = {},
): string {
  const lines = [
    "apiVersion: v1",
    "kind: Pod",
    `metadata: { name: ${name}, labels: { app: ${name.replace(/-\d+$/, "")} } }`,
    "spec:",
  ];
  if (options.node !== undefined) lines.push(`  nodeName: ${options.node}`);
  if (options.priority !== undefined) lines.push(`  priority: ${options.priority}`);
  if (options.spec !== undefined) lines.push(options.spec);
  lines.push(
    `  containers: [{ name: main, image: example/app:1, resources: { requests: { cpu: "${cpu}", memory: 1Gi } } }]`,
  );
  return `${lines.join("\n")}\n`;
}

export function yamlOf(...documents: string[]): string {
  return documents.join("---\n");
}
