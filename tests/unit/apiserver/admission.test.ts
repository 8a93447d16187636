import { describe, expect, it } from "vitest";
import {
  type AdmissionContainer,
  type AdmissionPod,
  admitPodCreate,
  formatCPU,
  formatMemory,
  type ResourceQuota,
} from "../../../shared/sim/apiserver/admission.ts";

const Mi = 1024 ** 2;
const Gi = 1024 ** 3;
const container = (name: string, requests = {}, limits = {}): AdmissionContainer => ({
  name,
  requests,
  limits,
});
const podOf = (
  containers: AdmissionContainer[],
  tolerations: AdmissionPod["tolerations"] = [],
): AdmissionPod => ({
  name: "x",
  namespace: "default",
  containers,
  tolerations,
});
const notReady = {
  key: "node.kubernetes.io/not-ready",
  operator: "Exists",
  effect: "NoExecute",
  tolerationSeconds: 300,
} as const;
const unreachable = { ...notReady, key: "node.kubernetes.io/unreachable" } as const;
const stagesOf = (r: ReturnType<typeof admitPodCreate>) =>
  r.stages.map((s) => `${s.plugin}/${s.phase}/${s.outcome}`);
const reasonOf = (r: ReturnType<typeof admitPodCreate>) => (r.admitted ? "admitted" : r.reason);

describe("quantities print as resource.Quantity does", () => {
  it.each([
    [500, "500m"],
    [2000, "2"],
    [1500, "1500m"],
    [9600, "9600m"],
    [0, "0"],
    [2_000_000, "2k"],
  ])("cpu %i m → %s", (milli, text) => expect(formatCPU(milli)).toBe(text));

  it.each([
    [512 * Mi, "512Mi"],
    [1536 * Mi, "1536Mi"],
    [2 * Gi, "2Gi"],
    [64 * 1024, "64Ki"],
    [1_000_000, "1000000"],
    [1000, "1k"],
  ])("memory %i B → %s", (bytes, text) => expect(formatMemory(bytes)).toBe(text));
});

describe("DefaultTolerationSeconds", () => {
  it("adds not-ready and unreachable NoExecute for 300 s; every plugin runs, mutating before validating", () => {
    const r = admitPodCreate(podOf([container("app")]), [], []);
    expect(r.admitted && r.pod.tolerations).toEqual([notReady, unreachable]);
    expect(stagesOf(r)).toEqual([
      "LimitRanger/mutating/ok",
      "DefaultTolerationSeconds/mutating/changed",
      "LimitRanger/validating/ok",
      "ResourceQuota/validating/ok",
    ]);
  });

  it("does not add what the pod already tolerates (an empty key or effect tolerates all)", () => {
    const own = {
      key: "node.kubernetes.io/not-ready",
      operator: "Exists",
      effect: "NoExecute",
      tolerationSeconds: 30,
    } as const;
    const r = admitPodCreate(podOf([container("app")], [own]), [], []);
    expect(r.admitted && r.pod.tolerations).toEqual([own, unreachable]);
    const all = admitPodCreate(podOf([container("app")], [{ operator: "Exists" }]), [], []);
    expect(all.admitted && all.pod.tolerations).toEqual([{ operator: "Exists" }]);
    expect(all.stages[1]?.outcome).toBe("ok");
    // A NoSchedule toleration of the same key is not one for NoExecute.
    const noSchedule = {
      key: "node.kubernetes.io/unreachable",
      operator: "Exists",
      effect: "NoSchedule",
    } as const;
    const other = admitPodCreate(podOf([container("app")], [noSchedule]), [], []);
    expect(other.admitted && other.pod.tolerations).toEqual([noSchedule, notReady, unreachable]);
  });
});

describe("LimitRanger", () => {
  const limits = {
    default: { milliCPU: 1000, memoryBytes: 512 * Mi },
    defaultRequest: { milliCPU: 250, memoryBytes: 256 * Mi },
  };

  it("defaults missing limits and requests, and says so as its annotation does", () => {
    const r = admitPodCreate(podOf([container("app")]), [limits], []);
    expect(r.admitted && r.pod.containers[0]).toEqual(
      container("app", { milliCPU: 250, memoryBytes: 256 * Mi }, { milliCPU: 1000, memoryBytes: 512 * Mi }),
    );
    expect(r.stages[0]).toEqual({
      plugin: "LimitRanger",
      phase: "mutating",
      outcome: "changed",
      detail:
        "LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app",
    });
  });

  it("a limit without a request sets the request to the limit, not to defaultRequest", () => {
    const r = admitPodCreate(podOf([container("app", {}, { milliCPU: 2000 })]), [limits], []);
    expect(r.admitted && r.pod.containers[0]).toEqual(
      container("app", { milliCPU: 2000, memoryBytes: 256 * Mi }, { milliCPU: 2000, memoryBytes: 512 * Mi }),
    );
  });

  it("max: the limit above it is refused; no quota is looked at", () => {
    const r = admitPodCreate(
      podOf([container("app", {}, { milliCPU: 4000 })]),
      [{ max: { milliCPU: 2000 } }],
      [],
    );
    expect(reasonOf(r)).toBe('pods "x" is forbidden: maximum cpu usage per Container is 2, but limit is 4');
    expect(stagesOf(r)).toEqual([
      "LimitRanger/mutating/ok",
      "DefaultTolerationSeconds/mutating/changed",
      "LimitRanger/validating/denied",
    ]);
  });

  it("min, and several failures aggregated in brackets, the same one once", () => {
    const min = { min: { memoryBytes: 64 * Mi }, max: { memoryBytes: 1 * Gi } };
    const small = container("a", { memoryBytes: 32 * Mi }, { memoryBytes: 32 * Mi });
    const big = container("b", { memoryBytes: 512 * Mi }, { memoryBytes: 2 * Gi });
    const r = admitPodCreate(podOf([small, { ...small, name: "c" }, big]), [min], []);
    expect(reasonOf(r)).toBe(
      'pods "x" is forbidden: [minimum memory usage per Container is 64Mi, but request is 32Mi, maximum memory usage per Container is 1Gi, but limit is 2Gi]',
    );
  });

  it("maxLimitRequestRatio, with the ratio printed as Go's %f", () => {
    const r = admitPodCreate(
      podOf([container("app", { milliCPU: 500 }, { milliCPU: 2000 })]),
      [{ maxLimitRequestRatio: { cpu: 2 } }],
      [],
    );
    expect(reasonOf(r)).toBe(
      'pods "x" is forbidden: cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000',
    );
  });
});

describe("ResourceQuota, last", () => {
  const compute = (used: ResourceQuota["used"]): ResourceQuota => ({
    name: "compute",
    hard: { pods: 20, requestsMilliCPU: 10_000, limitsMemoryBytes: 8 * Gi },
    used,
  });
  const web = container("app", { milliCPU: 500, memoryBytes: 256 * Mi }, { memoryBytes: 512 * Mi });

  it("refuses a pod over the quota, listing only the exceeded resources", () => {
    const r = admitPodCreate(
      podOf([web]),
      [],
      [compute({ pods: 12, requestsMilliCPU: 9600, limitsMemoryBytes: 4 * Gi })],
    );
    expect(reasonOf(r)).toBe(
      'pods "x" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=9600m, limited: requests.cpu=10',
    );
    expect(stagesOf(r).at(-1)).toBe("ResourceQuota/validating/denied");
  });

  it("several exceeded resources are sorted by name", () => {
    const r = admitPodCreate(
      podOf([web]),
      [],
      [compute({ pods: 20, requestsMilliCPU: 9600, limitsMemoryBytes: 7.75 * Gi })],
    );
    expect(reasonOf(r)).toBe(
      'pods "x" is forbidden: exceeded quota: compute, requested: limits.memory=512Mi,pods=1,requests.cpu=500m, used: limits.memory=7936Mi,pods=20,requests.cpu=9600m, limited: limits.memory=8Gi,pods=20,requests.cpu=10',
    );
  });

  it("a container without a tracked request or limit must specify it", () => {
    const r = admitPodCreate(
      podOf([container("sidecar"), container("app", { milliCPU: 100 })]),
      [],
      [compute({})],
    );
    expect(reasonOf(r)).toBe(
      'pods "x" is forbidden: failed quota: compute: must specify limits.memory for: app,sidecar; requests.cpu for: sidecar',
    );
  });

  it("admits within the quota and returns the new usage", () => {
    const r = admitPodCreate(podOf([web, web]), [], [compute({ pods: 3, requestsMilliCPU: 1000 })]);
    expect(r.admitted && r.quotaUsed).toEqual(
      new Map([["compute", { pods: 4, requestsMilliCPU: 2000, limitsMemoryBytes: 1 * Gi }]]),
    );
    expect(r.stages.at(-1)?.detail).toBe("compute used limits.memory=1Gi,pods=4,requests.cpu=2");
  });

  it("counts what LimitRanger defaulted, since it runs first", () => {
    const defaults = { default: { memoryBytes: 128 * Mi }, defaultRequest: { milliCPU: 100 } };
    const r = admitPodCreate(podOf([container("app")]), [defaults], [compute({})]);
    expect(r.admitted && r.quotaUsed).toEqual(
      new Map([["compute", { pods: 1, requestsMilliCPU: 100, limitsMemoryBytes: 128 * Mi }]]),
    );
  });

  it("leaves its inputs as they were", () => {
    const input = podOf([container("app")]);
    const quota = compute({});
    const copy = structuredClone({ input, quota });
    admitPodCreate(input, [{ default: { milliCPU: 1000, memoryBytes: Gi } }], [quota]);
    expect({ input, quota }).toEqual(copy);
  });
});
