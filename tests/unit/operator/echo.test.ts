import { describe, expect, it } from "vitest";
import { commandLine } from "../../../shared/words/commandLine.ts";

/** The lines the console echoes for the operator's toolbar and the chaos deck (client/ui/OperatorTools.ts, ChaosDeck.ts). */
describe("echoed command lines of the role tools", () => {
  it("shows the control plane's flags as the flags of the real binaries", () => {
    expect(
      commandLine({ type: "setApiServerLimits", maxRequestsInflight: 800, maxMutatingRequestsInflight: 400 }),
    ).toBe("kube-apiserver --max-requests-inflight=800 --max-mutating-requests-inflight=400");
    expect(commandLine({ type: "setPriorityAndFairness", enabled: false })).toBe(
      "kube-apiserver --enable-priority-and-fairness=false",
    );
    expect(commandLine({ type: "setKubeProxyMode", mode: "ipvs" })).toBe("kube-proxy --proxy-mode=ipvs");
    expect(commandLine({ type: "setKubeProxyMode", mode: "nftables" })).toBe(
      "kube-proxy --proxy-mode=nftables",
    );
  });

  it("shows a control-plane process started as its static pod manifest put back", () => {
    expect(
      commandLine({
        type: "startControlPlane",
        component: "kube-controller-manager",
        machine: "apiserver-2",
      }),
    ).toBe("ssh apiserver-2 sudo mv /etc/kubernetes/kube-controller-manager.yaml /etc/kubernetes/manifests/");
  });

  it("shows a new node as kubeadm join and a played card as a comment naming its target", () => {
    expect(
      commandLine({
        type: "addNode",
        name: "node-a4",
        zone: "zone-a",
        milliCPU: 4000,
        memoryBytes: 16 * 1024 ** 3,
        pods: 110,
      }),
    ).toBe("kubeadm join --node-name=node-a4 # on a new machine in zone-a");
    expect(
      commandLine({
        type: "injectFault",
        card: "pull-the-plug",
        fault: { kind: "killNode", node: "node-b3" },
        durationMs: null,
      }),
    ).toBe("# chaos: node/node-b3 loses power");
  });
});
