/**
 * Lease-based leader election as kube-scheduler and kube-controller-manager run it (client-go
 * tools/leaderelection): every replica is a candidate; one holds the Lease in kube-system and runs
 * the controllers, the others poll until the lease expires by their own clock and take it over.
 *
 * How a World drives it: each candidate calls `tryAcquireOrRenew` at `nextAttemptMs`, with what a
 * GET of the Lease returned and whether an update would succeed (API server up, resourceVersion
 * unchanged since the read); it stores `write` when non-null. When the outcome is `lost` the
 * process exits (kube-scheduler and kube-controller-manager `OnStoppedLeading`: "leaderelection
 * lost", klog.FlushAndExit with code 1 — klog.Fatalf in older releases); its restart is a new
 * candidate, with a new identity (both use `hostname_<uuid>`).
 *
 * There is no fencing (leaderelection.go package doc): a leader keeps `leading` until its renew
 * deadline passes, even after it has seen another holder.
 */

export interface LeaderElectionConfig {
  /** How long a non-holder waits, from its own last sight of a change to the record, before taking over. */
  readonly leaseDurationMs: number;
  /** How long the leader keeps retrying a failing renewal before it gives up. */
  readonly renewDeadlineMs: number;
  /** The period between tries, acquiring or renewing. */
  readonly retryPeriodMs: number;
}

/**
 * `--leader-elect-lease-duration` 15s, `--leader-elect-renew-deadline` 10s, `--leader-elect-retry-period` 2s
 * for both components (component-base config/v1alpha1 `RecommendedDefaultLeaderElectionConfiguration`).
 */
export const defaultLeaderElection: LeaderElectionConfig = {
  leaseDurationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

/** leaderelection.go `JitterFactor = 1.2`: a non-leader waits retryPeriod × (1 + [0, 1.2)) between tries. */
export const acquireJitterFactor = 1.2;

/** A Lease's spec (coordination.k8s.io/v1 LeaseSpec), times in the writer's clock. */
export interface LeaseRecord {
  /** Empty after a holder released the lease: anyone may take it at once. */
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: number;
  readonly renewTime: number;
  readonly leaseTransitions: number;
}

export interface CandidateState {
  readonly identity: string;
  readonly config: LeaderElectionConfig;
  /** In the renew loop (between OnStartedLeading and OnStoppedLeading): the controllers run. */
  readonly leading: boolean;
  /** The leader's last successful write, `null` if it never led. */
  readonly lastRenewMs: number | null;
  /** Start of the current renewal round that has not succeeded yet; `null` when the last try succeeded. */
  readonly renewFailingSinceMs: number | null;
  /** The record as last read or written (client-go `observedRecord`). */
  readonly observedRecord: LeaseRecord | null;
  /** The candidate's own clock when `observedRecord` last changed (client-go `observedTime`). */
  readonly observedAtMs: number;
}

/** What the GET returned: the record, `"not-found"` (no Lease yet: the candidate creates it), or `null` (error). */
export type LeaseRead = LeaseRecord | "not-found" | null;

export type ElectionOutcome = "acquired" | "renewed" | "held-by-other" | "failed" | "lost";

export interface ElectionStep {
  readonly candidate: CandidateState;
  /** The record written to the API server, or `null` if nothing was written. */
  readonly write: LeaseRecord | null;
  readonly outcome: ElectionOutcome;
}

export function newCandidate(
  identity: string,
  nowMs: number,
  config: LeaderElectionConfig = defaultLeaderElection,
): CandidateState {
  return {
    identity,
    config,
    leading: false,
    lastRenewMs: null,
    renewFailingSinceMs: null,
    observedRecord: null,
    observedAtMs: nowMs,
  };
}

/** NewLeaderElector's checks: why client-go would refuse the config, or `null` if it is valid. */
export function leaderElectionConfigError(config: LeaderElectionConfig): string | null {
  if (config.leaseDurationMs <= 0 || config.renewDeadlineMs <= 0 || config.retryPeriodMs <= 0) {
    return "durations must be greater than zero";
  }
  if (config.leaseDurationMs <= config.renewDeadlineMs)
    return "leaseDuration must be greater than renewDeadline";
  if (config.renewDeadlineMs <= acquireJitterFactor * config.retryPeriodMs) {
    return "renewDeadline must be greater than retryPeriod*JitterFactor";
  }
  return null;
}

function sameRecord(a: LeaseRecord, b: LeaseRecord): boolean {
  return (
    a.holderIdentity === b.holderIdentity &&
    a.leaseDurationSeconds === b.leaseDurationSeconds &&
    a.acquireTime === b.acquireTime &&
    a.renewTime === b.renewTime &&
    a.leaseTransitions === b.leaseTransitions
  );
}

/**
 * `isLeaseValid`: `observedTime + leaseDurationSeconds` (the record's duration, not the candidate's)
 * is after now. The record's renewTime is never compared with the local clock, so clock skew between
 * machines does not matter, only a difference in clock rates.
 */
function leaseValid(candidate: CandidateState, nowMs: number): boolean {
  const observed = candidate.observedRecord;
  return observed !== null && candidate.observedAtMs + observed.leaseDurationSeconds * 1000 > nowMs;
}

function isHolder(candidate: CandidateState): boolean {
  return candidate.observedRecord?.holderIdentity === candidate.identity;
}

interface TryResult {
  readonly candidate: CandidateState;
  readonly write: LeaseRecord | null;
}

/** One client-go `tryAcquireOrRenew`: `write` non-null is success. */
function tryOnce(
  candidate: CandidateState,
  read: LeaseRead,
  nowMs: number,
  writeSucceeds: boolean,
): TryResult {
  const desired: LeaseRecord = {
    holderIdentity: candidate.identity,
    // `int(LeaseDuration / time.Second)`
    leaseDurationSeconds: Math.floor(candidate.config.leaseDurationMs / 1000),
    acquireTime: nowMs,
    renewTime: nowMs,
    leaseTransitions: 0,
  };
  const wrote = (c: CandidateState, record: LeaseRecord): TryResult => ({
    candidate: { ...c, observedRecord: record, observedAtMs: nowMs },
    write: record,
  });
  const failed = (c: CandidateState): TryResult => ({ candidate: c, write: null });

  // 1. Fast path: the holder updates the record it last saw without reading it. The update carries
  // that record's resourceVersion, so it conflicts if anyone changed the lease since.
  const observed = candidate.observedRecord;
  if (observed !== null && isHolder(candidate) && leaseValid(candidate, nowMs)) {
    const unchanged = read === null || (read !== "not-found" && sameRecord(read, observed));
    if (writeSucceeds && unchanged) {
      return wrote(candidate, {
        ...desired,
        acquireTime: observed.acquireTime,
        leaseTransitions: observed.leaseTransitions,
      });
    }
  }

  // 2. Read the record; create it if there is none.
  if (read === null) return failed(candidate);
  if (read === "not-found") return writeSucceeds ? wrote(candidate, desired) : failed(candidate);

  // 3. A changed record restarts the expiry clock, whatever times it carries.
  const seen =
    observed !== null && sameRecord(observed, read)
      ? candidate
      : { ...candidate, observedRecord: read, observedAtMs: nowMs };
  if (read.holderIdentity !== "" && leaseValid(seen, nowMs) && !isHolder(seen)) return failed(seen);

  // 4. Renewing keeps acquireTime and the transition count; taking over counts a transition.
  const record = isHolder(seen)
    ? { ...desired, acquireTime: read.acquireTime, leaseTransitions: read.leaseTransitions }
    : { ...desired, leaseTransitions: read.leaseTransitions + 1 };
  return writeSucceeds ? wrote(seen, record) : failed(seen);
}

/**
 * One try of the acquire loop (standby) or of the renew loop (leader), at `nowMs` on the
 * candidate's own clock. `read` is what the GET returned; `writeSucceeds` whether a create or
 * update would be accepted. A leader whose renewal round has not succeeded within `renewDeadlineMs`
 * stops leading (`lost`) without trying again.
 */
export function tryAcquireOrRenew(
  candidate: CandidateState,
  read: LeaseRead,
  nowMs: number,
  writeSucceeds: boolean,
): ElectionStep {
  if (candidate.leading) {
    const since = candidate.renewFailingSinceMs;
    // The round's context (`context.WithTimeout(ctx, RenewDeadline)`) is done: renew returns.
    if (since !== null && nowMs >= since + candidate.config.renewDeadlineMs) {
      return {
        candidate: { ...candidate, leading: false, renewFailingSinceMs: null },
        write: null,
        outcome: "lost",
      };
    }
  }
  const r = tryOnce(candidate, read, nowMs, writeSucceeds);
  if (r.write !== null) {
    const candidateAfter = { ...r.candidate, leading: true, lastRenewMs: nowMs, renewFailingSinceMs: null };
    return { candidate: candidateAfter, write: r.write, outcome: candidate.leading ? "renewed" : "acquired" };
  }
  if (candidate.leading) {
    const candidateAfter = { ...r.candidate, renewFailingSinceMs: candidate.renewFailingSinceMs ?? nowMs };
    return { candidate: candidateAfter, write: null, outcome: "failed" };
  }
  const c = r.candidate;
  const heldByOther =
    c.observedRecord !== null &&
    c.observedRecord.holderIdentity !== "" &&
    !isHolder(c) &&
    leaseValid(c, nowMs);
  return { candidate: c, write: null, outcome: heldByOther ? "held-by-other" : "failed" };
}

/**
 * When the candidate tries next, after a try at `nowMs`. A standby waits retryPeriod × (1 + 1.2 × jitter)
 * (acquire: `wait.JitterUntil(…, RetryPeriod, JitterFactor, sliding)`), `jitter01` in [0, 1) drawn by the
 * caller. A leader waits retryPeriod, no jitter (renew: `wait.Until` between rounds, `PollImmediateUntil`
 * within one), but no later than its round's deadline, when `tryAcquireOrRenew` reports `lost`.
 */
export function nextAttemptMs(candidate: CandidateState, nowMs: number, jitter01: number): number {
  const { retryPeriodMs, renewDeadlineMs } = candidate.config;
  if (!candidate.leading) return nowMs + Math.floor(retryPeriodMs * (1 + acquireJitterFactor * jitter01));
  const next = nowMs + retryPeriodMs;
  const since = candidate.renewFailingSinceMs;
  return since === null ? next : Math.min(next, since + renewDeadlineMs);
}
