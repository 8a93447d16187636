import type { Command } from "../sim/commands.ts";
import { faultWords } from "./faults.ts";
import { formatBytes, formatMilliCpu } from "./quantity.ts";

/**
 * A game command as the line an operator would type on a real cluster: what the console echoes for
 * a click, and what the timeline, the toasts and the run sheet show. The tools speak English, so the
 * few commands with no command line (a played fault card, the scheduler's hand-over) are English
 * comments, like a shell's.
 */
export function commandLine(command: Command): string {
  switch (command.type) {
    case "cordon":
    case "uncordon":
      return `kubectl ${command.type} ${command.node}`;
    case "drain":
      return `kubectl drain ${command.node} --ignore-daemonsets${command.gracePeriodMs === null ? "" : ` --grace-period=${Math.round(command.gracePeriodMs / 1000)}`}`;
    case "scale":
      return `kubectl scale deployment/${command.deployment} --replicas=${command.replicas}`;
    case "setImage":
      return `kubectl set image deployment/${command.deployment} *=${command.image}`;
    case "setMemoryLimit":
      return `kubectl set resources deployment/${command.deployment} --limits=memory=${formatBytes(command.memoryLimitBytes)}`;
    case "setResources": {
      const list = (r: { readonly milliCPU?: number; readonly memoryBytes?: number }) =>
        [
          ...(r.milliCPU === undefined ? [] : [`cpu=${formatMilliCpu(r.milliCPU)}`]),
          ...(r.memoryBytes === undefined ? [] : [`memory=${formatBytes(r.memoryBytes)}`]),
        ].join(",");
      const requests = list(command.requests);
      const limits = list(command.limits);
      return `kubectl set resources deployment/${command.deployment}${requests ? ` --requests=${requests}` : ""}${limits ? ` --limits=${limits}` : ""}`;
    }
    case "setHpa":
      return `kubectl autoscale deployment/${command.deployment} --min=${command.minReplicas} --max=${command.maxReplicas} --cpu-percent=${Math.round(command.targetCPUUtilization * 100)}`;
    case "deleteHpa":
      return `kubectl delete hpa ${command.deployment}`;
    case "rolloutUndo":
      return `kubectl rollout undo deployment/${command.deployment}${command.toRevision === null ? "" : ` --to-revision=${command.toRevision}`}`;
    case "taintNode":
      return `kubectl taint nodes ${command.node} ${command.taint.key}${command.taint.value ? `=${command.taint.value}` : ""}:${command.taint.effect}`;
    case "untaintNode":
      return `kubectl taint nodes ${command.node} ${command.key}:${command.effect}-`;
    case "removeNode":
      return `kubectl delete node ${command.node}`;
    case "addEtcdMember":
      return `etcdctl member add ${command.name}${command.learner ? " --learner" : ""}`;
    case "promoteEtcdMember":
      return `etcdctl member promote ${memberId(command.member)}`;
    case "removeEtcdMember":
      return `etcdctl member remove ${memberId(command.member)}`;
    case "defragEtcd":
      return `etcdctl defrag --endpoints=https://${command.member}:2379`;
    case "compactEtcd":
      return `etcdctl compact ${command.revision}`;
    case "disarmEtcdAlarms":
      return "etcdctl alarm disarm";
    case "snapshotEtcd":
      return `etcdctl snapshot save ${command.name}`;
    case "restoreEtcd":
      return `etcdutl snapshot restore ${command.snapshot} # on ${command.members.join(",")}`;
    case "restartEtcdMember":
      return `systemctl restart etcd # on ${command.member}`;
    case "addNode":
      // The new machine joins with kubeadm (https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-join/).
      return `kubeadm join --node-name=${command.name} # on a new machine in ${command.zone}`;
    case "setApiServerLimits":
      return `kube-apiserver --max-requests-inflight=${command.maxRequestsInflight} --max-mutating-requests-inflight=${command.maxMutatingRequestsInflight}`;
    case "setPriorityAndFairness":
      return `kube-apiserver --enable-priority-and-fairness=${command.enabled}`;
    case "setKubeProxyMode":
      return `kube-proxy --proxy-mode=${command.mode}`;
    case "startControlPlane":
      // kubeadm's control plane is static pods: the kubelet runs what is in /etc/kubernetes/manifests.
      return `ssh ${command.machine} sudo mv /etc/kubernetes/${command.component}.yaml /etc/kubernetes/manifests/`;
    case "injectFault":
      // A fault has no command line: a comment saying what it does, like "# chaos: node/node-a1 loses power".
      return `# chaos: ${faultWords(command.fault, "en", command.durationMs)}`;
    case "bindPod":
      // What a scheduler does to place a pod: create a Binding (POST /api/v1/namespaces/{ns}/bindings,
      // https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/binding-v1/).
      return `kubectl create -f - <<< '{"apiVersion":"v1","kind":"Binding","metadata":{"name":"${command.pod}"},"target":{"kind":"Node","name":"${command.node}"}}'`;
    case "setPriority":
      // A real pod's priority is fixed when it is created (spec.priorityClassName is immutable); the
      // game lets the scheduler change a pending pod's, so it has no command line.
      return `# pending pod ${command.pod}: priorityClassName=${command.priorityClassName}`;
    case "takeOverScheduling":
      // Pods naming another spec.schedulerName are left alone by kube-scheduler
      // (https://kubernetes.io/docs/tasks/extend-kubernetes/configure-multiple-schedulers/).
      return command.deployments.length === 0
        ? "# pending pods: spec.schedulerName=you (kube-scheduler leaves them to you)"
        : command.deployments
            .map(
              (d) =>
                `kubectl patch deployment/${d} -p '{"spec":{"template":{"spec":{"schedulerName":"you"}}}}'`,
            )
            .join("\n");
    case "releaseScheduling":
      return "# pending pods: spec.schedulerName=default-scheduler (kube-scheduler places them again)";
    case "previewScores":
      return `# ask kube-scheduler where pod ${command.pod} would go`;
    case "setNodeProvisioner":
      // cluster-autoscaler's --nodes=min:max:group (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/FAQ.md).
      return command.enabled
        ? `cluster-autoscaler --nodes=${command.minNodes}:${command.maxNodes}:workers`
        : "# cluster-autoscaler stopped";
    case "setGameSpeed":
      return `# game speed ${command.speed}×`;
  }
}

/** etcd's member IDs are random 64-bit numbers; the game derives a stable one from the name. */
export function memberId(name: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const ch of name) {
    a = Math.imul(a ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    b = Math.imul(b ^ ch.charCodeAt(0), 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}
