/**
 * Authorization as kubeadm sets up kube-apiserver, `--authorization-mode=Node,RBAC`: the Node
 * authorizer for kubelets (plugin/pkg/auth/authorizer/node/node_authorizer.go, with
 * AuthorizeNodeWithSelectors on), then RBAC (plugin/pkg/auth/authorizer/rbac/rbac.go) over the
 * bootstrap ClusterRoles the simulated components run with (plugin/pkg/auth/authorizer/rbac/
 * bootstrappolicy) and the game's player roles. Where the Node authorizer allows a write and leaves
 * "only your own object" to the NodeRestriction admission plugin (kubeadm enables it;
 * plugin/pkg/admission/noderestriction/admission.go), that check is made here too, with its message.
 * Roles are data, so the game can show them. Pure.
 */

export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
}

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete";

/** authorizer.Attributes of a resource request. */
export interface RequestAttributes {
  readonly verb: Verb;
  readonly resource: string;
  readonly subresource?: string;
  /** "" is the core group. */
  readonly apiGroup: string;
  /** "" for cluster-scoped objects and requests across namespaces. */
  readonly namespace: string;
  readonly name: string;
}

export type Decision =
  | { readonly allowed: true; readonly by: string }
  | { readonly allowed: false; readonly reason: string };

// rbacv1.PolicyRule. A resource may name a subresource ("pods/binding"); "*" matches anything, and
// "*" + "/scale" any resource's scale subresource.
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
  /** Empty: any name. */
  readonly resourceNames: readonly string[];
}

export interface ClusterRole {
  readonly name: string;
  readonly rules: readonly PolicyRule[];
}

export type Subject =
  | { readonly kind: "User" | "Group"; readonly name: string }
  | { readonly kind: "ServiceAccount"; readonly name: string; readonly namespace: string };

export interface ClusterRoleBinding {
  readonly name: string;
  readonly role: string;
  readonly subjects: readonly Subject[];
}

const rule = (apiGroups: string[], resources: string[], verbs: string[], resourceNames: string[] = []) => ({
  apiGroups,
  resources,
  verbs,
  resourceNames,
});
/** bootstrappolicy `Read`. */
const read = ["get", "list", "watch"];
/** bootstrappolicy controller_policy.go `eventsRule()`. */
const eventsRule = rule(["", "events.k8s.io"], ["events"], ["create", "update", "patch"]);
/** A leader-elected component creates its Lease and may get/update only its own (bootstrappolicy policy.go). */
const electionRules = (lease: string) => [
  rule(["coordination.k8s.io"], ["leases"], ["create"]),
  rule(["coordination.k8s.io"], ["leases"], ["get", "update"], [lease]),
];

/**
 * The ClusterRoles in play: the bootstrap ones as in bootstrappolicy/testdata/cluster-roles.yaml and
 * controller-roles.yaml (only the rules the simulation exercises), and the game's player roles.
 */
export const clusterRoles: readonly ClusterRole[] = [
  { name: "cluster-admin", rules: [rule(["*"], ["*"], ["*"])] },
  {
    name: "system:kube-scheduler",
    rules: [
      eventsRule,
      ...electionRules("kube-scheduler"),
      rule([""], ["nodes"], read),
      rule([""], ["pods"], ["delete", ...read]),
      rule([""], ["bindings", "pods/binding"], ["create"]),
      rule([""], ["pods/status"], ["patch", "update"]),
    ],
  },
  {
    name: "system:kube-controller-manager",
    rules: [eventsRule, ...electionRules("kube-controller-manager"), rule(["*"], ["*"], ["list", "watch"])],
  },
  {
    name: "system:controller:replicaset-controller",
    rules: [
      rule(["apps", "extensions"], ["replicasets"], [...read, "update"]),
      rule(["apps", "extensions"], ["replicasets/status", "replicasets/finalizers"], ["update"]),
      rule([""], ["pods"], ["list", "watch", "patch", "create", "delete"]),
      eventsRule,
    ],
  },
  {
    name: "system:controller:deployment-controller",
    rules: [
      rule(["extensions", "apps"], ["deployments"], [...read, "update"]),
      rule(["extensions", "apps"], ["deployments/status", "deployments/finalizers"], ["update"]),
      rule(["apps", "extensions"], ["replicasets"], [...read, "create", "update", "patch", "delete"]),
      rule([""], ["pods"], [...read, "update"]),
      eventsRule,
    ],
  },
  {
    name: "system:controller:node-controller",
    rules: [
      rule([""], ["nodes"], [...read, "update", "delete", "patch"]),
      rule([""], ["nodes/status"], ["patch", "update"]),
      rule([""], ["pods/status"], ["patch", "update"]),
      rule([""], ["pods"], ["list", "watch", "get", "delete"]),
      eventsRule,
    ],
  },
  {
    name: "system:controller:endpoint-controller",
    rules: [
      rule([""], ["services", "pods"], read),
      rule([""], ["endpoints"], [...read, "create", "update", "delete"]),
      eventsRule,
    ],
  },
  {
    name: "system:controller:horizontal-pod-autoscaler",
    rules: [
      rule(["autoscaling"], ["horizontalpodautoscalers"], read),
      rule(["autoscaling"], ["horizontalpodautoscalers/status"], ["update"]),
      rule(["*"], ["*/scale"], ["get", "update"]),
      rule([""], ["pods"], ["list", "watch"]),
      rule(["metrics.k8s.io"], ["pods"], ["list", "watch"]),
      eventsRule,
    ],
  },
  {
    // The operator player. A rollback is an update of the Deployment's template (kubectl rollout
    // undo), found among the Deployment's ReplicaSets, hence their read.
    name: "cluster-crisis:operator",
    rules: [
      rule([""], ["nodes"], ["get", "list", "update", "patch", "delete"]),
      rule(["apps"], ["deployments", "deployments/scale"], ["get", "list", "update", "patch"]),
      rule(["apps"], ["replicasets"], ["get", "list"]),
      rule(
        ["autoscaling"],
        ["horizontalpodautoscalers"],
        ["get", "list", "create", "update", "patch", "delete"],
      ),
      rule([""], ["pods"], ["get", "list", "delete"]),
      rule([""], ["pods/eviction"], ["create"]),
    ],
  },
  {
    // The scheduler player: sees pods and nodes (a scheduler cannot place without them), binds pods.
    name: "cluster-crisis:scheduler",
    rules: [rule([""], ["pods", "nodes"], read), rule([""], ["pods/binding"], ["create"])],
  },
  // A monitoring agent's usual grant (the pods rule of the "view" aggregate); the dashboard that floods.
  { name: "cluster-crisis:pod-reader", rules: [rule([""], ["pods"], read)] },
  // An in-cluster controller that keeps a ConfigMap of its own (the runaway writer that fills etcd).
  {
    name: "cluster-crisis:configmap-writer",
    rules: [rule([""], ["configmaps"], ["get", "create", "update"])],
  },
];

/** bootstrappolicy controller_policy.go addControllerRole: bound to the ServiceAccount kube-system/<name>. */
const controllerBinding = (controller: string): ClusterRoleBinding => ({
  name: `system:controller:${controller}`,
  role: `system:controller:${controller}`,
  subjects: [{ kind: "ServiceAccount", name: controller, namespace: "kube-system" }],
});
const binding = (role: string, kind: "User" | "Group", subject: string): ClusterRoleBinding => ({
  name: role,
  role,
  subjects: [{ kind, name: subject }],
});

/** bootstrappolicy testdata/cluster-role-bindings.yaml and controller-role-bindings.yaml, and the game's. */
export const clusterRoleBindings: readonly ClusterRoleBinding[] = [
  binding("cluster-admin", "Group", "system:masters"),
  binding("system:kube-scheduler", "User", "system:kube-scheduler"),
  binding("system:kube-controller-manager", "User", "system:kube-controller-manager"),
  controllerBinding("replicaset-controller"),
  controllerBinding("deployment-controller"),
  controllerBinding("node-controller"),
  controllerBinding("endpoint-controller"),
  controllerBinding("horizontal-pod-autoscaler"),
  binding("cluster-crisis:operator", "Group", "cluster-crisis:operators"),
  binding("cluster-crisis:scheduler", "Group", "cluster-crisis:schedulers"),
  binding("cluster-crisis:pod-reader", "Group", "system:serviceaccounts:monitoring"),
  binding("cluster-crisis:configmap-writer", "Group", "system:serviceaccounts:platform"),
];

/**
 * bootstrappolicy NodeRules() for what the Node authorizer does not subdivide (leases, nodes and
 * pods have their own checks below): the rest a kubelet needs here.
 */
const nodeRules: readonly PolicyRule[] = [
  rule([""], ["services"], read),
  rule([""], ["events"], ["create", "update", "patch"]),
  rule([""], ["endpoints"], ["get"]),
];

/** Go's %q, for the ASCII names the simulation uses. */
const q = (s: string) => JSON.stringify(s);

// rbac.go RuleAllows: VerbMatches, APIGroupMatches, ResourceMatches (with "*" + "/subresource"), ResourceNameMatches.
function matches(r: PolicyRule, attrs: RequestAttributes): boolean {
  const sub = attrs.subresource ?? "";
  const combined = sub === "" ? attrs.resource : `${attrs.resource}/${sub}`;
  return (
    r.verbs.some((v) => v === "*" || v === attrs.verb) &&
    r.apiGroups.some((g) => g === "*" || g === attrs.apiGroup) &&
    r.resources.some((x) => x === "*" || x === combined || (sub !== "" && x === `*/${sub}`)) &&
    (r.resourceNames.length === 0 || r.resourceNames.includes(attrs.name))
  );
}

/** apierrors.NewForbidden: `<resource>[.<group>] "<name>" is forbidden: <err>` (no name: `<resource> is forbidden`). */
function statusForbidden(attrs: RequestAttributes, err: string): string {
  const gr = attrs.apiGroup === "" ? attrs.resource : `${attrs.resource}.${attrs.apiGroup}`;
  return `${attrs.name === "" ? gr : `${gr} ${q(attrs.name)}`} is forbidden: ${err}`;
}

/**
 * The 403 kube-apiserver writes when no authorizer allows (endpoints/handlers/responsewriters
 * Forbidden + forbiddenMessage): the authorizers' reasons follow after a colon.
 */
export function forbiddenMessage(user: UserInfo, attrs: RequestAttributes, reason = ""): string {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace === "" ? "at the cluster scope" : `in the namespace ${q(attrs.namespace)}`;
  const msg = `User ${q(user.name)} cannot ${attrs.verb} resource ${q(resource)} in API group ${q(attrs.apiGroup)} ${scope}`;
  return statusForbidden(attrs, reason === "" ? msg : `${msg}: ${reason}`);
}

type Verdict =
  | { readonly kind: "allow" }
  | { readonly kind: "noOpinion"; readonly reason: string }
  /** The Node authorizer allowed; NodeRestriction refused (its own Forbidden). */
  | { readonly kind: "refused"; readonly message: string };

const allow: Verdict = { kind: "allow" };
const noOpinion = (reason = ""): Verdict => ({ kind: "noOpinion", reason });

/**
 * The Node authorizer (AuthorizeNodeWithSelectors on, the default since v1.32) and NodeRestriction's
 * check of what it allowed. `boundTo` is the node a pod is bound to (undefined: no such pod).
 */
function nodeAuthorizer(
  user: UserInfo,
  attrs: RequestAttributes,
  boundTo: () => string | undefined,
): Verdict {
  // pkg/auth/nodeidentifier: user system:node:<name> in group system:nodes.
  if (!user.name.startsWith("system:node:") || !user.groups.includes("system:nodes")) return noOpinion();
  const node = user.name.slice("system:node:".length);
  if (node === "") return noOpinion(`unknown node for user ${q(user.name)}`);
  const { verb, name, apiGroup, resource } = attrs;
  const sub = attrs.subresource ?? "";
  const refused = (err: string): Verdict => ({ kind: "refused", message: statusForbidden(attrs, err) });
  const notFound = (): Verdict => ({ kind: "refused", message: `${resource} ${q(name)} not found` });
  /** NodeRestriction's checks of a pod the node touches (admitPod / admitPodStatus / admitPodEviction). */
  const ownPod = (err: string): Verdict => {
    const bound = boundTo();
    return bound === undefined ? notFound() : bound === node ? allow : refused(err);
  };
  if (apiGroup === "coordination.k8s.io" && resource === "leases") {
    if (!["get", "create", "update", "patch", "delete"].includes(verb))
      return noOpinion("can only get, create, update, patch, or delete a node lease");
    if (attrs.namespace !== "kube-node-lease")
      return noOpinion(`can only access leases in the "kube-node-lease" system namespace`);
    // The authorizer cannot see a created Lease's name; NodeRestriction admitLease checks it.
    if (name !== node) {
      const err = "can only access node lease with the same name as the requesting node";
      return verb === "create" ? refused(err) : noOpinion(err);
    }
    return allow;
  }
  if (apiGroup === "" && resource === "nodes") {
    const write = verb === "create" || verb === "update" || verb === "patch";
    if ((sub === "" && write) || (sub === "status" && (verb === "update" || verb === "patch")))
      // NodeRestriction admitNode.
      return name === node ? allow : refused(`node ${q(node)} is not allowed to modify node ${q(name)}`);
    if (sub === "" && (verb === "get" || verb === "list" || verb === "watch")) {
      if (name === node) return allow;
      return noOpinion(
        name === ""
          ? `node '${node}' cannot read all nodes, only its own Node object`
          : `node '${node}' cannot read '${name}', only its own Node object`,
      );
    }
    return noOpinion();
  }
  if (apiGroup === "" && resource === "pods") {
    // authorizeGet/authorize: a pod is related to the node it is bound to (the authorizer's graph).
    const related = (): Verdict =>
      name === ""
        ? noOpinion("No Object name found")
        : boundTo() === node
          ? allow
          : noOpinion(`no relationship found between node '${node}' and this object`);
    if (sub === "" && verb === "get") return related();
    // Without a spec.nodeName field selector (the simulation's requests carry none), only one named pod.
    if (sub === "" && (verb === "list" || verb === "watch"))
      return name === ""
        ? noOpinion("can only list/watch pods with spec.nodeName field selector")
        : related();
    if (sub === "" && verb === "create")
      return refused(
        `pod does not have "kubernetes.io/config.mirror" annotation, node ${q(node)} can only create mirror pods`,
      );
    if (sub === "" && verb === "delete")
      return ownPod(`node ${q(node)} can only delete pods with spec.nodeName set to itself`);
    if (sub === "status" && (verb === "update" || verb === "patch"))
      return ownPod(`node ${q(node)} can only update pod status for pods with spec.nodeName set to itself`);
    // admitPodEviction formats the node with %s, unquoted.
    if (sub === "eviction" && verb === "create")
      return ownPod(`node ${node} can only evict pods with spec.nodeName set to itself`);
    return noOpinion();
  }
  return nodeRules.some((r) => matches(r, attrs)) ? allow : noOpinion();
}

/** rbac.go appliesTo: a User by name, a Group by membership, a ServiceAccount by its username. */
function appliesTo(s: Subject, user: UserInfo): boolean {
  if (s.kind === "ServiceAccount") return user.name === `system:serviceaccount:${s.namespace}:${s.name}`;
  return s.kind === "User" ? s.name === user.name : user.groups.includes(s.name);
}

/** validation/rule.go clusterRoleBindingDescriber and describeSubject (a ServiceAccount as "name/namespace"). */
function describe(b: ClusterRoleBinding, s: Subject): string {
  const subject = s.kind === "ServiceAccount" ? `${s.name}/${s.namespace}` : s.name;
  return `ClusterRoleBinding ${q(b.name)} of ClusterRole ${q(b.role)} to ${s.kind} ${q(subject)}`;
}

/** The RBAC authorizer's reason when a binding allows ("RBAC: allowed by …"), or undefined. */
function rbac(user: UserInfo, attrs: RequestAttributes): string | undefined {
  for (const b of clusterRoleBindings) {
    const subject = b.subjects.find((s) => appliesTo(s, user));
    const role = clusterRoles.find((r) => r.name === b.role);
    if (subject !== undefined && role?.rules.some((r) => matches(r, attrs))) {
      return `RBAC: allowed by ${describe(b, subject)}`;
    }
  }
  return undefined;
}

/**
 * Node, then RBAC (the union authorizer: the first to allow wins; the reasons of those with no
 * opinion end the 403). `podNode` says which node a pod is bound to; without it, a kubelet's pod
 * requests are taken to concern pods bound to its own node.
 */
export function authorize(
  user: UserInfo,
  attrs: RequestAttributes,
  podNode?: (namespace: string, name: string) => string | undefined,
): Decision {
  const node = user.name.slice("system:node:".length);
  const boundTo = () => (podNode === undefined ? node : podNode(attrs.namespace, attrs.name));
  const byNode = nodeAuthorizer(user, attrs, boundTo);
  if (byNode.kind === "allow") return { allowed: true, by: "Node" };
  if (byNode.kind === "refused") return { allowed: false, reason: byNode.message };
  const by = rbac(user, attrs);
  if (by !== undefined) return { allowed: true, by };
  return { allowed: false, reason: forbiddenMessage(user, attrs, byNode.reason) };
}
