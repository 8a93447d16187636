/**
 * The API servers in front of etcd: 1 or 3 kube-apiservers behind a load balancer, each in
 * kubeadm's stacked topology (it talks only to the etcd member on its own machine,
 * `--etcd-servers=https://127.0.0.1:2379`).
 *
 * A request goes through kube-apiserver's handler chain in its real order (DefaultBuildHandlerChain,
 * staging/src/k8s.io/apiserver/pkg/server/config.go — the request meets the outermost filter first):
 * authentication → flow control (API Priority and Fairness, or max-inflight when APF is off) →
 * authorization (Node, RBAC) → admission (mutating, then validating) → etcd → the response; the
 * watch cache then fans the change out to every watcher. Each stage is recorded, so a request's
 * trace shows where it was refused.
 *
 * Pure: no clock, no I/O. The world hands in etcd (`send`) and the callers' continuations (plain
 * data, so a world's snapshot holds the requests in flight); completions come back as data for the
 * world to schedule.
 */
import type { ClientRequest, ClientResponse, KvRequest } from "../etcd/types.ts";
import {
  type AdmissionPod,
  type AdmissionResult,
  admitPodCreate,
  type LimitRangeItem,
  podQuotaUsage,
  type QuotaAmounts,
  type ResourceQuota,
} from "./admission.ts";
import { authorize, type Decision, type RequestAttributes, type UserInfo } from "./authorization.ts";
import {
  type FlowControlMode,
  type FlowControlState,
  admit as flowAdmit,
  expire as flowExpire,
  release as flowRelease,
  newFlowControl,
  queueWaitLimitMs,
  setLimits,
  setMode,
} from "./flowControl.ts";
import { type LatencyHistogram, newLatencyHistogram, observe } from "./latency.ts";

/** kube-apiserver --request-timeout default 1m0s: a request still unanswered then gets a 504. */
export const requestTimeoutMs = 60_000;
/**
 * What one watch event costs the watch cache to send to one watcher. Not a documented constant: a
 * game choice (a few microseconds per watcher per event, so 5 000 kube-proxies watching Endpoints
 * make one change cost ~10 ms of dispatch, and a burst of changes queues up).
 */
export const watchEventMicrosPerWatcher = 2;
/**
 * The API server's CPU per request (decoding, admission, encoding the answer), and per object a
 * LIST returns. Not documented constants: game choices of 0.5 ms, and 50 µs per object (a pod
 * encodes to several kB of JSON), on the machine's cores (the scenario's `apiServer.cores`), each request's work one after another
 * on the first free core — so a flood of LISTs delays everything behind it.
 */
export const requestCpuMicros = 500;
export const listCpuMicrosPerObject = 50;

export type ApiStage = "authentication" | "flow-control" | "authorization" | "admission" | "etcd" | "watch";

export interface StageRecord {
  readonly stage: ApiStage;
  readonly atMs: number;
  /** ok, queued, changed (admission mutated the object), or the refusal. */
  readonly outcome: string;
}

/** One API call as its caller makes it. */
export interface ApiCall {
  /** The machine the call comes from (a node's kubelet, a control-plane component, a player). */
  readonly from: string;
  readonly user: UserInfo;
  readonly attrs: RequestAttributes;
  /** What the registry sends to etcd for it; absent for a read served from the watch cache (resourceVersion="0"). */
  readonly storage?: KvRequest;
  /** A pod creation passes the admission plugins with this pod. */
  readonly admitPod?: AdmissionPod;
  /** Watchers the change is fanned out to (0 for reads). */
  readonly watchers: number;
  /** Objects a LIST returns (its serialization holds the seat). */
  readonly listedObjects?: number;
}

/** A finished call: its continuation, to run when the world's informers see it. */
export interface ApiCompletion<C> {
  readonly id: number;
  readonly after: C;
  readonly ok: boolean;
  /** HTTP status, as kube-apiserver answers. */
  readonly code: number;
  /** The error a client sees ("" when ok). */
  readonly reason: string;
  /** When the caller's informers see the change (≥ the response, by the watch fan-out). */
  readonly visibleAtMs: number;
  readonly record: ApiRequestRecord;
  /** A created pod as admission left it (defaults and tolerations added). */
  readonly admitted?: AdmissionPod;
  /** What a GET read. */
  readonly value?: string;
}

/** The `api.request` trace record. */
export interface ApiRequestRecord {
  readonly id: number;
  readonly server: string;
  readonly user: string;
  readonly verb: string;
  readonly resource: string;
  readonly name: string;
  readonly code: number;
  readonly latencyMs: number;
  readonly stages: readonly StageRecord[];
  readonly priorityLevel: string;
}

interface InFlight<C> {
  readonly id: number;
  readonly call: ApiCall;
  readonly after: C;
  readonly server: number;
  readonly arrivalMs: number;
  readonly stages: StageRecord[];
  level: string;
  /** The etcd client connection (lane) and sequence number of its storage request, once sent. */
  etcdLane: number | null;
  etcdSeq: number | null;
  /** When the seat is given back (a LIST's serialization after etcd answered). */
  releaseAtMs: number | null;
  admitted?: AdmissionPod;
  /** What a GET read (the key's value). */
  value?: string;
}

export interface ApiServerConfig {
  readonly machines: readonly string[];
  readonly mode: FlowControlMode;
  readonly maxRequestsInflight: number;
  readonly maxMutatingRequestsInflight: number;
  readonly cores: number;
}

/** Namespaced policy objects the admission plugins read. */
export interface AdmissionPolicy {
  readonly limitRanges: readonly LimitRangeItem[];
  readonly quotas: ResourceQuota[];
}

export interface ApiServersState<C> {
  readonly machines: readonly string[];
  readonly up: boolean[];
  readonly flow: FlowControlState[];
  /** Requests admitted and not finished, by id (ids ascend, so iteration follows arrival). */
  readonly inFlight: Record<number, InFlight<C>>;
  /** The request waiting on each etcd client request, by `clientId@seq`. */
  readonly atEtcd: Record<string, number>;
  nextId: number;
  /**
   * Each server's etcd client connections: one request at a time on each (etcd answers a client's
   * request once, by sequence number), as many as requests in flight. `seq` is each lane's last.
   */
  readonly lanes: { free: number[]; seq: number[] }[];
  /** Round-robin position of the load balancer. */
  nextServer: number;
  readonly latency: { readonly read: LatencyHistogram; readonly mutating: LatencyHistogram };
  /** What `advance` must do next: releases, request timeouts, queue waits (a min-heap). */
  readonly timers: Timer[];
  /** Each server's cores: busy until then (µs). */
  readonly cores: number[][];
  /** The watch cache's dispatcher per resource: busy until then. */
  readonly watchBusyUntil: Record<string, number>;
  readonly counts: Record<string, number>;
  policy: AdmissionPolicy;
}

export interface Environment {
  /** Sends a request to the etcd member on server `server`'s machine. */
  readonly sendToEtcd: (server: number, request: ClientRequest) => void;
  /** The load balancer's health check: the server's machine is up and its etcd member answers /readyz. */
  readonly ready: (server: number) => boolean;
  /** The caller's machine reaches the server's machine. */
  readonly reaches: (from: string, server: number) => boolean;
  /** The node a pod is bound to (the Node authorizer and NodeRestriction check a kubelet's pods). */
  readonly podNode: (namespace: string, name: string) => string | undefined;
  /** Whether the caller's clock lets its TLS handshake succeed (clock skew), with the error if not. */
  readonly tlsError: (from: string) => string | null;
}

export function newApiServers<C>(config: ApiServerConfig, policy: AdmissionPolicy): ApiServersState<C> {
  return {
    machines: [...config.machines],
    up: config.machines.map(() => true),
    flow: config.machines.map(() =>
      newFlowControl(config.mode, {
        maxRequestsInflight: config.maxRequestsInflight,
        maxMutatingRequestsInflight: config.maxMutatingRequestsInflight,
      }),
    ),
    inFlight: {},
    timers: [],
    atEtcd: {},
    nextId: 1,
    lanes: config.machines.map(() => ({ free: [], seq: [] })),
    nextServer: 0,
    latency: { read: newLatencyHistogram(), mutating: newLatencyHistogram() },
    cores: config.machines.map(() => Array.from({ length: config.cores }, () => 0)),
    watchBusyUntil: {},
    counts: {},
    policy: { limitRanges: [...policy.limitRanges], quotas: policy.quotas.map((q) => structuredClone(q)) },
  };
}

const mutatingVerbs: ReadonlySet<string> = new Set(["create", "update", "patch", "delete"]);

function isMutating(call: ApiCall): boolean {
  return mutatingVerbs.has(call.attrs.verb);
}

function resourceName(attrs: RequestAttributes): string {
  return attrs.subresource === undefined ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
}

export function etcdClientId(server: string, lane: number): string {
  return `kube-apiserver@${server}#${lane}`;
}

/**
 * A call arrives at the load balancer. Returns the completions it caused at once (a refusal before
 * etcd, or nothing when it went on to etcd or into a flow-control queue).
 */
export function submit<C>(
  s: ApiServersState<C>,
  env: Environment,
  call: ApiCall,
  after: C,
  nowMs: number,
): ApiCompletion<C>[] {
  const id = s.nextId++;
  const stages: StageRecord[] = [];
  // The load balancer picks the next ready server the caller can reach (round robin).
  let server = -1;
  for (let i = 0; i < s.machines.length; i++) {
    const candidate = (s.nextServer + i) % s.machines.length;
    if (s.up[candidate] && env.ready(candidate) && env.reaches(call.from, candidate)) {
      server = candidate;
      break;
    }
  }
  s.nextServer = (s.nextServer + 1) % s.machines.length;
  const request: InFlight<C> = {
    id,
    call,
    after,
    server,
    arrivalMs: nowMs,
    stages,
    level: "",
    etcdLane: null,
    etcdSeq: null,
    releaseAtMs: null,
  };
  if (server < 0) {
    // Nothing answers: the client's dial fails (the load balancer has no healthy backend).
    return [finish(s, request, 503, "the server is currently unable to handle the request", nowMs, false)];
  }
  const tls = env.tlsError(call.from);
  if (tls !== null) {
    stages.push({ stage: "authentication", atMs: nowMs, outcome: tls });
    return [finish(s, request, 401, `Unauthorized: ${tls}`, nowMs, false)];
  }
  stages.push({ stage: "authentication", atMs: nowMs, outcome: "ok" });
  const admission = flowAdmit(
    s.flow[server] as FlowControlState,
    {
      id,
      user: call.user.name,
      groups: call.user.groups,
      verb: call.attrs.verb,
      resource: call.attrs.resource,
      namespace: call.attrs.namespace,
      arrivalMs: nowMs,
    },
    nowMs,
  );
  request.level = admission.level;
  if (admission.kind === "rejected") {
    stages.push({ stage: "flow-control", atMs: nowMs, outcome: `429 ${admission.reason}` });
    return [finish(s, request, 429, admission.reason, nowMs, false)];
  }
  s.inFlight[id] = request;
  if (admission.kind === "queued") {
    pushTimer(s.timers, [nowMs + queueWaitLimitMs, timerQueueWait, server, id]);
    stages.push({ stage: "flow-control", atMs: nowMs, outcome: "queued" });
    return [];
  }
  return dispatch(s, env, request, nowMs);
}

/**
 * Decisions already taken: for everything but pods (whose answer depends on where a pod is bound)
 * the decision is a pure function of the request's identity and attributes, so it is remembered
 * (per groups list, which callers reuse per identity).
 */
const decided = new WeakMap<readonly string[], Map<string, Decision>>();

function authorizeOnce(call: ApiCall, env: Environment): Decision {
  const a = call.attrs;
  if (a.resource === "pods") return authorize(call.user, a, env.podNode);
  let byRequest = decided.get(call.user.groups);
  if (byRequest === undefined) {
    byRequest = new Map();
    decided.set(call.user.groups, byRequest);
  }
  const key = `${call.user.name}\0${a.verb}\0${a.resource}\0${a.subresource ?? ""}\0${a.apiGroup}\0${a.namespace}\0${a.name}`;
  let decision = byRequest.get(key);
  if (decision === undefined) {
    decision = authorize(call.user, a, env.podNode);
    if (byRequest.size < 100_000) byRequest.set(key, decision);
  }
  return decision;
}

/** The request has its seat: authorization, admission, then etcd. */
function dispatch<C>(
  s: ApiServersState<C>,
  env: Environment,
  request: InFlight<C>,
  nowMs: number,
): ApiCompletion<C>[] {
  const { call, stages } = request;
  stages.push({ stage: "flow-control", atMs: nowMs, outcome: "seat" });
  const decision = authorizeOnce(call, env);
  if (!decision.allowed) {
    stages.push({ stage: "authorization", atMs: nowMs, outcome: decision.reason });
    return finishAndRelease(s, env, request, 403, decision.reason, nowMs);
  }
  stages.push({ stage: "authorization", atMs: nowMs, outcome: decision.by });
  if (call.admitPod !== undefined) {
    const result = admit(s, call.admitPod);
    for (const st of result.stages) {
      stages.push({
        stage: "admission",
        atMs: nowMs,
        outcome: `${st.plugin}: ${st.outcome} ${st.detail}`.trim(),
      });
    }
    if (!result.admitted) return finishAndRelease(s, env, request, 403, result.reason, nowMs);
    request.admitted = result.pod;
  }
  if (call.storage === undefined) {
    stages.push({ stage: "etcd", atMs: nowMs, outcome: "served from the watch cache" });
    return work(s, env, request, nowMs);
  }
  const lanes = s.lanes[request.server] as ApiServersState<C>["lanes"][number];
  const lane = lanes.free.pop() ?? lanes.seq.length;
  const seq = (lanes.seq[lane] ?? 0) + 1;
  lanes.seq[lane] = seq;
  request.etcdLane = lane;
  request.etcdSeq = seq;
  pushTimer(s.timers, [request.arrivalMs + requestTimeoutMs, timerTimeout, request.server, request.id]);
  stages.push({ stage: "etcd", atMs: nowMs, outcome: "sent" });
  const clientId = etcdClientId(s.machines[request.server] ?? "", lane);
  s.atEtcd[`${clientId}@${seq}`] = request.id;
  // kube-apiserver's etcd client calls carry the request's context, whose deadline is the request timeout.
  env.sendToEtcd(request.server, {
    clientId,
    seq,
    request: call.storage,
    deadline: request.arrivalMs + requestTimeoutMs,
  });
  return [];
}

/** The admission plugins on a pod creation, with the namespace's LimitRanges and quotas; an admitted pod counts in the quotas. */
export function admit<C>(s: ApiServersState<C>, pod: AdmissionPod): AdmissionResult {
  const result = admitPodCreate(pod, s.policy.limitRanges, s.policy.quotas);
  if (result.admitted) {
    s.policy = {
      ...s.policy,
      quotas: s.policy.quotas.map((q) => ({ ...q, used: result.quotaUsed.get(q.name) ?? q.used })),
    };
  }
  return result;
}

/** A deleted pod no longer counts in the quotas (the ResourceQuota controller recounts usage). */
export function releaseQuota<C>(s: ApiServersState<C>, pod: AdmissionPod): void {
  const usage = podQuotaUsage(pod);
  s.policy = {
    ...s.policy,
    quotas: s.policy.quotas.map((q) => ({
      ...q,
      used: Object.fromEntries(
        Object.entries(q.used).map(([k, v]) => [
          k,
          Math.max(0, (v ?? 0) - (usage[k as keyof QuotaAmounts] ?? 0)),
        ]),
      ),
    })),
  };
}

/** etcd answered one of the servers' requests; the server then does its own work and answers. */
export function onEtcdResponse<C>(
  s: ApiServersState<C>,
  env: Environment,
  response: ClientResponse,
  nowMs: number,
): ApiCompletion<C>[] {
  const etcdKey = `${response.clientId}@${response.seq}`;
  const request = s.inFlight[s.atEtcd[etcdKey] ?? -1];
  delete s.atEtcd[etcdKey];
  if (request === undefined || request.releaseAtMs !== null) return [];
  const result = response.result;
  if (!result.ok) {
    request.stages.push({ stage: "etcd", atMs: nowMs, outcome: result.error });
    // kube-apiserver turns a storage error into 500 InternalError (a timeout into 504).
    const timedOut = result.error.includes("timed out");
    return finishAndRelease(s, env, request, timedOut ? 504 : 500, result.error, nowMs);
  }
  if (result.response.type === "txn" && !result.response.succeeded) {
    // The update carried a resourceVersion that is no longer current (the storage's
    // GuaranteedUpdate precondition): 409 Conflict, as apimachinery's errors.NewConflict words it.
    request.stages.push({ stage: "etcd", atMs: nowMs, outcome: "conflict: the object changed" });
    const { resource, apiGroup, name } = request.call.attrs;
    const reason = `Operation cannot be fulfilled on ${apiGroup === "" ? resource : `${resource}.${apiGroup}`} "${name}": the object has been modified; please apply your changes to the latest version and try again`;
    return finishAndRelease(s, env, request, 409, reason, nowMs);
  }
  request.stages.push({
    stage: "etcd",
    atMs: nowMs,
    outcome: "ok",
  });
  const value = result.response.type === "range" ? result.response.kvs[0]?.value : undefined;
  if (value !== undefined) request.value = value;
  return work(s, env, request, nowMs);
}

/** The server's own work, on its first free core; the seat stays taken until it is done. */
function work<C>(
  s: ApiServersState<C>,
  env: Environment,
  request: InFlight<C>,
  nowMs: number,
): ApiCompletion<C>[] {
  const cores = s.cores[request.server] as number[];
  let core = 0;
  for (let i = 1; i < cores.length; i++) if ((cores[i] ?? 0) < (cores[core] ?? 0)) core = i;
  const work = requestCpuMicros + (request.call.listedObjects ?? 0) * listCpuMicrosPerObject;
  const doneMicros = Math.max(nowMs * 1000, cores[core] ?? 0) + work;
  cores[core] = doneMicros;
  const doneMs = Math.ceil(doneMicros / 1000);
  if (doneMs > nowMs) {
    request.releaseAtMs = doneMs;
    pushTimer(s.timers, [doneMs, timerRelease, request.server, request.id]);
    return [];
  }
  return finishAndRelease(s, env, request, isMutating(request.call) ? 201 : 200, "", nowMs);
}

/**
 * Time passes: a request done with its CPU work gives back its seat, a request etcd never answered
 * hits the request timeout, queued requests that waited too long are refused. Call at `nextDeadline`.
 */
export function advance<C>(s: ApiServersState<C>, env: Environment, nowMs: number): ApiCompletion<C>[] {
  const out: ApiCompletion<C>[] = [];
  for (let t = s.timers[0]; t !== undefined && t[0] <= nowMs; t = s.timers[0]) {
    popTimer(s.timers);
    const [, kind, server, id] = t;
    const request = s.inFlight[id];
    if (kind === timerRelease && request !== undefined) {
      out.push(...finishAndRelease(s, env, request, isMutating(request.call) ? 201 : 200, "", nowMs));
    } else if (kind === timerTimeout && request !== undefined && request.releaseAtMs === null) {
      request.stages.push({ stage: "etcd", atMs: nowMs, outcome: "no answer" });
      out.push(
        ...finishAndRelease(
          s,
          env,
          request,
          504,
          "Timeout: request did not complete within requested timeout",
          nowMs,
        ),
      );
    } else if (kind === timerQueueWait) {
      const flow = s.flow[server];
      // Only if the request still waits in its queue (it may have had a seat meanwhile).
      if (flow !== undefined && flow.tickets[id]?.startMs === null) {
        for (const gone of flowExpire(flow, nowMs)) out.push(...queuedTimeout(s, gone, nowMs));
      }
    }
  }
  return out;
}

/** The next time `advance` has something to do, or Infinity. */
export function nextDeadline<C>(s: ApiServersState<C>): number {
  return s.timers[0]?.[0] ?? Number.POSITIVE_INFINITY;
}

const timerRelease = 0;
const timerTimeout = 1;
const timerQueueWait = 2;
/** [at ms, kind, server, request id], a binary min-heap ordered by time, then kind, server and id. */
type Timer = [number, number, number, number];

function before(a: Timer, b: Timer): boolean {
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return (a[i] ?? 0) < (b[i] ?? 0);
  return false;
}

function pushTimer(heap: Timer[], timer: Timer): void {
  heap.push(timer);
  for (let i = heap.length - 1; i > 0; ) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
    [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
    i = parent;
  }
}

function popTimer(heap: Timer[]): void {
  const last = heap.pop();
  if (last === undefined || heap.length === 0) return;
  heap[0] = last;
  for (let i = 0; ; ) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && before(heap[l] as Timer, heap[m] as Timer)) m = l;
    if (r < heap.length && before(heap[r] as Timer, heap[m] as Timer)) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m] as Timer, heap[i] as Timer];
    i = m;
  }
}

function queuedTimeout<C>(s: ApiServersState<C>, id: number, nowMs: number): ApiCompletion<C>[] {
  const request = s.inFlight[id];
  if (request === undefined) return [];
  request.stages.push({ stage: "flow-control", atMs: nowMs, outcome: "429 waited too long in its queue" });
  delete s.inFlight[id];
  return [finish(s, request, 429, "Too many requests, please try again later.", nowMs, false)];
}

/**
 * A request is done: its seat goes back, and queued requests on that server may be dispatched.
 * Returns its own completion first, then those of queued requests that this caused to end.
 */
function finishAndRelease<C>(
  s: ApiServersState<C>,
  env: Environment,
  request: InFlight<C>,
  code: number,
  reason: string,
  nowMs: number,
): ApiCompletion<C>[] {
  delete s.inFlight[request.id];
  if (request.etcdLane !== null) {
    s.lanes[request.server]?.free.push(request.etcdLane);
    delete s.atEtcd[`${etcdClientId(s.machines[request.server] ?? "", request.etcdLane)}@${request.etcdSeq}`];
  }
  // A creation refused after admission does not count in the quotas.
  if (code >= 300 && request.admitted !== undefined) releaseQuota(s, request.admitted);
  const out = [finish(s, request, code, reason, nowMs, code < 300)];
  const freed = flowRelease(s.flow[request.server] as FlowControlState, request.id, nowMs);
  for (const id of freed.timedOut) out.push(...queuedTimeout(s, id, nowMs));
  for (const id of freed.dispatched) {
    const next = s.inFlight[id];
    if (next !== undefined) out.push(...dispatch(s, env, next, nowMs));
  }
  return out;
}

/** "sent to N watchers", one string per N. */
const watchOutcomes: string[] = [];
function watchOutcome(watchers: number): string {
  let text = watchOutcomes[watchers];
  if (text === undefined) {
    text = `sent to ${watchers} watcher${watchers === 1 ? "" : "s"}`;
    if (watchers < 10_000) watchOutcomes[watchers] = text;
  }
  return text;
}

function finish<C>(
  s: ApiServersState<C>,
  request: InFlight<C>,
  code: number,
  reason: string,
  nowMs: number,
  ok: boolean,
): ApiCompletion<C> {
  const latencyMs = nowMs - request.arrivalMs;
  observe(isMutating(request.call) ? s.latency.mutating : s.latency.read, latencyMs / 1000);
  const countKey = `${code}`;
  s.counts[countKey] = (s.counts[countKey] ?? 0) + 1;
  let visibleAtMs = nowMs;
  if (ok && request.call.watchers > 0) {
    // The watch cache sends the change to every watcher of the resource, one event after another.
    const resource = request.call.attrs.resource;
    const start = Math.max(nowMs, s.watchBusyUntil[resource] ?? 0);
    const cost = Math.ceil((request.call.watchers * watchEventMicrosPerWatcher) / 1000);
    s.watchBusyUntil[resource] = start + cost;
    visibleAtMs = start + cost;
    request.stages.push({
      stage: "watch",
      atMs: visibleAtMs,
      outcome: watchOutcome(request.call.watchers),
    });
  }
  return {
    id: request.id,
    after: request.after,
    ok,
    code,
    reason,
    visibleAtMs,
    ...(ok && request.admitted !== undefined ? { admitted: request.admitted } : {}),
    ...(ok && request.value !== undefined ? { value: request.value } : {}),
    record: {
      id: request.id,
      server: s.machines[request.server] ?? "",
      user: request.call.user.name,
      verb: request.call.attrs.verb,
      resource: resourceName(request.call.attrs),
      name: request.call.attrs.name,
      code,
      latencyMs,
      stages: request.stages,
      priorityLevel: request.level,
    },
  };
}

/** The operator's levers: APF on or off, and the two inflight limits. */
export function configure<C>(
  s: ApiServersState<C>,
  settings: { mode?: FlowControlMode; maxRequestsInflight?: number; maxMutatingRequestsInflight?: number },
): void {
  for (const flow of s.flow) {
    if (settings.mode !== undefined) setMode(flow, settings.mode);
    if (settings.maxRequestsInflight !== undefined || settings.maxMutatingRequestsInflight !== undefined) {
      setLimits(flow, {
        maxRequestsInflight: settings.maxRequestsInflight ?? flow.limits.maxRequestsInflight,
        maxMutatingRequestsInflight:
          settings.maxMutatingRequestsInflight ?? flow.limits.maxMutatingRequestsInflight,
      });
    }
  }
}
