/**
 * The small filters, translated from kubernetes/kubernetes pkg/scheduler/framework/plugins:
 * nodeports/node_ports_test.go (TestNodePorts), nodename/node_name_test.go (TestNodeName) and
 * nodeunschedulable/node_unschedulable_test.go (TestNodeUnschedulable).
 */
import { describe, expect, it } from "vitest";
import { errReasonNodeName, NodeName } from "../../../../shared/sim/scheduler/plugins/NodeName/NodeName.ts";
import {
  errReasonNodePorts,
  NodePorts,
} from "../../../../shared/sim/scheduler/plugins/NodePorts/NodePorts.ts";
import {
  errReasonUnschedulable,
  NodeUnschedulable,
} from "../../../../shared/sim/scheduler/plugins/NodeUnschedulable/NodeUnschedulable.ts";
import type { ContainerPort, Pod } from "../../../../shared/sim/scheduler/types.ts";
import {
  container,
  filterOne,
  makeNode,
  makePod,
  makeSnapshot,
  nodeInfosOf,
  runFilter,
  verdict,
} from "./fixtures.ts";

/** nodeports' newPod(host, "PROTO/ip/port"...): one container with these host ports. */
function portPod(host: string, ...hostPortInfos: string[]): Pod {
  const ports: ContainerPort[] = hostPortInfos.map((info) => {
    const [protocol, hostIP, port] = info.split("/") as [ContainerPort["protocol"], string, string];
    return { containerPort: 0, hostPort: Number(port), protocol, hostIP };
  });
  return makePod("", { nodeName: host, containers: [container({}, { ports })] });
}

describe("NodePorts (node_ports_test.go TestNodePorts)", () => {
  const conflict = { code: "Unschedulable", reasons: [errReasonNodePorts] };
  it("skip filter", () => {
    const node = makeNode("m1");
    const run = runFilter(new NodePorts(), makePod(), nodeInfosOf(makeSnapshot([node]), [node]));
    expect(verdict(run.preFilterStatus)).toEqual({ code: "Skip", reasons: [] });
  });
  const cases: { name: string; pod: Pod; existing: Pod; want: ReturnType<typeof verdict> }[] = [
    {
      name: "other port",
      pod: portPod("m1", "UDP/127.0.0.1/8080"),
      existing: portPod("m1", "UDP/127.0.0.1/9090"),
      want: null,
    },
    {
      name: "same udp port",
      pod: portPod("m1", "UDP/127.0.0.1/8080"),
      existing: portPod("m1", "UDP/127.0.0.1/8080"),
      want: conflict,
    },
    {
      name: "same tcp port",
      pod: portPod("m1", "TCP/127.0.0.1/8080"),
      existing: portPod("m1", "TCP/127.0.0.1/8080"),
      want: conflict,
    },
    {
      name: "different host ip",
      pod: portPod("m1", "TCP/127.0.0.1/8080"),
      existing: portPod("m1", "TCP/127.0.0.2/8080"),
      want: null,
    },
    {
      name: "different protocol",
      pod: portPod("m1", "UDP/127.0.0.1/8080"),
      existing: portPod("m1", "TCP/127.0.0.1/8080"),
      want: null,
    },
    {
      name: "second udp port conflict",
      pod: portPod("m1", "UDP/127.0.0.1/8000", "UDP/127.0.0.1/8080"),
      existing: portPod("m1", "UDP/127.0.0.1/8080"),
      want: conflict,
    },
    {
      name: "first tcp port conflict",
      pod: portPod("m1", "TCP/127.0.0.1/8001", "UDP/127.0.0.1/8080"),
      existing: portPod("m1", "TCP/127.0.0.1/8001", "UDP/127.0.0.1/8081"),
      want: conflict,
    },
    {
      name: "first tcp port conflict due to 0.0.0.0 hostIP",
      pod: portPod("m1", "TCP/0.0.0.0/8001"),
      existing: portPod("m1", "TCP/127.0.0.1/8001"),
      want: conflict,
    },
    {
      name: "TCP hostPort conflict due to 0.0.0.0 hostIP",
      pod: portPod("m1", "TCP/10.0.10.10/8001", "TCP/0.0.0.0/8001"),
      existing: portPod("m1", "TCP/127.0.0.1/8001"),
      want: conflict,
    },
    {
      name: "second tcp port conflict to 0.0.0.0 hostIP",
      pod: portPod("m1", "TCP/127.0.0.1/8001"),
      existing: portPod("m1", "TCP/0.0.0.0/8001"),
      want: conflict,
    },
    {
      name: "second different protocol",
      pod: portPod("m1", "UDP/127.0.0.1/8001"),
      existing: portPod("m1", "TCP/0.0.0.0/8001"),
      want: null,
    },
    {
      name: "UDP hostPort conflict due to 0.0.0.0 hostIP",
      pod: portPod("m1", "UDP/127.0.0.1/8001"),
      existing: portPod("m1", "TCP/0.0.0.0/8001", "UDP/0.0.0.0/8001"),
      want: conflict,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const node = makeNode("m1");
      const snapshot = makeSnapshot([node], [c.existing]);
      const run = runFilter(new NodePorts(), c.pod, nodeInfosOf(snapshot, [node]));
      expect(run.preFilterStatus).toBeNull();
      expect(verdict(run.statuses[0] ?? null)).toEqual(c.want);
    });
  }
});

describe("NodeName (node_name_test.go TestNodeName)", () => {
  const cases: { name: string; podNodeName: string; want: ReturnType<typeof verdict> }[] = [
    { name: "no host specified", podNodeName: "", want: null },
    { name: "host matches", podNodeName: "foo", want: null },
    {
      name: "host doesn't match",
      podNodeName: "bar",
      want: { code: "UnschedulableAndUnresolvable", reasons: [errReasonNodeName] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const node = makeNode("foo");
      const pod = makePod("", { nodeName: c.podNodeName });
      expect(verdict(filterOne(new NodeName(), pod, nodeInfosOf(makeSnapshot([node]), [node])[0]!))).toEqual(
        c.want,
      );
    });
  }
});

describe("NodeUnschedulable (node_unschedulable_test.go TestNodeUnschedulable)", () => {
  const cases: { name: string; pod: Pod; unschedulable: boolean; want: ReturnType<typeof verdict> }[] = [
    {
      name: "Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)",
      pod: makePod(),
      unschedulable: true,
      want: { code: "UnschedulableAndUnresolvable", reasons: [errReasonUnschedulable] },
    },
    { name: "Schedule pod to normal node", pod: makePod(), unschedulable: false, want: null },
    {
      name: "Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)",
      pod: makePod("", {
        tolerations: [
          { key: "node.kubernetes.io/unschedulable", operator: "Equal", value: "", effect: "NoSchedule" },
        ],
      }),
      unschedulable: true,
      want: null,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const node = makeNode("node", { unschedulable: c.unschedulable });
      expect(
        verdict(filterOne(new NodeUnschedulable(), c.pod, nodeInfosOf(makeSnapshot([node]), [node])[0]!)),
      ).toEqual(c.want);
    });
  }
});
