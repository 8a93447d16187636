import { describe, expect, it } from "vitest";
import { complete } from "../../../client/console/complete.ts";
import { view } from "./fixture.ts";

describe("tab completion", () => {
  it.each([
    ["", "", ["kubectl", "etcdctl", "kubeadm", "kube-proxy", "help", "clear"]],
    ["kub", "kube", ["kubectl", "kubeadm", "kube-proxy"]],
    ["kubec", "kubectl ", ["kubectl"]],
    ["kubea", "kubeadm ", ["kubeadm"]],
    ["kubeadm j", "kubeadm join ", ["join"]],
    ["kubeadm join --n", "kubeadm join --node-name=", ["--node-name="]],
    ["kube-proxy --proxy-mode=n", "kube-proxy --proxy-mode=nftables ", ["--proxy-mode=nftables"]],
    [
      "kubectl ",
      "kubectl ",
      [
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
      ],
    ],
    ["kubectl co", "kubectl cordon ", ["cordon"]],
    ["kubectl g", "kubectl get ", ["get"]],
    ["kubectl get po", "kubectl get pods ", ["pods"]],
    ["kubectl get p", "kubectl get p", ["pods", "pdb"]],
    ["kubectl get nodes node-b", "kubectl get nodes node-b1 ", ["node-b1"]],
    ["kubectl cordon node-", "kubectl cordon node-", ["node-a1", "node-a2", "node-b1"]],
    ["kubectl cordon node-a", "kubectl cordon node-a", ["node-a1", "node-a2"]],
    ["kubectl drain node-b", "kubectl drain node-b1 ", ["node-b1"]],
    ["kubectl describe node node-a2", "kubectl describe node node-a2 ", ["node-a2"]],
    ["kubectl describe p", "kubectl describe pdb ", ["pdb"]],
    ["kubectl describe pdb w", "kubectl describe pdb web ", ["web"]],
    ["kubectl scale d", "kubectl scale deploy/", ["deploy/api", "deploy/web"]],
    ["kubectl scale deploy/w", "kubectl scale deploy/web ", ["deploy/web"]],
    ["kubectl scale deploy/web --r", "kubectl scale deploy/web --replicas=", ["--replicas="]],
    ["kubectl drain node-a1 --i", "kubectl drain node-a1 --ignore-daemonsets ", ["--ignore-daemonsets"]],
    ["kubectl rollout u", "kubectl rollout undo ", ["undo"]],
    ["kubectl set image deploy/a", "kubectl set image deploy/api ", ["deploy/api"]],
    ["kubectl taint nodes node-a1", "kubectl taint nodes node-a1 ", ["node-a1"]],
    ["etcdctl m", "etcdctl member ", ["member"]],
    ["etcdctl member remove etcd-2", "etcdctl member remove etcd-2 ", ["etcd-2"]],
    ["etcdctl endpoint h", "etcdctl endpoint health ", ["health"]],
    ["etcdctl member p", "etcdctl member promote ", ["promote"]],
    ["etcdctl al", "etcdctl alarm ", ["alarm"]],
    ["etcdctl alarm d", "etcdctl alarm disarm ", ["disarm"]],
    ["etcdctl v", "etcdctl version ", ["version"]],
    ["kubectl frobnicate ", "kubectl frobnicate ", []],
  ])("%j → %j", (line, completed, options) => {
    expect(complete(line, view)).toEqual({ line: completed, options });
  });

  it("completes command words before the first view, names after", () => {
    expect(complete("kubectl cordon ", undefined)).toEqual({ line: "kubectl cordon ", options: [] });
    expect(complete("kubectl unc", undefined).line).toBe("kubectl uncordon ");
  });
});
