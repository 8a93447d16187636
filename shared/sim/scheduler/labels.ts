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

/**
 * A label's value, or undefined when the object has no such label. Labels arrive as JSON objects
 * (a manifest, a scenario): read as own properties only, so a key such as `constructor` or
 * `toString` is a label like any other, never a method of Object.prototype.
 */
export function labelOf(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

/** An equality-based selector (a Service's, a budget's): every key present with its value. */
export function matchesSelector(selector: Labels, labels: Labels): boolean {
  for (const [key, value] of Object.entries(selector)) if (labelOf(labels, key) !== value) return false;
  return true;
}

/** metav1 LabelSelector semantics: Gt/Lt compare the label value as an integer. */
export function requirementMatches(requirement: SelectorRequirement, labels: Labels): boolean {
  const value = labelOf(labels, requirement.key);
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
    for (const [k, v] of this.pairs) if (labelOf(labels, k) !== v) return false;
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

// k8s.io/apimachinery/pkg/util/validation: IsQualifiedName and IsValidLabelValue, which
// labels.NewRequirement applies to every node selector requirement.
const qualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123SubdomainFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** validation.RegexError. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(" or ")}regex used for validation is '${fmt}')`;
}

/** validation.IsQualifiedName: the reasons a label key is invalid (empty when valid). */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  if (parts.length === 1) {
    name = parts[0] as string;
  } else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0) errs.push("prefix part must be non-empty");
    else if (prefix.length > 253) errs.push("prefix part must be no more than 253 characters");
    else if (!dns1123SubdomainRe.test(prefix)) {
      errs.push(`prefix part ${regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, "example.com")}`);
    }
  } else {
    return [
      `a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push("name part must be non-empty");
  else if (name.length > 63) errs.push("name part must be no more than 63 characters");
  if (!qualifiedNameRe.test(name)) {
    errs.push(
      `name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, "MyName", "my.name", "123-abc")}`,
    );
  }
  return errs;
}

function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push("must be no more than 63 characters");
  if (!labelValueRe.test(value))
    errs.push(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"));
  return errs;
}

/** field.Invalid(path, value, detail).Error(). */
function invalid(path: string, value: unknown, detail: string): string {
  return `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;
}

/**
 * labels.NewRequirement's validation of one node selector requirement at `path` (e.g.
 * "[0].matchExpressions[1]"): a valid key, values as the operator needs, valid label values.
 */
function requirementErrors(r: SelectorRequirement, path: string): string[] {
  const errs: string[] = [];
  const keyErrs = qualifiedNameErrors(r.key);
  if (keyErrs.length > 0) errs.push(invalid(`${path}.key`, r.key, keyErrs.join("; ")));
  const valuesPath = `${path}.values`;
  switch (r.operator) {
    case "In":
    case "NotIn":
      if (r.values.length === 0) {
        errs.push(invalid(valuesPath, r.values, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case "Exists":
    case "DoesNotExist":
      if (r.values.length !== 0) {
        errs.push(invalid(valuesPath, r.values, "values set must be empty for exists and does not exist"));
      }
      break;
    case "Gt":
    case "Lt":
      if (r.values.length !== 1) {
        errs.push(invalid(valuesPath, r.values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      }
      r.values.forEach((v, i) => {
        if (parseInteger(v) === undefined) {
          errs.push(
            invalid(`${valuesPath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      break;
  }
  r.values.forEach((v, i) => {
    const valueErrs = labelValueErrors(v);
    if (valueErrs.length > 0) errs.push(invalid(`${valuesPath}[${i}]`, v, valueErrs.join("; ")));
  });
  return errs;
}

const termErrorsCache = new WeakMap<NodeSelectorTerm, string[]>();

/**
 * The parse errors of a v1.NodeSelectorTerm (nodeaffinity.newNodeSelectorTerm): label
 * requirements as labels.NewRequirement validates them; field requirements need exactly one
 * value and the In or NotIn operator. Cached per term object.
 */
export function nodeSelectorTermErrors(term: NodeSelectorTerm, path = ""): string[] {
  const cached = path === "" ? termErrorsCache.get(term) : undefined;
  if (cached !== undefined) return cached;
  const errs: string[] = [];
  term.matchExpressions.forEach((r, i) => {
    errs.push(...requirementErrors(r, `${path}.matchExpressions[${i}]`.replace(/^\./, "")));
  });
  term.matchFields.forEach((r, i) => {
    const p = `${path}.matchFields[${i}]`.replace(/^\./, "");
    if (r.values.length !== 1) errs.push(invalid(`${p}.values`, r.values, "must have one element"));
    else if (r.operator !== "In" && r.operator !== "NotIn") {
      errs.push(
        `${p}.operator: Unsupported value: ${JSON.stringify(r.operator)}: supported values: "In", "NotIn"`,
      );
    }
  });
  if (path === "") termErrorsCache.set(term, errs);
  return errs;
}

/**
 * One v1.NodeSelectorTerm: requirements ANDed; a term with no requirements matches no node.
 * A term that does not parse (an invalid key or value, e.g. NotIn ["invalid value: ___@#$%^"])
 * matches no node either: nodeaffinity.LazyErrorNodeSelector drops such terms, so kube-scheduler
 * rejects the node with the usual affinity reason instead of evaluating the broken requirement.
 */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: Node): boolean {
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  if (nodeSelectorTermErrors(term).length > 0) return false;
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
  for (const [k, v] of Object.entries(selector)) if (labelOf(node.labels, k) !== v) return false;
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
