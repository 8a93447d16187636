/**
 * The pod sandbox: before any of a pod's containers start, the kubelet asks the container runtime
 * for a sandbox (CRI `RuntimeService.RunPodSandbox`; pkg/kubelet/kuberuntime/kuberuntime_manager.go
 * `SyncPod`, step "Create sandbox if necessary"). The runtime starts the pause container
 * (registry.k8s.io/pause), whose process only sleeps, to hold the pod's network namespace; the CNI
 * plugin gives that namespace the pod's IP. The app containers join the namespace, so a container
 * that crashes is restarted inside the same sandbox and the pod keeps its IP; only a new sandbox
 * (the old one died with a node's reboot, or the pod is new) brings a new IP — and the kubelet's
 * `SandboxChanged` event: "Pod sandbox changed, it will be killed and re-created."
 */

/**
 * Pod IPs: kube-controller-manager gives each node a /24 of the cluster CIDR (--allocate-node-cidrs,
 * --node-cidr-mask-size default 24 for IPv4); the game uses 10.244.0.0/16, flannel's default
 * (kube-flannel.yml `net-conf.json`).
 */
export function nodePodCidr(index: number): string {
  return `10.244.${index % 256}.0/24`;
}

/**
 * The address the CNI's host-local IPAM hands out next on a node's /24: in order from .2 (.1 is the
 * node's bridge, cni0), wrapping round to reuse what was freed long ago.
 */
export function sandboxIp(podCidr: string, handedOut: number): string {
  const prefix = podCidr.slice(0, podCidr.lastIndexOf("."));
  return `${prefix}.${2 + (handedOut % 253)}`;
}

/** The kubelet's event reason when a pod's sandbox is gone and a new one is made (pkg/kubelet/events). */
export const sandboxChangedReason = "SandboxChanged";
export const sandboxChangedMessage = "Pod sandbox changed, it will be killed and re-created.";
