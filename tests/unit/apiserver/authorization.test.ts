import { describe, expect, it } from "vitest";
import {
  authorize,
  clusterRoleBindings,
  clusterRoles,
  type RequestAttributes,
  type UserInfo,
} from "../../../shared/sim/apiserver/authorization.ts";

const authenticated = "system:authenticated";
const operator: UserInfo = { name: "player:3", groups: ["cluster-crisis:operators", authenticated] };
const schedulerPlayer: UserInfo = { name: "player:7", groups: ["cluster-crisis:schedulers", authenticated] };
const kubeScheduler: UserInfo = { name: "system:kube-scheduler", groups: [authenticated] };
const controllerManager: UserInfo = { name: "system:kube-controller-manager", groups: [authenticated] };
const kubelet = (node: string): UserInfo => ({
  name: `system:node:${node}`,
  groups: ["system:nodes", authenticated],
});
const controller = (name: string): UserInfo => ({
  name: `system:serviceaccount:kube-system:${name}`,
  groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", authenticated],
});

const pod = (verb: RequestAttributes["verb"], name: string, subresource?: string): RequestAttributes => ({
  verb,
  resource: "pods",
  apiGroup: "",
  namespace: "default",
  name,
  ...(subresource === undefined ? {} : { subresource }),
});
const node = (verb: RequestAttributes["verb"], name: string, subresource?: string): RequestAttributes => ({
  verb,
  resource: "nodes",
  apiGroup: "",
  namespace: "",
  name,
  ...(subresource === undefined ? {} : { subresource }),
});
const lease = (verb: RequestAttributes["verb"], namespace: string, name: string): RequestAttributes => ({
  verb,
  resource: "leases",
  apiGroup: "coordination.k8s.io",
  namespace,
  name,
});
/** The simulation's bindings: web-1 on node-a-1, web-2 on node-a-2. */
const podNode = (_namespace: string, name: string) =>
  ({ "web-1": "node-a-1", "web-2": "node-a-2" })[name as "web-1" | "web-2"];

const reasonOf = (user: UserInfo, attrs: RequestAttributes) => {
  const d = authorize(user, attrs, podNode);
  return d.allowed ? `allowed by ${d.by}` : d.reason;
};

describe("RBAC: the bootstrap roles and the game's roles", () => {
  it("kube-scheduler binds pods; the allow names the binding as RBAC's reason does", () => {
    expect(authorize(kubeScheduler, pod("create", "web-1", "binding"), podNode)).toEqual({
      allowed: true,
      by: 'RBAC: allowed by ClusterRoleBinding "system:kube-scheduler" of ClusterRole "system:kube-scheduler" to User "system:kube-scheduler"',
    });
  });

  it("the scheduler player may bind; the operator player gets kube-apiserver's Forbidden", () => {
    expect(authorize(schedulerPlayer, pod("create", "web-1", "binding"), podNode).allowed).toBe(true);
    expect(reasonOf({ ...operator, name: "player:7" }, pod("create", "web-1", "binding"))).toBe(
      'pods "web-1" is forbidden: User "player:7" cannot create resource "pods/binding" in API group "" in the namespace "default"',
    );
  });

  it("a cluster-scoped denial says so, and the scheduler player cannot delete nodes", () => {
    expect(reasonOf(schedulerPlayer, node("delete", "node-a-1"))).toBe(
      'nodes "node-a-1" is forbidden: User "player:7" cannot delete resource "nodes" in API group "" at the cluster scope',
    );
  });

  it("the operator drains and scales but does not create pods", () => {
    const scale = {
      verb: "patch",
      resource: "deployments",
      subresource: "scale",
      apiGroup: "apps",
      namespace: "default",
      name: "web",
    } as const;
    const hpa = {
      verb: "create",
      resource: "horizontalpodautoscalers",
      apiGroup: "autoscaling",
      namespace: "default",
      name: "web",
    } as const;
    for (const attrs of [
      node("delete", "node-a-1"),
      node("patch", "node-a-1"),
      scale,
      hpa,
      pod("create", "web-1", "eviction"),
    ]) {
      expect(authorize(operator, attrs, podNode).allowed).toBe(true);
    }
    expect(reasonOf(operator, pod("create", "web-3"))).toBe(
      'pods "web-3" is forbidden: User "player:3" cannot create resource "pods" in API group "" in the namespace "default"',
    );
    // A resource outside the core group is named with its group.
    expect(
      reasonOf(operator, { ...scale, resource: "statefulsets", subresource: undefined, verb: "delete" }),
    ).toBe(
      'statefulsets.apps "web" is forbidden: User "player:3" cannot delete resource "statefulsets" in API group "apps" in the namespace "default"',
    );
  });

  it("controllers act as their service accounts, each within its own role", () => {
    expect(reasonOf(controller("replicaset-controller"), pod("create", ""))).toBe(
      'allowed by RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"',
    );
    expect(authorize(controller("node-controller"), pod("delete", "web-2"), podNode).allowed).toBe(true);
    const scale = {
      verb: "update",
      resource: "deployments",
      subresource: "scale",
      apiGroup: "apps",
      namespace: "default",
      name: "web",
    } as const;
    expect(authorize(controller("horizontal-pod-autoscaler"), scale, podNode).allowed).toBe(true);
    expect(authorize(controller("horizontal-pod-autoscaler"), pod("delete", "web-1"), podNode).allowed).toBe(
      false,
    );
    const endpoints = {
      verb: "update",
      resource: "endpoints",
      apiGroup: "",
      namespace: "default",
      name: "web",
    } as const;
    expect(authorize(controller("endpoint-controller"), endpoints, podNode).allowed).toBe(true);
    // Without --use-service-account-credentials' identity, nothing: a stranger's service account.
    expect(authorize(controller("job-controller"), pod("create", ""), podNode)).toEqual({
      allowed: false,
      reason:
        'pods is forbidden: User "system:serviceaccount:kube-system:job-controller" cannot create resource "pods" in API group "" in the namespace "default"',
    });
  });

  it("leader election: each component may get and update only its own Lease", () => {
    expect(
      authorize(controllerManager, lease("update", "kube-system", "kube-controller-manager")).allowed,
    ).toBe(true);
    expect(authorize(kubeScheduler, lease("get", "kube-system", "kube-scheduler")).allowed).toBe(true);
    expect(reasonOf(controllerManager, lease("update", "kube-system", "kube-scheduler"))).toBe(
      'leases.coordination.k8s.io "kube-scheduler" is forbidden: User "system:kube-controller-manager" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "kube-system"',
    );
  });

  it("system:masters is cluster-admin; an unknown user is refused", () => {
    const admin: UserInfo = { name: "kubernetes-admin", groups: ["system:masters", authenticated] };
    expect(authorize(admin, node("delete", "node-a-1")).allowed).toBe(true);
    expect(authorize({ name: "mallory", groups: [authenticated] }, pod("get", "web-1")).allowed).toBe(false);
  });

  it("the table the game shows: every binding refers to a role", () => {
    const names = new Set(clusterRoles.map((r) => r.name));
    for (const b of clusterRoleBindings) expect(names.has(b.role)).toBe(true);
    expect(clusterRoleBindings.find((b) => b.role === "cluster-crisis:scheduler")?.subjects).toEqual([
      { kind: "Group", name: "cluster-crisis:schedulers" },
    ]);
  });
});

describe("the Node authorizer and NodeRestriction: a kubelet touches only its own objects", () => {
  const me = kubelet("node-a-1");

  it("renews its own Lease (Node, before RBAC); another node's Lease carries the Node authorizer's reason", () => {
    expect(authorize(me, lease("update", "kube-node-lease", "node-a-1"))).toEqual({
      allowed: true,
      by: "Node",
    });
    expect(reasonOf(me, lease("update", "kube-node-lease", "node-a-2"))).toBe(
      'leases.coordination.k8s.io "node-a-2" is forbidden: User "system:node:node-a-1" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease": can only access node lease with the same name as the requesting node',
    );
    expect(reasonOf(me, lease("get", "kube-system", "node-a-1"))).toMatch(
      /: can only access leases in the "kube-node-lease" system namespace$/,
    );
    // On create the authorizer cannot see the name: NodeRestriction refuses.
    expect(reasonOf(me, lease("create", "kube-node-lease", "node-a-2"))).toBe(
      'leases.coordination.k8s.io "node-a-2" is forbidden: can only access node lease with the same name as the requesting node',
    );
  });

  it("reads and writes its own Node and its status, not another's", () => {
    for (const attrs of [
      node("get", "node-a-1"),
      node("patch", "node-a-1"),
      node("update", "node-a-1", "status"),
    ]) {
      expect(authorize(me, attrs, podNode)).toEqual({ allowed: true, by: "Node" });
    }
    expect(reasonOf(me, node("get", "node-a-2"))).toBe(
      `nodes "node-a-2" is forbidden: User "system:node:node-a-1" cannot get resource "nodes" in API group "" at the cluster scope: node 'node-a-1' cannot read 'node-a-2', only its own Node object`,
    );
    expect(reasonOf(me, node("list", ""))).toMatch(
      /: node 'node-a-1' cannot read all nodes, only its own Node object$/,
    );
    expect(reasonOf(me, node("patch", "node-a-2", "status"))).toBe(
      'nodes "node-a-2" is forbidden: node "node-a-1" is not allowed to modify node "node-a-2"',
    );
    // Deleting a Node is no node's business: no reason, RBAC says no.
    expect(reasonOf(me, node("delete", "node-a-1"))).toBe(
      'nodes "node-a-1" is forbidden: User "system:node:node-a-1" cannot delete resource "nodes" in API group "" at the cluster scope',
    );
  });

  it("gets, deletes and reports the status of pods bound to it only", () => {
    for (const attrs of [pod("get", "web-1"), pod("delete", "web-1"), pod("update", "web-1", "status")]) {
      expect(authorize(me, attrs, podNode)).toEqual({ allowed: true, by: "Node" });
    }
    expect(reasonOf(me, pod("get", "web-2"))).toBe(
      `pods "web-2" is forbidden: User "system:node:node-a-1" cannot get resource "pods" in API group "" in the namespace "default": no relationship found between node 'node-a-1' and this object`,
    );
    expect(reasonOf(me, pod("delete", "web-2"))).toBe(
      'pods "web-2" is forbidden: node "node-a-1" can only delete pods with spec.nodeName set to itself',
    );
    expect(reasonOf(me, pod("patch", "web-2", "status"))).toBe(
      'pods "web-2" is forbidden: node "node-a-1" can only update pod status for pods with spec.nodeName set to itself',
    );
    expect(reasonOf(me, pod("create", "web-2", "eviction"))).toBe(
      'pods "web-2" is forbidden: node node-a-1 can only evict pods with spec.nodeName set to itself',
    );
    expect(reasonOf(me, pod("delete", "gone"))).toBe('pods "gone" not found');
  });

  it("creates events; a user named like a node but outside system:nodes is left to RBAC", () => {
    const event = {
      verb: "create",
      resource: "events",
      apiGroup: "",
      namespace: "default",
      name: "",
    } as const;
    expect(authorize(me, event)).toEqual({ allowed: true, by: "Node" });
    const impostor: UserInfo = { name: "system:node:node-a-1", groups: [authenticated] };
    expect(reasonOf(impostor, lease("update", "kube-node-lease", "node-a-1"))).toBe(
      'leases.coordination.k8s.io "node-a-1" is forbidden: User "system:node:node-a-1" cannot update resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease"',
    );
  });

  it("without a pod lookup, a kubelet's pod requests are taken to be about its own pods", () => {
    expect(authorize(me, pod("delete", "web-2"))).toEqual({ allowed: true, by: "Node" });
  });
});
