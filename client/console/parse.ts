import type { Command } from "../../shared/sim/commands.ts";
import { ETCD_MINOR, ETCD_VERSION } from "../../shared/sim/etcd/version.ts";
import { type KubeProxyMode, kubeProxyModes } from "../../shared/sim/network/kubeProxy.ts";
import { memberId } from "../../shared/words/commandLine.ts";
import { formatBytes, parseBytes, parseMilliCpu } from "../../shared/words/quantity.ts";
import type { ClusterView } from "../net/connection.ts";
import {
  alarmList,
  describeNode,
  describePdb,
  describePod,
  endpointHealth,
  endpointStatus,
  endpointStatusJson,
  getDeployments,
  getEvents,
  getHpa,
  getNodes,
  getPdbs,
  getServices,
  memberList,
  topNodes,
} from "./format.ts";

/**
 * The console's language: a line as typed (`kubectl scale deploy/web --replicas=5`) becomes a game
 * command to send (values normalized: millicores, bytes, ms, fractions), or the text a read command
 * prints, or an error worded like the tools' own. Pure: no Phaser, no DOM, no i18n.
 */

export type ConsoleResult =
  | { readonly kind: "command"; readonly command: Command }
  | { readonly kind: "output"; readonly text: string }
  | { readonly kind: "error"; readonly text: string }
  /** The panel prints the cheat sheet (`HELP`) in the player's language. */
  | { readonly kind: "help" }
  /** `kubectl get pods`: the panel asks the server for every pod, then prints them (names: only these). */
  | { readonly kind: "listPods"; readonly names: readonly string[]; readonly wide: boolean }
  | { readonly kind: "clear" }
  | { readonly kind: "none" };

/** The cheat sheet: usage lines, each with the key of its explanation in client/i18n/strings.ts. */
export const HELP = [
  ["kubectl get nodes|pods|deploy|svc|hpa|pdb|events [-o wide]", "console.help.get"],
  ["kubectl describe node NODE | pod POD | pdb NAME", "console.help.describe"],
  ["kubectl top nodes", "console.help.top"],
  ["kubectl cordon|uncordon NODE", "console.help.cordon"],
  ["kubectl drain NODE [--grace-period=S]", "console.help.drain"],
  ["kubectl scale deploy/NAME --replicas=N", "console.help.scale"],
  ["kubectl rollout undo|status deploy/NAME [--to-revision=N]", "console.help.undo"],
  ["kubectl set image deploy/NAME CONTAINER=IMAGE", "console.help.image"],
  ["kubectl set resources deploy/NAME --requests=cpu=1,memory=512Mi --limits=…", "console.help.resources"],
  ["kubectl autoscale deploy/NAME --min=N --max=M --cpu-percent=P", "console.help.autoscale"],
  ["kubectl taint nodes NODE key=value:NoSchedule[-]", "console.help.taint"],
  ["kubectl delete node NODE | hpa NAME", "console.help.delete"],
  ["etcdctl member list|add NAME|remove NAME", "console.help.member"],
  ["etcdctl member add NAME --learner | promote NAME", "console.help.learner"],
  ["etcdctl endpoint status|health", "console.help.endpoint"],
  ["etcdctl snapshot save NAME", "console.help.snapshot"],
  ["kubeadm join --node-name=NAME # on a new machine in ZONE", "console.help.join"],
  ["kube-proxy --proxy-mode=iptables|nftables|ipvs", "console.help.proxy"],
  ["etcdctl compact REV | defrag --endpoints=NAME", "console.help.compact"],
  ["etcdctl alarm list|disarm", "console.help.alarm"],
  ["etcdctl version", "console.help.version"],
  ["clear", "console.help.clear"],
] as const;
export type HelpKey = (typeof HELP)[number][1];

export const PROGRAMS = ["kubectl", "etcdctl", "kubeadm", "kube-proxy", "help", "clear"] as const;
export const KUBECTL_VERBS = [
  "get",
  "describe",
  "top",
  "cordon",
  "uncordon",
  "drain",
  "scale",
  "rollout",
  "set",
  "autoscale",
  "taint",
  "delete",
] as const;
type Verb = (typeof KUBECTL_VERBS)[number];

interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  /** A flag that takes a value (`--replicas=3`); otherwise a switch (`--force`). */
  readonly value: boolean;
}

const NAMESPACE: FlagSpec = { name: "namespace", short: "n", value: true };
const flag = (name: string, value = true, short?: string): FlagSpec =>
  short === undefined ? { name, value } : { name, value, short };

/** The flags each verb accepts; kubectl's own names. */
export const VERB_FLAGS: Record<Verb, readonly FlagSpec[]> = {
  get: [flag("output", true, "o"), NAMESPACE, flag("all-namespaces", false, "A")],
  describe: [NAMESPACE],
  top: [],
  cordon: [],
  uncordon: [],
  drain: [
    flag("grace-period"),
    flag("ignore-daemonsets", false),
    flag("delete-emptydir-data", false),
    flag("force", false),
  ],
  scale: [flag("replicas"), NAMESPACE],
  rollout: [flag("to-revision"), NAMESPACE],
  set: [flag("limits"), flag("requests"), flag("containers", true, "c"), NAMESPACE],
  autoscale: [flag("min"), flag("max"), flag("cpu-percent"), NAMESPACE],
  taint: [flag("overwrite", false)],
  delete: [NAMESPACE],
};
export const ETCDCTL_FLAGS: readonly FlagSpec[] = [
  flag("write-out", true, "w"),
  flag("endpoints"),
  flag("cluster", false),
  flag("learner", false),
];

/** The resource kinds `kubectl get` knows, by every name kubectl accepts for them. */
const KINDS: Record<string, "nodes" | "pods" | "deployments" | "services" | "hpa" | "pdb" | "events"> = {
  node: "nodes",
  nodes: "nodes",
  no: "nodes",
  pod: "pods",
  pods: "pods",
  po: "pods",
  deployment: "deployments",
  deployments: "deployments",
  deploy: "deployments",
  "deployment.apps": "deployments",
  "deployments.apps": "deployments",
  service: "services",
  services: "services",
  svc: "services",
  event: "events",
  events: "events",
  ev: "events",
  hpa: "hpa",
  horizontalpodautoscaler: "hpa",
  horizontalpodautoscalers: "hpa",
  "horizontalpodautoscaler.autoscaling": "hpa",
  "horizontalpodautoscalers.autoscaling": "hpa",
  pdb: "pdb",
  poddisruptionbudget: "pdb",
  poddisruptionbudgets: "pdb",
  "poddisruptionbudget.policy": "pdb",
  "poddisruptionbudgets.policy": "pdb",
};
export const GET_KINDS = ["nodes", "pods", "deployments", "services", "hpa", "pdb", "events"] as const;

// ————— small tools —————

/** Splits a line into words, keeping quoted strings whole. */
export function tokenize(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g))
    words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}

/** The closest of the candidates, if it is close enough to be what was meant. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = candidate.startsWith(word) && word.length > 0 ? 0.5 : distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

const didYouMean = (suggestion: string | null) =>
  suggestion ? `\n\nDid you mean this?\n\t${suggestion}` : "";

class Refusal extends Error {}
const refuse = (text: string): never => {
  throw new Refusal(text);
};

interface Parsed {
  readonly args: string[];
  readonly flags: Map<string, string>;
}

/** Separates words from flags (`--name=value`, `--name value`, `-o wide`, `-owide`), refusing unknown flags. */
function parseFlags(words: readonly string[], specs: readonly FlagSpec[], usage: string): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith("-") || word === "-" || /^-\d/.test(word)) {
      args.push(word);
      continue;
    }
    const long = word.startsWith("--");
    const body = word.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    let key = eq < 0 ? body : body.slice(0, eq);
    let value: string | undefined = eq < 0 ? undefined : body.slice(eq + 1);
    if (!long && key.length > 1) {
      // -owide: a short flag with its value attached.
      value ??= key.slice(1);
      key = key.slice(0, 1);
    }
    const spec = specs.find((s) => (long ? s.name === key : s.short === key));
    if (!spec) {
      const names = specs.map((s) => `--${s.name}`);
      const hint = closest(`--${key}`, names);
      refuse(
        `error: unknown ${long ? "flag" : "shorthand flag"}: ${word.split("=")[0]}${hint ? `\nDid you mean ${hint}?` : ""}\nSee '${usage} --help' for usage.`,
      );
    }
    const s = spec as FlagSpec;
    if (s.value) {
      if (value === undefined) {
        value = words[++i];
        if (value === undefined) refuse(`error: flag needs an argument: ${word}`);
      }
    } else if (value !== undefined && value !== "true" && value !== "false") {
      refuse(
        `error: invalid argument "${value}" for "--${s.name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
      );
    }
    flags.set(s.name, value ?? "true");
  }
  if ((flags.get("namespace") ?? "default") !== "default")
    refuse(
      `No resources found in ${flags.get("namespace")} namespace.\n(every workload of this cluster is in "default")`,
    );
  return { args, flags };
}

function integer(text: string | undefined, flagName: string, min: number): number {
  const n = text === undefined ? Number.NaN : Number(text);
  if (!/^-?\d+$/.test(text ?? "") || !Number.isSafeInteger(n))
    refuse(
      `error: invalid argument "${text}" for "--${flagName}" flag: strconv.ParseInt: parsing "${text}": invalid syntax`,
    );
  if (n < min) refuse(`error: --${flagName} must be at least ${min}, got ${n}`);
  return n;
}

function nodeNamed(name: string | undefined, view: ClusterView | undefined, usage: string): string {
  if (!name) return refuse(`error: you must specify a node name\nUsage: ${usage}`);
  if (view && !view.nodes.some((n) => n.name === name))
    refuse(
      `Error from server (NotFound): nodes "${name}" not found${didYouMean(
        closest(
          name,
          view.nodes.map((n) => n.name),
        ),
      )}`,
    );
  return name;
}

/** `deploy/web`, `deployment/web`, `deployment.apps/web`, or `deployment web` (two words). */
function deploymentNamed(args: string[], view: ClusterView | undefined, usage: string): string {
  const first = args.shift();
  let name: string | undefined;
  if (first?.includes("/")) {
    const [kind, rest] = [first.slice(0, first.indexOf("/")), first.slice(first.indexOf("/") + 1)];
    if (KINDS[kind] !== "deployments")
      refuse(`error: the game changes deployments here, not "${kind}": try deploy/NAME\nUsage: ${usage}`);
    name = rest;
  } else if (first !== undefined && KINDS[first] === "deployments") name = args.shift();
  else if (first !== undefined)
    refuse(`error: name the resource as deploy/${first} or "deployment ${first}"\nUsage: ${usage}`);
  if (!name) return refuse(`error: you must specify a deployment\nUsage: ${usage}`);
  if (view && !view.deployments.some((d) => d.name === name))
    refuse(
      `Error from server (NotFound): deployments.apps "${name}" not found${didYouMean(
        closest(
          name,
          view.deployments.map((d) => d.name),
        ),
      )}`,
    );
  return name;
}

function noMoreArgs(args: readonly string[], usage: string): void {
  if (args.length > 0) refuse(`error: unexpected argument "${args[0]}"\nUsage: ${usage}`);
}

const needsView = (view: ClusterView | undefined): ClusterView =>
  view ?? refuse("The connection to the server was refused: not in a round yet");

// ————— the entry point —————

/** What one typed line does, given the latest view of the cluster (undefined before the first). */
export function runLine(line: string, view: ClusterView | undefined): ConsoleResult {
  // A shell comment (` # …`) is not part of the command.
  const words = tokenize(withoutComment(line).trim());
  if (words[0] === "$") words.shift();
  const program = words.shift();
  if (program === undefined) return { kind: "none" };
  try {
    switch (program) {
      case "help":
        return { kind: "help" };
      case "clear":
        return { kind: "clear" };
      case "kubectl":
      case "k":
        return kubectl(words, view);
      case "etcdctl":
        return etcdctl(words, view);
      case "kubeadm":
        return kubeadm(words, comment(line), view);
      case "kube-proxy":
        return kubeProxy(words);
      default:
        return {
          kind: "error",
          text: `${program}: command not found${didYouMean(closest(program, PROGRAMS))}\nType "help" for the commands this console knows.`,
        };
    }
  } catch (error) {
    if (error instanceof Refusal) return { kind: "error", text: error.message };
    throw error;
  }
}

const output = (text: string): ConsoleResult => ({ kind: "output", text });
const send = (command: Command): ConsoleResult => ({ kind: "command", command });

function kubectl(words: string[], view: ClusterView | undefined): ConsoleResult {
  const verb = words.shift();
  if (verb === undefined || verb === "help" || verb === "--help") return { kind: "help" };
  if (!(KUBECTL_VERBS as readonly string[]).includes(verb))
    refuse(
      `error: unknown command "${verb}" for "kubectl"${didYouMean(closest(verb, KUBECTL_VERBS))}\n\nRun 'help' for usage.`,
    );
  const v = verb as Verb;
  const usage = `kubectl ${v}`;
  const { args, flags } = parseFlags(words, VERB_FLAGS[v], usage);
  switch (v) {
    case "get":
      return get(args, flags, needsView(view));
    case "describe": {
      const kind = args.shift();
      const full = kind?.includes("/") ? kind.split("/") : [kind, args.shift()];
      if (full[0] === undefined)
        refuse("error: you must specify the type of resource to describe: try describe node NODE");
      if (KINDS[full[0]!] === "pods") {
        noMoreArgs(args, "kubectl describe pod POD");
        const current = needsView(view);
        const pod = current.pods.find((p) => p.name === full[1]);
        if (full[1] === undefined)
          refuse("error: kubectl describe pod needs a pod name: kubectl describe pod POD");
        return pod === undefined
          ? refuse(
              `Error from server (NotFound): pods "${full[1]}" not found\n(this console sees the pods that need attention: kubectl get pods)`,
            )
          : output(describePod(pod));
      }
      if (KINDS[full[0]!] === "pdb") {
        noMoreArgs(args, "kubectl describe pdb NAME");
        const current = needsView(view);
        if (full[1] === undefined) {
          if (current.pdbs.length === 0) return output("No resources found in default namespace.");
          return output(current.pdbs.map(describePdb).join("\n\n\n"));
        }
        const pdb = current.pdbs.find((b) => b.name === full[1]);
        return pdb === undefined
          ? refuse(`Error from server (NotFound): poddisruptionbudgets.policy "${full[1]}" not found`)
          : output(describePdb(pdb));
      }
      if (KINDS[full[0]!] !== "nodes")
        refuse(
          `error: this console describes nodes, pods and pdbs: kubectl describe node NODE | pod POD | pdb NAME`,
        );
      const name = nodeNamed(full[1], needsView(view), "kubectl describe node NODE");
      noMoreArgs(args, "kubectl describe node NODE");
      const current = needsView(view);
      return output(describeNode(current, current.nodes.find((n) => n.name === name)!));
    }
    case "top": {
      const kind = args.shift();
      if (kind === undefined || KINDS[kind] !== "nodes")
        refuse(`error: this console shows kubectl top nodes${kind ? `, not ${kind}` : ""}`);
      return output(topNodes(needsView(view)));
    }
    case "cordon":
    case "uncordon": {
      const node = nodeNamed(args.shift(), view, `kubectl ${v} NODE`);
      noMoreArgs(args, `kubectl ${v} NODE`);
      return send({ type: v, node });
    }
    case "drain": {
      const node = nodeNamed(args.shift(), view, "kubectl drain NODE [--grace-period=S]");
      noMoreArgs(args, "kubectl drain NODE");
      const grace = flags.get("grace-period");
      // kubectl's default, -1, keeps each pod's own terminationGracePeriodSeconds.
      const seconds = grace === undefined ? -1 : integer(grace, "grace-period", -1);
      return send({ type: "drain", node, gracePeriodMs: seconds < 0 ? null : seconds * 1000 });
    }
    case "scale": {
      const use = "kubectl scale deploy/NAME --replicas=N";
      const deployment = deploymentNamed(args, view, use);
      noMoreArgs(args, use);
      if (!flags.has("replicas")) refuse(`error: required flag(s) "replicas" not set\nUsage: ${use}`);
      return send({ type: "scale", deployment, replicas: integer(flags.get("replicas"), "replicas", 0) });
    }
    case "rollout":
      return rollout(args, flags, view);
    case "set":
      return set(args, flags, view);
    case "autoscale": {
      const use = "kubectl autoscale deploy/NAME --min=N --max=M --cpu-percent=P";
      const deployment = deploymentNamed(args, view, use);
      noMoreArgs(args, use);
      if (!flags.has("max")) refuse(`error: required flag(s) "max" not set\nUsage: ${use}`);
      const maxReplicas = integer(flags.get("max"), "max", 1);
      const minReplicas = flags.has("min") ? integer(flags.get("min"), "min", 1) : 1;
      if (minReplicas > maxReplicas)
        refuse(
          `error: --max=MAXPODS must be larger or equal to --min=MINPODS, got max ${maxReplicas} < min ${minReplicas}`,
        );
      // kubectl leaves the target to the server's default: autoscaling/v1's targetCPUUtilizationPercentage
      // defaults to 80 (pkg/apis/autoscaling/v1/defaults.go).
      const percent = flags.has("cpu-percent") ? integer(flags.get("cpu-percent"), "cpu-percent", 1) : 80;
      if (percent > 1000) refuse("error: --cpu-percent is at most 1000");
      return send({
        type: "setHpa",
        deployment,
        minReplicas,
        maxReplicas,
        targetCPUUtilization: percent / 100,
      });
    }
    case "taint":
      return taint(args, view);
    case "delete": {
      const use = "kubectl delete node NODE | kubectl delete hpa NAME";
      const first = args.shift();
      const [kind, name] = first?.includes("/") ? first.split("/") : [first, args.shift()];
      noMoreArgs(args, use);
      if (kind !== undefined && KINDS[kind] === "nodes")
        return send({ type: "removeNode", node: nodeNamed(name, view, "kubectl delete node NODE") });
      if (kind === "hpa" || kind === "horizontalpodautoscaler" || kind === "horizontalpodautoscalers") {
        if (!name) refuse(`error: you must specify the hpa's name\nUsage: ${use}`);
        return send({ type: "deleteHpa", deployment: name! });
      }
      return refuse(`error: this console deletes nodes and HPAs only\nUsage: ${use}`);
    }
  }
}

function get(args: string[], flags: Map<string, string>, view: ClusterView): ConsoleResult {
  const outputFormat = flags.get("output");
  if (outputFormat !== undefined && outputFormat !== "wide")
    refuse(
      `error: unable to match a printer suitable for the output format "${outputFormat}", allowed formats are: wide`,
    );
  const wide = outputFormat === "wide";
  const first = args.shift();
  if (first === undefined)
    refuse(
      `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nThis console knows: ${GET_KINDS.join(", ")}`,
    );
  const [kindWord, slashName] = first!.includes("/") ? first!.split("/") : [first!, undefined];
  const kind = KINDS[kindWord!];
  if (!kind)
    refuse(
      `error: the server doesn't have a resource type "${kindWord}"${didYouMean(closest(kindWord!, Object.keys(KINDS)))}`,
    );
  // A get without a resourceVersion is a quorum read of etcd, which needs a leader; only the
  // watch cache (informers' watches, lists at resourceVersion=0) answers without one (kubernetes.io
  // "API Concepts", semantics for get and list). The events come from the cluster's event feed.
  if (kind !== "events" && view.etcd.length > 0 && !view.etcd.some((m) => m.role === "leader"))
    refuse(
      "Error from server: etcdserver: request timed out\n(a plain get is a quorum read of etcd, and etcd has no leader; only the API server's watch cache still answers: the controllers' watches, lists at resourceVersion=0)",
    );
  const names = [...(slashName ? [slashName] : []), ...args];
  const pick = <T extends { readonly name: string }>(items: readonly T[], resource: string): T[] => {
    if (names.length === 0) return [...items];
    const missing = names.find((n) => !items.some((i) => i.name === n));
    if (missing) refuse(`Error from server (NotFound): ${resource} "${missing}" not found`);
    return items.filter((i) => names.includes(i.name));
  };
  switch (kind) {
    case "nodes":
      return output(getNodes({ ...view, nodes: pick(view.nodes, "nodes") }, wide));
    case "pods":
      return { kind: "listPods", names, wide };
    case "hpa":
      return output(getHpa({ ...view, hpas: pick(view.hpas, "horizontalpodautoscalers.autoscaling") }));
    case "pdb":
      return output(getPdbs({ ...view, pdbs: pick(view.pdbs, "poddisruptionbudgets.policy") }));
    case "deployments":
      return output(getDeployments({ ...view, deployments: pick(view.deployments, "deployments.apps") }));
    case "services":
      return output(getServices({ ...view, services: pick(view.services, "services") }));
    case "events":
      return output(getEvents(view));
    default:
      return refuse(`error: the server doesn't have a resource type "${kindWord}"`);
  }
}

function rollout(args: string[], flags: Map<string, string>, view: ClusterView | undefined): ConsoleResult {
  const sub = args.shift();
  const use = "kubectl rollout undo deploy/NAME [--to-revision=N]";
  if (sub !== "undo" && sub !== "status")
    refuse(
      `error: unknown command "${sub ?? ""}" for "kubectl rollout"${didYouMean(closest(sub ?? "", ["undo", "status"]))}\nUsage: ${use}`,
    );
  const deployment = deploymentNamed(args, view, use);
  noMoreArgs(args, use);
  if (sub === "status") {
    const d = needsView(view).deployments.find((x) => x.name === deployment)!;
    return output(
      d.readyReplicas >= d.replicas
        ? `deployment "${d.name}" successfully rolled out`
        : `Waiting for deployment "${d.name}" rollout to finish: ${d.readyReplicas} of ${d.replicas} updated replicas are available...`,
    );
  }
  const revision = flags.get("to-revision");
  const toRevision = revision === undefined ? 0 : integer(revision, "to-revision", 0);
  return send({ type: "rolloutUndo", deployment, toRevision: toRevision === 0 ? null : toRevision });
}

function set(args: string[], flags: Map<string, string>, view: ClusterView | undefined): ConsoleResult {
  const what = args.shift();
  if (what === "image") {
    const use = "kubectl set image deploy/NAME CONTAINER=IMAGE";
    const deployment = deploymentNamed(args, view, use);
    const pair = args.shift();
    noMoreArgs(args, use);
    const eq = pair?.indexOf("=") ?? -1;
    if (pair === undefined || eq <= 0 || eq === pair.length - 1)
      refuse(
        `error: at least one image update is required: CONTAINER=IMAGE, like app=shop:1.4\nUsage: ${use}`,
      );
    return send({ type: "setImage", deployment, image: pair!.slice(eq + 1) });
  }
  if (what === "resources") {
    const use =
      "kubectl set resources deploy/NAME [--requests=cpu=500m,memory=512Mi] [--limits=cpu=1,memory=1Gi]";
    const deployment = deploymentNamed(args, view, use);
    noMoreArgs(args, use);
    if (!flags.has("requests") && !flags.has("limits"))
      refuse(`error: you must specify an update to requests or limits\nUsage: ${use}`);
    const requests = resourceList(flags.get("requests"), use);
    const limits = resourceList(flags.get("limits"), use);
    // A memory limit alone is the command the role tools send for it.
    if (
      Object.keys(requests).length === 0 &&
      Object.keys(limits).length === 1 &&
      limits.memoryBytes !== undefined
    )
      return send({ type: "setMemoryLimit", deployment, memoryLimitBytes: limits.memoryBytes });
    return send({ type: "setResources", deployment, requests, limits });
  }
  return refuse(
    `error: unknown command "${what ?? ""}" for "kubectl set"${didYouMean(closest(what ?? "", ["image", "resources"]))}`,
  );
}

const EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

function taint(args: string[], view: ClusterView | undefined): ConsoleResult {
  const use = "kubectl taint nodes NODE key=value:Effect (or key:Effect- to remove)";
  const kind = args.shift();
  if (kind === undefined || KINDS[kind] !== "nodes")
    refuse(`error: taint nodes: kubectl taint nodes NODE ...\nUsage: ${use}`);
  const node = nodeNamed(args.shift(), view, use);
  const spec = args.shift();
  noMoreArgs(args, use);
  if (spec === undefined) refuse(`error: at least one taint update is required\nUsage: ${use}`);
  const remove = spec!.endsWith("-");
  const body = remove ? spec!.slice(0, -1) : spec!;
  const colon = body.lastIndexOf(":");
  if (colon < 0)
    refuse(
      remove
        ? `error: name the effect to remove, like ${body}:NoSchedule-`
        : `error: invalid taint spec: ${spec}, the effect is missing: key=value:NoSchedule`,
    );
  const effect = body.slice(colon + 1);
  if (!(EFFECTS as readonly string[]).includes(effect))
    refuse(
      `error: invalid taint effect: ${effect}, unsupported taint effect${didYouMean(closest(effect, EFFECTS))}`,
    );
  const keyValue = body.slice(0, colon);
  const eq = keyValue.indexOf("=");
  const key = eq < 0 ? keyValue : keyValue.slice(0, eq);
  if (!/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key))
    refuse(`error: invalid taint key "${key}": letters, digits, '-', '_' and '.', optionally a prefix/`);
  const e = effect as (typeof EFFECTS)[number];
  if (remove) return send({ type: "untaintNode", node, key, effect: e });
  return send({
    type: "taintNode",
    node,
    taint: { key, value: eq < 0 ? "" : keyValue.slice(eq + 1), effect: e },
  });
}

export const KUBE_PROXY_FLAGS: readonly FlagSpec[] = [flag("proxy-mode")];

/**
 * `kube-proxy --proxy-mode=MODE`: the flag (or `mode:` in its ConfigMap) every node's kube-proxy
 * restarts with. The error is kube-proxy's validation message (pkg/proxy/apis/config/validation).
 */
function kubeProxy(words: string[]): ConsoleResult {
  const { args, flags } = parseFlags(words, KUBE_PROXY_FLAGS, "kube-proxy");
  const mode = flags.get("proxy-mode") ?? "";
  if (args.length > 0 || mode === "")
    refuse("Usage: kube-proxy --proxy-mode=iptables|nftables|ipvs (restarts kube-proxy on every node)");
  if (!(kubeProxyModes as readonly string[]).includes(mode))
    refuse(
      `E: invalid configuration: KubeProxyConfiguration.Mode: Invalid value: "${mode}": must be ${kubeProxyModes.join(", ")}`,
    );
  return send({ type: "setKubeProxyMode", mode: mode as KubeProxyMode });
}

/** `cpu=500m,memory=1Gi` as kubectl set resources reads it: millicores and bytes, within the game's bounds. */
function resourceList(list: string | undefined, use: string): { milliCPU?: number; memoryBytes?: number } {
  if (list === undefined) return {};
  const out: { milliCPU?: number; memoryBytes?: number } = {};
  for (const [resource, quantity = ""] of list.split(",").map((entry) => entry.split("="))) {
    const bad = () =>
      refuse(
        `error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$': "${quantity}"`,
      );
    if (resource === "cpu") {
      const milli = parseMilliCpu(quantity) ?? bad();
      if (milli < 1 || milli > 1_000_000)
        refuse(`error: a CPU quantity between 1m and 1000, please (got ${quantity})`);
      out.milliCPU = milli;
    } else if (resource === "memory") {
      const bytes = parseBytes(quantity) ?? bad();
      if (bytes < 2 ** 20 || bytes > 2 ** 40)
        refuse(`error: a memory quantity between 1Mi and 1Ti, please (got ${formatBytes(bytes)})`);
      out.memoryBytes = bytes;
    } else refuse(`error: this cluster's game sets cpu and memory, not "${resource}"\nUsage: ${use}`);
  }
  return out;
}

function etcdctl(words: string[], view: ClusterView | undefined): ConsoleResult {
  const { args, flags } = parseFlags(words, ETCDCTL_FLAGS, "etcdctl");
  const format = flags.get("write-out");
  const group = args.shift();
  const sub = args.shift();
  // etcdctl -w json prints the raw responses; here for endpoint status (its header's revision is
  // what `etcdctl compact` takes, as etcd's maintenance guide reads it).
  const json = format === "json" && group === "endpoint" && sub === "status";
  if (format !== undefined && format !== "table" && format !== "simple" && !json)
    refuse(
      `Error: unsupported output format "${format}": this console prints table (and json for endpoint status)`,
    );
  const unknown = (word: string | undefined, within: string, options: readonly string[]) =>
    refuse(
      `Error: unknown command "${word ?? ""}" for "${within}"${didYouMean(closest(word ?? "", options))}\nRun 'help' for usage.`,
    );
  switch (group) {
    case "member":
      if (sub === "list") return output(memberList(needsView(view)));
      if (sub === "add") {
        const name = args.shift();
        if (!name) refuse("Error: member name not provided\nUsage: etcdctl member add NAME [--learner]");
        return send({
          type: "addEtcdMember",
          name: name!,
          ...(flags.get("learner") === "true" ? { learner: true } : {}),
        });
      }
      if (sub === "remove" || sub === "promote") {
        const which = args.shift();
        if (!which) refuse(`Error: member ID is not provided\nUsage: etcdctl member ${sub} ID|NAME`);
        const member = etcdMember(which!, view);
        return send({ type: sub === "remove" ? "removeEtcdMember" : "promoteEtcdMember", member });
      }
      return unknown(sub, "etcdctl member", ["list", "add", "remove", "promote"]);
    case "endpoint":
      if (sub === "status") return output((json ? endpointStatusJson : endpointStatus)(needsView(view)));
      if (sub === "health") return output(endpointHealth(needsView(view)));
      return unknown(sub, "etcdctl endpoint", ["status", "health"]);
    case "snapshot":
      if (sub === "save") {
        const name = args.shift();
        if (!name) refuse("Error: snapshot save expects one argument\nUsage: etcdctl snapshot save NAME");
        return send({ type: "snapshotEtcd", name: name! });
      }
      return unknown(sub, "etcdctl snapshot", ["save"]);
    case "compact": {
      const revision = sub === undefined ? Number.NaN : Number(sub);
      if (!/^\d+$/.test(sub ?? "") || !Number.isSafeInteger(revision) || revision < 1)
        refuse(
          `Error: compact expects one revision (a positive whole number)\nUsage: etcdctl compact REVISION`,
        );
      return send({ type: "compactEtcd", revision });
    }
    case "defrag": {
      // etcdctl defrag works on the members its --endpoints name; one at a time here, as etcd's
      // maintenance guide advises (a member defragmenting answers nothing until it is done).
      const endpoints = (flags.get("endpoints") ?? "").split(",").filter((e) => e !== "");
      if (flags.has("cluster") || endpoints.length !== 1)
        refuse(
          "Error: defragment one member at a time: it answers nothing while it rewrites its backend\nUsage: etcdctl defrag --endpoints=NAME",
        );
      const endpoint = endpoints[0]!.replace(/^https?:\/\//, "").replace(/:\d+$/, "");
      return send({ type: "defragEtcd", member: etcdMember(endpoint, view) });
    }
    case "alarm":
      if (sub === "list") return output(alarmList(needsView(view)));
      if (sub === "disarm") return send({ type: "disarmEtcdAlarms" });
      return unknown(sub, "etcdctl alarm", ["list", "disarm"]);
    case "version":
      // etcdctl/ctlv3/command/version_command.go: the client's release and the API's series.
      return output(`etcdctl version: ${ETCD_VERSION}\nAPI version: ${ETCD_MINOR}`);
    default:
      return unknown(group, "etcdctl", [
        "member",
        "endpoint",
        "snapshot",
        "compact",
        "defrag",
        "alarm",
        "version",
      ]);
  }
}

/** The line without its shell comment: from a `#` that starts a word to the end. */
function withoutComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, "");
}

/** The shell comment of a line, "" when it has none. */
function comment(line: string): string {
  return /(?:^|\s)#(.*)$/.exec(line)?.[1]?.trim() ?? "";
}

/**
 * `kubeadm join`, as the console echoes a node ordered from the toolbar: run on a new machine, it
 * joins the cluster (https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-join/). The
 * zone is where the machine is, said in the comment ("# on a new machine in zone-b") or, when the
 * name follows a zone's series (node-b-5), that zone's; the machine is shaped like that zone's nodes.
 */
function kubeadm(words: string[], said: string, view: ClusterView | undefined): ConsoleResult {
  const use = "kubeadm join --node-name=NAME # on a new machine in ZONE";
  const sub = words.shift();
  if (sub !== "join")
    refuse(
      `unknown command "${sub ?? ""}" for "kubeadm": this console runs kubeadm join${didYouMean(closest(sub ?? "", ["join"]))}\nUsage: ${use}`,
    );
  const { args, flags } = parseFlags(
    words,
    [flag("node-name"), flag("token"), flag("discovery-token-ca-cert-hash")],
    "kubeadm join",
  );
  // The API server's address (kubeadm join 10.0.0.1:6443 …) is the game's own: accepted, not needed.
  if (args.length > 1) refuse(`error: unexpected argument "${args[1]}"\nUsage: ${use}`);
  const name = flags.get("node-name");
  if (!name) return refuse(`error: name the new node: --node-name=NAME\nUsage: ${use}`);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    refuse(`error: invalid node name "${name}": lowercase letters, digits and '-'`);
  const current = needsView(view);
  if (current.nodes.some((n) => n.name === name) || current.booting.some((b) => b.name === name))
    refuse(`error: a Node with name "${name}" already exists in the cluster`);
  const zones = [...new Set(current.nodes.map((n) => n.zone))];
  const named = /\bin\s+(\S+)\s*$/.exec(said)?.[1];
  const series = name.replace(/\d+$/, "");
  const zone = named ?? current.nodes.find((n) => n.name.replace(/\d+$/, "") === series)?.zone;
  if (!zone) return refuse(`error: say which zone the new machine is in: ${use}\nZones: ${zones.join(", ")}`);
  const like = current.nodes.findLast((n) => n.zone === zone);
  if (!like)
    return refuse(
      `error: no zone "${zone}" in this cluster${didYouMean(closest(zone, zones))}\nZones: ${zones.join(", ")}`,
    );
  return send({
    type: "addNode",
    name,
    zone,
    milliCPU: like.cpuMilli,
    memoryBytes: like.memoryMiB * 2 ** 20,
    pods: like.podCapacity,
  });
}

/** A current etcd member by its name or ID (as `member list` prints it), else etcd's error. */
function etcdMember(which: string, view: ClusterView | undefined): string {
  const members = needsView(view).etcd;
  const member = members.find((m) => m.name === which || memberId(m.name) === which);
  if (!member)
    refuse(
      `Error: etcdserver: member not found: ${which}${didYouMean(
        closest(
          which,
          members.map((m) => m.name),
        ),
      )}`,
    );
  return member!.name;
}

/** What the tool prints once the server has accepted the command. */
export function successText(command: Command): string {
  switch (command.type) {
    case "cordon":
      return `node/${command.node} cordoned`;
    case "uncordon":
      return `node/${command.node} uncordoned`;
    case "drain":
      // kubectl drain prints "drained" only once every pod is gone; the console follows the drain and
      // prints each eviction a budget refuses, as drain does (client/ui/Console.ts).
      return `node/${command.node} cordoned\nevicting pods on node/${command.node}`;
    case "scale":
      return `deployment.apps/${command.deployment} scaled`;
    case "setImage":
      return `deployment.apps/${command.deployment} image updated`;
    case "setMemoryLimit":
    case "setResources":
      return `deployment.apps/${command.deployment} resource requirements updated`;
    case "setHpa":
      return `horizontalpodautoscaler.autoscaling/${command.deployment} autoscaled`;
    case "deleteHpa":
      return `horizontalpodautoscaler.autoscaling "${command.deployment}" deleted`;
    case "rolloutUndo":
      return `deployment.apps/${command.deployment} rolled back`;
    case "taintNode":
      return `node/${command.node} tainted`;
    case "untaintNode":
      return `node/${command.node} untainted`;
    case "removeNode":
      return `node "${command.node}" deleted`;
    case "addEtcdMember":
      return `Member ${memberId(command.name)} added to cluster`;
    case "removeEtcdMember":
      return `Member ${memberId(command.member)} removed from cluster`;
    case "promoteEtcdMember":
      return `Member ${memberId(command.member)} promoted in cluster`;
    case "defragEtcd":
      // etcdctl prints "Finished defragmenting…" when done; this console answers once it has started.
      return `Defragmenting etcd member[https://${command.member}:2379]: it answers nothing until its backend is rewritten`;
    case "compactEtcd":
      return `compacted revision ${command.revision}`;
    case "disarmEtcdAlarms":
      return "alarms disarmed";
    case "snapshotEtcd":
      return `Snapshot saved at ${command.name}`;
    case "bindPod":
      return `binding/${command.pod} created`;
    case "addNode":
      return `This machine boots, then joins the cluster: node/${command.name} will show as Ready in ${command.zone}.`;
    default:
      return `${command.type}: applied`;
  }
}
