import { kubeProxyModes } from "../../shared/sim/network/kubeProxy.ts";
import type { ClusterView } from "../net/connection.ts";
import {
  ETCDCTL_FLAGS,
  GET_KINDS,
  KUBE_PROXY_FLAGS,
  KUBECTL_VERBS,
  PROGRAMS,
  tokenize,
  VERB_FLAGS,
} from "./parse.ts";

/**
 * Tab completion: the words that may come next, from the console's grammar and the cluster's
 * names (nodes, deployments, etcd members). Pure: no Phaser, no DOM.
 */

export interface Completion {
  /** The line with the last word completed as far as every candidate agrees. */
  readonly line: string;
  /** Every candidate for the last word (shown when there are several). */
  readonly options: readonly string[];
}

/** The candidates for the next word, given the words before it. */
function candidates(before: readonly string[], partial: string, view: ClusterView | undefined): string[] {
  const nodes = view?.nodes.map((n) => n.name) ?? [];
  const deployments = (view?.deployments ?? []).map((d) => `deploy/${d.name}`);
  const members = view?.etcd.map((m) => m.name) ?? [];
  const [program, verb, ...rest] = before.filter((w) => !w.startsWith("-"));
  if (program === undefined) return [...PROGRAMS];
  if (program === "etcdctl") {
    if (partial.startsWith("-")) return ETCDCTL_FLAGS.map((f) => `--${f.name}${f.value ? "=" : ""}`);
    if (verb === undefined)
      return ["member", "endpoint", "snapshot", "compact", "defrag", "alarm", "version"];
    const sub = rest[0];
    if (sub === undefined)
      return verb === "member"
        ? ["list", "add", "promote", "remove"]
        : verb === "endpoint"
          ? ["status", "health"]
          : verb === "alarm"
            ? ["list", "disarm"]
            : verb === "snapshot"
              ? ["save"]
              : [];
    return verb === "member" && (sub === "remove" || sub === "promote") && rest.length === 1 ? members : [];
  }
  if (program === "kubeadm") {
    if (verb === undefined) return ["join"];
    return partial.startsWith("-") ? ["--node-name="] : [];
  }
  if (program === "kube-proxy")
    return partial.startsWith("--proxy-mode=")
      ? kubeProxyModes.map((m) => `--proxy-mode=${m}`)
      : KUBE_PROXY_FLAGS.map((f) => `--${f.name}=`);
  if (program !== "kubectl" && program !== "k") return [];
  if (verb === undefined) return [...KUBECTL_VERBS];
  const flags = VERB_FLAGS[verb as keyof typeof VERB_FLAGS];
  if (partial.startsWith("-")) return (flags ?? []).map((f) => `--${f.name}${f.value ? "=" : ""}`);
  const n = rest.length;
  switch (verb) {
    case "get":
      if (n === 0) return [...GET_KINDS];
      if (rest[0] === "nodes" || rest[0] === "node") return nodes;
      if (rest[0] === "deployments" || rest[0] === "deploy")
        return view?.deployments.map((d) => d.name) ?? [];
      if (rest[0] === "pdb") return view?.pdbs.map((b) => b.name) ?? [];
      return [];
    case "describe":
      if (n === 0) return ["node", "pdb"];
      if (n === 1 && rest[0] === "pdb") return view?.pdbs.map((b) => b.name) ?? [];
      return n === 1 ? nodes : [];
    case "top":
      return n === 0 ? ["nodes"] : [];
    case "taint":
      return n === 0 ? ["nodes"] : n === 1 ? nodes : [];
    case "cordon":
    case "uncordon":
    case "drain":
      return n === 0 ? nodes : [];
    case "scale":
    case "autoscale":
      return n === 0 ? deployments : [];
    case "rollout":
      return n === 0 ? ["undo", "status"] : n === 1 ? deployments : [];
    case "set":
      return n === 0 ? ["image", "resources"] : n === 1 ? deployments : [];
    case "delete":
      return n === 0 ? ["node", "hpa"] : n === 1 && rest[0] === "node" ? nodes : [];
    default:
      return [];
  }
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? "";
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export function complete(line: string, view: ClusterView | undefined): Completion {
  const endsWithSpace = line.length === 0 || /\s$/.test(line);
  const words = tokenize(line);
  const partial = endsWithSpace ? "" : (words.pop() ?? "");
  const options = candidates(words, partial, view).filter((c) => c.startsWith(partial));
  if (options.length === 0) return { line, options };
  const head = endsWithSpace ? line : line.slice(0, line.length - partial.length);
  const prefix = commonPrefix(options);
  const finished = options.length === 1 && !/[=/]$/.test(prefix);
  return { line: `${head}${prefix}${finished ? " " : ""}`, options };
}
