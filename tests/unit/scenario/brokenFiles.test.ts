import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadScenario, ScenarioFileError } from "../../../shared/sim/scenario/index.ts";

/** The smallest scenario that loads; each broken variant changes one thing in it. */
const minimal = `
id: tiny
version: 1
title: { en: Tiny, ko: 작은 클러스터 }
inspiration:
  incident: None; a fixture for tests.
  invented: Everything.
briefing:
  en: Pods are Pending.
  ko: 파드가 Pending 상태에 머뭅니다.
timeLimit: 10m
etcd: { members: 4 }
cluster:
  - kind: Node
    count: 2
    metadata: { name: node, labels: { topology.kubernetes.io/zone: zone-a } }
    status: { capacity: { cpu: 4, memory: 16Gi } }
  - kind: Deployment
    metadata: { name: web }
    spec:
      replicas: 2
      selector: { matchLabels: { app: web } }
      template:
        metadata: { labels: { app: web } }
        spec:
          containers:
            - name: web
              image: shop/web:1.0
              resources: { requests: { cpu: 500m, memory: 512Mi } }
  - kind: Service
    metadata: { name: web }
    spec: { selector: { app: web }, ports: [{ port: 80 }] }
traffic:
  web: { steady: 100 }
faults:
  - after: 90s
    partition: [[etcd-1, etcd-2], [etcd-3, etcd-4]]
  - after: 2m
    killNode: node-1
  - after: 3m
    heal: network
objective:
  kind: recover
  all:
    - availability: { service: web, atLeast: 99.5%, for: 60s }
`;

type Doc = Record<string, unknown> & {
  cluster: Record<string, unknown>[];
  faults: Record<string, unknown>[];
  objective: Record<string, unknown> & { all: Record<string, unknown>[] };
  briefing: Record<string, unknown>;
  etcd: Record<string, unknown>;
  traffic: Record<string, unknown>;
};

const patched = (change: (doc: Doc) => void): string => {
  const doc = parse(minimal) as Doc;
  change(doc);
  return stringify(doc);
};

const deploymentSpec = (doc: Doc) => doc.cluster[1]!.spec as Record<string, unknown>;

describe("a broken scenario file gets an error naming the path of the bad field", () => {
  it("the minimal file loads", () => {
    const scenario = loadScenario(minimal);
    expect(scenario.cluster.nodes.map((n) => n.name)).toEqual(["node-1", "node-2"]);
    expect(scenario.faults.map((f) => f.atMs)).toEqual([90_000, 120_000, 180_000]);
  });

  it.each<[string, string, string]>([
    [
      "bad YAML syntax",
      minimal.replace("timeLimit: 10m", "timeLimit: [10m"),
      "line 12, column 1: YAML syntax",
    ],
    ["a second YAML document", `${minimal}\n---\nid: other\n`, "one YAML document, found 2"],
    ["a duplicated key", minimal.replace("version: 1", "version: 1\nversion: 2"), "YAML syntax"],
    ["not a map", "- just\n- a list\n", "expected a map of fields"],
    [
      "an unknown fault",
      patched((d) => (d.faults[1] = { after: "2m", explode: "node-1" })),
      'faults[1].explode: unknown fault "explode"',
    ],
    [
      "two faults in one step",
      patched((d) => (d.faults[1]!.heal = "all")),
      "faults[1]: one fault per step, found killNode and heal",
    ],
    ["a step with no fault", patched((d) => (d.faults[1] = { after: "2m" })), "faults[1]: expected a fault"],
    [
      "an unknown machine in a partition",
      patched(
        (d) =>
          (d.faults[0]!.partition = [
            ["etcd-1", "etcd-2"],
            ["etcd-3", "etcd-9"],
          ]),
      ),
      'faults[0].partition: unknown machine "etcd-9"',
    ],
    [
      "a machine in two groups",
      patched(
        (d) =>
          (d.faults[0]!.partition = [
            ["etcd-1", "etcd-2"],
            ["etcd-2", "etcd-4"],
          ]),
      ),
      'faults[0].partition: machine "etcd-2" is in two groups',
    ],
    [
      "a partition with one group",
      patched((d) => (d.faults[0]!.partition = [["etcd-1"]])),
      "faults[0].partition: a partition needs at least two groups",
    ],
    [
      "an unknown node in a fault",
      patched((d) => (d.faults[1]!.killNode = "node-7")),
      'faults[1].killNode: unknown node "node-7"',
    ],
    [
      "an etcd member where a node is needed",
      patched((d) => (d.faults[1]!.killNode = "etcd-1")),
      'faults[1].killNode: unknown node "etcd-1"',
    ],
    [
      "a negative duration",
      patched((d) => (d.faults[1]!.after = "-30s")),
      "faults[1].after: a duration cannot be negative",
    ],
    [
      "a duration without a unit",
      patched((d) => (d.timeLimit = 600)),
      "timeLimit: expected a duration like 90s",
    ],
    [
      "steps out of time order",
      patched((d) => (d.faults[2]!.after = "1m")),
      "faults[2].after: steps must be in time order",
    ],
    [
      "a step after the time limit",
      patched((d) => (d.faults[2]!.after = "11m")),
      "faults[2].after: comes after the round's time limit",
    ],
    [
      "a duration on a one-off fault",
      patched((d) => (d.faults[1]!.for = "1m")),
      "faults[1].for: killNode happens at once",
    ],
    ["missing Korean briefing", patched((d) => delete d.briefing.ko), "briefing.ko: required, but missing"],
    [
      "an English text where Korean is expected",
      patched((d) => (d.briefing.ko = "Pods are Pending.")),
      "briefing.ko: expected Korean text",
    ],
    [
      "an unknown service in an objective",
      patched(
        (d) => (d.objective.all[0] = { availability: { service: "shop", atLeast: "99%", for: "60s" } }),
      ),
      'objective.all[0].availability.service: unknown service "shop"',
    ],
    [
      "an unknown objective check",
      patched((d) => (d.objective.all[0] = { happiness: { atLeast: 1 } })),
      'objective.all[0].happiness: unknown objective check "happiness"',
    ],
    [
      "a percentage written as a number",
      patched((d) => (d.objective.all[0] = { availability: { service: "web", atLeast: 99.5, for: "60s" } })),
      "objective.all[0].availability.atLeast: expected a percentage like 99.5%",
    ],
    [
      "negative replicas",
      patched((d) => (deploymentSpec(d).replicas = -1)),
      "cluster[1].spec.replicas: expected a whole number ≥ 0",
    ],
    [
      "fractional replicas",
      patched((d) => (deploymentSpec(d).replicas = 2.5)),
      "cluster[1].spec.replicas: expected a whole number ≥ 0",
    ],
    [
      "a misspelt field",
      patched((d) => (deploymentSpec(d).replica = 3)),
      'cluster[1].spec: unknown field "replica"',
    ],
    ["an unknown kind", patched((d) => (d.cluster[2]!.kind = "Ingress")), "cluster[2].kind: expected one of"],
    [
      "a bad CPU quantity",
      patched((d) => (d.cluster[0]!.status = { capacity: { cpu: "four", memory: "16Gi" } })),
      'cluster[0].status.capacity.cpu: expected a CPU quantity like 500m or 2, got "four"',
    ],
    [
      "a selector that does not match the template",
      patched((d) => (deploymentSpec(d).selector = { matchLabels: { app: "api" } })),
      "cluster[1].spec.selector: selector does not match template labels",
    ],
    [
      "a node name clashing with an etcd member",
      patched((d) =>
        d.cluster.push({
          kind: "Node",
          metadata: { name: "etcd-1" },
          status: { capacity: { cpu: 1, memory: "1Gi" } },
        }),
      ),
      'cluster[3].metadata.name: machine name "etcd-1" is already used by an etcd member',
    ],
    [
      "an unknown service in traffic",
      patched((d) => (d.traffic.shop = { steady: 5 })),
      'traffic.shop: unknown service "shop"',
    ],
    [
      "an unknown traffic shape",
      patched((d) => (d.traffic.web = { wave: 5 })),
      'traffic.web.wave: unknown traffic shape "wave"',
    ],
    [
      "an etcd of 9 members",
      patched((d) => (d.etcd.members = 9)),
      "etcd.members: expected a whole number from 1 to 7, got 9",
    ],
    [
      "an election timeout under 5 heartbeats",
      patched((d) => Object.assign(d.etcd, { heartbeatInterval: "300ms", electionTimeout: "1s" })),
      "etcd.electionTimeout: must be at least 5 × heartbeatInterval",
    ],
    [
      "a stopped process on a machine that is not a control-plane machine",
      patched(
        (d) =>
          (d.apiServer = {
            replicas: 3,
            stopped: [{ component: "kube-controller-manager", machine: "apiserver-4" }],
          }),
      ),
      'apiServer.stopped[0].machine: "apiserver-4" is not a control-plane machine',
    ],
    [
      "every kube-apiserver stopped",
      patched(
        (d) =>
          (d.apiServer = { replicas: 1, stopped: [{ component: "kube-apiserver", machine: "apiserver-1" }] }),
      ),
      "apiServer.stopped: at least one kube-apiserver must run",
    ],
    [
      "a missing objective",
      patched((d) => delete (d as Record<string, unknown>).objective),
      "objective: required, but missing",
    ],
    [
      "an objective that does not say what wins the round",
      patched((d) => delete d.objective.kind),
      "objective.kind: required, but missing: say what wins the round, one of recover, survive, versus",
    ],
    [
      "an unknown kind of objective",
      patched((d) => (d.objective.kind = "escape")),
      'objective.kind: expected one of recover, survive, versus, got "escape"',
    ],
    [
      "a recover round with no incident to recover from",
      patched((d) => (d.faults = [])),
      "objective.incidentStart: a recover round needs an incident",
    ],
    [
      "an incident declared after the time limit",
      patched((d) => (d.objective.incidentStart = "12m")),
      "objective.incidentStart: comes after the round's time limit",
    ],
    [
      "an error budget window of nothing",
      patched((d) => (d.objective.errorBudgetWindow = "0s")),
      "objective.errorBudgetWindow:",
    ],
    [
      "a tutorial flag that is not true or false",
      patched((d) => (d.tutorial = "yes")),
      "tutorial: expected true or false",
    ],
    [
      "an HPA for an unknown deployment",
      patched((d) =>
        d.cluster.push({
          kind: "HorizontalPodAutoscaler",
          metadata: { name: "api" },
          spec: {
            scaleTargetRef: { kind: "Deployment", name: "api" },
            maxReplicas: 5,
            metrics: [
              {
                type: "Resource",
                resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
              },
            ],
          },
        }),
      ),
      'cluster[3].spec.scaleTargetRef.name: unknown deployment "api"',
    ],
    [
      "a PodDisruptionBudget with both minAvailable and maxUnavailable",
      patched((d) =>
        d.cluster.push({
          kind: "PodDisruptionBudget",
          metadata: { name: "web" },
          spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: { app: "web" } } },
        }),
      ),
      "cluster[3].spec: a PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable",
    ],
  ])("%s", (_rule, text, message) => {
    let thrown: unknown;
    try {
      loadScenario(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ScenarioFileError);
    expect((thrown as Error).message).toContain(message);
  });

  it("the error carries the path on its own, for editors to highlight", () => {
    const text = patched((d) => (d.faults[0]!.partition = [["etcd-1"], ["etcd-9"]]));
    expect(() => loadScenario(text)).toThrow(expect.objectContaining({ path: "faults[0].partition" }));
  });
});
