/**
 * Names that are also Object.prototype's (issue 18, item 10): a zone, node, snapshot, client or
 * deployment called `constructor`, `toString`, `valueOf` or `__proto__` is a name like any other.
 * Every command is tried with such a name in each of its text fields, one at a time: the World
 * answers it as it answers any unknown or new name, its digest stays computable, and the cluster
 * keeps running on.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  type Command,
  type CommandType,
  commandSchemas,
  parseCommand,
} from "../../../shared/sim/commands.ts";
import { loadScenario } from "../../../shared/sim/scenario/index.ts";
import { World } from "../../../shared/sim/world/world.ts";

const hostileNames = ["constructor", "toString", "valueOf", "__proto__", "hasOwnProperty", "prototype"];

const scenario = loadScenario(
  readFileSync(fileURLToPath(new URL("../../../shared/scenarios/first-light.yaml", import.meta.url)), "utf8"),
);

/** One well-formed command of every type, on first-light's real names. */
const samples: { [K in CommandType]: Extract<Command, { type: K }> } = {
  bindPod: { type: "bindPod", pod: "web-0", node: "node-a1" },
  setPriority: { type: "setPriority", pod: "web-0", priorityClassName: "system-cluster-critical" },
  takeOverScheduling: { type: "takeOverScheduling", deployments: ["web"] },
  releaseScheduling: { type: "releaseScheduling" },
  previewScores: { type: "previewScores", pod: "web-0" },
  cordon: { type: "cordon", node: "node-a1" },
  uncordon: { type: "uncordon", node: "node-a1" },
  drain: { type: "drain", node: "node-a1", gracePeriodMs: null },
  addNode: {
    type: "addNode",
    name: "node-c1",
    zone: "zone-c",
    milliCPU: 4000,
    memoryBytes: 16 * 1024 ** 3,
    pods: 110,
  },
  removeNode: { type: "removeNode", node: "node-a1" },
  scale: { type: "scale", deployment: "web", replicas: 8 },
  setImage: { type: "setImage", deployment: "web", image: "shop/web:2" },
  setResources: {
    type: "setResources",
    deployment: "web",
    requests: { milliCPU: 500, memoryBytes: 256 * 1024 ** 2 },
    limits: { milliCPU: 1000, memoryBytes: 512 * 1024 ** 2 },
  },
  setMemoryLimit: { type: "setMemoryLimit", deployment: "web", memoryLimitBytes: 512 * 1024 ** 2 },
  setHpa: { type: "setHpa", deployment: "web", minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 0.7 },
  deleteHpa: { type: "deleteHpa", deployment: "web" },
  rolloutUndo: { type: "rolloutUndo", deployment: "web", toRevision: null },
  taintNode: {
    type: "taintNode",
    node: "node-a1",
    taint: { key: "dedicated", value: "x", effect: "NoSchedule" },
  },
  untaintNode: { type: "untaintNode", node: "node-a1", key: "dedicated", effect: "NoSchedule" },
  restartEtcdMember: { type: "restartEtcdMember", member: "etcd-1" },
  addEtcdMember: { type: "addEtcdMember", name: "etcd-4" },
  promoteEtcdMember: { type: "promoteEtcdMember", member: "etcd-3" },
  removeEtcdMember: { type: "removeEtcdMember", member: "etcd-3" },
  defragEtcd: { type: "defragEtcd", member: "etcd-1" },
  compactEtcd: { type: "compactEtcd", revision: 10 },
  disarmEtcdAlarms: { type: "disarmEtcdAlarms" },
  snapshotEtcd: { type: "snapshotEtcd", name: "before" },
  restoreEtcd: { type: "restoreEtcd", snapshot: "before", members: ["etcd-1", "etcd-2", "etcd-3"] },
  setApiServerLimits: {
    type: "setApiServerLimits",
    maxRequestsInflight: 400,
    maxMutatingRequestsInflight: 200,
  },
  setPriorityAndFairness: { type: "setPriorityAndFairness", enabled: true },
  setKubeProxyMode: { type: "setKubeProxyMode", mode: "ipvs" },
  startControlPlane: {
    type: "startControlPlane",
    component: "kube-controller-manager",
    machine: "control-1",
  },
  setNodeProvisioner: { type: "setNodeProvisioner", enabled: true, minNodes: 1, maxNodes: 10 },
  injectFault: {
    type: "injectFault",
    card: null,
    fault: { kind: "partition", groups: [["node-a1"], ["etcd-1"]] },
    durationMs: 30_000,
  },
  setGameSpeed: { type: "setGameSpeed", speed: 2 },
};

/** Faults with text fields, each played as a chaos card. */
const faults: Extract<Command, { type: "injectFault" }>["fault"][] = [
  { kind: "killNode", node: "node-a1" },
  { kind: "restartNode", node: "node-a1" },
  { kind: "killEtcdMember", member: "etcd-1" },
  { kind: "restartEtcdMember", member: "etcd-1" },
  { kind: "slowDisk", member: "etcd-1", fsyncLatencyMs: 100 },
  { kind: "trafficSpike", service: "web", multiplier: 3 },
  { kind: "oomBomb", target: { deployment: "web" }, memoryBytes: 1024 ** 3 },
  { kind: "oomBomb", target: { node: "node-a1" }, memoryBytes: 1024 ** 3 },
  { kind: "badRollout", deployment: "web", image: "shop/web:bad", failure: "crashLoop" },
  { kind: "diskFill", node: "node-a1", fraction: 0.9 },
  { kind: "taintNode", node: "node-a1", taint: { key: "k", value: "v", effect: "NoExecute" } },
  { kind: "clockSkew", node: "node-a1", offsetMs: 60_000 },
  { kind: "apiFlood", client: "ci", qps: 50 },
  { kind: "killControlPlane", component: "kube-scheduler", machine: "control-1" },
  { kind: "scaleDeployment", deployment: "web", replicas: 4 },
  { kind: "rollout", deployment: "web", image: "shop/web:3" },
];

/** The command with `name` in place of the text at each string leaf in turn (not its type or enums). */
function variants(command: Command, name: string): Command[] {
  const out: Command[] = [];
  const walk = (value: unknown, replace: (v: unknown) => unknown): void => {
    if (typeof value === "string") out.push(replace(name) as Command);
    else if (Array.isArray(value))
      for (const [i, item] of value.entries())
        walk(item, (v) => replace(value.map((x, j) => (j === i ? v : x))));
    else if (typeof value === "object" && value !== null)
      for (const [key, field] of Object.entries(value))
        if (key !== "type" && key !== "kind" && key !== "effect" && key !== "mode" && key !== "component")
          walk(field, (v) => replace({ ...value, [key]: v }));
  };
  walk(command, (v) => v);
  // Only the variants that are still commands (an image must look like an image, and so on).
  return out.filter((c) => parseCommand(JSON.parse(JSON.stringify(c))).ok);
}

/** first-light after 5 s, with room to add nodes by hand and a snapshot saved. */
function world(): World {
  const w = new World(scenario, 7);
  w.advanceTo(5_000);
  expect(w.apply({ type: "setNodeProvisioner", enabled: false, minNodes: 0, maxNodes: 12 })).toEqual({
    accepted: true,
  });
  expect(w.apply({ type: "snapshotEtcd", name: "before" })).toEqual({ accepted: true });
  return w;
}

const allCommands: Command[] = [
  ...Object.values(samples),
  ...faults.map((fault) => ({ ...samples.injectFault, fault })),
];

describe("names such as constructor and toString are names like any other", () => {
  it("every command type has a sample here", () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(commandSchemas).sort());
  });

  it.each(hostileNames)(
    "every command with %s in each text field leaves a World that runs and hashes",
    (name) => {
      let tried = 0;
      for (const command of allCommands) {
        for (const variant of variants(command, name)) {
          const w = world();
          const result = w.apply(variant);
          expect(typeof result.accepted, JSON.stringify(variant)).toBe("boolean");
          w.advanceTo(w.now + 20_000);
          expect(w.hash(), JSON.stringify(variant)).toMatch(/^[0-9a-f]+$/);
          tried++;
        }
      }
      expect(tried).toBeGreaterThan(40);
    },
  );

  it("a node named constructor can be added, in a zone named toString, and joins Ready", () => {
    const w = world();
    expect(w.apply({ ...samples.addNode, name: "constructor", zone: "toString" })).toEqual({
      accepted: true,
    });
    expect(w.apply({ ...samples.addNode, name: "constructor", zone: "toString" })).toEqual({
      accepted: false,
      reason: 'node "constructor" already exists',
    });
    w.advanceTo(w.now + 300_000);
    expect(w.snapshot().nodes.find((n) => n.name === "constructor")).toMatchObject({
      zone: "toString",
      ready: "True",
    });
    expect(w.hash()).toMatch(/^[0-9a-f]+$/);
  });

  it.each(hostileNames)("restoring a snapshot named %s that was never saved is refused", (name) => {
    const w = world();
    const before = w.hash();
    expect(w.apply({ type: "restoreEtcd", snapshot: name, members: ["etcd-1"] })).toEqual({
      accepted: false,
      reason: `snapshot "${name}" not found`,
    });
    expect(w.hash()).toBe(before);
  });
});
