/**
 * Liveness, readiness and startup probes: the kubelet's prober workers, as pure state machines.
 *
 * Each probe runs every `periodSeconds` once `initialDelaySeconds` have passed since the container
 * started; a probe that does not answer within `timeoutSeconds` fails. A result flips only after
 * `failureThreshold` consecutive failures or `successThreshold` consecutive successes.
 * Until a startup probe succeeds the other two do not run; a failed liveness or startup probe
 * makes the kubelet kill and restart the container; a failed readiness probe marks the pod not
 * ready, so the endpoints controller takes it out of its Services.
 */

/**
 * core/v1 PodSpec `terminationGracePeriodSeconds` default 30: a container killed after a failed
 * liveness probe gets SIGTERM and up to this long before SIGKILL; a hung process takes all of it.
 */
export const defaultTerminationGracePeriodMs = 30_000;

export type ProbeKind = "liveness" | "readiness" | "startup";
export type ProbeResult = "Success" | "Failure" | "Unknown";

export interface ProbeSpec {
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
  readonly successThreshold: number;
}

/** k8s.io/api core/v1 Probe field defaults (kubernetes.io "Configure Liveness, Readiness and Startup Probes"). */
export const defaultProbeSpec: ProbeSpec = {
  initialDelaySeconds: 0, // "Defaults to 0 seconds."
  periodSeconds: 10, // "Default to 10 seconds. Minimum value is 1."
  timeoutSeconds: 1, // "Defaults to 1 second. Minimum value is 1."
  failureThreshold: 3, // "Defaults to 3. Minimum value is 1."
  successThreshold: 1, // "Defaults to 1. Must be 1 for liveness and startup Probes."
};

export interface ProbeState {
  readonly kind: ProbeKind;
  readonly spec: ProbeSpec;
  readonly result: ProbeResult;
  readonly consecutiveSuccesses: number;
  readonly consecutiveFailures: number;
  /** When the worker probes next. */
  readonly nextProbeAtMs: number;
}

/**
 * pkg/kubelet/prober/worker.go: readiness starts as Failure (not ready until proven), liveness
 * as Success (alive until proven dead), startup as Unknown.
 */
const initialResult: Record<ProbeKind, ProbeResult> = {
  liveness: "Success",
  readiness: "Failure",
  startup: "Unknown",
};

export function startProbe(kind: ProbeKind, spec: ProbeSpec, containerStartedAtMs: number): ProbeState {
  return {
    kind,
    spec,
    result: initialResult[kind],
    consecutiveSuccesses: 0,
    consecutiveFailures: 0,
    nextProbeAtMs: containerStartedAtMs + spec.initialDelaySeconds * 1000,
  };
}

/** What the container did when probed: answered (well or badly) after some latency, or never. */
export type ProbeAnswer =
  | { readonly kind: "answered"; readonly healthy: boolean; readonly latencyMs: number }
  | { readonly kind: "noAnswer" };

export interface ProbeOutcome {
  readonly state: ProbeState;
  /** When the probe's verdict is known: at the answer, or at the timeout. */
  readonly observedAtMs: number;
  /** The result changed with this probe. */
  readonly changed: boolean;
}

/** Runs the probe due at `state.nextProbeAtMs` against the container's `answer`. */
export function runProbe(state: ProbeState, answer: ProbeAnswer): ProbeOutcome {
  const probedAtMs = state.nextProbeAtMs;
  const timeoutMs = state.spec.timeoutSeconds * 1000;
  const answeredInTime = answer.kind === "answered" && answer.latencyMs <= timeoutMs;
  const success = answeredInTime && answer.healthy;
  const observedAtMs = probedAtMs + (answeredInTime ? answer.latencyMs : timeoutMs);
  const consecutiveSuccesses = success ? state.consecutiveSuccesses + 1 : 0;
  const consecutiveFailures = success ? 0 : state.consecutiveFailures + 1;
  let result = state.result;
  if (success && consecutiveSuccesses >= state.spec.successThreshold) result = "Success";
  if (!success && consecutiveFailures >= state.spec.failureThreshold) result = "Failure";
  // The worker's ticker keeps its period whatever the probe took (pkg/kubelet/prober/worker.go).
  const next: ProbeState = {
    ...state,
    result,
    consecutiveSuccesses,
    consecutiveFailures,
    nextProbeAtMs: probedAtMs + state.spec.periodSeconds * 1000,
  };
  return { state: next, observedAtMs, changed: result !== state.result };
}

/** The probes configured on one container. */
export interface ContainerProbes {
  readonly liveness: ProbeState | null;
  readonly readiness: ProbeState | null;
  readonly startup: ProbeState | null;
}

export function startContainerProbes(
  specs: { readonly liveness?: ProbeSpec; readonly readiness?: ProbeSpec; readonly startup?: ProbeSpec },
  containerStartedAtMs: number,
): ContainerProbes {
  const start = (kind: ProbeKind) => {
    const spec = specs[kind];
    return spec ? startProbe(kind, spec, containerStartedAtMs) : null;
  };
  return { liveness: start("liveness"), readiness: start("readiness"), startup: start("startup") };
}

/** A startup probe that has not yet succeeded holds the other probes back (kubernetes.io probes docs). */
export function startupComplete(probes: ContainerProbes): boolean {
  return probes.startup === null || probes.startup.result === "Success";
}

/** The probes that run now: only the startup probe until it succeeds, then liveness and readiness. */
export function activeProbes(probes: ContainerProbes): ProbeState[] {
  if (!startupComplete(probes)) return [probes.startup!];
  return [probes.liveness, probes.readiness].filter((p): p is ProbeState => p !== null);
}

/** The next time any active probe fires, or `null` if the container has none. */
export function nextProbeAtMs(probes: ContainerProbes): number | null {
  const due = activeProbes(probes).map((p) => p.nextProbeAtMs);
  return due.length === 0 ? null : Math.min(...due);
}

/**
 * Container `ready`: with a readiness probe, its result (and startup done); without one, ready as
 * soon as the container runs and startup is done (kubernetes.io: "the default state of readiness … is Success").
 */
export function containerReady(probes: ContainerProbes): boolean {
  if (!startupComplete(probes)) return false;
  return probes.readiness === null || probes.readiness.result === "Success";
}

export type ProbeAction =
  | { readonly kind: "none" }
  | { readonly kind: "restartContainer"; readonly reason: "LivenessProbeFailed" | "StartupProbeFailed" }
  | { readonly kind: "readinessChanged"; readonly ready: boolean };

export interface ProbeStep {
  readonly probes: ContainerProbes;
  readonly observedAtMs: number;
  readonly action: ProbeAction;
}

/**
 * Runs the probe of `kind` (which must be due and active) and says what the kubelet does with the result:
 * a liveness or startup Failure restarts the container (the kubelet's `Container … failed liveness
 * probe, will be restarted`), a readiness change flips the pod's Ready condition.
 */
export function stepProbe(probes: ContainerProbes, kind: ProbeKind, answer: ProbeAnswer): ProbeStep {
  const state = probes[kind];
  if (state === null) throw new RangeError(`no ${kind} probe on this container`);
  const before = containerReady(probes);
  const outcome = runProbe(state, answer);
  let next: ContainerProbes = { ...probes, [kind]: outcome.state };
  if (kind === "startup" && outcome.changed && outcome.state.result === "Success") {
    // The other workers ticked all along but skipped while startup ran; they probe at their next tick.
    next = {
      ...next,
      liveness: next.liveness && catchUp(next.liveness, outcome.observedAtMs),
      readiness: next.readiness && catchUp(next.readiness, outcome.observedAtMs),
    };
  }
  let action: ProbeAction = { kind: "none" };
  if (outcome.changed && outcome.state.result === "Failure" && kind === "liveness") {
    action = { kind: "restartContainer", reason: "LivenessProbeFailed" };
  } else if (outcome.changed && outcome.state.result === "Failure" && kind === "startup") {
    action = { kind: "restartContainer", reason: "StartupProbeFailed" };
  } else if (containerReady(next) !== before) {
    action = { kind: "readinessChanged", ready: containerReady(next) };
  }
  return { probes: next, observedAtMs: outcome.observedAtMs, action };
}

function catchUp(state: ProbeState, nowMs: number): ProbeState {
  const periodMs = state.spec.periodSeconds * 1000;
  if (state.nextProbeAtMs >= nowMs) return state;
  const ticks = Math.ceil((nowMs - state.nextProbeAtMs) / periodMs);
  return { ...state, nextProbeAtMs: state.nextProbeAtMs + ticks * periodMs };
}
