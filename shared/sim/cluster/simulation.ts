import { EventQueue } from "../engine/eventQueue.ts";
import { stableHash } from "../engine/hash.ts";
import { createRandom, type Random } from "../random.ts";
import type { TraceRecord, TraceSink } from "../trace.ts";
import type { Scenario } from "./scenario.ts";
import type { ClusterEvent, Command, CommandResult, LoggedCommand, Node, Pod } from "./types.ts";

/** Timed happenings inside the cluster, processed in (time, sequence) order. */
type SimEvent =
  | { readonly kind: "podArrives" }
  | { readonly kind: "schedulePod"; readonly pod: string }
  | { readonly kind: "containersStarted"; readonly pod: string }
  | { readonly kind: "podCompletes"; readonly pod: string };

// kube-scheduler podInitialBackoffSeconds 1 and podMaxBackoffSeconds 10 (pkg/scheduler/apis/config/v1/defaults.go).
const POD_INITIAL_BACKOFF_MS = 1_000;
const POD_MAX_BACKOFF_MS = 10_000;
// Time from binding to Running. SIG Scalability's pod-startup SLO is p99 ≤ 5 s for stateless pods
// with pre-pulled images (kubernetes/community sig-scalability/slos/pod_startup_latency.md).
const POD_START_MS: readonly [number, number] = [1_000, 4_000];
/** Events kept for `kubectl get events`; the API server keeps them 1 h (--event-ttl), the game a window. */
const EVENT_WINDOW = 100;

/**
 * The walking-skeleton cluster: nodes, pods, a stand-in for kube-scheduler and
 * the kubelet's start-up, driven by a discrete-event queue. Pure: no clock,
 * no I/O, randomness only from the seeded streams.
 *
 * The placement here is kube-scheduler's NodeUnschedulable + NodeResourcesFit
 * filters with the LeastAllocated score; the cluster-simulation issue replaces it
 * with the full framework in shared/sim/scheduler/.
 */
export class Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  private time = 0;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly workloadRandom: Random;
  private readonly schedulerRandom: Random;
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
    this.schedulerRandom = createRandom(seed, "scheduler");
    for (const n of scenario.nodes) {
      this.nodes.set(n.name, {
        name: n.name,
        zone: n.zone,
        allocatable: { milliCPU: n.milliCPU, memoryMiB: n.memoryMiB, pods: n.pods },
        unschedulable: false,
      });
    }
    for (const node of this.nodes.values()) {
      for (let i = 0; i < scenario.workload.initialPodsPerNode; i++) {
        const pod = this.createPod();
        if (this.fits(pod, node)) this.bind(pod, node, false);
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
        this.trace({ t: this.time, kind: "node.schedulable", node: node.name, schedulable: true });
        this.record(
          "Normal",
          "NodeSchedulable",
          `node/${node.name}`,
          "Uncordoned: the scheduler may place pods here again.",
        );
        this.retryPendingNow();
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
      random: [this.workloadRandom.save(), this.schedulerRandom.save()],
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
        const pod = this.createPod();
        this.queue.push(this.time, { kind: "schedulePod", pod: pod.name });
        this.queue.push(this.time + this.drawArrival(), { kind: "podArrives" });
        return;
      }
      case "schedulePod":
        this.schedule(event.pod);
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
        this.trace({ t: this.time, kind: "pod.phase", pod: pod.name, phase: "Succeeded" });
        this.trace({ t: this.time, kind: "pod.deleted", pod: pod.name });
        this.record(
          "Normal",
          "Completed",
          `pod/${pod.name}`,
          `Finished its work on ${pod.nodeName}; its requests are free again.`,
        );
        this.retryPendingNow();
        return;
      }
    }
  }

  private schedule(podName: string): void {
    const pod = this.pods.get(podName);
    if (pod === undefined || pod.nodeName !== null) return;
    const feasible = [...this.nodes.values()].filter((n) => this.fits(pod, n));
    if (feasible.length === 0) {
      pod.schedulingAttempts++;
      const backoff = Math.min(
        POD_INITIAL_BACKOFF_MS * 2 ** (pod.schedulingAttempts - 1),
        POD_MAX_BACKOFF_MS,
      );
      const summary = this.unschedulableSummary(pod);
      this.record("Warning", "FailedScheduling", `pod/${pod.name}`, summary);
      this.trace({ t: this.time, kind: "pod.unschedulable", pod: pod.name, summary, retryInMs: backoff });
      this.queue.push(this.time + backoff, { kind: "schedulePod", pod: pod.name });
      return;
    }
    this.bind(pod, this.pickNode(pod, feasible), true);
  }

  /** Highest LeastAllocated score wins; ties broken uniformly by reservoir sampling, as kube-scheduler does. */
  private pickNode(pod: Pod, feasible: readonly Node[]): Node {
    let best = feasible[0]!;
    let bestScore = -1;
    let ties = 0;
    for (const node of feasible) {
      const score = this.leastAllocated(pod, node);
      if (score > bestScore) {
        best = node;
        bestScore = score;
        ties = 1;
      } else if (score === bestScore) {
        ties++;
        if (this.schedulerRandom.int(ties) === 0) best = node;
      }
    }
    return best;
  }

  // NodeResourcesFit LeastAllocated: per resource (capacity − requested)·100/capacity, cpu and memory weight 1
  // (pkg/scheduler/framework/plugins/noderesources/least_allocated.go).
  private leastAllocated(pod: Pod, node: Node): number {
    const used = this.requested(node.name);
    const free = (cap: number, req: number) => (req > cap ? 0 : Math.floor(((cap - req) * 100) / cap));
    const cpu = free(node.allocatable.milliCPU, used.milliCPU + pod.requests.milliCPU);
    const mem = free(node.allocatable.memoryMiB, used.memoryMiB + pod.requests.memoryMiB);
    return Math.floor((cpu + mem) / 2);
  }

  private fits(pod: Pod, node: Node): boolean {
    return this.filterReasons(pod, node).length === 0;
  }

  // Reason strings are kube-scheduler's own (NodeUnschedulable and NodeResourcesFit plugins).
  private filterReasons(pod: Pod, node: Node): string[] {
    if (node.unschedulable) return ["node(s) were unschedulable"];
    const used = this.requested(node.name);
    const reasons: string[] = [];
    if (used.pods + 1 > node.allocatable.pods) reasons.push("Too many pods");
    if (used.milliCPU + pod.requests.milliCPU > node.allocatable.milliCPU) reasons.push("Insufficient cpu");
    if (used.memoryMiB + pod.requests.memoryMiB > node.allocatable.memoryMiB)
      reasons.push("Insufficient memory");
    return reasons;
  }

  /** kube-scheduler's FailedScheduling line: `0/6 nodes are available: 2 Insufficient cpu, ….` */
  private unschedulableSummary(pod: Pod): string {
    const counts = new Map<string, number>();
    for (const node of this.nodes.values()) {
      for (const reason of this.filterReasons(pod, node)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    const parts = [...counts.entries()].map(([reason, n]) => `${n} ${reason}`).sort();
    return `0/${this.nodes.size} nodes are available: ${parts.join(", ")}.`;
  }

  private bind(pod: Pod, node: Node, announce: boolean): void {
    pod.nodeName = node.name;
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

  /** A node became usable: pending pods skip the rest of their back-off, as a cluster event re-queues them. */
  private retryPendingNow(): void {
    for (const pod of this.pods.values()) {
      if (pod.nodeName === null) this.queue.push(this.time, { kind: "schedulePod", pod: pod.name });
    }
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
