import { describe, expect, it } from "vitest";
import {
  type Command,
  type CommandType,
  commandRoles,
  commandSchema,
  commandSchemas,
  parseCommand,
  type Role,
  roleOf,
} from "../../../shared/sim/commands.ts";
import { type Fault, faultKinds } from "../../../shared/sim/scenario/index.ts";

/** One well-formed example of every command. */
const good: { [K in CommandType]: Extract<Command, { type: K }> } = {
  bindPod: { type: "bindPod", pod: "web-7d9f-x2k", node: "node-a-1" },
  setPriority: { type: "setPriority", pod: "web-7d9f-x2k", priorityClassName: "shop-critical" },
  takeOverScheduling: { type: "takeOverScheduling", deployments: ["web"] },
  releaseScheduling: { type: "releaseScheduling" },
  previewScores: { type: "previewScores", pod: "web-7d9f-x2k" },
  cordon: { type: "cordon", node: "node-a-1" },
  uncordon: { type: "uncordon", node: "node-a-1" },
  drain: { type: "drain", node: "node-a-1", gracePeriodMs: null },
  addNode: {
    type: "addNode",
    name: "node-d-1",
    zone: "zone-a",
    milliCPU: 8000,
    memoryBytes: 32 * 1024 ** 3,
    pods: 110,
  },
  removeNode: { type: "removeNode", node: "node-c-1" },
  scale: { type: "scale", deployment: "web", replicas: 20 },
  setImage: { type: "setImage", deployment: "web", image: "shop/web:2.1.0" },
  setMemoryLimit: { type: "setMemoryLimit", deployment: "web", memoryLimitBytes: 1024 ** 3 },
  setResources: {
    type: "setResources",
    deployment: "web",
    requests: { milliCPU: 1000, memoryBytes: 512 * 1024 ** 2 },
    limits: { milliCPU: 1000, memoryBytes: 512 * 1024 ** 2 },
  },
  setHpa: { type: "setHpa", deployment: "web", minReplicas: 4, maxReplicas: 40, targetCPUUtilization: 0.7 },
  deleteHpa: { type: "deleteHpa", deployment: "web" },
  rolloutUndo: { type: "rolloutUndo", deployment: "api", toRevision: null },
  taintNode: {
    type: "taintNode",
    node: "node-a-1",
    taint: { key: "dedicated", value: "db", effect: "NoSchedule" },
  },
  untaintNode: { type: "untaintNode", node: "node-a-1", key: "dedicated", effect: "NoSchedule" },
  restartEtcdMember: { type: "restartEtcdMember", member: "etcd-2" },
  addEtcdMember: { type: "addEtcdMember", name: "etcd-5", learner: true },
  promoteEtcdMember: { type: "promoteEtcdMember", member: "etcd-5" },
  removeEtcdMember: { type: "removeEtcdMember", member: "etcd-4" },
  defragEtcd: { type: "defragEtcd", member: "etcd-1" },
  compactEtcd: { type: "compactEtcd", revision: 1200 },
  disarmEtcdAlarms: { type: "disarmEtcdAlarms" },
  snapshotEtcd: { type: "snapshotEtcd", name: "before-launch" },
  restoreEtcd: { type: "restoreEtcd", snapshot: "before-launch", members: ["etcd-1", "etcd-2", "etcd-3"] },
  setApiServerLimits: {
    type: "setApiServerLimits",
    maxRequestsInflight: 800,
    maxMutatingRequestsInflight: 400,
  },
  setPriorityAndFairness: { type: "setPriorityAndFairness", enabled: false },
  setKubeProxyMode: { type: "setKubeProxyMode", mode: "ipvs" },
  startControlPlane: {
    type: "startControlPlane",
    component: "kube-controller-manager",
    machine: "apiserver-2",
  },
  setNodeProvisioner: { type: "setNodeProvisioner", enabled: true, minNodes: 3, maxNodes: 30 },
  injectFault: {
    type: "injectFault",
    card: "split-racks",
    fault: {
      kind: "partition",
      groups: [
        ["etcd-1", "etcd-2"],
        ["etcd-3", "etcd-4"],
      ],
    },
    durationMs: 120_000,
  },
  setGameSpeed: { type: "setGameSpeed", speed: 10 },
};

/** One example of every fault, as a chaos player sends it. */
const faults: { [K in Fault["kind"]]: Extract<Fault, { kind: K }> } = {
  killNode: { kind: "killNode", node: "node-a-1" },
  restartNode: { kind: "restartNode", node: "node-a-1" },
  killEtcdMember: { kind: "killEtcdMember", member: "etcd-1" },
  restartEtcdMember: { kind: "restartEtcdMember", member: "etcd-1" },
  partition: { kind: "partition", groups: [["etcd-1"], ["etcd-2", "apiserver-1"]] },
  heal: { kind: "heal", scope: "network" },
  slowDisk: { kind: "slowDisk", member: "etcd-2", fsyncLatencyMs: 400 },
  trafficSpike: { kind: "trafficSpike", service: "web", multiplier: 10 },
  oomBomb: { kind: "oomBomb", target: { node: "node-b-2" }, memoryBytes: 6 * 1024 ** 3 },
  rollout: { kind: "rollout", deployment: "api", image: "shop/api:6.0.0" },
  scaleDeployment: { kind: "scaleDeployment", deployment: "api", replicas: 5 },
  badRollout: { kind: "badRollout", deployment: "api", image: "shop/api:6.0.0-rc1", failure: "crashLoop" },
  diskFill: { kind: "diskFill", node: "node-a-1", fraction: 0.95 },
  taintNode: { kind: "taintNode", node: "node-a-1", taint: { key: "chaos", value: "", effect: "NoExecute" } },
  clockSkew: { kind: "clockSkew", node: "node-c-1", offsetMs: -90_000 },
  apiFlood: { kind: "apiFlood", client: "telemetry-agent", qps: 400 },
  killControlPlane: { kind: "killControlPlane", component: "kube-scheduler", machine: "apiserver-1" },
  restartControlPlane: { kind: "restartControlPlane", component: "kube-scheduler", machine: "apiserver-1" },
};

describe("commands from untrusted input: the schema of each command accepts it well formed", () => {
  it.each(Object.values(good))("$type", (command) => {
    expect(parseCommand(structuredClone(command))).toEqual({ ok: true, command });
    expect(commandSchema.safeParse(command).success).toBe(true);
  });

  it.each(Object.values(faults))("injectFault carries $kind", (fault) => {
    const command = { type: "injectFault", card: null, fault, durationMs: null };
    expect(parseCommand(command)).toEqual({ ok: true, command });
  });

  it("covers every fault of the vocabulary", () => {
    expect(Object.keys(faults).sort()).toEqual([...faultKinds].sort());
  });
});

describe("and refuses it malformed, naming the field", () => {
  it.each<[string, unknown, string]>([
    ["no type", { pod: "p", node: "n" }, "unknown command type undefined"],
    ["an unknown type", { type: "deleteCluster" }, 'unknown command type "deleteCluster"'],
    ["not an object", "cordon node-a-1", "unknown command type undefined"],
    ["a missing argument", { type: "bindPod", pod: "p" }, "bindPod.node:"],
    ["an extra argument", { type: "cordon", node: "n", force: true }, "cordon:"],
    ["negative replicas", { type: "scale", deployment: "web", replicas: -1 }, "scale.replicas:"],
    ["fractional replicas", { type: "scale", deployment: "web", replicas: 1.5 }, "scale.replicas:"],
    ["an empty node name", { type: "cordon", node: "" }, "cordon.node:"],
    [
      "min above max",
      { type: "setHpa", deployment: "web", minReplicas: 9, maxReplicas: 3, targetCPUUtilization: 0.5 },
      "minReplicas cannot exceed maxReplicas",
    ],
    [
      "a proxy mode removed in v1.26",
      { type: "setKubeProxyMode", mode: "userspace" },
      "setKubeProxyMode.mode:",
    ],
    [
      "zero inflight",
      { type: "setApiServerLimits", maxRequestsInflight: 0, maxMutatingRequestsInflight: 200 },
      "setApiServerLimits.maxRequestsInflight:",
    ],
    ["a zero game speed", { type: "setGameSpeed", speed: 0 }, "setGameSpeed.speed:"],
    [
      "an unknown fault",
      { type: "injectFault", card: null, fault: { kind: "meteor" }, durationMs: null },
      "injectFault.fault.kind:",
    ],
    [
      "a partition of one group",
      {
        type: "injectFault",
        card: null,
        fault: { kind: "partition", groups: [["etcd-1"]] },
        durationMs: null,
      },
      "injectFault.fault.groups:",
    ],
    [
      "a disk filled past 100%",
      {
        type: "injectFault",
        card: null,
        fault: { kind: "diskFill", node: "n", fraction: 1.5 },
        durationMs: null,
      },
      "injectFault.fault.fraction:",
    ],
    [
      "a negative duration",
      { type: "injectFault", card: null, fault: { kind: "heal", scope: "all" }, durationMs: -5 },
      "injectFault.durationMs:",
    ],
    [
      "an etcd restore onto no members",
      { type: "restoreEtcd", snapshot: "s", members: [] },
      "restoreEtcd.members:",
    ],
    [
      "a taint with a bad effect",
      { type: "untaintNode", node: "n", key: "k", effect: "Sometimes" },
      "untaintNode.effect:",
    ],
  ])("%s", (_rule, input, reason) => {
    const result = parseCommand(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
    expect(commandSchema.safeParse(input).success).toBe(false);
  });

  it("a type from the object's prototype is not a command", () => {
    expect(parseCommand({ type: "toString" })).toMatchObject({ ok: false });
  });
});

describe("roleOf: which role may issue each command (DESIGN.md roles table)", () => {
  it.each<[CommandType, Role]>([
    ["bindPod", "scheduler"],
    ["setPriority", "scheduler"],
    ["takeOverScheduling", "scheduler"],
    ["releaseScheduling", "scheduler"],
    ["previewScores", "scheduler"],
    ["cordon", "operator"],
    ["uncordon", "operator"],
    ["drain", "operator"],
    ["addNode", "operator"],
    ["removeNode", "operator"],
    ["scale", "operator"],
    ["setHpa", "operator"],
    ["deleteHpa", "operator"],
    ["rolloutUndo", "operator"],
    ["taintNode", "operator"],
    ["untaintNode", "operator"],
    ["restartEtcdMember", "operator"],
    ["addEtcdMember", "operator"],
    ["promoteEtcdMember", "operator"],
    ["removeEtcdMember", "operator"],
    ["defragEtcd", "operator"],
    ["compactEtcd", "operator"],
    ["disarmEtcdAlarms", "operator"],
    ["snapshotEtcd", "operator"],
    ["restoreEtcd", "operator"],
    ["setApiServerLimits", "operator"],
    ["setPriorityAndFairness", "operator"],
    ["setKubeProxyMode", "operator"],
    ["setResources", "operator"],
    ["startControlPlane", "operator"],
    ["setNodeProvisioner", "operator"],
    ["injectFault", "chaos"],
    ["setGameSpeed", "facilitator"],
  ])("%s → %s", (type, role) => {
    expect(roleOf(good[type])).toBe(role);
  });

  it("every command type has a role and a schema", () => {
    expect(Object.keys(commandRoles).sort()).toEqual(Object.keys(good).sort());
    expect(Object.keys(commandSchemas).sort()).toEqual(Object.keys(good).sort());
  });
});
