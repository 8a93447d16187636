import type { PodListMessage } from "../../shared/protocol/messages.ts";
import { ETCD_VERSION } from "../../shared/sim/etcd/version.ts";
import { memberId } from "../../shared/words/commandLine.ts";
import { formatBytes, formatMilliCpu } from "../../shared/words/quantity.ts";
import { isGameNote } from "../events/why.ts";
import type { ClusterView, EtcdMemberView, NodeView, PdbView, PodView } from "../net/connection.ts";

/**
 * What the read commands print, laid out like kubectl's and etcdctl's own output, from the
 * client's plain view of the cluster. Pure: no Phaser, no DOM, no i18n (the tools speak English).
 */

/**
 * The version the nodes report: the simulation's defaults are Kubernetes v1.32's (e.g.
 * --node-monitor-grace-period 50s, shared/sim/controllers/nodeLifecycle.ts).
 */
export const KUBELET_VERSION = "v1.32.0";

/** kubectl's column layout: left-aligned, three spaces between columns, no trailing blanks. */
export function columns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 3)))
        .join("")
        .trimEnd(),
    )
    .join("\n");
}

/** etcdctl's `-w table` layout: boxed, each cell centred the way tablewriter does it. */
export function boxed(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const rule = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+`;
  const centre = (text: string, width: number) => {
    const left = Math.ceil((width - text.length) / 2);
    return " ".repeat(left) + text + " ".repeat(width - text.length - left);
  };
  const line = (cells: readonly string[], align: (text: string, width: number) => string) =>
    `| ${cells.map((c, i) => align(c, widths[i]!)).join(" | ")} |`;
  return [
    rule,
    line(header, centre),
    rule,
    ...rows.map((r) => line(r, (text, width) => text.padEnd(width))),
    rule,
  ].join("\n");
}

/** k8s.io/apimachinery duration.HumanDuration: `45s`, `3m20s`, `12m`, `2h5m`, `3d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  return `${days}d`;
}

export const NO_RESOURCES = "No resources found in default namespace.";

/** `kubectl get nodes` STATUS: Ready / NotReady / Unknown, with SchedulingDisabled when cordoned. */
export function nodeStatus(node: NodeView): string {
  const ready = node.ready === "True" ? "Ready" : node.ready === "False" ? "NotReady" : "Unknown";
  return node.unschedulable ? `${ready},SchedulingDisabled` : ready;
}

export function getNodes(view: ClusterView, wide: boolean): string {
  if (view.nodes.length === 0) return "No resources found";
  // The scenario's objects exist from the round's start: their age is the round's clock.
  const age = humanDuration(view.timeMs);
  const header = ["NAME", "STATUS", "ROLES", "AGE", "VERSION", ...(wide ? ["ZONE", "TAINTS"] : [])];
  return columns([
    header,
    ...view.nodes.map((n) => [
      n.name,
      nodeStatus(n),
      "<none>",
      age,
      KUBELET_VERSION,
      ...(wide ? [n.zone, n.taints.length > 0 ? n.taints.join(",") : "<none>"] : []),
    ]),
  ]);
}

/** `kubectl get pods`: every pod the server listed, by name, with its node under -o wide. */
export function getPods(list: PodListMessage, wide: boolean): string {
  if (list.pods.length === 0) return NO_RESOURCES;
  const header = ["NAME", "READY", "STATUS", "RESTARTS", "AGE", ...(wide ? ["IP", "NODE"] : [])];
  const table = columns([
    header,
    ...list.pods.map((p) => [
      p.name,
      p.ready ? "1/1" : "0/1",
      p.status,
      String(p.restarts),
      humanDuration(p.ageMs),
      ...(wide ? [p.ip || "<none>", p.node || "<none>"] : []),
    ]),
  ]);
  return list.more > 0 ? `${table}\n(+${list.more} more pods not listed)` : table;
}

/** `kubectl get hpa`: each autoscaler, its target, its metric against its target, its bounds. */
export function getHpa(view: ClusterView): string {
  if (view.hpas.length === 0) return NO_RESOURCES;
  const age = humanDuration(view.timeMs);
  return columns([
    ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"],
    ...view.hpas.map((h) => [
      h.name,
      `Deployment/${h.deployment}`,
      // kubectl prints <unknown> until the metrics arrive (kubectl describe's "cpu: <unknown>/80%").
      `cpu: ${h.currentPercent === null ? "<unknown>" : `${h.currentPercent}%`}/${h.targetPercent}%`,
      String(h.minReplicas),
      String(h.maxReplicas),
      String(view.deployments.find((d) => d.name === h.deployment)?.replicas ?? 0),
      age,
    ]),
  ]);
}

/**
 * `kubectl get pdb`: kubectl's columns for policy/v1 PodDisruptionBudgets (pkg/printers/internalversion/
 * printers.go, v1.32, printPodDisruptionBudget): an unset bound prints N/A.
 */
export function getPdbs(view: ClusterView): string {
  if (view.pdbs.length === 0) return NO_RESOURCES;
  const age = humanDuration(view.timeMs);
  return columns([
    ["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"],
    ...view.pdbs.map((b) => [
      b.name,
      b.minAvailable ?? "N/A",
      b.maxUnavailable ?? "N/A",
      String(b.disruptionsAllowed),
      age,
    ]),
  ]);
}

/** `kubectl describe pdb NAME` (staging/src/k8s.io/kubectl/pkg/describe/describe.go, PodDisruptionBudgetDescriber). */
export function describePdb(pdb: PdbView): string {
  const bound: [string, string] =
    pdb.minAvailable !== null
      ? ["Min available:", pdb.minAvailable]
      : ["Max unavailable:", pdb.maxUnavailable ?? ""];
  const top = aligned([["Name:", pdb.name], ["Namespace:", "default"], bound, ["Selector:", pdb.selector]]);
  const status = aligned([
    ["Allowed disruptions:", String(pdb.disruptionsAllowed)],
    ["Current:", String(pdb.currentHealthy)],
    ["Desired:", String(pdb.desiredHealthy)],
    ["Total:", String(pdb.expectedPods)],
  ]);
  // The budget's own events (NoPods, CalculateExpectedPodCountFailed): none here; refusals are the pods' events.
  return [top, "Status:", ...status.split("\n").map((line) => `    ${line}`), "Events:  <none>"].join("\n");
}

/** describe's label/value layout: values lined up one column past the longest label. */
function aligned(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width + 2)}${value}`).join("\n");
}

export function getDeployments(view: ClusterView): string {
  if (view.deployments.length === 0) return NO_RESOURCES;
  const age = humanDuration(view.timeMs);
  return columns([
    ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
    ...view.deployments.map((d) => [
      d.name,
      `${d.readyReplicas}/${d.replicas}`,
      String(d.replicas),
      String(d.readyReplicas),
      age,
    ]),
  ]);
}

/** Services with what the game measures of them (requests, availability, p99) as extra columns. */
export function getServices(view: ClusterView): string {
  if (view.services.length === 0) return NO_RESOURCES;
  const age = humanDuration(view.timeMs);
  return columns([
    ["NAME", "TYPE", "ENDPOINTS", "RPS", "AVAILABILITY", "P99", "AGE"],
    ...view.services.map((s) => [
      s.name,
      "ClusterIP",
      String(s.readyEndpoints),
      String(s.demandRps),
      `${(s.availability * 100).toFixed(2)}%`,
      `${Math.round(s.p99Ms)}ms`,
      age,
    ]),
  ]);
}

/** Kubernetes Event objects only: the game's own notes (isGameNote) are in the event feed, not here. */
export function getEvents(view: ClusterView): string {
  const events = view.events.filter((e) => !isGameNote(e.reason));
  if (events.length === 0) return NO_RESOURCES;
  return columns([
    ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
    ...events.map((e) => [humanDuration(view.timeMs - e.time), e.type, e.reason, e.object, e.message]),
  ]);
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** `kubectl top nodes`; the view carries requests, not metrics-server's usage, so it shows those. */
export function topNodes(view: ClusterView): string {
  if (view.nodes.length === 0) return "error: metrics not available yet";
  const table = columns([
    ["NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"],
    ...view.nodes.map((n) => [
      n.name,
      `${n.cpuRequestedMilli}m`,
      `${percent(n.cpuRequestedMilli, n.cpuMilli)}%`,
      `${n.memoryRequestedMiB}Mi`,
      `${percent(n.memoryRequestedMiB, n.memoryMiB)}%`,
    ]),
  ]);
  return `${table}\n(requested by pods: this cluster runs no metrics-server)`;
}

export function describeNode(view: ClusterView, node: NodeView): string {
  const pods = view.pods.filter((p) => p.nodeName === node.name);
  const memoryBytes = node.memoryMiB * 2 ** 20;
  const conditionRows = [
    ["Type", "Status", "Reason"],
    ["----", "------", "------"],
    ["Ready", node.ready, node.ready === "True" ? "KubeletReady" : "NodeStatusUnknown"],
    ...node.conditions.map((c) => [c, "True", `KubeletHas${c}`]),
  ];
  const indent = (text: string) =>
    text
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n");
  const lines = [
    `Name:               ${node.name}`,
    "Roles:              <none>",
    `Labels:             kubernetes.io/hostname=${node.name}`,
    `                    topology.kubernetes.io/zone=${node.zone}`,
    `Taints:             ${node.taints.length > 0 ? node.taints[0] : "<none>"}`,
    ...node.taints.slice(1).map((taint) => `                    ${taint}`),
    `Unschedulable:      ${node.unschedulable}`,
    "Conditions:",
    indent(columns(conditionRows)),
    "Capacity:",
    `  cpu:     ${formatMilliCpu(node.cpuMilli)}`,
    `  memory:  ${formatBytes(memoryBytes)}`,
    `  pods:    ${node.podCapacity}`,
    "System Info:",
    `  Kubelet Version:  ${KUBELET_VERSION}`,
    `  Machine:          ${node.up ? "running" : "powered off"}`,
    `Non-terminated Pods:  (${node.podCount} in total, ${node.podsReady} Running and Ready)`,
    ...(pods.length > 0
      ? [
          indent(
            columns([
              ["Name", "CPU Requests", "Memory Requests", "Status"],
              ["----", "------------", "---------------", "------"],
              ...pods.map((p) => [p.name, `${p.cpuMilli}m`, `${p.memoryMiB}Mi`, p.reason || p.phase]),
            ]),
          ),
        ]
      : []),
    "Allocated resources:",
    indent(
      columns([
        ["Resource", "Requests"],
        ["--------", "--------"],
        ["cpu", `${node.cpuRequestedMilli}m (${percent(node.cpuRequestedMilli, node.cpuMilli)}%)`],
        ["memory", `${node.memoryRequestedMiB}Mi (${percent(node.memoryRequestedMiB, node.memoryMiB)}%)`],
      ]),
    ),
  ];
  return lines.join("\n");
}

/**
 * `kubectl describe pod`, in kubectl v1.32's layout, from what the view carries: the sandbox's IP,
 * the container's state, last termination and restart count, requests and limits, the QoS class.
 * The PodReadyToStartContainers condition (KEP-3085, on by default since v1.29) is the sandbox's:
 * True once the runtime has made it and the CNI has given it its IP. The closing comment is the
 * game's: it names the pause container that kubectl does not show.
 */
export function describePod(pod: PodView): string {
  const waiting = !pod.ready && pod.phase === "Running";
  const state = pod.phase === "Pending" ? "Waiting" : waiting && pod.reason !== "" ? "Waiting" : "Running";
  const sandboxed = pod.podIP !== "";
  const memory = (mib: number) => formatBytes(mib * 2 ** 20);
  const resourceLines = (label: string, cpu: number, mib: number) =>
    cpu === 0 && mib === 0
      ? []
      : [
          `    ${label}:`,
          ...(cpu > 0 ? [`      cpu:     ${formatMilliCpu(cpu)}`] : []),
          ...(mib > 0 ? [`      memory:  ${memory(mib)}`] : []),
        ];
  const lines = [
    `Name:             ${pod.name}`,
    "Namespace:        default",
    `Priority:         ${pod.priority}`,
    `Node:             ${pod.nodeName || "<none>"}`,
    `Status:           ${pod.phase}`,
    `IP:               ${pod.podIP}`,
    ...(sandboxed ? ["IPs:", `  IP:  ${pod.podIP}`] : []),
    "Containers:",
    `  ${pod.container || pod.deployment}:`,
    `    Image:          ${pod.image}`,
    `    State:          ${state}`,
    ...(state === "Waiting" && pod.reason !== "" ? [`      Reason:       ${pod.reason}`] : []),
    ...(pod.lastTermination !== ""
      ? [
          "    Last State:     Terminated",
          `      Reason:       ${pod.lastTermination}`,
          `      Exit Code:    ${pod.lastTermination === "OOMKilled" ? 137 : 1}`,
        ]
      : []),
    `    Ready:          ${pod.ready ? "True" : "False"}`,
    `    Restart Count:  ${pod.restarts}`,
    ...resourceLines("Limits", pod.cpuLimitMilli, pod.memoryLimitMiB),
    ...resourceLines("Requests", pod.cpuMilli, pod.memoryMiB),
    "Conditions:",
    "  Type                        Status",
    `  PodReadyToStartContainers   ${sandboxed ? "True" : "False"}`,
    `  Initialized                 ${sandboxed ? "True" : "False"}`,
    `  Ready                       ${pod.ready ? "True" : "False"}`,
    `  ContainersReady             ${pod.ready ? "True" : "False"}`,
    `  PodScheduled                ${pod.nodeName !== "" ? "True" : "False"}`,
    `QoS Class:                   ${pod.qosClass}`,
  ];
  if (sandboxed)
    lines.push(
      `# The pod's sandbox, a pause container that only sleeps, holds ${pod.podIP} and the network namespace:`,
      `# ${pod.restarts > 0 ? `all ${pod.restarts} restarts of` : "a restart of"} ${pod.container || "its container"} kept them. A new sandbox (a new pod, a rebooted node) brings a new IP.`,
    );
  return lines.join("\n");
}

// ————— etcdctl —————

// etcd's IANA-registered ports, its defaults for --listen-peer-urls (2380) and --listen-client-urls (2379).
const peerUrl = (m: EtcdMemberView) => `https://${m.name}:2380`;
const clientUrl = (m: EtcdMemberView) => `https://${m.name}:2379`;

export function memberList(view: ClusterView): string {
  return boxed(
    ["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"],
    view.etcd.map((m) => [
      memberId(m.name),
      m.role === "down" ? "unstarted" : "started",
      m.name,
      peerUrl(m),
      clientUrl(m),
      String(m.role === "learner"),
    ]),
  );
}

const DEADLINE = "context deadline exceeded";

export function endpointStatus(view: ClusterView): string {
  const up = view.etcd.filter((m) => m.role !== "down");
  const table = boxed(
    ["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX", "ERRORS"],
    up.map((m) => [
      clientUrl(m),
      memberId(m.name),
      ETCD_VERSION,
      siBytes(m.dbSize),
      String(m.role === "leader"),
      String(m.role === "learner"),
      String(m.term),
      String(m.commitIndex),
      view.etcd.some((x) => x.role === "leader") ? "" : "etcdserver: no leader",
    ]),
  );
  const failed = view.etcd
    .filter((m) => m.role === "down")
    .map(
      (m) => `{"level":"warn","msg":"failed to get the status of endpoint ${clientUrl(m)} (${DEADLINE})"}`,
    );
  return [...failed, table].join("\n");
}

/**
 * `etcdctl endpoint status -w json`: each reachable member's StatusResponse as etcdctl prints it
 * (etcdctl/ctlv3/command/printer_json.go; IDs in decimal, as Go encodes uint64).
 */
export function endpointStatusJson(view: ClusterView): string {
  const decimal = (name: string) => BigInt(`0x${memberId(name)}`).toString();
  const leader = view.etcd.find((m) => m.role === "leader");
  const statuses = view.etcd
    .filter((m) => m.role !== "down")
    .map(
      (m) =>
        `{"Endpoint":"${clientUrl(m)}","Status":{"header":{"cluster_id":${decimal("etcd-cluster")},"member_id":${decimal(m.name)},"revision":${m.revision},"raft_term":${m.term}},"version":"${ETCD_VERSION}","dbSize":${m.dbSize},"leader":${leader ? decimal(leader.name) : 0},"raftIndex":${m.commitIndex},"raftTerm":${m.term},"raftAppliedIndex":${m.commitIndex},"dbSizeInUse":${m.dbSizeInUse},"isLearner":${m.role === "learner"}}}`,
    );
  return `[${statuses.join(",")}]`;
}

/** go-humanize's Bytes, which etcdctl prints sizes with: SI units, 2.1 GB. */
export function siBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;
  const units = ["B", "kB", "MB", "GB", "TB"];
  const e = Math.min(units.length - 1, Math.floor(Math.log10(bytes) / 3));
  const value = bytes / 1000 ** e;
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ${units[e]}`;
}

/** etcdctl alarm list: one line per alarm raised, or nothing. */
export function alarmList(view: ClusterView): string {
  return view.etcd.flatMap((m) => m.alarms.map((a) => `memberID:${memberId(m.name)} alarm:${a}`)).join("\n");
}

export function endpointHealth(view: ClusterView): string {
  const leader = view.etcd.some((m) => m.role === "leader");
  return boxed(
    ["ENDPOINT", "HEALTH", "ERROR"],
    view.etcd.map((m) => {
      const healthy = leader && m.role !== "down";
      const error = m.role === "down" ? DEADLINE : leader ? "" : "etcdserver: no leader";
      return [clientUrl(m), String(healthy), error];
    }),
  );
}
