/**
 * How one kube-apiserver admits concurrent requests, in simulated time (integer ms, no randomness).
 *
 * - "max-inflight" (APF off): WithMaxInFlightLimit, staging/src/k8s.io/apiserver/pkg/server/filters/maxinflight.go.
 *   Read-only verbs (get, list, watch) share `--max-requests-inflight` seats, every other verb
 *   `--max-mutating-requests-inflight`; a limit of 0 means no limit. Beyond the limit: 429 at once —
 *   except for group system:masters, which is served anyway.
 * - "apf" (API Priority and Fairness, on by default since v1.20): the server's concurrency limit
 *   (ServerCL = the sum of the two flags) is split among the priority levels; a FlowSchema picks a
 *   request's level and flow; each limited level shuffle-shards flows onto its queues and dispatches
 *   by fair queuing (fairqueuing/queueset/queueset.go in staging/src/k8s.io/apiserver/pkg/util/flowcontrol).
 *
 * Simplifications, all deliberate:
 * - Each request takes one seat (width 1): no LIST/watch-notification work estimates (request/width.go).
 * - Long-running requests (watch, proxy; exec/attach/log/portforward subresources) take no seat. With
 *   APF a watch holds its seat only until its initial events are sent, which here is instant.
 * - No borrowing between levels (lendablePercent / borrowingLimitPercent, conc_alloc.go): each level
 *   dispatches up to its NominalCL. lendablePercent is kept as data only.
 * - API groups are not matched: resource names are unique across groups in this simulation.
 * - The flow hash is 64-bit FNV-1a of `schema \0 distinguisher` instead of SHA-256 (apf_controller.go
 *   hashFlowID); the dealer that turns it into a hand is the real one (util/shufflesharding).
 * - An arriving request takes a free seat at once even if older requests wait in its level (only
 *   possible right after `setLimits` raised the limits; they get their seats at the next `release`).
 *
 * State is plain data, mutated in place.
 */

export type FlowControlMode = "max-inflight" | "apf";

export interface FlowRequest {
  readonly id: number;
  readonly user: string;
  readonly groups: readonly string[];
  readonly verb: string;
  /** `pods`, `nodes/status`, or a non-resource path such as `/healthz`. */
  readonly resource: string;
  /** "" for a cluster-scoped resource. */
  readonly namespace: string;
  /** When it reached the server: its queue wait counts from here (the request's ReceivedTimestamp). */
  readonly arrivalMs: number;
}

export interface InflightLimits {
  readonly maxRequestsInflight: number;
  readonly maxMutatingRequestsInflight: number;
}

/** kube-apiserver defaults: --max-requests-inflight 400, --max-mutating-requests-inflight 200 (k8s.io/apiserver/pkg/server/config.go NewConfig). */
export const defaultInflightLimits: InflightLimits = {
  maxRequestsInflight: 400,
  maxMutatingRequestsInflight: 200,
};

/** The body of every flow-control 429 (tooManyRequests, server/filters/maxinflight.go and priority-and-fairness.go). */
export const tooManyRequestsMessage = "Too many requests, please try again later.";
/**
 * The 429's Retry-After header: "1" with max-inflight. APF's starts at 1 s too and doubles, up to
 * 32 s, while a level keeps dropping (util/flowcontrol/dropped_requests_tracker.go); not modelled.
 */
export const retryAfterSeconds = 1;
/**
 * A queued request waits at most a quarter of its deadline, capped at 1 min (getRequestWaitContext in
 * server/filters/priority-and-fairness.go); the deadline is --request-timeout, default 1m0s.
 */
export const queueWaitLimitMs = 60_000 / 4;
/** Work charged to a queue when it dispatches, corrected to the real service time at the end (queueset.go estimatedServiceDuration, 3 ms). */
const estimatedServiceSeconds = 0.003;

export interface QueuingConfig {
  readonly queues: number;
  readonly handSize: number;
  readonly queueLengthLimit: number;
}
export interface PriorityLevelConfig {
  readonly name: string;
  /** Exempt: never queued, never limited (and its NCS of 0 takes no share). */
  readonly exempt: boolean;
  readonly nominalConcurrencyShares: number;
  readonly lendablePercent: number;
  /** null: LimitResponse Reject — a request finding no free seat gets 429 at once. */
  readonly queuing: QueuingConfig | null;
}

/** A Limited level; every suggested one queues with queueLengthLimit 50. */
const limited = (name: string, shares: number, lendablePercent: number, queues = 0, handSize = 0) => ({
  name,
  exempt: false,
  nominalConcurrencyShares: shares,
  lendablePercent,
  queuing: queues === 0 ? null : { queues, handSize, queueLengthLimit: 50 },
});
/** The mandatory and suggested levels, v1.29+ (staging/src/k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap/default.go). */
export const defaultPriorityLevels: readonly PriorityLevelConfig[] = [
  { name: "exempt", exempt: true, nominalConcurrencyShares: 0, lendablePercent: 0, queuing: null },
  limited("system", 30, 33, 64, 6),
  limited("node-high", 40, 25, 64, 6),
  limited("leader-election", 10, 0, 16, 4),
  limited("workload-high", 40, 50, 128, 6),
  limited("workload-low", 100, 90, 128, 6),
  limited("global-default", 20, 50, 128, 6),
  // LimitResponse Reject: no queues.
  limited("catch-all", 5, 0),
];

export type Subject =
  | { readonly kind: "User"; readonly name: string }
  | { readonly kind: "Group"; readonly name: string }
  | { readonly kind: "ServiceAccount"; readonly namespace: string; readonly name: string };
export interface ResourceRule {
  readonly verbs: readonly string[];
  readonly resources: readonly string[];
  /** Namespaces a namespaced request may be in ("*": any). */
  readonly namespaces: readonly string[];
  /** Whether cluster-scoped requests match. */
  readonly clusterScope: boolean;
}
export interface FlowSchema {
  readonly name: string;
  readonly level: string;
  readonly matchingPrecedence: number;
  readonly distinguisher: "ByUser" | "ByNamespace" | null;
  readonly subjects: readonly Subject[];
  readonly resourceRules: readonly ResourceRule[];
  readonly nonResourceRules: readonly {
    readonly verbs: readonly string[];
    readonly urls: readonly string[];
  }[];
}

const kcm: Subject = { kind: "User", name: "system:kube-controller-manager" };
const scheduler: Subject = { kind: "User", name: "system:kube-scheduler" };
const nodes: Subject = { kind: "Group", name: "system:nodes" };
const anyone: readonly Subject[] = [
  { kind: "Group", name: "system:unauthenticated" },
  { kind: "Group", name: "system:authenticated" },
];
const getCreateUpdate = ["get", "create", "update"];
const inAnyNamespace = (verbs: string[], resources: string[]): ResourceRule => ({
  verbs,
  resources,
  namespaces: ["*"],
  clusterScope: false,
});
const everything = {
  resourceRules: [{ verbs: ["*"], resources: ["*"], namespaces: ["*"], clusterScope: true }],
  nonResourceRules: [{ verbs: ["*"], urls: ["*"] }],
};

const flowSchema = (
  name: string,
  level: string,
  matchingPrecedence: number,
  distinguisher: FlowSchema["distinguisher"],
  subjects: readonly Subject[],
  rules: Pick<FlowSchema, "resourceRules" | "nonResourceRules"> = everything,
): FlowSchema => ({ name, level, matchingPrecedence, distinguisher, subjects, ...rules });
const only = (...resourceRules: ResourceRule[]) => ({ resourceRules, nonResourceRules: [] });
const kubeSystemSA = (name: string): Subject => ({ kind: "ServiceAccount", namespace: "kube-system", name });

/** The mandatory and suggested FlowSchemas, v1.29+, in matching order (bootstrap/default.go). */
export const defaultFlowSchemas: readonly FlowSchema[] = [
  flowSchema("exempt", "exempt", 1, null, [{ kind: "Group", name: "system:masters" }]),
  flowSchema("probes", "exempt", 2, null, anyone, {
    resourceRules: [],
    nonResourceRules: [{ verbs: ["get"], urls: ["/healthz", "/readyz", "/livez"] }],
  }),
  flowSchema(
    "system-leader-election",
    "leader-election",
    100,
    "ByUser",
    [kcm, scheduler, kubeSystemSA("*")],
    only(inAnyNamespace(getCreateUpdate, ["leases"])),
  ),
  // Keeps the endpoints controllers' writes out of workload-leader-election below.
  flowSchema(
    "endpoint-controller",
    "workload-high",
    150,
    "ByUser",
    [kcm, kubeSystemSA("endpoint-controller"), kubeSystemSA("endpointslicemirroring-controller")],
    only(inAnyNamespace(getCreateUpdate, ["endpoints"])),
  ),
  flowSchema(
    "workload-leader-election",
    "leader-election",
    200,
    "ByUser",
    [kubeSystemSA("*")],
    only(
      inAnyNamespace(getCreateUpdate, ["endpoints", "configmaps"]),
      inAnyNamespace(getCreateUpdate, ["leases"]),
    ),
  ),
  flowSchema(
    "system-node-high",
    "node-high",
    400,
    "ByUser",
    [nodes],
    only(
      { verbs: ["*"], resources: ["nodes", "nodes/status"], namespaces: ["*"], clusterScope: true },
      inAnyNamespace(["*"], ["leases"]),
    ),
  ),
  flowSchema("system-nodes", "system", 500, "ByUser", [nodes]),
  flowSchema("kube-controller-manager", "workload-high", 800, "ByNamespace", [kcm]),
  flowSchema("kube-scheduler", "workload-high", 800, "ByNamespace", [scheduler]),
  flowSchema("kube-system-service-accounts", "workload-high", 900, "ByNamespace", [kubeSystemSA("*")]),
  flowSchema("service-accounts", "workload-low", 9000, "ByUser", [
    { kind: "Group", name: "system:serviceaccounts" },
  ]),
  flowSchema("global-default", "global-default", 9900, "ByUser", anyone),
  flowSchema("catch-all", "catch-all", 10000, "ByUser", anyone),
];

export type Admission =
  | { kind: "dispatched"; level: string; flowSchema: string }
  | { kind: "queued"; level: string; flowSchema: string }
  | { kind: "rejected"; level: string; flowSchema: string; reason: string };

export interface Waiting {
  readonly id: number;
  readonly arrivalMs: number;
  /** The level's virtual time R when it arrived. */
  readonly arrivalR: number;
}
export interface FairQueue {
  /** Virtual time (seat-seconds) at which the queue's next request starts. */
  nextDispatchR: number;
  seatsInUse: number;
  readonly waiting: Waiting[];
}
export interface PoolCounters {
  inFlight: number;
  queued: number;
  rejected: number;
  dispatched: number;
}
export interface LevelState extends PoolCounters {
  readonly name: string;
  nominalCL: number;
  /** Virtual time R: seat-seconds each active queue has been given; advanced up to `syncedMs`. */
  virtualR: number;
  syncedMs: number;
  /** The queue dispatched from last (round robin breaks ties). */
  robinIndex: number;
  enqueues: number;
  readonly queues: FairQueue[];
}
/** Where an admitted request is: its pool (a level, or max-inflight's readOnly/mutating), queue, and seat. */
export interface Ticket {
  readonly pool: string;
  readonly queue: number;
  /** When it got its seat; null while queued. */
  readonly startMs: number | null;
}
export interface FlowControlState {
  mode: FlowControlMode;
  limits: InflightLimits;
  readonly maxInflight: { readonly readOnly: PoolCounters; readonly mutating: PoolCounters };
  readonly levels: LevelState[];
  readonly tickets: Record<number, Ticket>;
}

const counters = (): PoolCounters => ({ inFlight: 0, queued: 0, rejected: 0, dispatched: 0 });
const configOf = (level: string): PriorityLevelConfig =>
  defaultPriorityLevels.find((c) => c.name === level) ??
  (defaultPriorityLevels.at(-1) as PriorityLevelConfig);

/** NominalCL(i) = ceil(ServerCL × NCS(i) / Σ NCS), the sum over all levels (nominalConcurrencyShares in staging/src/k8s.io/api/flowcontrol/v1/types.go). */
function nominalCL(limits: InflightLimits, level: string): number {
  const serverCL = limits.maxRequestsInflight + limits.maxMutatingRequestsInflight;
  const sum = defaultPriorityLevels.reduce((s, c) => s + c.nominalConcurrencyShares, 0);
  return Math.ceil((serverCL * configOf(level).nominalConcurrencyShares) / sum);
}

export function newFlowControl(mode: FlowControlMode, limits: InflightLimits): FlowControlState {
  return {
    mode,
    limits: { ...limits },
    maxInflight: { readOnly: counters(), mutating: counters() },
    levels: defaultPriorityLevels.map((c) => ({
      name: c.name,
      nominalCL: nominalCL(limits, c.name),
      ...counters(),
      virtualR: 0,
      syncedMs: 0,
      robinIndex: 0,
      enqueues: 0,
      queues: Array.from({ length: c.queuing?.queues ?? 0 }, () => ({
        nextDispatchR: 0,
        seatsInUse: 0,
        waiting: [],
      })),
    })),
    tickets: {},
  };
}

const anyOf = (list: readonly string[], value: string): boolean => list.includes("*") || list.includes(value);

function subjectMatches(s: Subject, req: FlowRequest): boolean {
  if (s.kind === "User") return s.name === "*" || s.name === req.user;
  if (s.kind === "Group") return s.name === "*" || req.groups.includes(s.name);
  const prefix = `system:serviceaccount:${s.namespace}:`;
  return req.user.startsWith(prefix) && (s.name === "*" || req.user === prefix + s.name);
}

function rulesMatch(fs: FlowSchema, req: FlowRequest): boolean {
  if (req.resource.startsWith("/")) {
    return fs.nonResourceRules.some((r) => anyOf(r.verbs, req.verb) && anyOf(r.urls, req.resource));
  }
  return fs.resourceRules.some(
    (r) =>
      anyOf(r.verbs, req.verb) &&
      anyOf(r.resources, req.resource) &&
      (req.namespace === "" ? r.clusterScope : anyOf(r.namespaces, req.namespace)),
  );
}

/** The FlowSchema that matches first (lowest matchingPrecedence, then name) and the request's flow distinguisher. */
export function classify(req: FlowRequest): { schema: FlowSchema; distinguisher: string } {
  const schema =
    defaultFlowSchemas.find((fs) => fs.subjects.some((s) => subjectMatches(s, req)) && rulesMatch(fs, req)) ??
    (defaultFlowSchemas.at(-1) as FlowSchema);
  const distinguisher =
    schema.distinguisher === "ByUser"
      ? req.user
      : schema.distinguisher === "ByNamespace"
        ? req.namespace
        : "";
  return { schema, distinguisher };
}

const utf8 = new TextEncoder();
/** 64-bit FNV-1a of the flow's identity (the real one takes SHA-256, see the header). */
export function flowHash(schema: string, distinguisher: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of utf8.encode(`${schema}\0${distinguisher}`)) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  }
  return hash;
}

/**
 * The shuffle-sharding dealer (util/shufflesharding Dealer.Deal): the hash, read as digits of mixed
 * radix deckSize, deckSize−1, …, picks each card among those not dealt yet.
 */
export function dealHand(hash: bigint, deckSize: number, handSize: number): number[] {
  const picks: number[] = [];
  let rest = hash;
  for (let i = 0; i < handSize; i++) {
    const radix = BigInt(deckSize - i);
    picks.push(Number(rest % radix));
    rest /= radix;
  }
  return picks.map((pick, i) => {
    let card = pick;
    for (let j = i - 1; j >= 0; j--) if (card >= (picks[j] as number)) card++;
    return card;
  });
}

const isLongRunning = (req: FlowRequest): boolean =>
  req.verb === "watch" ||
  req.verb === "proxy" ||
  (!req.resource.startsWith("/") &&
    ["attach", "exec", "proxy", "log", "portforward"].includes(req.resource.split("/")[1] ?? ""));

function levelOf(state: FlowControlState, name: string): LevelState {
  return state.levels.find((l) => l.name === name) ?? (state.levels.at(-1) as LevelState);
}

/** Advances R: dR/dt = min(seats asked for, the level's limit) / active queues (queueset.go syncTimeLocked). */
function syncTime(level: LevelState, nowMs: number): void {
  if (nowMs <= level.syncedMs) return;
  let active = 0;
  for (const q of level.queues) if (q.seatsInUse > 0 || q.waiting.length > 0) active++;
  if (active > 0) {
    const rate = Math.min(level.inFlight + level.queued, level.nominalCL) / active;
    level.virtualR += (rate * (nowMs - level.syncedMs)) / 1000;
  }
  level.syncedMs = nowMs;
}

/** Anti-windup: a queue's next dispatch is never earlier in R than its oldest request's arrival. */
function bound(queue: FairQueue): void {
  const head = queue.waiting[0];
  if (head !== undefined && queue.nextDispatchR < head.arrivalR) queue.nextDispatchR = head.arrivalR;
}

function seat(state: FlowControlState, pool: PoolCounters, ticket: Ticket, id: number): void {
  pool.inFlight++;
  pool.dispatched++;
  state.tickets[id] = ticket;
}

export function admit(state: FlowControlState, req: FlowRequest, nowMs: number): Admission {
  return state.mode === "apf" ? admitApf(state, req, nowMs) : admitMaxInflight(state, req, nowMs);
}

function admitMaxInflight(state: FlowControlState, req: FlowRequest, nowMs: number): Admission {
  if (isLongRunning(req)) return { kind: "dispatched", level: "long-running", flowSchema: "" };
  // Named as the requestKind label of apiserver_current_inflight_requests.
  const kind = ["get", "list", "watch"].includes(req.verb) ? "readOnly" : "mutating";
  const limit =
    kind === "readOnly" ? state.limits.maxRequestsInflight : state.limits.maxMutatingRequestsInflight;
  const pool = state.maxInflight[kind];
  const at = { level: kind, flowSchema: "" };
  if (limit === 0 || pool.inFlight < limit) {
    seat(state, pool, { pool: kind, queue: -1, startMs: nowMs }, req.id);
    return { kind: "dispatched", ...at };
  }
  if (req.groups.includes("system:masters")) {
    pool.dispatched++;
    return { kind: "dispatched", ...at };
  }
  pool.rejected++;
  return { kind: "rejected", ...at, reason: tooManyRequestsMessage };
}

/**
 * Classifications and hands already worked out: pure functions of their keys, so remembering them
 * changes nothing. Kept per groups list (callers reuse one array per identity) and user.
 */
const classified = new WeakMap<readonly string[], Map<string, ReturnType<typeof classify>>>();
const hands = new Map<string, number[]>();

function classifyOnce(req: FlowRequest): ReturnType<typeof classify> {
  let byRequest = classified.get(req.groups);
  if (byRequest === undefined) {
    byRequest = new Map();
    classified.set(req.groups, byRequest);
  }
  const key = `${req.user}\0${req.verb}\0${req.resource}\0${req.namespace}`;
  let c = byRequest.get(key);
  if (c === undefined) {
    c = classify(req);
    if (byRequest.size < 10_000) byRequest.set(key, c);
  }
  return c;
}

function handOf(schema: string, distinguisher: string, deckSize: number, handSize: number): number[] {
  const key = `${schema}\0${distinguisher}\0${deckSize}\0${handSize}`;
  let hand = hands.get(key);
  if (hand === undefined) {
    hand = dealHand(flowHash(schema, distinguisher), deckSize, handSize);
    if (hands.size < 10_000) hands.set(key, hand);
  }
  return hand;
}

function admitApf(state: FlowControlState, req: FlowRequest, nowMs: number): Admission {
  const { schema, distinguisher } = classifyOnce(req);
  const level = levelOf(state, schema.level);
  const config = configOf(level.name);
  const at = { level: level.name, flowSchema: schema.name };
  if (isLongRunning(req)) return { kind: "dispatched", ...at };
  const free = config.exempt || level.inFlight < level.nominalCL;
  const reject = (): Admission => {
    level.rejected++;
    return { kind: "rejected", ...at, reason: tooManyRequestsMessage };
  };
  if (config.queuing === null) {
    if (!free) return reject();
    seat(state, level, { pool: level.name, queue: -1, startMs: nowMs }, req.id);
    return { kind: "dispatched", ...at };
  }

  syncTime(level, nowMs);
  // Shuffle sharding: of the flow's hand, the queue with the fewest waiting, looking from a rotating
  // offset so that ties spread (queueset.go shuffleShardLocked).
  const hand = handOf(schema.name, distinguisher, config.queuing.queues, config.queuing.handSize);
  const offset = level.enqueues++;
  const waiting = (i: number) => (level.queues[i] as FairQueue).waiting.length;
  let index = hand[offset % hand.length] as number;
  for (let k = 1; k < hand.length; k++) {
    const candidate = hand[(offset + k) % hand.length] as number;
    if (waiting(candidate) < waiting(index)) index = candidate;
  }
  const queue = level.queues[index] as FairQueue;
  if (!free && queue.waiting.length >= config.queuing.queueLengthLimit) return reject();
  // An idle queue starts at the present virtual time.
  if (queue.waiting.length === 0 && queue.seatsInUse === 0) queue.nextDispatchR = level.virtualR;
  if (free) {
    start(state, level, index, req.id, nowMs);
    return { kind: "dispatched", ...at };
  }
  queue.waiting.push({ id: req.id, arrivalMs: req.arrivalMs, arrivalR: level.virtualR });
  level.queued++;
  state.tickets[req.id] = { pool: level.name, queue: index, startMs: null };
  bound(queue);
  return { kind: "queued", ...at };
}

/** A request leaves queue `index` for a seat; the queue is charged the estimated work until it ends. */
function start(state: FlowControlState, level: LevelState, index: number, id: number, nowMs: number): void {
  const queue = level.queues[index] as FairQueue;
  queue.seatsInUse++;
  queue.nextDispatchR += estimatedServiceSeconds;
  seat(state, level, { pool: level.name, queue: index, startMs: nowMs }, id);
  bound(queue);
}

/**
 * Fair queuing (queueset.go dispatchAsMuchAsPossibleLocked): while a seat is free, the queue whose
 * head would finish first in virtual time (all heads cost the same, so the smallest nextDispatchR),
 * looking round robin from the queue after the last one served, dispatches its oldest request.
 */
function dispatchWaiting(state: FlowControlState, level: LevelState, nowMs: number): number[] {
  const out: number[] = [];
  const n = level.queues.length;
  while (level.queued > 0 && level.inFlight < level.nominalCL) {
    let best: FairQueue | undefined;
    for (let k = 1; k <= n; k++) {
      const i = (level.robinIndex + k) % n;
      const queue = level.queues[i] as FairQueue;
      if (
        queue.waiting.length > 0 &&
        queue.nextDispatchR < (best?.nextDispatchR ?? Number.POSITIVE_INFINITY)
      ) {
        best = queue;
      }
    }
    level.robinIndex = level.queues.indexOf(best as FairQueue);
    const head = (best as FairQueue).waiting.shift() as Waiting;
    level.queued--;
    start(state, level, level.robinIndex, head.id, nowMs);
    out.push(head.id);
  }
  return out;
}

/** Queued requests that have waited `queueWaitLimitMs`: out of their queues, answered 429. */
export function expire(state: FlowControlState, nowMs: number): number[] {
  const out: number[] = [];
  for (const level of state.levels) {
    if (level.queued === 0) continue;
    syncTime(level, nowMs);
    for (const queue of level.queues) {
      while (queue.waiting[0] !== undefined && queue.waiting[0].arrivalMs + queueWaitLimitMs <= nowMs) {
        const gone = queue.waiting.shift() as Waiting;
        level.queued--;
        level.rejected++;
        delete state.tickets[gone.id];
        out.push(gone.id);
      }
      bound(queue);
    }
  }
  return out.sort((a, b) => a - b);
}

/** When the next queued request runs out of wait, or Infinity. */
export function nextQueueExpiry(state: FlowControlState): number {
  let next = Number.POSITIVE_INFINITY;
  for (const level of state.levels) {
    for (const queue of level.queues) {
      const head = queue.waiting[0];
      if (head !== undefined) next = Math.min(next, head.arrivalMs + queueWaitLimitMs);
    }
  }
  return next;
}

/**
 * A request is done (or its caller gave up while it was queued): its seat goes back and its level
 * dispatches what it can. Also expires what waited too long, first.
 */
export function release(
  state: FlowControlState,
  requestId: number,
  nowMs: number,
): { dispatched: number[]; timedOut: number[] } {
  const timedOut = expire(state, nowMs);
  const ticket = state.tickets[requestId];
  if (ticket === undefined) return { dispatched: [], timedOut };
  delete state.tickets[requestId];
  if (ticket.pool === "readOnly" || ticket.pool === "mutating") {
    state.maxInflight[ticket.pool].inFlight--;
    return { dispatched: [], timedOut };
  }
  const level = levelOf(state, ticket.pool);
  syncTime(level, nowMs);
  const queue = level.queues[ticket.queue];
  if (ticket.startMs === null) {
    if (queue !== undefined) {
      queue.waiting.splice(
        queue.waiting.findIndex((w) => w.id === requestId),
        1,
      );
      level.queued--;
      bound(queue);
    }
    return { dispatched: [], timedOut };
  }
  level.inFlight--;
  if (queue !== undefined) {
    // The estimate charged at dispatch becomes the real service time (queueset.go finishRequestLocked).
    queue.seatsInUse--;
    queue.nextDispatchR += (nowMs - ticket.startMs) / 1000 - estimatedServiceSeconds;
    bound(queue);
  }
  return { dispatched: dispatchWaiting(state, level, nowMs), timedOut };
}

/**
 * APF on or off. Requests holding a seat keep it until they end; requests queued by APF stay in
 * their queues, get seats as their level's seats free, or time out.
 */
export function setMode(state: FlowControlState, mode: FlowControlMode): void {
  state.mode = mode;
}

/** New inflight limits (and so ServerCL and every NominalCL). Seats already held are kept. */
export function setLimits(state: FlowControlState, limits: InflightLimits): void {
  state.limits = { ...limits };
  for (const level of state.levels) level.nominalCL = nominalCL(limits, level.name);
}

export interface LevelStats extends PoolCounters {
  readonly level: string;
  /** The level's seats (max-inflight: the flag; 0 means unlimited). */
  readonly nominalCL: number;
}

const row = (level: string, nominalCL: number, c: PoolCounters): LevelStats => ({
  level,
  nominalCL,
  inFlight: c.inFlight,
  queued: c.queued,
  rejected: c.rejected,
  dispatched: c.dispatched,
});

/** Per priority level (APF) or per request kind (max-inflight), for the UI. */
export function levelStats(state: FlowControlState): LevelStats[] {
  if (state.mode === "apf") return state.levels.map((l) => row(l.name, l.nominalCL, l));
  return [
    row("readOnly", state.limits.maxRequestsInflight, state.maxInflight.readOnly),
    row("mutating", state.limits.maxMutatingRequestsInflight, state.maxInflight.mutating),
  ];
}
