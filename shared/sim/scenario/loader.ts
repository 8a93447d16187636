import { isMap, parseAllDocuments } from "yaml";
import type { LimitRangeItem } from "../apiserver/admission.ts";
import { labelOf } from "../scheduler/labels.ts";
import { machinesNamedBy } from "./faults.ts";
import {
  DEFAULT_MAX_PODS,
  friendlyMessage,
  type ManifestDocument,
  type ScenarioDocument,
  scenarioFile,
} from "./schema.ts";
import type {
  ClusterManifests,
  DeploymentManifest,
  EtcdMember,
  FaultStep,
  HpaManifest,
  NodeManifest,
  PodDisruptionBudgetManifest,
  PriorityClassManifest,
  ResourceQuotaManifest,
  Scenario,
  ServiceManifest,
} from "./types.ts";

/** A scenario file that cannot be loaded; `path` names the bad field (`faults[2].partition`). */
export class ScenarioFileError extends Error {
  override name = "ScenarioFileError";
  readonly path: string;

  constructor(path: string, problem: string) {
    super(path === "" ? problem : `${path}: ${problem}`);
    this.path = path;
  }
}

/** `["faults", 2, "partition"]` → `faults[2].partition`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else {
      const name = String(key);
      // Keys such as label names hold dots; quote them so the path stays readable.
      text += /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? (text === "" ? name : `.${name}`) : `["${name}"]`;
    }
  }
  return text;
}

// Zone label set by cloud providers on every node (kubernetes.io "Well-Known Labels").
const ZONE_LABEL = "topology.kubernetes.io/zone";
// Priority classes every cluster has (scheduling/v1, created by the API server).
const BUILT_IN_PRIORITY_CLASSES = new Map([
  ["system-cluster-critical", 2_000_000_000],
  ["system-node-critical", 2_000_001_000],
]);

/**
 * Reads a scenario file: YAML → zod schema → cross-reference checks → normalized `Scenario`.
 * Throws `ScenarioFileError` naming the first bad field; never returns a half-loaded scenario.
 */
export function loadScenario(yamlText: string): Scenario {
  const document = readYaml(yamlText);
  const parsed = scenarioFile.safeParse(document, { error: friendlyMessage });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ScenarioFileError(formatPath(issue.path), issue.message);
  }
  return assemble(parsed.data);
}

function readYaml(yamlText: string): unknown {
  const documents = parseAllDocuments(yamlText, { prettyErrors: true, uniqueKeys: true });
  if (documents.length !== 1) {
    throw new ScenarioFileError("", `a scenario file holds one YAML document, found ${documents.length}`);
  }
  const document = documents[0]!;
  const error = document.errors[0];
  if (error !== undefined) {
    const where = error.linePos?.[0];
    const at = where ? `line ${where.line}, column ${where.col}` : `offset ${error.pos[0]}`;
    throw new ScenarioFileError(at, `YAML syntax: ${error.message.split(" at line")[0]!.split("\n")[0]}`);
  }
  if (!isMap(document.contents))
    throw new ScenarioFileError("", "expected a map of fields at the top of the file");
  // Aliases are a YAML convenience; a bounded count keeps a hostile file from expanding without end.
  return document.toJS({ maxAliasCount: 100 });
}

/** Problems found after the schema; the first one found is reported. */
class Problems {
  first: ScenarioFileError | null = null;
  add(path: readonly PropertyKey[], problem: string): void {
    this.first ??= new ScenarioFileError(formatPath(path), problem);
  }
}

function assemble(doc: ScenarioDocument): Scenario {
  const problems = new Problems();
  const check = (): void => {
    if (problems.first) throw problems.first;
  };

  const etcdMembers: EtcdMember[] =
    typeof doc.etcd.members === "number"
      ? Array.from({ length: doc.etcd.members }, (_, i) => ({ name: `etcd-${i + 1}`, zone: null }))
      : doc.etcd.members.map((m) => ({ name: m.name, zone: m.zone ?? null }));
  const apiServerMachines = Array.from({ length: doc.apiServer.replicas }, (_, i) => `apiserver-${i + 1}`);

  // etcd refuses to start unless election-timeout ≥ 5 × heartbeat-interval and ≤ 50 s
  // (etcd server/etcdmain config validation).
  if (doc.etcd.electionTimeout < 5 * doc.etcd.heartbeatInterval)
    problems.add(["etcd", "electionTimeout"], "must be at least 5 × heartbeatInterval, as etcd requires");
  if (doc.etcd.electionTimeout > 50_000)
    problems.add(["etcd", "electionTimeout"], "etcd accepts at most 50s");

  const cluster = expandCluster(doc.cluster, problems);
  check();

  // Every machine a partition can name, with where its name was given.
  const machines = new Map<string, string>();
  const claimMachine = (name: string, what: string, path: readonly PropertyKey[]): void => {
    const earlier = machines.get(name);
    if (earlier !== undefined) problems.add(path, `machine name "${name}" is already used by ${earlier}`);
    else machines.set(name, what);
  };
  etcdMembers.forEach((m, i) => {
    const path = typeof doc.etcd.members === "number" ? ["etcd", "members"] : ["etcd", "members", i, "name"];
    claimMachine(m.name, "an etcd member", path);
  });
  for (const name of apiServerMachines) claimMachine(name, "an API server", ["apiServer", "replicas"]);
  doc.apiServer.stopped.forEach((p, i) => {
    if (!apiServerMachines.includes(p.machine))
      problems.add(
        ["apiServer", "stopped", i, "machine"],
        `"${p.machine}" is not a control-plane machine (${apiServerMachines.join(", ")})`,
      );
    if (doc.apiServer.stopped.findIndex((q) => q.component === p.component && q.machine === p.machine) !== i)
      problems.add(["apiServer", "stopped", i], `${p.component} on ${p.machine} is listed twice`);
  });
  if (
    doc.apiServer.stopped.filter((p) => p.component === "kube-apiserver").length === apiServerMachines.length
  )
    problems.add(
      ["apiServer", "stopped"],
      "at least one kube-apiserver must run: the round starts from a working cluster",
    );
  for (const { manifest, path } of cluster.nodeSources) claimMachine(manifest.name, "a node", path);
  check();

  const nodeNames = new Set(cluster.manifests.nodes.map((n) => n.name));
  const memberNames = new Set(etcdMembers.map((m) => m.name));
  const serviceNames = new Set(cluster.manifests.services.map((s) => s.name));
  const deploymentNames = new Set(cluster.manifests.deployments.map((d) => d.name));

  // Traffic curves name services.
  const traffic = Object.entries(doc.traffic).map(([service, curve]) => {
    if (!serviceNames.has(service)) problems.add(["traffic", service], `unknown service "${service}"`);
    return { service, shape: curve.shape, points: curve.points };
  });

  // The fault script: names exist, steps in time order, within the round.
  const faults: FaultStep[] = doc.faults;
  faults.forEach((step, i) => {
    const at = ["faults", i];
    if (i > 0 && step.atMs < faults[i - 1]!.atMs)
      problems.add([...at, "after"], "steps must be in time order (each after the one before)");
    if (step.atMs > doc.timeLimit) problems.add([...at, "after"], "comes after the round's time limit");
    const named = machinesNamedBy(step.fault);
    const key = [...at, step.fault.kind];
    for (const node of named.nodes)
      if (!nodeNames.has(node)) problems.add(key, unknownName("node", node, nodeNames));
    for (const member of named.etcdMembers)
      if (!memberNames.has(member)) problems.add(key, unknownName("etcd member", member, memberNames));
    for (const service of named.services)
      if (!serviceNames.has(service)) problems.add(key, unknownName("service", service, serviceNames));
    for (const deployment of named.deployments)
      if (!deploymentNames.has(deployment))
        problems.add(key, unknownName("deployment", deployment, deploymentNames));
    if (step.fault.kind === "partition") {
      const seen = new Set<string>();
      for (const name of named.anyMachines) {
        if (!machines.has(name)) problems.add(key, unknownName("machine", name, new Set(machines.keys())));
        else if (seen.has(name)) problems.add(key, `machine "${name}" is in two groups`);
        seen.add(name);
      }
    }
  });

  // The provisioner copies an existing node.
  const provisioner = doc.nodeProvisioner;
  if (provisioner.template !== undefined && !nodeNames.has(provisioner.template))
    problems.add(["nodeProvisioner", "template"], unknownName("node", provisioner.template, nodeNames));
  if (provisioner.enabled && provisioner.template === undefined)
    problems.add(["nodeProvisioner", "template"], "an enabled provisioner needs a node to copy");
  if (provisioner.enabled && provisioner.maxNodes < nodeNames.size)
    problems.add(
      ["nodeProvisioner", "maxNodes"],
      `is below the ${nodeNames.size} nodes the cluster starts with`,
    );

  // What the cluster may grow to holds what it starts with and what its provisioner may add.
  const largestNode = Math.max(...cluster.manifests.nodes.map((n) => n.allocatable.pods), DEFAULT_MAX_PODS);
  const limitNodes = doc.limits.nodes ?? Math.min(5000, Math.max(2 * nodeNames.size, provisioner.maxNodes));
  const limitPods = doc.limits.pods ?? Math.min(150_000, limitNodes * largestNode);
  if (limitNodes < nodeNames.size)
    problems.add(["limits", "nodes"], `is below the ${nodeNames.size} nodes the cluster starts with`);
  if (provisioner.maxNodes > limitNodes)
    problems.add(["nodeProvisioner", "maxNodes"], `exceeds limits.nodes (${limitNodes})`);
  const replicas = cluster.manifests.deployments.reduce((sum, d) => sum + d.replicas, 0);
  if (limitPods < replicas)
    problems.add(["limits", "pods"], `is below the ${replicas} replicas the deployments start with`);
  cluster.manifests.horizontalPodAutoscalers.forEach((hpa) => {
    if (hpa.maxReplicas > limitPods)
      problems.add(["limits", "pods"], `is below HorizontalPodAutoscaler ${hpa.name}'s maxReplicas`);
  });

  // Chaos cards.
  const cardIds = new Set<string>();
  doc.chaos.cards.forEach((card, i) => {
    if (cardIds.has(card.id)) problems.add(["chaos", "cards", i, "id"], `duplicate card "${card.id}"`);
    cardIds.add(card.id);
  });
  if (doc.chaos.energy.start > doc.chaos.energy.max)
    problems.add(["chaos", "energy", "start"], "cannot exceed energy.max");

  // Objective checks name services and deployments, and can hold within the round.
  doc.objective.all.forEach((check, i) => {
    const at = ["objective", "all", i, check.kind];
    if ("service" in check && !serviceNames.has(check.service))
      problems.add([...at, "service"], unknownName("service", check.service, serviceNames));
    if ("deployment" in check && !deploymentNames.has(check.deployment))
      problems.add([...at, "deployment"], unknownName("deployment", check.deployment, deploymentNames));
    if (check.forMs > doc.timeLimit) problems.add([...at, "for"], "is longer than the round's time limit");
  });
  const incidentStartMs = doc.objective.incidentStart ?? null;
  if (incidentStartMs !== null && incidentStartMs >= doc.timeLimit)
    problems.add(["objective", "incidentStart"], "comes after the round's time limit");
  if (doc.objective.kind === "recover" && incidentStartMs === null && faults.length === 0)
    problems.add(
      ["objective", "incidentStart"],
      "a recover round needs an incident: a fault in the script, or the time its load starts it",
    );
  check();

  return {
    id: doc.id,
    version: doc.version,
    title: doc.title,
    inspiration: doc.inspiration,
    briefing: doc.briefing,
    timeLimitMs: doc.timeLimit,
    gameSpeed: doc.gameSpeed,
    seed: doc.seed,
    tutorial: doc.tutorial,
    etcd: {
      members: etcdMembers,
      heartbeatIntervalMs: doc.etcd.heartbeatInterval,
      electionTimeoutMs: doc.etcd.electionTimeout,
      fsyncLatencyMs: doc.etcd.fsyncLatency,
      quotaBackendBytes: doc.etcd.quotaBackendBytes,
      ...(doc.etcd.readOnlyOption === "leaseBased" ? { readOnlyOption: "leaseBased" as const } : {}),
    },
    apiServer: { ...doc.apiServer, machines: apiServerMachines },
    kubeProxy: doc.kubeProxy,
    nodeProvisioner: {
      enabled: provisioner.enabled,
      template: provisioner.template ?? null,
      zones: [...new Set(provisioner.zones)],
      maxNodes: provisioner.maxNodes,
      bootMs: provisioner.bootTime,
    },
    limits: { nodes: limitNodes, pods: limitPods },
    cluster: cluster.manifests,
    traffic,
    faults,
    chaos: doc.chaos,
    objective: {
      kind: doc.objective.kind,
      incidentStartMs,
      errorBudgetWindowMs: doc.objective.errorBudgetWindow,
      checks: doc.objective.all,
    },
  };
}

function unknownName(what: string, name: string, known: ReadonlySet<string>): string {
  const list = [...known];
  const hint = list.length <= 12 ? `; known: ${list.join(", ")}` : "";
  return `unknown ${what} "${name}"${hint}`;
}

/** `count: 3` with name `web` → `web-1`, `web-2`, `web-3`. */
function expandedNames(name: string, count: number | undefined): string[] {
  return count === undefined ? [name] : Array.from({ length: count }, (_, i) => `${name}-${i + 1}`);
}

function expandCluster(
  items: readonly ManifestDocument[],
  problems: Problems,
): {
  manifests: ClusterManifests;
  nodeSources: { manifest: NodeManifest; path: readonly PropertyKey[] }[];
} {
  const nodes: NodeManifest[] = [];
  const nodeSources: { manifest: NodeManifest; path: readonly PropertyKey[] }[] = [];
  const deployments: (DeploymentManifest & { readonly index: number })[] = [];
  const services: ServiceManifest[] = [];
  const hpas: (HpaManifest & { readonly index: number })[] = [];
  const priorityClasses: PriorityClassManifest[] = [];
  const limitRanges: LimitRangeItem[] = [];
  const resourceQuotas: ResourceQuotaManifest[] = [];
  const podDisruptionBudgets: PodDisruptionBudgetManifest[] = [];
  const seen = new Map<string, Set<string>>();

  items.forEach((item, index) => {
    const namePath = ["cluster", index, "metadata", "name"];
    const names = expandedNames(item.metadata.name, "count" in item ? item.count : undefined);
    const ofKind = seen.get(item.kind) ?? new Set<string>();
    seen.set(item.kind, ofKind);
    for (const name of names) {
      if (ofKind.has(name)) problems.add(namePath, `duplicate ${item.kind} "${name}"`);
      ofKind.add(name);
    }
    switch (item.kind) {
      case "Node": {
        const zone = labelOf(item.metadata.labels, ZONE_LABEL) ?? null;
        for (const name of names) {
          const node: NodeManifest = {
            name,
            labels: { ...item.metadata.labels, "kubernetes.io/hostname": name },
            zone,
            unschedulable: item.spec.unschedulable,
            taints: item.spec.taints,
            capacity: item.status.capacity,
            allocatable: item.status.allocatable ?? item.status.capacity,
            images: item.status.images.flatMap((image) => image.names),
          };
          nodes.push(node);
          nodeSources.push({ manifest: node, path: namePath });
        }
        const { capacity, allocatable } = item.status;
        if (allocatable !== undefined) {
          for (const resource of ["milliCPU", "memoryBytes", "pods", "ephemeralStorageBytes"] as const) {
            if (allocatable[resource] > capacity[resource])
              problems.add(
                ["cluster", index, "status", "allocatable"],
                `allocatable exceeds capacity (${resource})`,
              );
          }
        }
        break;
      }
      case "Deployment": {
        const { spec } = item;
        // apps/v1 validation: "selector does not match template labels".
        for (const [key, value] of Object.entries(spec.selector.matchLabels)) {
          if (labelOf(spec.template.labels, key) !== value)
            problems.add(["cluster", index, "spec", "selector"], "selector does not match template labels");
        }
        if (Object.keys(spec.selector.matchLabels).length === 0)
          problems.add(
            ["cluster", index, "spec", "selector", "matchLabels"],
            "a deployment needs a selector",
          );
        const firstContainer = spec.template.containers[0]!;
        deployments.push({
          index,
          name: item.metadata.name,
          labels: item.metadata.labels,
          replicas: spec.replicas,
          selector: spec.selector.matchLabels,
          maxSurge: spec.strategy.rollingUpdate.maxSurge,
          maxUnavailable: spec.strategy.rollingUpdate.maxUnavailable,
          template: spec.template,
          behaviour: {
            requestsPerCore: item.behaviour.requestsPerCore,
            baseLatencyMs: item.behaviour.baseLatency,
            // Without a figure, the app uses what it asked for.
            memoryUsageBytes: item.behaviour.memoryUsage ?? firstContainer.requests.memoryBytes,
            memoryGrowthBytesPerMinute: item.behaviour.memoryGrowthPerMinute,
            startupMs: item.behaviour.startupTime,
          },
        });
        // apps/v1 validation: maxSurge and maxUnavailable cannot both be 0.
        const { maxSurge, maxUnavailable } = spec.strategy.rollingUpdate;
        if (isZero(maxSurge) && isZero(maxUnavailable))
          problems.add(
            ["cluster", index, "spec", "strategy", "rollingUpdate"],
            "maxSurge and maxUnavailable cannot both be 0",
          );
        break;
      }
      case "Service":
        for (const name of names) {
          services.push({
            name,
            selector: item.spec.selector,
            ports: item.spec.ports.map((p) => ({ port: p.port, targetPort: p.targetPort ?? p.port })),
          });
        }
        break;
      case "HorizontalPodAutoscaler": {
        const { spec } = item;
        if (spec.minReplicas > spec.maxReplicas)
          problems.add(["cluster", index, "spec", "minReplicas"], "cannot exceed maxReplicas");
        hpas.push({
          index,
          name: item.metadata.name,
          deployment: spec.scaleTargetRef.name,
          minReplicas: spec.minReplicas,
          maxReplicas: spec.maxReplicas,
          targetCPUUtilization: spec.metrics[0]!.resource.target.averageUtilization / 100,
        });
        break;
      }
      case "PriorityClass":
        priorityClasses.push({
          name: item.metadata.name,
          value: item.value,
          globalDefault: item.globalDefault,
          preemptionPolicy: item.preemptionPolicy,
        });
        break;
      case "LimitRange":
        for (const { type: _, ...limit } of item.spec.limits) limitRanges.push(limit);
        break;
      case "PodDisruptionBudget":
        podDisruptionBudgets.push({
          name: item.metadata.name,
          selector: item.spec.selector.matchLabels,
          minAvailable: item.spec.minAvailable ?? null,
          maxUnavailable: item.spec.maxUnavailable ?? null,
          unhealthyPodEvictionPolicy: item.spec.unhealthyPodEvictionPolicy,
        });
        break;
      case "ResourceQuota": {
        const hard = item.spec.hard;
        resourceQuotas.push({
          name: item.metadata.name,
          hard: {
            ...(hard.pods !== undefined ? { pods: hard.pods } : {}),
            ...(hard["requests.cpu"] !== undefined ? { requestsMilliCPU: hard["requests.cpu"] } : {}),
            ...(hard["requests.memory"] !== undefined
              ? { requestsMemoryBytes: hard["requests.memory"] }
              : {}),
            ...(hard["limits.cpu"] !== undefined ? { limitsMilliCPU: hard["limits.cpu"] } : {}),
            ...(hard["limits.memory"] !== undefined ? { limitsMemoryBytes: hard["limits.memory"] } : {}),
          },
        });
        break;
      }
    }
  });

  if (nodes.length === 0) problems.add(["cluster"], "a cluster needs at least one Node");
  if (priorityClasses.filter((p) => p.globalDefault).length > 1)
    problems.add(["cluster"], "only one PriorityClass may be the globalDefault");

  const deploymentNames = new Set(deployments.map((d) => d.name));
  for (const hpa of hpas) {
    if (!deploymentNames.has(hpa.deployment))
      problems.add(
        ["cluster", hpa.index, "spec", "scaleTargetRef", "name"],
        unknownName("deployment", hpa.deployment, deploymentNames),
      );
  }
  const priorityNames = new Set([...priorityClasses.map((p) => p.name), ...BUILT_IN_PRIORITY_CLASSES.keys()]);
  for (const deployment of deployments) {
    const wanted = deployment.template.priorityClassName;
    if (wanted !== null && !priorityNames.has(wanted))
      problems.add(
        ["cluster", deployment.index, "spec", "template", "spec", "priorityClassName"],
        unknownName("PriorityClass", wanted, priorityNames),
      );
  }

  return {
    manifests: {
      nodes,
      deployments: deployments.map(({ index: _, ...d }) => d),
      services,
      horizontalPodAutoscalers: hpas.map(({ index: _, ...h }) => h),
      priorityClasses,
      limitRanges,
      resourceQuotas,
      podDisruptionBudgets,
    },
    nodeSources,
  };
}

function isZero(value: { readonly count: number } | { readonly fraction: number }): boolean {
  return "count" in value ? value.count === 0 : value.fraction === 0;
}
