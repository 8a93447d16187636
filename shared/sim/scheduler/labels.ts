/**
 * Label matching as kube-scheduler does it: label selectors (k8s.io/apimachinery labels),
 * node selectors (component-helpers nodeaffinity) and taint tolerations (core/v1 helper).
 */
import type {
  LabelSelector,
  Node,
  NodeSelectorTerm,
  Pod,
  SelectorRequirement,
  Taint,
  Toleration,
} from "./types.ts";

type Labels = Readonly<Record<string, string>>;

/** metav1 LabelSelector semantics: Gt/Lt compare the label value as an integer. */
export function requirementMatches(requirement: SelectorRequirement, labels: Labels): boolean {
  const value = labels[requirement.key];
  switch (requirement.operator) {
    case "In":
      return value !== undefined && requirement.values.includes(value);
    case "NotIn":
      return value === undefined || !requirement.values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || requirement.values.length !== 1) return false;
      const have = parseInteger(value);
      const want = parseInteger(requirement.values[0] ?? "");
      if (have === undefined || want === undefined) return false;
      return requirement.operator === "Gt" ? have > want : have < want;
    }
  }
}

function parseInteger(text: string): number | undefined {
  // labels.Requirement parses with strconv.ParseInt(value, 10, 64).
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  return Number(text);
}

/**
 * A compiled label selector. `undefined` (an absent selector) selects nothing, as
 * metav1.LabelSelectorAsSelector(nil) returns labels.Nothing(); an empty one selects everything.
 */
export class Selector {
  readonly key: string;
  private readonly pairs: readonly (readonly [string, string])[];
  private readonly expressions: readonly SelectorRequirement[];
  private readonly nothing: boolean;

  constructor(selector: LabelSelector | undefined, extraLabels: Labels = {}) {
    this.nothing = selector === undefined;
    const pairs = new Map<string, string>(Object.entries(selector?.matchLabels ?? {}));
    for (const [k, v] of Object.entries(extraLabels)) pairs.set(k, v);
    this.pairs = [...pairs.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.expressions = selector?.matchExpressions ?? [];
    this.key = this.nothing
      ? "<nothing>"
      : JSON.stringify([this.pairs, this.expressions.map((e) => [e.key, e.operator, e.values])]);
  }

  matches(labels: Labels): boolean {
    if (this.nothing) return false;
    for (const [k, v] of this.pairs) if (labels[k] !== v) return false;
    for (const e of this.expressions) if (!requirementMatches(e, labels)) return false;
    return true;
  }

  isEmpty(): boolean {
    return !this.nothing && this.pairs.length === 0 && this.expressions.length === 0;
  }
}

/** Namespaces carry one label the simulation knows: kubernetes.io/metadata.name (set by the API server). */
export function namespaceLabels(namespace: string): Labels {
  return { "kubernetes.io/metadata.name": namespace };
}

/** One v1.NodeSelectorTerm: requirements ANDed; a term with no requirements matches no node. */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  for (const e of term.matchExpressions) if (!requirementMatches(e, node.labels)) return false;
  if (term.matchFields.length > 0) {
    // Only metadata.name is a supported field (nodeaffinity.nodeSelectorTerm.match).
    const fields = { "metadata.name": node.name };
    for (const e of term.matchFields) if (!requirementMatches(e, fields)) return false;
  }
  return true;
}

/**
 * nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): spec.nodeSelector AND, if present,
 * any of the required node affinity terms.
 */
export function podRequiredNodeAffinityMatches(pod: Pod, node: Node): boolean {
  const selector = pod.nodeSelector;
  for (const k in selector) if (node.labels[k] !== selector[k]) return false;
  const required = pod.affinity.nodeAffinity?.required;
  if (required === undefined) return true;
  for (const term of required) if (nodeSelectorTermMatches(term, node)) return true;
  return false;
}

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== "" && toleration.effect !== taint.effect) return false;
  if (toleration.key !== "" && toleration.key !== taint.key) return false;
  // An empty operator means Equal (core/v1 toleration.go).
  if (toleration.operator === "Exists") return true;
  return toleration.value === taint.value;
}

export function taintToleratedBy(taint: Taint, tolerations: readonly Toleration[]): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc: NoSchedule and NoExecute taints. */
export function firstUntoleratedHardTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | undefined {
  for (const taint of taints) {
    if (taint.effect === "PreferNoSchedule") continue;
    if (!taintToleratedBy(taint, tolerations)) return taint;
  }
  return undefined;
}
