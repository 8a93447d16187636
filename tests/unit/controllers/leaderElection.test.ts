import { describe, expect, it } from "vitest";
import {
  acquireJitterFactor,
  type CandidateState,
  defaultLeaderElection,
  type ElectionOutcome,
  type LeaseRead,
  type LeaseRecord,
  leaderElectionConfigError,
  newCandidate,
  nextAttemptMs,
  tryAcquireOrRenew,
} from "../../../shared/sim/controllers/leaderElection.ts";
import { createRandom } from "../../../shared/sim/random.ts";

const { leaseDurationMs, renewDeadlineMs, retryPeriodMs } = defaultLeaderElection;
/** The longest jittered wait between a standby's tries: retryPeriod × (1 + 1.2). */
const maxStandbyWaitMs = retryPeriodMs * (1 + acquireJitterFactor);

interface Proc {
  c: CandidateState;
  next: number;
  /** The process stops (killed, or frozen) at this real time: no more tries. */
  readonly stopAtMs: number;
  /** Its clock minus the real one. */
  readonly skewMs: number;
  readonly jitter: () => number;
}

interface Step {
  readonly atMs: number;
  readonly identity: string;
  readonly outcome: ElectionOutcome;
}

/**
 * A tiny API server with one Lease and optimistic concurrency: every candidate due at the same ms
 * reads first, then writes in turn, and a write succeeds only if the lease did not change since its read.
 */
function run(
  procs: Proc[],
  untilMs: number,
  apiUp: (atMs: number) => boolean = () => true,
  afterEach: (procs: readonly Proc[]) => void = () => {},
) {
  const store: { lease: LeaseRecord | null; version: number } = { lease: null, version: 0 };
  const steps: Step[] = [];
  for (;;) {
    const live = procs.filter((p) => p.next < p.stopAtMs);
    const t = Math.min(...live.map((p) => p.next));
    if (!Number.isFinite(t) || t > untilMs) break;
    const due = live.filter((p) => p.next === t);
    const up = apiUp(t);
    const reads = due.map((): { read: LeaseRead; version: number } => ({
      read: up ? (store.lease ?? "not-found") : null,
      version: store.version,
    }));
    due.forEach((p, i) => {
      const { read, version } = reads[i]!;
      const r = tryAcquireOrRenew(p.c, read, t + p.skewMs, up && store.version === version);
      if (r.write !== null) {
        store.lease = r.write;
        store.version++;
      }
      p.c = r.candidate;
      steps.push({ atMs: t, identity: p.c.identity, outcome: r.outcome });
      // A process that lost the lease exits.
      p.next =
        r.outcome === "lost"
          ? Number.POSITIVE_INFINITY
          : nextAttemptMs(p.c, t + p.skewMs, p.jitter()) - p.skewMs;
      if (p.next <= t) throw new Error(`${p.c.identity} does not move on from ${t}`);
      afterEach(procs);
    });
  }
  return { store, steps };
}

function proc(
  identity: string,
  startMs: number,
  opts: { stopAtMs?: number; skewMs?: number; jitter?: () => number } = {},
): Proc {
  const skewMs = opts.skewMs ?? 0;
  return {
    c: newCandidate(identity, startMs + skewMs),
    next: startMs,
    stopAtMs: opts.stopAtMs ?? Number.POSITIVE_INFINITY,
    skewMs,
    jitter: opts.jitter ?? (() => 0),
  };
}

const seeded = (seed: number) => {
  const random = createRandom(seed, "leader-election-test");
  return () => random.next();
};

function firstStep(steps: readonly Step[], identity: string, outcome: ElectionOutcome): Step | undefined {
  return steps.find((s) => s.identity === identity && s.outcome === outcome);
}

describe("leader election timing (client-go tools/leaderelection)", () => {
  it("defaults are kube-scheduler's and kube-controller-manager's 15 s / 10 s / 2 s, and valid", () => {
    expect(defaultLeaderElection).toEqual({
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
    expect(leaderElectionConfigError(defaultLeaderElection)).toBeNull();
  });

  it.each([
    { leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 },
    { leaseDurationMs: 15_000, renewDeadlineMs: 2_400, retryPeriodMs: 2_000 },
    { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 0 },
  ])("NewLeaderElector refuses %o", (config) => {
    expect(leaderElectionConfigError(config)).not.toBeNull();
  });

  it("a standby's tries are jittered by up to 1.2 retry periods; the leader's are not", () => {
    const standby = newCandidate("b", 0);
    expect(nextAttemptMs(standby, 1_000, 0)).toBe(3_000);
    expect(nextAttemptMs(standby, 1_000, 0.5)).toBe(4_200);
    const leader = tryAcquireOrRenew(standby, "not-found", 1_000, true).candidate;
    expect(nextAttemptMs(leader, 1_000, 0.9)).toBe(3_000);
  });
});

describe("failover", () => {
  it.each([
    { name: "no jitter", jitter: () => 0 },
    { name: "maximal jitter", jitter: () => 0.999_999 },
    ...[1, 2, 3, 4, 5, 6].map((seed) => ({ name: `seeded jitter ${seed}`, jitter: seeded(seed) })),
  ])(
    "a standby takes over 15 s to 15 s + 2 jittered retry periods after the last renewal ($name)",
    ({ jitter }) => {
      const procs = [proc("a", 0, { stopAtMs: 30_000 }), proc("b", 700, { jitter })];
      const { store, steps } = run(procs, 120_000);
      const lastRenewMs = procs[0]!.c.lastRenewMs!;
      const takeover = firstStep(steps, "b", "acquired")!;
      expect(takeover.atMs - lastRenewMs).toBeGreaterThanOrEqual(leaseDurationMs);
      expect(takeover.atMs - lastRenewMs).toBeLessThan(leaseDurationMs + 2 * maxStandbyWaitMs);
      expect(store.lease).toMatchObject({
        holderIdentity: "b",
        acquireTime: takeover.atMs,
        leaseTransitions: 1,
      });
    },
  );

  it("a leader that cannot write for renewDeadline stops leading, before a standby could take over", () => {
    // The API server is down from 20 s to 60 s.
    const apiUp = (t: number) => t < 20_000 || t >= 60_000;
    const procs = [proc("a", 0), proc("b", 300)];
    const { store, steps } = run(procs, 120_000, apiUp);
    const aSteps = steps.filter((s) => s.identity === "a" && s.atMs >= 20_000);
    const firstFailure = aSteps[0]!;
    expect(firstFailure.outcome).toBe("failed");
    // Tries every retry period within the round, still leading, then gives up at the deadline.
    expect(aSteps.map((s) => [s.atMs - firstFailure.atMs, s.outcome])).toEqual([
      [0, "failed"],
      [2_000, "failed"],
      [4_000, "failed"],
      [6_000, "failed"],
      [8_000, "failed"],
      [10_000, "lost"],
    ]);
    expect(procs[0]!.c.leading).toBe(false);
    const lostAt = firstFailure.atMs + renewDeadlineMs;
    expect(lostAt).toBeLessThan(procs[0]!.c.lastRenewMs! + leaseDurationMs);
    // b saw a's last record before the outage, so once the API server is back its first try takes over.
    const bBack = steps.find((s) => s.identity === "b" && s.atMs >= 60_000)!;
    expect(bBack.outcome).toBe("acquired");
    expect(store.lease).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
  });

  it("a leader whose writes fail for less than renewDeadline keeps leading", () => {
    const apiUp = (t: number) => t < 20_000 || t >= 27_000;
    const procs = [proc("a", 0), proc("b", 300, { jitter: seeded(7) })];
    const { store, steps } = run(procs, 120_000, apiUp);
    expect(steps.some((s) => s.outcome === "lost" || (s.outcome === "acquired" && s.identity === "b"))).toBe(
      false,
    );
    expect(store.lease).toMatchObject({ holderIdentity: "a", acquireTime: 0, leaseTransitions: 0 });
  });

  it.each([1, 2, 3])("a renewing leader is never displaced (seed %i)", (seed) => {
    const procs = [
      proc("a", 0),
      proc("b", 1, { jitter: seeded(seed) }),
      proc("c", 2, { jitter: seeded(seed + 100) }),
    ];
    const { store, steps } = run(procs, 600_000);
    expect(
      steps
        .filter((s) => s.identity === "a")
        .every((s, i) => s.outcome === (i === 0 ? "acquired" : "renewed")),
    ).toBe(true);
    expect(steps.filter((s) => s.identity !== "a").every((s) => s.outcome === "held-by-other")).toBe(true);
    // Renewing keeps acquireTime.
    expect(store.lease).toMatchObject({ holderIdentity: "a", acquireTime: 0, leaseTransitions: 0 });
    expect(store.lease!.renewTime).toBe(procs[0]!.c.lastRenewMs);
    expect(store.lease!.renewTime).toBeGreaterThan(590_000);
  });
});

describe("clock skew", () => {
  it.each([
    { name: "an hour behind", skewMs: -3_600_000 },
    { name: "an hour ahead", skewMs: 3_600_000 },
  ])("a leader whose clock is $name neither loses the lease early nor keeps it late", ({ skewMs }) => {
    const procs = [proc("a", 0, { stopAtMs: 40_000, skewMs }), proc("b", 500, { jitter: seeded(11) })];
    const { store, steps } = run(procs, 120_000);
    const lastRenewRealMs = procs[0]!.c.lastRenewMs! - skewMs;
    expect(lastRenewRealMs).toBeGreaterThan(36_000);
    const takeover = firstStep(steps, "b", "acquired")!;
    expect(takeover.atMs - lastRenewRealMs).toBeGreaterThanOrEqual(leaseDurationMs);
    expect(takeover.atMs - lastRenewRealMs).toBeLessThan(leaseDurationMs + 2 * maxStandbyWaitMs);
    expect(store.lease).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
  });

  it("a standby counts the lease duration from its own first sight of a record, not from renewTime", () => {
    const stale: LeaseRecord = {
      holderIdentity: "a",
      leaseDurationSeconds: 15,
      acquireTime: -7_200_000,
      renewTime: -3_600_000,
      leaseTransitions: 4,
    };
    let b = newCandidate("b", 100_000);
    const first = tryAcquireOrRenew(b, stale, 100_000, true);
    expect(first.outcome).toBe("held-by-other");
    b = first.candidate;
    expect(tryAcquireOrRenew(b, stale, 114_999, true).outcome).toBe("held-by-other");
    const take = tryAcquireOrRenew(b, stale, 115_000, true);
    expect(take.outcome).toBe("acquired");
    expect(take.write).toEqual({
      holderIdentity: "b",
      leaseDurationSeconds: 15,
      acquireTime: 115_000,
      renewTime: 115_000,
      leaseTransitions: 5,
    });
  });

  it("a changed record restarts the standby's wait; the record's own leaseDurationSeconds counts", () => {
    const record: LeaseRecord = {
      holderIdentity: "a",
      leaseDurationSeconds: 60,
      acquireTime: 0,
      renewTime: 0,
      leaseTransitions: 0,
    };
    let b = tryAcquireOrRenew(newCandidate("b", 0), record, 0, true).candidate;
    const renewed = { ...record, renewTime: 30_000 };
    b = tryAcquireOrRenew(b, renewed, 30_000, true).candidate;
    expect(tryAcquireOrRenew(b, renewed, 89_999, true).outcome).toBe("held-by-other");
    expect(tryAcquireOrRenew(b, renewed, 90_000, true).outcome).toBe("acquired");
  });
});

describe("transitions and contention", () => {
  it("counts each change of holder; a released lease (empty holder) is taken at once", () => {
    const procs = [
      proc("a", 0, { stopAtMs: 10_000 }),
      proc("b", 1_000, { stopAtMs: 60_000, jitter: seeded(21) }),
      proc("c", 40_000, { jitter: seeded(22) }),
    ];
    const { store, steps } = run(procs, 200_000);
    const acquired = steps.filter((s) => s.outcome === "acquired").map((s) => s.identity);
    expect(acquired).toEqual(["a", "b", "c"]);
    expect(store.lease).toMatchObject({ holderIdentity: "c", leaseTransitions: 2 });
    expect(store.lease!.acquireTime).toBe(firstStep(steps, "c", "acquired")!.atMs);

    const released: LeaseRecord = { ...store.lease!, holderIdentity: "", leaseDurationSeconds: 1 };
    const d = tryAcquireOrRenew(newCandidate("d", 300_000), released, 300_000, true);
    expect(d.outcome).toBe("acquired");
    expect(d.write).toMatchObject({ holderIdentity: "d", leaseTransitions: 3 });
  });

  it.each([1, 2, 3, 4])("two candidates started together: exactly one leads (seed %i)", (seed) => {
    let mostLeaders = 0;
    const procs = [proc("a", 0, { jitter: seeded(seed) }), proc("b", 0, { jitter: seeded(seed + 50) })];
    const { store, steps } = run(procs, 300_000, undefined, (ps) => {
      mostLeaders = Math.max(mostLeaders, ps.filter((p) => p.c.leading).length);
    });
    expect(mostLeaders).toBe(1);
    expect(procs.filter((p) => p.c.leading).map((p) => p.c.identity)).toEqual(["a"]);
    // b lost the create race (the write conflicted), then saw a's lease.
    expect(steps.filter((s) => s.identity === "b")[0]!.outcome).toBe("failed");
    expect(
      steps
        .filter((s) => s.identity === "b")
        .slice(1)
        .every((s) => s.outcome === "held-by-other"),
    ).toBe(true);
    expect(store.lease).toMatchObject({ holderIdentity: "a", acquireTime: 0, leaseTransitions: 0 });
  });

  it("new candidates facing a dead holder's lease wait a full lease duration, then exactly one takes over", () => {
    const dead: LeaseRecord = {
      holderIdentity: "old",
      leaseDurationSeconds: 15,
      acquireTime: 0,
      renewTime: 0,
      leaseTransitions: 2,
    };
    const read = (c: CandidateState, t: number) => tryAcquireOrRenew(c, dead, t, true);
    let a = read(newCandidate("a", 500_000), 500_000);
    let b = read(newCandidate("b", 500_000), 500_000);
    expect([a.outcome, b.outcome]).toEqual(["held-by-other", "held-by-other"]);
    a = read(a.candidate, 515_000);
    expect(a.outcome).toBe("acquired");
    b = tryAcquireOrRenew(b.candidate, a.write!, 515_000, false);
    expect(b.outcome).toBe("held-by-other");
    expect(a.write).toMatchObject({ holderIdentity: "a", leaseTransitions: 3 });
  });

  it("a leader waking from a freeze with its lease untouched renews it, keeping acquireTime and transitions", () => {
    const a0 = tryAcquireOrRenew(newCandidate("a", 0), "not-found", 0, true);
    // By its own clock its lease has expired, so it reads the record before writing (no fast path).
    const woke = tryAcquireOrRenew(a0.candidate, a0.write!, 20_000, true);
    expect(woke.outcome).toBe("renewed");
    expect(woke.write).toEqual({ ...a0.write!, renewTime: 20_000 });
    expect(woke.candidate.leading).toBe(true);
  });

  it("a leader's optimistic renewal conflicts when someone else wrote the lease since", () => {
    const a0 = tryAcquireOrRenew(newCandidate("a", 0), "not-found", 0, true);
    // b, whose clock runs fast, took over; a's update carries the resourceVersion it last saw.
    const bLease: LeaseRecord = {
      ...a0.write!,
      holderIdentity: "b",
      acquireTime: 3_000,
      renewTime: 3_000,
      leaseTransitions: 1,
    };
    const a1 = tryAcquireOrRenew(a0.candidate, bLease, 2_000, true);
    expect(a1).toMatchObject({ outcome: "failed", write: null });
    expect(a1.candidate.observedRecord).toEqual(bLease);
    // The lease was deleted: the update fails (NotFound) and a creates it again.
    const a2 = tryAcquireOrRenew(a0.candidate, "not-found", 2_000, true);
    expect(a2.outcome).toBe("renewed");
    expect(a2.write).toMatchObject({ holderIdentity: "a", acquireTime: 2_000, leaseTransitions: 0 });
  });

  it("no fencing: a frozen leader leads until its renew deadline after it wakes to another holder", () => {
    const a0 = tryAcquireOrRenew(newCandidate("a", 0), "not-found", 0, true);
    // a freezes; b takes over at 20 s.
    const bLease: LeaseRecord = {
      holderIdentity: "b",
      leaseDurationSeconds: 15,
      acquireTime: 20_000,
      renewTime: 20_000,
      leaseTransitions: 1,
    };
    const woke = tryAcquireOrRenew(a0.candidate, bLease, 25_000, true);
    expect(woke).toMatchObject({ outcome: "failed", write: null });
    expect(woke.candidate.leading).toBe(true);
    expect(nextAttemptMs(woke.candidate, 34_000, 0)).toBe(35_000);
    expect(tryAcquireOrRenew(woke.candidate, bLease, 33_000, true).outcome).toBe("failed");
    expect(tryAcquireOrRenew(woke.candidate, bLease, 35_000, true)).toMatchObject({
      outcome: "lost",
      write: null,
    });
  });
});
