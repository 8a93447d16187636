import { describe, expect, it } from "vitest";
import { getPods } from "../../../client/console/format.ts";
import { runLine } from "../../../client/console/parse.ts";
import { view } from "./fixture.ts";

/** The text a read command prints for the fixture's cluster. */
function print(line: string): string {
  const result = runLine(line, view);
  if (result.kind !== "output") throw new Error(`${line}: ${JSON.stringify(result)}`);
  return `\n${result.text}\n`;
}

describe("read commands print like the real tools", () => {
  it("kubectl get nodes", () => {
    expect(print("kubectl get nodes")).toMatchInlineSnapshot(`
      "
      NAME      STATUS                     ROLES    AGE     VERSION
      node-a1   Ready                      <none>   2m30s   v1.32.0
      node-a2   Ready,SchedulingDisabled   <none>   2m30s   v1.32.0
      node-b1   Unknown                    <none>   2m30s   v1.32.0
      "
    `);
    expect(print("kubectl get no")).toBe(print("kubectl get nodes"));
  });

  it("kubectl get nodes -o wide adds the zone and the taints", () => {
    expect(print("kubectl get nodes -o wide")).toMatchInlineSnapshot(`
      "
      NAME      STATUS                     ROLES    AGE     VERSION   ZONE     TAINTS
      node-a1   Ready                      <none>   2m30s   v1.32.0   zone-a   <none>
      node-a2   Ready,SchedulingDisabled   <none>   2m30s   v1.32.0   zone-a   dedicated=db:NoSchedule
      node-b1   Unknown                    <none>   2m30s   v1.32.0   zone-b   <none>
      "
    `);
    expect(print("kubectl get nodes -owide")).toBe(print("kubectl get nodes --output=wide"));
  });

  it("kubectl get nodes NAME lists that node only", () => {
    expect(print("kubectl get node node-a2")).toMatchInlineSnapshot(`
      "
      NAME      STATUS                     ROLES    AGE     VERSION
      node-a2   Ready,SchedulingDisabled   <none>   2m30s   v1.32.0
      "
    `);
    expect(print("kubectl get node/node-a2")).toBe(print("kubectl get node node-a2"));
  });

  it("kubectl get pods asks the server for every pod (the view carries only those needing attention)", () => {
    expect(runLine("kubectl get pods", view)).toEqual({ kind: "listPods", names: [], wide: false });
    expect(runLine("k get po -o wide", view)).toEqual({ kind: "listPods", names: [], wide: true });
    expect(runLine("kubectl get pod web-1 web-2", view)).toEqual({
      kind: "listPods",
      names: ["web-1", "web-2"],
      wide: false,
    });
  });

  it("prints the server's pod list as kubectl does: every pod, running ones too", () => {
    const list = {
      pods: [
        {
          name: "api-5c4b-crash",
          node: "node-a1",
          ip: "10.244.1.7",
          status: "CrashLoopBackOff",
          ready: false,
          restarts: 7,
          ageMs: 150_000,
        },
        {
          name: "web-7d9f-ok001",
          node: "node-a1",
          ip: "10.244.1.8",
          status: "Running",
          ready: true,
          restarts: 0,
          ageMs: 150_000,
        },
        {
          name: "web-7d9f-pend1",
          node: "",
          ip: "",
          status: "Pending",
          ready: false,
          restarts: 0,
          ageMs: 12_000,
        },
      ],
      more: 0,
    };
    expect(`\n${getPods(list, false)}\n`).toMatchInlineSnapshot(`
      "
      NAME             READY   STATUS             RESTARTS   AGE
      api-5c4b-crash   0/1     CrashLoopBackOff   7          2m30s
      web-7d9f-ok001   1/1     Running            0          2m30s
      web-7d9f-pend1   0/1     Pending            0          12s
      "
    `);
    expect(`\n${getPods(list, true)}\n`).toMatchInlineSnapshot(`
      "
      NAME             READY   STATUS             RESTARTS   AGE     IP           NODE
      api-5c4b-crash   0/1     CrashLoopBackOff   7          2m30s   10.244.1.7   node-a1
      web-7d9f-ok001   1/1     Running            0          2m30s   10.244.1.8   node-a1
      web-7d9f-pend1   0/1     Pending            0          12s     <none>       <none>
      "
    `);
    expect(getPods({ pods: [], more: 0 }, false)).toBe("No resources found in default namespace.");
    expect(getPods({ ...list, more: 12 }, false)).toMatch(/\n\(\+12 more pods not listed\)$/);
  });

  it("kubectl get hpa shows each autoscaler's metric against its target", () => {
    expect(print("kubectl get hpa")).toMatchInlineSnapshot(`
      "
      NAME   REFERENCE        TARGETS        MINPODS   MAXPODS   REPLICAS   AGE
      web    Deployment/web   cpu: 47%/80%   2         10        6          2m30s
      "
    `);
    expect(print("kubectl get horizontalpodautoscalers web")).toBe(print("kubectl get hpa"));
    expect(runLine("kubectl get hpa", { ...view, hpas: [] })).toEqual({
      kind: "output",
      text: "No resources found in default namespace.",
    });
  });

  it("kubectl get pdb prints kubectl's columns (printPodDisruptionBudget), N/A for the unset bound", () => {
    expect(print("kubectl get pdb")).toMatchInlineSnapshot(`
      "
      NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE
      web    N/A             0                 0                     2m30s
      "
    `);
    expect(print("kubectl get poddisruptionbudgets")).toBe(print("kubectl get pdb"));
    expect(print("kubectl get poddisruptionbudget.policy web")).toBe(print("kubectl get pdb"));
    expect(runLine("kubectl get pdb", { ...view, pdbs: [] })).toEqual({
      kind: "output",
      text: "No resources found in default namespace.",
    });
  });

  it("kubectl describe pdb prints the budget's bound, selector and status (PodDisruptionBudgetDescriber)", () => {
    expect(print("kubectl describe pdb web")).toMatchInlineSnapshot(`
      "
      Name:             web
      Namespace:        default
      Max unavailable:  0
      Selector:         app=web
      Status:
          Allowed disruptions:  0
          Current:              6
          Desired:              8
          Total:                8
      Events:  <none>
      "
    `);
    expect(print("kubectl describe poddisruptionbudget/web")).toBe(print("kubectl describe pdb web"));
    expect(runLine("kubectl describe pdb nope", view)).toEqual({
      kind: "error",
      text: 'Error from server (NotFound): poddisruptionbudgets.policy "nope" not found',
    });
  });

  it("kubectl get deploy", () => {
    expect(print("kubectl get deploy")).toMatchInlineSnapshot(`
      "
      NAME   READY   UP-TO-DATE   AVAILABLE   AGE
      api    2/3     3            2           2m30s
      web    6/6     6            6           2m30s
      "
    `);
    expect(print("kubectl get deployments.apps")).toBe(print("kubectl get deployment"));
  });

  it("kubectl get svc", () => {
    expect(print("kubectl get svc")).toMatchInlineSnapshot(`
      "
      NAME   TYPE        ENDPOINTS   RPS   AVAILABILITY   P99     AGE
      api    ClusterIP   2           120   95.12%         340ms   2m30s
      web    ClusterIP   6           800   100.00%        42ms    2m30s
      "
    `);
  });

  it("kubectl get events lists Kubernetes Events only: the node lifecycle controller's zone state is a log line, not an Event", () => {
    expect(print("kubectl get events")).toMatchInlineSnapshot(`
      "
      LAST SEEN   TYPE      REASON         OBJECT           MESSAGE
      30s         Warning   NodeNotReady   node/node-b1     Node is not ready
      2s          Normal    Scheduled      pod/web-7d9f-a   Assigned to node-a1
      "
    `);
  });

  it("kubectl top nodes", () => {
    expect(print("kubectl top nodes")).toMatchInlineSnapshot(`
      "
      NAME      CPU(cores)   CPU%   MEMORY(bytes)   MEMORY%
      node-a1   2500m        63%    8192Mi          50%
      node-a2   2500m        63%    8192Mi          50%
      node-b1   1500m        38%    2048Mi          13%
      (requested by pods: this cluster runs no metrics-server)
      "
    `);
  });

  it("kubectl describe node", () => {
    expect(print("kubectl describe node node-a1")).toMatchInlineSnapshot(`
      "
      Name:               node-a1
      Roles:              <none>
      Labels:             kubernetes.io/hostname=node-a1
                          topology.kubernetes.io/zone=zone-a
      Taints:             <none>
      Unschedulable:      false
      Conditions:
        Type    Status   Reason
        ----    ------   ------
        Ready   True     KubeletReady
      Capacity:
        cpu:     4
        memory:  16Gi
        pods:    110
      System Info:
        Kubelet Version:  v1.32.0
        Machine:          running
      Non-terminated Pods:  (10 in total, 10 Running and Ready)
        Name             CPU Requests   Memory Requests   Status
        ----             ------------   ---------------   ------
        api-5c4b-crash   250m           512Mi             CrashLoopBackOff
      Allocated resources:
        Resource   Requests
        --------   --------
        cpu        2500m (63%)
        memory     8192Mi (50%)
      "
    `);
    expect(print("kubectl describe nodes/node-a2")).toContain("Taints:             dedicated=db:NoSchedule");
  });

  it("kubectl describe pod: the sandbox's IP, the last termination, the restarts and the QoS class", () => {
    const text = print("kubectl describe pod api-5c4b-crash");
    expect(text).toContain("IP:               10.244.1.7");
    expect(text).toContain("      Reason:       CrashLoopBackOff");
    expect(text).toContain(
      "    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137",
    );
    expect(text).toContain("    Restart Count:  7");
    expect(text).toContain("  PodReadyToStartContainers   True");
    expect(text).toContain("QoS Class:                   Burstable");
    expect(text).toContain("pause container");
    // A pod still waiting for its node has no sandbox, so no IP.
    expect(print("kubectl describe pod web-7d9f-pend1")).toContain("  PodReadyToStartContainers   False");
  });

  it("kubectl rollout status", () => {
    expect(print("kubectl rollout status deploy/api")).toBe(
      '\nWaiting for deployment "api" rollout to finish: 2 of 3 updated replicas are available...\n',
    );
    expect(print("kubectl rollout status deployment web")).toBe(
      '\ndeployment "web" successfully rolled out\n',
    );
  });

  it("etcdctl member list", () => {
    expect(print("etcdctl member list")).toMatchInlineSnapshot(`
      "
      +------------------+-----------+--------+---------------------+---------------------+------------+
      |        ID        |   STATUS  |  NAME  |      PEER ADDRS     |     CLIENT ADDRS    | IS LEARNER |
      +------------------+-----------+--------+---------------------+---------------------+------------+
      | 27204546c89f7918 | started   | etcd-0 | https://etcd-0:2380 | https://etcd-0:2379 | false      |
      | 282046d9247162ad | started   | etcd-1 | https://etcd-1:2380 | https://etcd-1:2379 | false      |
      | 2520422080434c42 | unstarted | etcd-2 | https://etcd-2:2380 | https://etcd-2:2379 | false      |
      +------------------+-----------+--------+---------------------+---------------------+------------+
      "
    `);
    expect(print("etcdctl member list -w table")).toBe(print("etcdctl member list"));
  });

  it("etcdctl alarm list", () => {
    expect(print("etcdctl alarm list")).toBe("\nmemberID:27204546c89f7918 alarm:NOSPACE\n");
  });

  it("etcdctl version names the one etcd release the simulation follows", () => {
    expect(print("etcdctl version")).toBe("\netcdctl version: 3.6.4\nAPI version: 3.6\n");
  });

  it("etcdctl endpoint status", () => {
    expect(print("etcdctl endpoint status --cluster")).toMatchInlineSnapshot(`
      "
      {"level":"warn","msg":"failed to get the status of endpoint https://etcd-2:2379 (context deadline exceeded)"}
      +---------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------+
      |       ENDPOINT      |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | ERRORS |
      +---------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------+
      | https://etcd-0:2379 | 27204546c89f7918 | 3.6.4   | 2.1 GB  | true      | false      | 3         | 1204       |        |
      | https://etcd-1:2379 | 282046d9247162ad | 3.6.4   | 2.0 GB  | false     | false      | 3         | 1204       |        |
      +---------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------+
      "
    `);
  });

  it("etcdctl endpoint status -w json carries the revision etcdctl compact takes", () => {
    const printed = print("etcdctl endpoint status -w json").trim();
    const statuses = JSON.parse(printed) as { Endpoint: string; Status: { header: { revision: number } } }[];
    expect(statuses.map((s) => [s.Endpoint, s.Status.header.revision])).toEqual([
      ["https://etcd-0:2379", 48_211],
      ["https://etcd-1:2379", 48_211],
    ]);
    expect(runLine("etcdctl member list -w json", view)).toMatchObject({ kind: "error" });
  });

  it("etcdctl endpoint health", () => {
    expect(print("etcdctl endpoint health")).toMatchInlineSnapshot(`
      "
      +---------------------+--------+---------------------------+
      |       ENDPOINT      | HEALTH |           ERROR           |
      +---------------------+--------+---------------------------+
      | https://etcd-0:2379 | true   |                           |
      | https://etcd-1:2379 | true   |                           |
      | https://etcd-2:2379 | false  | context deadline exceeded |
      +---------------------+--------+---------------------------+
      "
    `);
  });

  it("etcdctl endpoint health without a leader: every member unhealthy", () => {
    const leaderless = {
      ...view,
      etcd: view.etcd.map((m) => ({ ...m, role: m.role === "leader" ? ("candidate" as const) : m.role })),
    };
    const result = runLine("etcdctl endpoint health", leaderless);
    expect(result.kind === "output" && result.text).toContain(
      "| https://etcd-0:2379 | false  | etcdserver: no leader",
    );
  });

  it("kubectl get without an etcd leader: a quorum read, so it times out", () => {
    const leaderless = {
      ...view,
      etcd: view.etcd.map((m) => ({ ...m, role: m.role === "leader" ? ("candidate" as const) : m.role })),
    };
    const result = runLine("kubectl get pods", leaderless);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.text).toContain("etcdserver: request timed out");
    // With a leader the read goes through: every pod is asked of the server (listPods), as kubectl lists them.
    expect(runLine("kubectl get pods", view).kind).toBe("listPods");
    expect(runLine("kubectl get nodes", view).kind).toBe("output");
  });

  it("help, clear and an empty line", () => {
    expect(runLine("help", view)).toEqual({ kind: "help" });
    expect(runLine("kubectl", view)).toEqual({ kind: "help" });
    expect(runLine("clear", view)).toEqual({ kind: "clear" });
    expect(runLine("   ", view)).toEqual({ kind: "none" });
  });
});
