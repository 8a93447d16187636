import { describe, expect, it } from "vitest";
import { runLine } from "../../../client/console/parse.ts";
import { view } from "./fixture.ts";

/** Wrong lines, and words their error must contain (the tool's wording, and a hint). */
const cases: readonly (readonly [string, readonly string[]])[] = [
  ["kubeclt get nodes", ["kubeclt: command not found", "Did you mean this?\n\tkubectl"]],
  ["ls", ["ls: command not found", 'Type "help"']],
  ["kubectl gt nodes", ['error: unknown command "gt" for "kubectl"', "Did you mean this?\n\tget"]],
  ["kubectl cordn node-a1", ["Did you mean this?\n\tcordon"]],
  ["kubectl get nods", ['the server doesn\'t have a resource type "nods"', "\tnode"]],
  ["kubectl get", ["You must specify the type of resource to get", "nodes, pods"]],
  ["kubectl get nodes -o yaml", ['output format "yaml"', "allowed formats are: wide"]],
  ["kubectl get nodes --all", ["unknown flag: --all", "Did you mean --all-namespaces?"]],
  ["kubectl get pods -n kube-system", ["No resources found in kube-system namespace."]],
  ["kubectl get node node-x", ['Error from server (NotFound): nodes "node-x" not found']],
  ["kubectl get hpa nope", ['horizontalpodautoscalers.autoscaling "nope" not found']],
  ["kubeadm init", ['unknown command "init" for "kubeadm"', "kubeadm join"]],
  ["kubeadm join", ["name the new node: --node-name=NAME"]],
  ["kubeadm join --node-name=node-a1 # on a new machine in zone-a", ['"node-a1" already exists']],
  ["kubeadm join --node-name=spare-1", ["say which zone", "zone-a, zone-b"]],
  ["kubeadm join --node-name=spare-1 # on a new machine in zone-q", ['no zone "zone-q"']],
  ["kubectl cordon", ["you must specify a node name"]],
  ["kubectl cordon node-a9", ['nodes "node-a9" not found', "Did you mean this?\n\tnode-a1"]],
  ["kubectl cordon node-a1 node-a2", ['unexpected argument "node-a2"']],
  ["kubectl drain node-a1 --grace-period=soon", ['invalid argument "soon" for "--grace-period"']],
  ["kubectl drain node-a1 --grace-period", ["flag needs an argument: --grace-period"]],
  ["kubectl drain node-a1 --force=maybe", ['invalid argument "maybe" for "--force"']],
  ["kubectl scale deploy/web", ['required flag(s) "replicas" not set']],
  ["kubectl scale deploy/web --replcas=3", ["unknown flag: --replcas", "Did you mean --replicas?"]],
  ["kubectl scale deploy/web --replicas=-2", ["--replicas must be at least 0"]],
  ["kubectl scale deploy/web --replicas=two", ['invalid argument "two" for "--replicas"']],
  ["kubectl scale deploy/wbe --replicas=3", ['deployments.apps "wbe" not found', "\tweb"]],
  ["kubectl scale web --replicas=3", ["deploy/web"]],
  ["kubectl scale pod/web --replicas=3", ['not "pod"']],
  ["kubectl rollout redo deploy/web", ['unknown command "redo" for "kubectl rollout"', "\tundo"]],
  ["kubectl rollout undo deploy/web --to-revision=x", ['invalid argument "x" for "--to-revision"']],
  ["kubectl set image deploy/web", ["CONTAINER=IMAGE"]],
  ["kubectl set image deploy/web web=", ["CONTAINER=IMAGE"]],
  ["kubectl set imge deploy/web web=x", ['unknown command "imge" for "kubectl set"', "\timage"]],
  ["kubectl set resources deploy/api", ["specify an update to requests or limits"]],
  ["kubectl set resources deploy/api --limits=gpu=1", ['sets cpu and memory, not "gpu"']],
  ["kubectl set resources deploy/api --requests=cpu=lots", ["quantities must match", '"lots"']],
  ["kubectl set resources deploy/api --limits=memory=lots", ["quantities must match", '"lots"']],
  ["kubectl set resources deploy/api --limits=memory=100Ki", ["between 1Mi and 1Ti", "100Ki"]],
  ["kubectl autoscale deploy/web --min=2", ['required flag(s) "max" not set']],
  [
    "kubectl autoscale deploy/web --min=5 --max=2",
    ["--max=MAXPODS must be larger or equal to --min=MINPODS"],
  ],
  ["kubectl autoscale deploy/web --max=3 --cpu=50", ["unknown flag: --cpu", "Did you mean --cpu-percent?"]],
  ["kubectl taint nodes node-a1", ["at least one taint update is required"]],
  ["kubectl taint nodes node-a1 dedicated=db", ["the effect is missing"]],
  ["kubectl taint nodes node-a1 dedicated=db:NoSchedul", ["invalid taint effect: NoSchedul", "\tNoSchedule"]],
  ["kubectl taint nodes node-a1 dedicated-", ["name the effect to remove", "dedicated:NoSchedule-"]],
  ["kubectl taint pods web-1 a=b:NoSchedule", ["kubectl taint nodes NODE"]],
  ["kubectl top pods", ["kubectl top nodes", "not pods"]],
  ["kubectl describe pod web-1", ['pods "web-1" not found', "pods that need attention"]],
  ["kubectl describe svc web", ["describes nodes, pods and pdbs"]],
  ["kubectl describe node nope", ['nodes "nope" not found']],
  ["kubectl delete deploy web", ["deletes nodes and HPAs only"]],
  ["etcdctl member lst", ['unknown command "lst" for "etcdctl member"', "\tlist"]],
  ["etcdctl endpoint", ['unknown command "" for "etcdctl endpoint"']],
  ["etcdctl snapshot save", ["snapshot save expects one argument"]],
  ["kube-proxy --proxy-mode=userspace", ['Invalid value: "userspace"', "iptables, ipvs, nftables"]],
  ["kube-proxy", ["Usage: kube-proxy --proxy-mode="]],
  ["etcdctl snapshot restore x.db", ['unknown command "restore" for "etcdctl snapshot"']],
  ["etcdctl member remove etcd-9", ["member not found: etcd-9", "\tetcd-0"]],
  ["etcdctl member list -w json", ['unsupported output format "json"']],
  ["etcdctl membr list", ['unknown command "membr" for "etcdctl"', "\tmember"]],
  ["etcdctl member promote etcd-7", ["member not found: etcd-7"]],
  ["etcdctl compact", ["compact expects one revision"]],
  ["etcdctl compact -5", ["compact expects one revision"]],
  ["etcdctl defrag --cluster", ["defragment one member at a time"]],
  ["etcdctl defrag --endpoints=etcd-0,etcd-1", ["defragment one member at a time"]],
  ["etcdctl alarm lst", ['unknown command "lst" for "etcdctl alarm"', "\tlist"]],
];

describe("wrong lines get helpful errors, worded like the tools'", () => {
  it.each(cases)("%s", (line, words) => {
    const result = runLine(line, view);
    expect(result.kind).toBe("error");
    for (const word of words) expect(result.kind === "error" && result.text).toContain(word);
  });

  it("read commands need the cluster's view", () => {
    expect(runLine("kubectl get nodes", undefined)).toEqual({
      kind: "error",
      text: "The connection to the server was refused: not in a round yet",
    });
  });
});
