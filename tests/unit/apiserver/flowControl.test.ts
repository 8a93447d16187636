import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  admit,
  classify,
  dealHand,
  defaultInflightLimits,
  defaultPriorityLevels,
  expire,
  type FlowControlState,
  type FlowRequest,
  flowHash,
  levelStats,
  newFlowControl,
  nextQueueExpiry,
  queueWaitLimitMs,
  release,
  setLimits,
  setMode,
  tooManyRequestsMessage,
} from "../../../shared/sim/apiserver/flowControl.ts";

const authenticated = "system:authenticated";
const kubelet = { user: "system:node:n1", groups: ["system:nodes", authenticated] };
const scheduler = { user: "system:kube-scheduler", groups: [authenticated] };
const controllerManager = { user: "system:kube-controller-manager", groups: [authenticated] };
const admin = { user: "kubernetes-admin", groups: ["system:masters", authenticated] };
const alice = { user: "alice", groups: [authenticated] };
const kubeSystemSA = (name: string) => ({
  user: `system:serviceaccount:kube-system:${name}`,
  groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", authenticated],
});
const appSA = (name: string) => ({
  user: `system:serviceaccount:shop:${name}`,
  groups: ["system:serviceaccounts", "system:serviceaccounts:shop", authenticated],
});

let nextId = 1;
function request(
  who: { user: string; groups: string[] },
  verb: string,
  resource: string,
  namespace: string,
  arrivalMs = 0,
): FlowRequest {
  return { id: nextId++, ...who, verb, resource, namespace, arrivalMs };
}

const stats = (s: FlowControlState, level: string) => levelStats(s).find((l) => l.level === level);

describe("max-inflight (APF off)", () => {
  it("the 201st concurrent mutating request gets 429 at once; reads are unaffected", () => {
    const s = newFlowControl("max-inflight", defaultInflightLimits);
    for (let i = 0; i < 200; i++) {
      expect(admit(s, request(alice, "create", "configmaps", "default"), 0).kind).toBe("dispatched");
    }
    expect(admit(s, request(alice, "patch", "configmaps", "default"), 0)).toEqual({
      kind: "rejected",
      level: "mutating",
      flowSchema: "",
      reason: "Too many requests, please try again later.",
    });
    for (let i = 0; i < 400; i++) {
      expect(admit(s, request(alice, i % 2 ? "get" : "list", "pods", "default"), 0).kind).toBe("dispatched");
    }
    expect(admit(s, request(alice, "get", "pods", "default"), 0).kind).toBe("rejected");
    expect(levelStats(s)).toEqual([
      { level: "readOnly", nominalCL: 400, inFlight: 400, queued: 0, rejected: 1, dispatched: 400 },
      { level: "mutating", nominalCL: 200, inFlight: 200, queued: 0, rejected: 1, dispatched: 200 },
    ]);
  });

  it("a finished request frees its seat; watches take none; system:masters is served beyond the limit", () => {
    const s = newFlowControl("max-inflight", { maxRequestsInflight: 400, maxMutatingRequestsInflight: 2 });
    const first = request(alice, "update", "pods", "default");
    admit(s, first, 0);
    admit(s, request(alice, "delete", "pods", "default"), 0);
    expect(admit(s, request(alice, "deletecollection", "pods", "default"), 0).kind).toBe("rejected");
    expect(admit(s, request(alice, "watch", "pods", "default"), 0).kind).toBe("dispatched");
    expect(admit(s, request(admin, "delete", "pods", "default"), 0).kind).toBe("dispatched");
    expect(release(s, first.id, 10)).toEqual({ dispatched: [], timedOut: [] });
    expect(admit(s, request(alice, "create", "pods", "default"), 10).kind).toBe("dispatched");
    expect(stats(s, "mutating")?.inFlight).toBe(2);
  });
});

describe("API Priority and Fairness", () => {
  it("NominalCL(i) = ceil(600 × NCS(i) / 245) per default level", () => {
    const s = newFlowControl("apf", defaultInflightLimits);
    const expected = {
      exempt: 0,
      system: 74,
      "node-high": 98,
      "leader-election": 25,
      "workload-high": 98,
      "workload-low": 245,
      "global-default": 49,
      "catch-all": 13,
    };
    expect(Object.fromEntries(levelStats(s).map((l) => [l.level, l.nominalCL]))).toEqual(expected);
    const sum = defaultPriorityLevels.reduce((t, l) => t + l.nominalConcurrencyShares, 0);
    expect(sum).toBe(245);
    for (const l of defaultPriorityLevels) {
      expect(stats(s, l.name)?.nominalCL).toBe(Math.ceil((600 * l.nominalConcurrencyShares) / sum));
    }
  });

  it.each([
    [
      "a kubelet renewing its node Lease",
      request(kubelet, "update", "leases", "kube-node-lease"),
      "system-node-high",
      "node-high",
      kubelet.user,
    ],
    [
      "a kubelet updating its Node status",
      request(kubelet, "patch", "nodes/status", ""),
      "system-node-high",
      "node-high",
      kubelet.user,
    ],
    [
      "a kubelet reading a Secret",
      request(kubelet, "get", "secrets", "shop"),
      "system-nodes",
      "system",
      kubelet.user,
    ],
    [
      "kube-scheduler binding a pod",
      request(scheduler, "create", "pods", "shop"),
      "kube-scheduler",
      "workload-high",
      "shop",
    ],
    [
      "kube-scheduler renewing its leader Lease",
      request(scheduler, "update", "leases", "kube-system"),
      "system-leader-election",
      "leader-election",
      scheduler.user,
    ],
    [
      "kube-controller-manager renewing its leader Lease",
      request(controllerManager, "get", "leases", "kube-system"),
      "system-leader-election",
      "leader-election",
      controllerManager.user,
    ],
    [
      "a kube-system controller creating pods",
      request(kubeSystemSA("replicaset-controller"), "create", "pods", "shop"),
      "kube-system-service-accounts",
      "workload-high",
      "shop",
    ],
    [
      "the endpoint controller updating Endpoints",
      request(kubeSystemSA("endpoint-controller"), "update", "endpoints", "shop"),
      "endpoint-controller",
      "workload-high",
      kubeSystemSA("endpoint-controller").user,
    ],
    [
      "a kube-system service account electing a leader on a ConfigMap",
      request(kubeSystemSA("my-operator"), "update", "configmaps", "kube-system"),
      "workload-leader-election",
      "leader-election",
      kubeSystemSA("my-operator").user,
    ],
    [
      "a service account LISTing pods",
      request(appSA("reporter"), "list", "pods", "shop"),
      "service-accounts",
      "workload-low",
      appSA("reporter").user,
    ],
    ["system:masters deleting a node", request(admin, "delete", "nodes", ""), "exempt", "exempt", ""],
    [
      "a load balancer probing /readyz",
      request({ user: "system:anonymous", groups: ["system:unauthenticated"] }, "get", "/readyz", ""),
      "probes",
      "exempt",
      "",
    ],
    [
      "a user listing pods",
      request(alice, "list", "pods", "shop"),
      "global-default",
      "global-default",
      "alice",
    ],
  ])("%s → FlowSchema %s, level %s, flow %s", (_, req, schema, level, distinguisher) => {
    expect(classify(req)).toMatchObject({ schema: { name: schema, level }, distinguisher });
    const admission = admit(newFlowControl("apf", defaultInflightLimits), req, 0);
    expect(admission).toEqual({ kind: "dispatched", level, flowSchema: schema });
  });

  it("exempt requests never wait", () => {
    const s = newFlowControl("apf", { maxRequestsInflight: 1, maxMutatingRequestsInflight: 1 });
    for (let i = 0; i < 1000; i++)
      expect(admit(s, request(admin, "create", "pods", "shop"), 0).kind).toBe("dispatched");
    expect(stats(s, "exempt")).toMatchObject({ nominalCL: 0, inFlight: 1000, queued: 0 });
  });

  it("catch-all rejects rather than queues (LimitResponse Reject)", () => {
    const s = newFlowControl("apf", defaultInflightLimits);
    const stranger = { user: "nobody", groups: [] };
    for (let i = 0; i < 13; i++)
      expect(admit(s, request(stranger, "get", "pods", "shop"), 0).kind).toBe("dispatched");
    expect(admit(s, request(stranger, "get", "pods", "shop"), 0)).toMatchObject({
      kind: "rejected",
      level: "catch-all",
    });
  });

  // ServerCL 6 gives workload-low ceil(6 × 100 / 245) = 3 seats, so queues fill fast.
  const small = { maxRequestsInflight: 4, maxMutatingRequestsInflight: 2 };

  it("a flood from one user in workload-low does not starve another user's requests", () => {
    const s = newFlowControl("apf", small);
    const flood = appSA("flood");
    const quiet = appSA("quiet");
    const owner = new Map<number, string>();
    let executing: number[] = [];
    const send = (who: typeof flood, name: string) => {
      const req = request(who, "list", "pods", "shop");
      owner.set(req.id, name);
      const a = admit(s, req, 0);
      if (a.kind === "dispatched") executing.push(req.id);
      return a;
    };
    for (let i = 0; i < 297; i++) send(flood, "flood");
    for (let i = 0; i < 10; i++) expect(send(quiet, "quiet").kind).toBe("queued");
    expect(stats(s, "workload-low")).toMatchObject({ inFlight: 3, queued: 304 });
    // Every request takes 10 ms; each freed seat goes to the queue that is furthest behind.
    const order: string[] = [];
    for (let t = 10; executing.length > 0; t += 10) {
      const done = executing;
      executing = [];
      for (const id of done) {
        for (const next of release(s, id, t).dispatched) {
          executing.push(next);
          order.push(owner.get(next) ?? "");
        }
      }
    }
    expect(order).toHaveLength(304);
    // FIFO would serve the quiet user's 10 after the flood's 294; fair queuing interleaves them.
    expect(order.lastIndexOf("quiet")).toBeLessThan(30);
  });

  it("a full queue answers 429 at once", () => {
    const s = newFlowControl("apf", small);
    const flood = appSA("flood");
    const kinds = Array.from({ length: 304 }, () => admit(s, request(flood, "list", "pods", "shop"), 0).kind);
    // 3 seats, then the flow's hand of 6 queues × queueLengthLimit 50.
    expect(kinds.filter((k) => k === "dispatched")).toHaveLength(3);
    expect(kinds.filter((k) => k === "queued")).toHaveLength(300);
    expect(kinds[303]).toBe("rejected");
    expect(admit(s, request(flood, "list", "pods", "shop"), 0)).toEqual({
      kind: "rejected",
      level: "workload-low",
      flowSchema: "service-accounts",
      reason: tooManyRequestsMessage,
    });
    expect(stats(s, "workload-low")).toMatchObject({ inFlight: 3, queued: 300, rejected: 2 });
  });

  it("a queued request waits at most 15 s, then gets 429", () => {
    expect(queueWaitLimitMs).toBe(15_000);
    const s = newFlowControl("apf", small);
    const who = appSA("busy");
    const seats = [1, 2, 3].map(() => request(who, "list", "pods", "shop"));
    for (const r of seats) admit(s, r, 0);
    const early = request(who, "list", "pods", "shop", 0);
    const late = request(who, "list", "pods", "shop", 1_000);
    expect(admit(s, early, 0).kind).toBe("queued");
    expect(admit(s, late, 1_000).kind).toBe("queued");
    expect(nextQueueExpiry(s)).toBe(15_000);
    expect(expire(s, 14_999)).toEqual([]);
    expect(expire(s, 15_000)).toEqual([early.id]);
    // A seat frees after `late` ran out of time too: nothing is left to dispatch.
    expect(release(s, seats[0]?.id ?? 0, 16_000)).toEqual({ dispatched: [], timedOut: [late.id] });
    expect(nextQueueExpiry(s)).toBe(Number.POSITIVE_INFINITY);
    expect(stats(s, "workload-low")).toMatchObject({ inFlight: 2, queued: 0, rejected: 2 });
  });

  it("a released seat goes to a queued request", () => {
    const s = newFlowControl("apf", small);
    const who = appSA("busy");
    const seats = [1, 2, 3].map(() => request(who, "list", "pods", "shop"));
    for (const r of seats) admit(s, r, 0);
    const waiting = request(who, "list", "pods", "shop");
    admit(s, waiting, 0);
    expect(release(s, seats[1]?.id ?? 0, 50)).toEqual({ dispatched: [waiting.id], timedOut: [] });
    expect(stats(s, "workload-low")).toMatchObject({ inFlight: 3, queued: 0, dispatched: 4 });
  });
});

describe("the operator's levers", () => {
  it("switching APF on and off: seats in flight are kept and returned where they were taken", () => {
    const s = newFlowControl("max-inflight", defaultInflightLimits);
    const writes = Array.from({ length: 200 }, () => request(appSA("app"), "create", "pods", "shop"));
    for (const r of writes) admit(s, r, 0);
    expect(admit(s, request(appSA("app"), "create", "pods", "shop"), 0).kind).toBe("rejected");

    setMode(s, "apf");
    // APF has its own seats: workload-low's 245 are all free.
    expect(admit(s, request(appSA("app"), "create", "pods", "shop"), 0)).toEqual({
      kind: "dispatched",
      level: "workload-low",
      flowSchema: "service-accounts",
    });
    release(s, writes[0]?.id ?? 0, 5);
    expect(stats(s, "workload-low")?.inFlight).toBe(1);

    setMode(s, "max-inflight");
    expect(stats(s, "mutating")?.inFlight).toBe(199);
    expect(admit(s, request(appSA("app"), "create", "pods", "shop"), 10).kind).toBe("dispatched");
    expect(admit(s, request(appSA("app"), "create", "pods", "shop"), 10).kind).toBe("rejected");
  });

  it("requests APF queued keep their place after APF is switched off", () => {
    const s = newFlowControl("apf", { maxRequestsInflight: 4, maxMutatingRequestsInflight: 2 });
    const who = appSA("busy");
    const seats = [1, 2, 3].map(() => request(who, "list", "pods", "shop"));
    for (const r of seats) admit(s, r, 0);
    const waiting = request(who, "list", "pods", "shop");
    expect(admit(s, waiting, 0).kind).toBe("queued");
    setMode(s, "max-inflight");
    expect(release(s, seats[0]?.id ?? 0, 20).dispatched).toEqual([waiting.id]);
  });

  it("new limits change max-inflight's ceilings and every NominalCL", () => {
    const s = newFlowControl("max-inflight", defaultInflightLimits);
    for (let i = 0; i < 200; i++) admit(s, request(alice, "update", "pods", "shop"), 0);
    setLimits(s, { maxRequestsInflight: 800, maxMutatingRequestsInflight: 400 });
    expect(admit(s, request(alice, "update", "pods", "shop"), 0).kind).toBe("dispatched");
    setMode(s, "apf");
    // ServerCL 1200: ceil(1200 × 100 / 245) = 490.
    expect(stats(s, "workload-low")?.nominalCL).toBe(490);
    expect(stats(s, "catch-all")?.nominalCL).toBe(25);
  });
});

describe("plain data", () => {
  it("a structuredClone of the state carries on exactly like the original", () => {
    const run = (s: FlowControlState, from: number) => {
      const out: unknown[] = [];
      for (let i = from; i < from + 400; i++) {
        const who = i % 3 === 0 ? appSA("a") : appSA(`u${i % 7}`);
        out.push(
          admit(
            s,
            { id: 10_000 + i, ...who, verb: "get", resource: "pods", namespace: "shop", arrivalMs: i },
            i,
          ),
        );
        if (i % 2 === 0) out.push(release(s, 10_000 + i - 5, i));
      }
      return out;
    };
    const s = newFlowControl("apf", { maxRequestsInflight: 20, maxMutatingRequestsInflight: 10 });
    run(s, 0);
    const copy = structuredClone(s);
    expect(run(copy, 400)).toEqual(run(s, 400));
    expect(copy).toEqual(s);
  });
});

describe("shuffle sharding", () => {
  it("a hand holds handSize distinct queues of the deck", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        fc.constantFrom([128, 6], [64, 6], [16, 4]),
        (hash, [deck, hand]) => {
          const cards = dealHand(hash, deck as number, hand as number);
          expect(new Set(cards).size).toBe(hand);
          for (const c of cards) expect(c >= 0 && c < (deck as number)).toBe(true);
        },
      ),
    );
  });

  it("the same flow always gets the same hand; different flows get different ones", () => {
    const hand = (user: string) => dealHand(flowHash("service-accounts", user), 128, 6);
    expect(hand(appSA("flood").user)).toEqual(hand(appSA("flood").user));
    expect(hand(appSA("flood").user)).not.toEqual(hand(appSA("quiet").user));
  });
});
