import { describe, expect, it } from "vitest";
import { noBackOff } from "../../../../shared/sim/kubelet/crashLoopBackOff.ts";
import { EndpointsController } from "../../../../shared/sim/world/components/endpointsController.ts";
import type { WorldPod, WorldService } from "../../../../shared/sim/world/types.ts";

/** The controller's pod informer, faked as a Map (like client-go's fake informers). */
const informer = (pods: WorldPod[]) => new Map(pods.map((p) => [p.name, p]));

const pod = (name: string, over: Partial<WorldPod> = {}): WorldPod => ({
  name,
  namespace: "default",
  labels: { app: "web" },
  owner: "web-1",
  deployment: "web",
  priority: 0,
  tolerations: [],
  nodeSelector: {},
  containers: [],
  createdAtMs: 0,
  nodeName: "node-1",
  phase: "Running",
  ready: true,
  readySinceMs: 0,
  restartCount: 0,
  memoryUsageBytes: 0,
  podIP: `10.0.0.${name.length}`,
  lastTermination: "",
  reason: "",
  backOff: noBackOff,
  deleting: false,
  ...over,
});

const web: WorldService = { name: "web", selector: { app: "web" } };
const webAgain: WorldService = { name: "web-internal", selector: { app: "web" } };
const api: WorldService = { name: "api", selector: { app: "api" } };

describe("EndpointsController: the Service's endpoints follow its selected pods", () => {
  it("lists ready pods as ready, unready ones as not ready, and leaves out the rest (endpoints.ts's rule)", () => {
    const pods = informer([
      pod("b-ready"),
      pod("a-ready"),
      pod("starting", { ready: false }),
      pod("no-sandbox", { podIP: "", ready: false }),
      pod("terminating", { deleting: true }),
      pod("evicted", { phase: "Failed", ready: false }),
      pod("other", { labels: { app: "api" } }),
    ]);
    const controller = new EndpointsController([web, api], pods);
    expect(controller.endpointsOf(web)).toMatchObject({
      ready: ["a-ready", "b-ready"],
      notReady: ["starting"],
    });
    expect(controller.endpointsOf(api)).toMatchObject({ ready: ["other"], notReady: [] });
  });

  it("moves a pod between the lists one change at a time, and drops it when it is deleted", () => {
    const pods = informer([pod("a", { ready: false })]);
    const controller = new EndpointsController([web], pods);
    const a = pods.get("a") as WorldPod;
    a.ready = true;
    controller.podChanged(a);
    expect(controller.endpointsOf(web)).toMatchObject({ ready: ["a"], notReady: [] });
    a.deleting = true;
    controller.podChanged(a);
    expect(controller.endpointsOf(web)).toMatchObject({ ready: [], notReady: [] });
    const b = pod("b");
    pods.set("b", b);
    controller.podChanged(b);
    pods.delete("b");
    controller.podChanged(b);
    expect(controller.endpointsOf(web).ready).toEqual([]);
  });

  it("keeps one listing for Services that share a selector", () => {
    const pods = informer([pod("a")]);
    const controller = new EndpointsController([web, webAgain], pods);
    expect(controller.keyOf(web)).toBe(controller.keyOf(webAgain));
    expect(controller.slicesForProxy(true)[controller.keyOf(web)]).toEqual({ services: 2, endpoints: ["a"] });
  });
});

describe("EndpointsController: the EndpointSlices kube-proxy reads", () => {
  it("writes slices only while the controller-manager runs; kube-proxy keeps reading the last ones", () => {
    const pods = informer([pod("a")]);
    const controller = new EndpointsController([web], pods);
    const key = controller.keyOf(web);
    expect(controller.slicesForProxy(true)[key]?.endpoints).toEqual(["a"]);
    const b = pod("b");
    pods.set("b", b);
    controller.podChanged(b);
    expect(controller.slicesForProxy(false)[key]?.endpoints).toEqual(["a"]);
    expect(controller.endpointsOf(web).ready).toEqual(["a", "b"]);
    expect(controller.slicesForProxy(true)[key]?.endpoints).toEqual(["a", "b"]);
  });

  it("saves the slices it wrote and, restored, carries on from them with its listings rebuilt", () => {
    const pods = informer([pod("a")]);
    const controller = new EndpointsController([web], pods);
    controller.slicesForProxy(true);
    const b = pod("b");
    pods.set("b", b);
    controller.podChanged(b);
    const restored = new EndpointsController([web], pods, structuredClone(controller.save()));
    expect(restored.endpointsOf(web)).toEqual(controller.endpointsOf(web));
    expect(restored.slicesForProxy(false)).toEqual(controller.slicesForProxy(false));
  });
});
