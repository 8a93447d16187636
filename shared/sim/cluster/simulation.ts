import { EventQueue } from "../engine/eventQueue.ts";
import { stableHash } from "../engine/hash.ts";
import { createRandom, type Random } from "../random.ts";
import { Scheduler } from "../scheduler/scheduler.ts";
import type { Node as SchedulerNode, Pod as SchedulerPod } from "../scheduler/types.ts";
import type { TraceRecord, TraceSink } from "../trace.ts";
import type { Scenario } from "./scenario.ts";
import type { ClusterEvent, Command, CommandResult, LoggedCommand, Node, Pod } from "./types.ts";

/** Timed happenings inside the cluster, processed in (time, sequence) order. */
type SimEvent =
  | { readonly kind: "podArrives" }
  | { readonly kind: "schedulerRuns" }
  | { readonly kind: "containersStarted"; readonly pod: string }
  | { readonly kind: "podCompletes"; readonly pod: string };

// The scheduling queue moves pods whose back-off has expired once a second (flushBackoffQCompleted).
const SCHEDULER_FLUSH_MS = 1_000;
const MiB = 1024 * 1024;
// Time from binding to Running. SIG Scalability's pod-startup SLO is p99 ≤ 5 s for stateless pods
// with pre-pulled images (kubernetes/community sig-scalability/slos/pod_startup_latency.md).
const POD_START_MS: readonly [number, number] = [1_000, 4_000];
/** Events kept for `kubectl get events`; the API server keeps them 1 h (--event-ttl), the game a window. */
const EVENT_WINDOW = 100;

/**
 * The walking-skeleton cluster: nodes, pods, kube-scheduler (shared/sim/scheduler, the whole
 * framework with its default plugins) and a stand-in for the kubelet's start-up, driven by a
 * discrete-event queue. Pure: no clock, no I/O, randomness only from the seeded streams.
 */
export class Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  private time = 0;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly workloadRandom: Random;
  private readonly scheduler: Scheduler;
  /** A schedulerRuns event is queued at this time (null: none), so runs are not queued twice. */
  private schedulerRunAt: number | null = null;
  private readonly nodes = new Map<string, Node>();
  private readonly pods = new Map<string, Pod>();
  private readonly events: ClusterEvent[] = [];
  private podSerial = 0;
  private recorded = 0;
  private readonly traceSink: TraceSink | undefined;

  /** `trace`, if given, receives every happening as a TraceRecord (it does not change the world). */
  constructor(scenario: Scenario, seed: number, { trace }: { trace?: TraceSink } = {}) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.scenario = scenario;
    this.seed = seed;
    this.traceSink = trace;
    this.workloadRandom = createRandom(seed, "workload");
    this.scheduler = new Scheduler({ random: createRandom(seed, "scheduler") });
    for (const n of scenario.nodes) {
      const node: Node = {
        name: n.name,
        zone: n.zone,
        allocatable: { milliCPU: n.milliCPU, memoryMiB: n.memoryMiB, pods: n.pods },
        unschedulable: false,
      };
      this.nodes.set(n.name, node);
      this.scheduler.addNode(schedulerNode(node), 0);
    }
    for (const node of this.nodes.values()) {
      for (let i = 0; i < scenario.workload.initialPodsPerNode; i++) {
        const pod = this.createPod();
        const used = this.requested(node.name);
        const fits =
          used.pods < node.allocatable.pods &&
          used.milliCPU + pod.requests.milliCPU <= node.allocatable.milliCPU &&
          used.memoryMiB + pod.requests.memoryMiB <= node.allocatable.memoryMiB;
        if (fits) this.bind(pod, node, false);
        else this.enqueue(pod);
      }
    }
    this.queue.push(this.drawArrival(), { kind: "podArrives" });
  }

  /** Simulated milliseconds since the round began. */
  get now(): number {
    return this.time;
  }

  /** Processes every event due up to and including `t`, then sets the clock to `t`. */
  advanceTo(t: number): void {
    if (!Number.isInteger(t) || t < this.time)
      throw new RangeError(`cannot advance from ${this.time} to ${t}`);
    for (let next = this.queue.peek(); next !== undefined && next.time <= t; next = this.queue.peek()) {
      this.queue.pop();
      this.time = next.time;
      this.handle(next.event);
    }
    this.time = t;
  }

  /** Applies a player's command at the current time; never throws for a bad command. */
  apply(command: Command): CommandResult {
    const result = this.applyCommand(command);
    this.trace({
      t: this.time,
      kind: "command",
      command,
      accepted: result.accepted,
      ...(result.accepted ? {} : { reason: result.reason }),
    });
    return result;
  }

  private applyCommand(command: Command): CommandResult {
    const node = this.nodes.get(command.node);
    if (node === undefined) return { accepted: false, reason: `node "${command.node}" not found` };
    switch (command.type) {
      case "cordon":
        if (node.unschedulable) return { accepted: false, reason: `node/${node.name} already cordoned` };
        node.unschedulable = true;
        this.scheduler.updateNode(schedulerNode(node), this.time);
        this.trace({ t: this.time, kind: "node.schedulable", node: node.name, schedulable: false });
        // kubelet records NodeNotSchedulable when spec.unschedulable turns true (pkg/kubelet/nodestatus).
        this.record(
          "Normal",
          "NodeNotSchedulable",
          `node/${node.name}`,
          "Cordoned: new pods will not be placed here; running pods stay.",
        );
        return { accepted: true };
      case "uncordon":
        if (!node.unschedulable) return { accepted: false, reason: `node/${node.name} already uncordoned` };
        node.unschedulable = false;
        this.scheduler.updateNode(schedulerNode(node), this.time);
        this.wakeScheduler();
        this.trace({ t: this.time, kind: "node.schedulable", node: node.name, schedulable: true });
        this.record(
          "Normal",
          "NodeSchedulable",
          `node/${node.name}`,
          "Uncordoned: the scheduler may place pods here again.",
        );
        return { accepted: true };
    }
  }

  /** A digest of everything that decides the future: equal hashes, equal worlds. */
  hash(): string {
    return stableHash({
      time: this.time,
      nodes: [...this.nodes.values()],
      pods: [...this.pods.values()],
      events: this.events,
      queue: this.queue.ordered(),
      sequence: this.queue.sequence,
      random: [this.workloadRandom.save(), this.scheduler.framework.random.save()],
      schedulingQueue: this.scheduler.queue
        .pendingPods()
        .map((q) => [q.podInfo.key, q.attempts, q.timestamp, this.scheduler.queue.where(q.podInfo.key)]),
      podSerial: this.podSerial,
      recorded: this.recorded,
    });
  }

  nodeList(): readonly Readonly<Node>[] {
    return [...this.nodes.values()];
  }

  podList(): readonly Readonly<Pod>[] {
    return [...this.pods.values()];
  }

  recentEvents(): readonly ClusterEvent[] {
    return this.events;
  }

  /** How many events have ever been recorded; the window holds the last of them. */
  get eventsRecorded(): number {
    return this.recorded;
  }

  /** Requested CPU and memory and pod count on a node, as NodeResourcesFit sums them. */
  requested(nodeName: string): { milliCPU: number; memoryMiB: number; pods: number } {
    let milliCPU = 0;
    let memoryMiB = 0;
    let pods = 0;
    for (const pod of this.pods.values()) {
      if (pod.nodeName !== nodeName) continue;
      milliCPU += pod.requests.milliCPU;
      memoryMiB += pod.requests.memoryMiB;
      pods++;
    }
    return { milliCPU, memoryMiB, pods };
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case "podArrives": {
        this.enqueue(this.createPod());
        this.queue.push(this.time + this.drawArrival(), { kind: "podArrives" });
        return;
      }
      case "schedulerRuns":
        this.runScheduler();
        return;
      case "containersStarted": {
        const pod = this.pods.get(event.pod);
        if (pod === undefined || pod.phase !== "Pending") return;
        pod.phase = "Running";
        this.trace({ t: this.time, kind: "pod.phase", pod: pod.name, phase: "Running" });
        const [min, max] = this.scenario.workload.lifetimeMs;
        this.queue.push(this.time + this.workloadRandom.intBetween(min, max), {
          kind: "podCompletes",
          pod: pod.name,
        });
        return;
      }
      case "podCompletes": {
        const pod = this.pods.get(event.pod);
        if (pod === undefined) return;
        this.pods.delete(pod.name);
        this.scheduler.deletePod(podKey(pod.name), this.time);
        this.wakeScheduler();
        this.trace({ t: this.time, kind: "pod.phase", pod: pod.name, phase: "Succeeded" });
        this.trace({ t: this.time, kind: "pod.deleted", pod: pod.name });
        this.record(
          "Normal",
          "Completed",
          `pod/${pod.name}`,
          `Finished its work on ${pod.nodeName}; its requests are free again.`,
        );
        return;
      }
    }
  }

  /** A new pending pod: into kube-scheduler's queue. */
  private enqueue(pod: Pod): void {
    this.scheduler.addPod(schedulerPod(pod), this.time);
    this.wakeScheduler();
  }

  /** Something changed that may let a pod schedule: the scheduler runs now (once). */
  private wakeScheduler(at = this.time): void {
    if (this.schedulerRunAt !== null && this.schedulerRunAt <= at) return;
    this.schedulerRunAt = at;
    this.queue.push(at, { kind: "schedulerRuns" });
  }

  /** kube-scheduler's loop: schedule every pod that is ready, then wait for back-offs to expire. */
  private runScheduler(): void {
    if (this.schedulerRunAt !== this.time) return;
    this.schedulerRunAt = null;
    for (
      let r = this.scheduler.scheduleOne(this.time);
      r !== null;
      r = this.scheduler.scheduleOne(this.time)
    ) {
      const pod = this.pods.get(r.podInfo.pod.name);
      if (pod === undefined) continue;
      const node = r.explanation.node === null ? undefined : this.nodes.get(r.explanation.node);
      if (node !== undefined) {
        this.bind(pod, node, true);
        continue;
      }
      pod.schedulingAttempts++;
      const queued = this.scheduler.queue.get(r.podInfo.key);
      const retryInMs = queued === undefined ? 0 : this.scheduler.queue.backoffExpiry(queued) - this.time;
      const summary = r.explanation.summary;
      this.record("Warning", "FailedScheduling", `pod/${pod.name}`, summary);
      this.trace({ t: this.time, kind: "pod.unschedulable", pod: pod.name, summary, retryInMs });
    }
    if (this.scheduler.queue.pendingPods().length > 0) {
      this.wakeScheduler((Math.floor(this.time / SCHEDULER_FLUSH_MS) + 1) * SCHEDULER_FLUSH_MS);
    }
  }

  /** Binds the pod (the scheduler has already assumed it when `announce`; initial pods are added here). */
  private bind(pod: Pod, node: Node, announce: boolean): void {
    pod.nodeName = node.name;
    if (!announce) this.scheduler.addPod(schedulerPod(pod), this.time);
    this.trace({ t: this.time, kind: "pod.scheduled", pod: pod.name, node: node.name });
    if (!announce) {
      pod.phase = "Running";
      this.trace({ t: this.time, kind: "pod.phase", pod: pod.name, phase: "Running" });
      const [min, max] = this.scenario.workload.lifetimeMs;
      this.queue.push(this.workloadRandom.intBetween(min, max), { kind: "podCompletes", pod: pod.name });
      return;
    }
    this.record(
      "Normal",
      "Scheduled",
      `pod/${pod.name}`,
      `Successfully assigned default/${pod.name} to ${node.name}`,
    );
    const [min, max] = POD_START_MS;
    this.queue.push(this.time + this.workloadRandom.intBetween(min, max), {
      kind: "containersStarted",
      pod: pod.name,
    });
  }

  private createPod(): Pod {
    const shapes = this.scenario.workload.podShapes;
    const shape = shapes[this.workloadRandom.int(shapes.length)]!;
    const pod: Pod = {
      name: `web-${(++this.podSerial).toString().padStart(4, "0")}`,
      requests: shape,
      phase: "Pending",
      nodeName: null,
      createdAt: this.time,
      schedulingAttempts: 0,
    };
    this.pods.set(pod.name, pod);
    this.trace({ t: this.time, kind: "pod.created", pod: pod.name, ...shape });
    return pod;
  }

  private drawArrival(): number {
    const [min, max] = this.scenario.workload.arrivalEveryMs;
    return this.workloadRandom.intBetween(min, max);
  }

  private trace(record: TraceRecord): void {
    this.traceSink?.(record);
  }

  private record(type: ClusterEvent["type"], reason: string, object: string, message: string): void {
    this.events.push({ time: this.time, type, reason, object, message });
    this.recorded++;
    if (this.events.length > EVENT_WINDOW) this.events.splice(0, this.events.length - EVENT_WINDOW);
  }
}

function podKey(name: string): string {
  return `default/${name}`;
}

/** The node as kube-scheduler reads it. */
function schedulerNode(node: Node): SchedulerNode {
  return {
    name: node.name,
    labels: { "kubernetes.io/hostname": node.name, "topology.kubernetes.io/zone": node.zone },
    allocatable: {
      milliCPU: node.allocatable.milliCPU,
      memory: node.allocatable.memoryMiB * MiB,
      ephemeralStorage: 0,
      pods: node.allocatable.pods,
      scalar: {},
    },
    taints: [],
    unschedulable: node.unschedulable,
    images: [],
  };
}

/** The pod as kube-scheduler reads it: one container with the pod's requests. */
function schedulerPod(pod: Pod): SchedulerPod {
  const requests = {
    milliCPU: pod.requests.milliCPU,
    memory: pod.requests.memoryMiB * MiB,
    ephemeralStorage: 0,
    pods: 0,
    scalar: {},
  };
  return {
    name: pod.name,
    namespace: "default",
    labels: { app: "web" },
    nodeName: pod.nodeName ?? "",
    priority: 0,
    preemptionPolicy: "PreemptLowerPriority",
    nodeSelector: {},
    affinity: {},
    tolerations: [],
    topologySpreadConstraints: [],
    containers: [
      { name: "web", image: "example/web:1", requests, requestedResources: ["cpu", "memory"], ports: [] },
    ],
    initContainers: [],
    creationIndex: pod.createdAt,
    startTime: "",
  };
}

/**
 * Re-runs a round from its scenario, seed and command log, the way the server
 * verifies a result: each command is applied at its simulated time, in log order.
 */
export function replay(
  scenario: Scenario,
  seed: number,
  log: readonly LoggedCommand[],
  untilMs: number,
  trace?: TraceSink,
): Simulation {
  const sim = new Simulation(scenario, seed, trace ? { trace } : {});
  for (const entry of log) {
    sim.advanceTo(entry.at);
    sim.apply(entry.command);
  }
  sim.advanceTo(untilMs);
  return sim;
}
