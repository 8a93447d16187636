import { describe, expect, it } from "vitest";
import { runLine, successText } from "../../../client/console/parse.ts";
import { type Command, parseCommand } from "../../../shared/sim/commands.ts";
import { commandLine } from "../../../shared/words/commandLine.ts";
import { view } from "./fixture.ts";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** Every mutating line, and the game command it sends (values normalized: bytes, ms, fractions). */
const cases: readonly (readonly [string, Command])[] = [
  ["kubectl cordon node-a1", { type: "cordon", node: "node-a1" }],
  ["kubectl uncordon node-a2", { type: "uncordon", node: "node-a2" }],
  ["k cordon node-b1", { type: "cordon", node: "node-b1" }],
  ["kubectl drain node-a1", { type: "drain", node: "node-a1", gracePeriodMs: null }],
  [
    "kubectl drain node-a1 --ignore-daemonsets --delete-emptydir-data --grace-period=30",
    { type: "drain", node: "node-a1", gracePeriodMs: 30_000 },
  ],
  ["kubectl drain node-a1 --grace-period 0 --force", { type: "drain", node: "node-a1", gracePeriodMs: 0 }],
  ["kubectl drain node-a1 --grace-period=-1", { type: "drain", node: "node-a1", gracePeriodMs: null }],
  ["kubectl scale deploy/web --replicas=8", { type: "scale", deployment: "web", replicas: 8 }],
  ["kubectl scale deployment web --replicas 0", { type: "scale", deployment: "web", replicas: 0 }],
  ["kubectl scale --replicas=3 deployment.apps/api", { type: "scale", deployment: "api", replicas: 3 }],
  ["kubectl rollout undo deploy/api", { type: "rolloutUndo", deployment: "api", toRevision: null }],
  [
    "kubectl rollout undo deployment/api --to-revision=2",
    { type: "rolloutUndo", deployment: "api", toRevision: 2 },
  ],
  [
    "kubectl set image deploy/web web=shop/web:1.4.2",
    { type: "setImage", deployment: "web", image: "shop/web:1.4.2" },
  ],
  [
    "kubectl set image deployment web *=nginx:1.27",
    { type: "setImage", deployment: "web", image: "nginx:1.27" },
  ],
  [
    "kubectl set resources deploy/api --limits=memory=1Gi",
    { type: "setMemoryLimit", deployment: "api", memoryLimitBytes: GiB },
  ],
  [
    "kubectl set resources deploy/api --limits memory=512Mi",
    { type: "setMemoryLimit", deployment: "api", memoryLimitBytes: 512 * MiB },
  ],
  [
    "kubectl set resources deploy/api --limits=memory=1.5G",
    { type: "setMemoryLimit", deployment: "api", memoryLimitBytes: 1_500_000_000 },
  ],
  [
    "kubectl set resources deploy/api --requests=cpu=1,memory=512Mi --limits=cpu=1,memory=512Mi",
    {
      type: "setResources",
      deployment: "api",
      requests: { milliCPU: 1000, memoryBytes: 512 * MiB },
      limits: { milliCPU: 1000, memoryBytes: 512 * MiB },
    },
  ],
  [
    "kubectl set resources deploy/api --limits=cpu=2",
    { type: "setResources", deployment: "api", requests: {}, limits: { milliCPU: 2000 } },
  ],
  [
    "kubectl autoscale deploy/web --min=2 --max=10 --cpu-percent=70",
    { type: "setHpa", deployment: "web", minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 0.7 },
  ],
  [
    "kubectl autoscale deployment web --max=5",
    { type: "setHpa", deployment: "web", minReplicas: 1, maxReplicas: 5, targetCPUUtilization: 0.8 },
  ],
  ["kubectl delete hpa web", { type: "deleteHpa", deployment: "web" }],
  [
    "kubectl taint nodes node-a1 dedicated=db:NoSchedule",
    { type: "taintNode", node: "node-a1", taint: { key: "dedicated", value: "db", effect: "NoSchedule" } },
  ],
  [
    "kubectl taint node node-b1 node.kubernetes.io/out-of-service:NoExecute",
    {
      type: "taintNode",
      node: "node-b1",
      taint: { key: "node.kubernetes.io/out-of-service", value: "", effect: "NoExecute" },
    },
  ],
  [
    "kubectl taint nodes node-a2 dedicated:NoSchedule-",
    { type: "untaintNode", node: "node-a2", key: "dedicated", effect: "NoSchedule" },
  ],
  [
    "kubectl taint nodes node-a2 dedicated=db:NoSchedule-",
    { type: "untaintNode", node: "node-a2", key: "dedicated", effect: "NoSchedule" },
  ],
  ["kubectl delete node node-b1", { type: "removeNode", node: "node-b1" }],
  [
    "kubeadm join --node-name=node-b2 # on a new machine in zone-b",
    { type: "addNode", name: "node-b2", zone: "zone-b", milliCPU: 4000, memoryBytes: 16 * GiB, pods: 110 },
  ],
  [
    "kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --node-name=node-a3",
    { type: "addNode", name: "node-a3", zone: "zone-a", milliCPU: 4000, memoryBytes: 16 * GiB, pods: 110 },
  ],
  ["etcdctl snapshot save backup-1.db", { type: "snapshotEtcd", name: "backup-1.db" }],
  ["etcdctl member add etcd-3", { type: "addEtcdMember", name: "etcd-3" }],
  ["etcdctl member remove etcd-2", { type: "removeEtcdMember", member: "etcd-2" }],
  ["etcdctl member remove 2520422080434c42", { type: "removeEtcdMember", member: "etcd-2" }],
  ["kube-proxy --proxy-mode=nftables", { type: "setKubeProxyMode", mode: "nftables" }],
  ["kube-proxy --proxy-mode ipvs", { type: "setKubeProxyMode", mode: "ipvs" }],
  ["etcdctl member add etcd-3 --learner", { type: "addEtcdMember", name: "etcd-3", learner: true }],
  ["etcdctl member promote etcd-1", { type: "promoteEtcdMember", member: "etcd-1" }],
  ["etcdctl compact 1180", { type: "compactEtcd", revision: 1180 }],
  ["etcdctl defrag --endpoints=https://etcd-1:2379", { type: "defragEtcd", member: "etcd-1" }],
  ["etcdctl defrag --endpoints etcd-0", { type: "defragEtcd", member: "etcd-0" }],
  ["etcdctl alarm disarm", { type: "disarmEtcdAlarms" }],
];

describe("mutating lines become the game's commands", () => {
  it.each(cases)("%s", (line, command) => {
    expect(runLine(line, view)).toEqual({ kind: "command", command });
    // The server's own validation accepts what the console sends.
    expect(parseCommand(command)).toEqual({ ok: true, command });
  });

  it("works before the first view arrives, without checking names", () => {
    expect(runLine("kubectl cordon node-z9", undefined)).toEqual({
      kind: "command",
      command: { type: "cordon", node: "node-z9" },
    });
  });

  it.each(cases)("%s: the echoed line runs back to the same command", (line, command) => {
    expect(runLine(commandLine(command), view)).toEqual(runLine(line, view));
  });

  it("echoes a click's cordon as the kubectl line, and prints kubectl's answers", () => {
    expect(commandLine({ type: "cordon", node: "node-a1" })).toBe("kubectl cordon node-a1");
    expect(commandLine({ type: "uncordon", node: "node-a1" })).toBe("kubectl uncordon node-a1");
    expect(successText({ type: "cordon", node: "node-a1" })).toBe("node/node-a1 cordoned");
    expect(successText({ type: "scale", deployment: "web", replicas: 3 })).toBe("deployment.apps/web scaled");
    expect(successText({ type: "drain", node: "node-a1", gracePeriodMs: null })).toBe(
      "node/node-a1 cordoned\nevicting pods on node/node-a1",
    );
    expect(commandLine({ type: "setMemoryLimit", deployment: "api", memoryLimitBytes: 512 * MiB })).toBe(
      "kubectl set resources deployment/api --limits=memory=512Mi",
    );
  });
});
