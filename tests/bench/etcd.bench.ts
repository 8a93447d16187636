/**
 * `npm run bench:etcd [-- --trials N] [--only failover|split|latency]` — the simulated etcd held
 * side by side against a real one.
 *
 * Runs, on the simulation (EtcdCluster over the simulated network, etcd v3.6 defaults: heartbeat
 * 100 ms, election timeout 1 s, check-quorum on), the experiments measured on Debian's etcd 3.4.23
 * (docs/etcd-real-3.4.23.md), and prints each figure beside the real one with the issue's targets:
 *
 * 1. failover: the leader is killed at a random moment; time until a new leader is elected, on 3
 *    and 5 members, pre-vote on (etcd ≥ 3.5's default, the game's) and off (3.4's), 400 trials
 *    each; the share of failovers that needed a second election (a split vote); and the share
 *    whose first (pre-)candidate asked a member still inside its check-quorum lease, which ignores
 *    the ask (etcd-io/raft raft.go Step, "lease is not expired"): that is what sends a failover
 *    into a second randomized timeout, so it decides the p90.
 * 2. a 2:2 split of four members for 10 s, then healed, 300 trials per pre-vote setting: four
 *    writers, one per member, each writing one new key at a time with a 1 s client deadline (as
 *    `etcdctl --command-timeout=1s put` does); when the old leader steps down, when all four are
 *    leaderless, when writes first fail, how soon a leader and a successful write are back after
 *    the heal, and how many of the writes the client saw fail were applied anyway.
 * 3. commit latency of one put, to the leader and via a follower (the simulation's network is a
 *    LAN of 1–5 ms per hop; the real one was loopback, so this line has no target).
 *
 * Targets (issue 23): failover median and p90 within 10 % of the reference, split votes ≤ 2 %
 * (pre-vote on); recovery after the heal within 25 %; failed writes applied anyway within 5
 * points. Exit status 0 whatever the figures: it measures, it does not judge the build.
 */
import { EtcdCluster, NetworkTransport } from "../../shared/sim/etcd/cluster.ts";
import type { EtcdMember } from "../../shared/sim/etcd/member.ts";
import type { ClientResponse } from "../../shared/sim/etcd/types.ts";
import { NONE } from "../../shared/sim/raft/types.ts";
import { createRandom } from "../../shared/sim/random.ts";
import { benchOptions, wholeNumber } from "./cli.ts";
import * as real from "./etcdReference.ts";

const USAGE =
  "usage: npm run bench:etcd -- [--trials N] [--only failover|split|latency] (failover trials; the split runs 3/4 as many)";
const PARTS = ["failover", "split", "latency"] as const;
type Part = (typeof PARTS)[number];
const { failoverTrials, only } = benchOptions(
  USAGE,
  { trials: { type: "string" }, only: { type: "string" } },
  (values) => {
    const part = values.only;
    if (part !== undefined && !PARTS.some((p) => p === part))
      throw new Error(`--only must be one of ${PARTS.join(", ")}`);
    return {
      failoverTrials: wholeNumber(values.trials, 400, "trials", { max: 100_000 }),
      only: part as Part | undefined,
    };
  },
);
const runs = (part: Part) => only === undefined || only === part;
const splitTrials = Math.max(1, Math.round((failoverTrials * 3) / 4));

// ---- small statistics -------------------------------------------------------------------------

function quantiles(values: readonly number[]): real.Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { n: sorted.length, median: at(0.5), p90: at(0.9), max: sorted.at(-1) ?? Number.NaN };
}

const pct = (a: number, b: number) => (b === 0 ? 0 : (100 * a) / b);
/** How far `sim` lies from `ref`, in percent of `ref`. */
const off = (sim: number, ref: number) => (100 * (sim - ref)) / ref;

interface Verdict {
  readonly what: string;
  readonly ok: boolean;
  readonly detail: string;
}
const verdicts: Verdict[] = [];
function judge(what: string, ok: boolean, detail: string): string {
  verdicts.push({ what, ok, detail });
  return ok ? "✓" : "✗";
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const q3 = (q: real.Quantiles) => `${q.median} / ${q.p90} / ${q.max}`;

// ---- driving a cluster ------------------------------------------------------------------------

/** Runs the cluster event by event until `until`, calling `check` after each step; stops early when it returns true. */
function runUntil(cluster: EtcdCluster, until: number, check: () => boolean = () => false): boolean {
  while (true) {
    const next = Math.min(cluster.nextEventAt(), until);
    cluster.advanceTo(next);
    if (check()) return true;
    if (next >= until) return false;
  }
}

function newCluster(
  size: number,
  seed: number,
  preVote: boolean,
): { cluster: EtcdCluster; transport: NetworkTransport } {
  const transport = new NetworkTransport({ seed });
  const cluster = new EtcdCluster({
    ids: Array.from({ length: size }, (_, i) => i + 1),
    seed,
    transport,
    member: { preVote },
  });
  return { cluster, transport };
}

// ---- experiment 1: failover -------------------------------------------------------------------

interface FailoverResult {
  readonly ms: number;
  readonly splitVote: boolean;
  /** A member still in its check-quorum lease when the first (pre-)candidate asked: it ignores the ask. */
  readonly leaseIgnored: boolean;
}

/**
 * etcd-io/raft raft.go Step: a member that heard from its leader less than electionTimeout ticks
 * ago (check-quorum on) ignores a (pre-)vote for a higher term.
 */
const inLease = (m: EtcdMember) =>
  m.raft.checkQuorum && m.raft.lead !== NONE && m.raft.electionElapsed < m.raft.electionTimeout;

function failoverTrial(size: number, preVote: boolean, seed: number): FailoverResult | null {
  const { cluster } = newCluster(size, seed, preVote);
  const random = createRandom(seed, "bench-failover");
  if (!runUntil(cluster, 30_000, () => cluster.leader() !== undefined)) return null;
  // Settle (every member follows the leader), then kill it at a random moment.
  runUntil(cluster, cluster.now + 2000 + random.int(1000));
  const old = cluster.leader();
  if (!old) return null;
  const oldTerm = old.raft.term;
  const killedAt = cluster.now;
  cluster.crash(old.id);
  let elected: EtcdMember | undefined;
  let leaseIgnored: boolean | undefined;
  runUntil(cluster, killedAt + 60_000, () => {
    const running = cluster.running();
    // Looked at in the step the first campaign starts, before its asks arrive anywhere.
    const first = running.find((m) => m.raft.state === "precandidate" || m.raft.state === "candidate");
    if (leaseIgnored === undefined && first) leaseIgnored = running.some((m) => m !== first && inLease(m));
    elected = running.find((m) => m.isLeader && m.raft.term > oldTerm);
    return elected !== undefined;
  });
  if (!elected) return null;
  return {
    ms: cluster.now - killedAt,
    splitVote: elected.raft.term > oldTerm + 1,
    leaseIgnored: leaseIgnored ?? false,
  };
}

function failover(size: 3 | 5, preVote: boolean): void {
  const key = `${size}-${preVote ? "on" : "off"}` as const;
  const results: FailoverResult[] = [];
  let lost = 0;
  for (let i = 0; i < failoverTrials; i++) {
    const r = failoverTrial(size, preVote, 1000 * size + i + (preVote ? 0 : 500_000));
    if (r) results.push(r);
    else lost++;
  }
  const q = quantiles(results.map((r) => r.ms));
  const splits = results.filter((r) => r.splitVote).length;
  const leased = results.filter((r) => r.leaseIgnored).length;
  const ref = real.failover[key];
  const medianOk = Math.abs(off(q.median, ref.median)) <= 10;
  const p90Ok = Math.abs(off(q.p90, ref.p90)) <= 10;
  const label = `${size} members, pre-vote ${preVote ? "on" : "off"}`;
  const marks = [
    judge(`failover ${label}: median within 10 %`, medianOk, `${q.median} vs ${ref.median}`),
    judge(`failover ${label}: p90 within 10 %`, p90Ok, `${q.p90} vs ${ref.p90}`),
  ];
  let splitMark = "";
  if (preVote) {
    splitMark = judge(
      `failover ${label}: split votes ≤ 2 %`,
      pct(splits, results.length) <= 2,
      `${splits}/${results.length}`,
    );
  }
  console.log(
    `${pad(label, 26)}${pad(`${q3(q)} (n=${q.n}${lost ? `, ${lost} without leader` : ""})`, 34)}${pad(`${q3(ref)} (n=${ref.n})`, 30)}` +
      `${pad(`${off(q.median, ref.median).toFixed(1)} % ${marks[0]}  ${off(q.p90, ref.p90).toFixed(1)} % ${marks[1]}`, 26)}` +
      `split votes ${splits}/${results.length} (${pct(splits, results.length).toFixed(1)} %) ${splitMark} vs ${ref.splitVotes}/${ref.n}; ` +
      `first ask met a lease ${leased}/${results.length} (${pct(leased, results.length).toFixed(1)} %) vs ${ref.leaseIgnored}/${ref.n} (${pct(ref.leaseIgnored, ref.n).toFixed(1)} %)`,
  );
}

// ---- experiment 2: the 2:2 split --------------------------------------------------------------

const CLIENT_TIMEOUT_MS = 1000;
/** The real harness started a new etcdctl after each answer: ~10 ms of process start-up. */
const SPAWN_MS = 10;
const SPLIT_MS = 10_000;

interface Write {
  readonly key: string;
  readonly member: number;
  readonly startedAt: number;
  outcome: "pending" | "ok" | "failed";
  endedAt: number;
  error: string;
}

/** One writer bound to one member, as an `etcdctl put` loop with a 1 s command timeout. */
class Writer {
  readonly member: number;
  readonly writes: Write[] = [];
  private next = 0;
  private current: Write | null = null;
  private readonly name: string;

  constructor(member: number, trial: number) {
    this.member = member;
    this.name = `t${trial}-w${member}`;
  }

  /** Starts the next write when it is time. */
  step(cluster: EtcdCluster): void {
    const now = cluster.now;
    const c = this.current;
    if (c && now >= c.startedAt + CLIENT_TIMEOUT_MS) this.end(c, "failed", now, "context deadline exceeded");
    if (this.current === null && now >= this.next) {
      const key = `${this.name}-${this.writes.length}`;
      const w: Write = {
        key,
        member: this.member,
        startedAt: now,
        outcome: "pending",
        endedAt: 0,
        error: "",
      };
      this.writes.push(w);
      this.current = w;
      // Every etcdctl is a new client: its own id, sequence 1.
      cluster.request(this.member, {
        clientId: key,
        seq: 1,
        request: { type: "put", key, value: "v" },
        deadline: now + CLIENT_TIMEOUT_MS,
      });
    }
  }

  /** When this writer next needs to act. */
  nextAt(): number {
    return this.current ? this.current.startedAt + CLIENT_TIMEOUT_MS : this.next;
  }

  answer(r: ClientResponse, now: number): void {
    const c = this.current;
    if (!c || r.clientId !== c.key) return;
    if (r.result.ok) this.end(c, "ok", now, "");
    else this.end(c, "failed", now, r.result.error);
  }

  private end(w: Write, outcome: "ok" | "failed", now: number, error: string): void {
    w.outcome = outcome;
    w.endedAt = now;
    w.error = error;
    this.current = null;
    this.next = now + SPAWN_MS;
  }
}

interface SplitResult {
  stepDown: number | null;
  leaderless: number | null;
  firstFailLeaderSide: number | null;
  firstFailOtherSide: number | null;
  leadersDuringSplit: number;
  leaderAfterHeal: number | null;
  firstWriteLeaderSide: number | null;
  firstWriteOtherSide: number | null;
  termDelta: number;
  failed: number;
  appliedAnyway: number;
  succeededDuringSplit: number;
  errors: Set<string>;
}

function splitTrial(preVote: boolean, trial: number): SplitResult | null {
  const seed = 70_000 + trial + (preVote ? 0 : 500_000);
  const { cluster, transport } = newCluster(4, seed, preVote);
  const random = createRandom(seed, "bench-split");
  if (!runUntil(cluster, 30_000, () => cluster.leader() !== undefined)) return null;
  const writers = cluster.ids.map((id) => new Writer(id, trial));
  const responses = () => {
    for (const r of cluster.takeResponses()) for (const w of writers) w.answer(r, cluster.now);
  };
  /** Runs to `until` with the writers writing; `check` after every step. */
  const run = (until: number, check: () => void) => {
    while (cluster.now < until) {
      const next = Math.min(cluster.nextEventAt(), until, ...writers.map((w) => w.nextAt()));
      cluster.advanceTo(next);
      responses();
      for (const w of writers) w.step(cluster);
      check();
    }
  };
  run(cluster.now + 2000 + random.int(1000), () => {});
  const leader = cluster.leader();
  if (!leader) return null;
  const termBefore = leader.raft.term;
  // The old leader and one follower on one side, the other two on the other.
  const leaderSide = [leader.id, ...cluster.ids.filter((id) => id !== leader.id).slice(0, 1)];
  const otherSide = cluster.ids.filter((id) => !leaderSide.includes(id));
  const cutAt = cluster.now;
  transport.partition([[leaderSide, otherSide]]);
  const r: SplitResult = {
    stepDown: null,
    leaderless: null,
    firstFailLeaderSide: null,
    firstFailOtherSide: null,
    leadersDuringSplit: 0,
    leaderAfterHeal: null,
    firstWriteLeaderSide: null,
    firstWriteOtherSide: null,
    termDelta: 0,
    failed: 0,
    appliedAnyway: 0,
    succeededDuringSplit: 0,
    errors: new Set(),
  };
  const started = (w: Write, after: number) => w.startedAt >= after;
  const firstEnd = (members: readonly number[], outcome: "ok" | "failed", after: number) => {
    let first: number | null = null;
    for (const wr of writers) {
      if (!members.includes(wr.member)) continue;
      for (const w of wr.writes)
        if (w.outcome === outcome && started(w, after) && (first === null || w.endedAt < first))
          first = w.endedAt;
    }
    return first;
  };
  const leaderIds = new Set<number>();
  run(cutAt + SPLIT_MS, () => {
    const now = cluster.now;
    if (r.stepDown === null && !cluster.member(leader.id)?.isLeader) r.stepDown = now - cutAt;
    if (r.leaderless === null && cluster.running().every((m) => m.leader === NONE))
      r.leaderless = now - cutAt;
    for (const m of cluster.running()) if (m.isLeader && m.raft.term > termBefore) leaderIds.add(m.id);
  });
  r.leadersDuringSplit = leaderIds.size;
  const firstFail = (side: readonly number[]) => firstEnd(side, "failed", cutAt);
  r.firstFailLeaderSide = (firstFail(leaderSide) ?? Number.NaN) - cutAt;
  r.firstFailOtherSide = (firstFail(otherSide) ?? Number.NaN) - cutAt;
  const healAt = cluster.now;
  transport.heal();
  run(healAt + 20_000, () => {
    if (r.leaderAfterHeal === null && cluster.leader() !== undefined)
      r.leaderAfterHeal = cluster.now - healAt;
  });
  const firstOk = (side: readonly number[]) => firstEnd(side, "ok", healAt);
  r.firstWriteLeaderSide = (firstOk(leaderSide) ?? Number.NaN) - healAt;
  r.firstWriteOtherSide = (firstOk(otherSide) ?? Number.NaN) - healAt;
  const after = cluster.leader();
  r.termDelta = (after?.raft.term ?? termBefore) - termBefore;
  // Let everything settle, then see which failed writes are in the store anyway.
  run(cluster.now + 3000, () => {});
  const store = (after ?? cluster.running()[0])?.kv;
  for (const wr of writers) {
    for (const w of wr.writes) {
      if (w.outcome === "ok" && w.startedAt >= cutAt && w.startedAt < healAt) r.succeededDuringSplit++;
      if (w.outcome !== "failed") continue;
      r.failed++;
      r.errors.add(w.error);
      if (store && hasKey(store, w.key)) r.appliedAnyway++;
    }
  }
  return r;
}

function hasKey(store: EtcdMember["kv"], key: string): boolean {
  const result = store.range({ key });
  return result.ok && result.response.type === "range" && result.response.kvs.length > 0;
}

function split(preVote: boolean): void {
  const results: SplitResult[] = [];
  for (let i = 0; i < splitTrials; i++) {
    const r = splitTrial(preVote, i);
    if (r) results.push(r);
  }
  const ref = real.split[preVote ? "on" : "off"];
  const col = (pick: (r: SplitResult) => number | null) =>
    quantiles(results.map(pick).filter((v): v is number => v !== null && Number.isFinite(v)));
  console.log(
    `\n2:2 split for 10 s, pre-vote ${preVote ? "on" : "off"}: ${results.length} trials (real: ${ref.trials})`,
  );
  console.log(
    `${pad("measure, ms", 46)}${pad("simulation median / p90 / max", 32)}${pad("real etcd 3.4.23", 24)}target`,
  );
  const row = (label: string, sim: real.Quantiles, ref: real.Quantiles, target?: number) => {
    let verdict = "";
    if (target !== undefined) {
      const m = judge(
        `split pre-vote ${preVote ? "on" : "off"}: ${label} median within ${target} %`,
        Math.abs(off(sim.median, ref.median)) <= target,
        `${sim.median} vs ${ref.median}`,
      );
      const p = judge(
        `split pre-vote ${preVote ? "on" : "off"}: ${label} p90 within ${target} %`,
        Math.abs(off(sim.p90, ref.p90)) <= target,
        `${sim.p90} vs ${ref.p90}`,
      );
      verdict = `median ${off(sim.median, ref.median).toFixed(0)} % ${m}, p90 ${off(sim.p90, ref.p90).toFixed(0)} % ${p} (±${target} %)`;
    }
    console.log(`${pad(label, 46)}${pad(q3(sim), 32)}${pad(q3(ref), 24)}${verdict}`);
  };
  row(
    "old leader steps down (after split)",
    col((r) => r.stepDown),
    ref.stepDown,
  );
  row(
    "all 4 members leaderless (after split)",
    col((r) => r.leaderless),
    ref.leaderless,
  );
  row(
    "first failed write, leader's side",
    col((r) => r.firstFailLeaderSide),
    ref.firstFailLeaderSide,
  );
  row(
    "first failed write, other side",
    col((r) => r.firstFailOtherSide),
    ref.firstFailOtherSide,
  );
  const recoveryTarget = preVote ? 25 : undefined;
  row(
    "new leader elected (after heal)",
    col((r) => r.leaderAfterHeal),
    ref.leaderAfterHeal,
    recoveryTarget,
  );
  row(
    "first successful write, leader's side",
    col((r) => r.firstWriteLeaderSide),
    ref.firstWriteLeaderSide,
  );
  row(
    "first successful write, other side",
    col((r) => r.firstWriteOtherSide),
    ref.firstWriteOtherSide,
  );
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const applied = results.reduce((n, r) => n + r.appliedAnyway, 0);
  const simShare = pct(applied, failed);
  const refShare = pct(ref.appliedAnyway.applied, ref.appliedAnyway.failed);
  const mark = judge(
    `split pre-vote ${preVote ? "on" : "off"}: failed writes applied anyway within 5 points`,
    Math.abs(simShare - refShare) <= 5,
    `${simShare.toFixed(1)} % vs ${refShare.toFixed(1)} %`,
  );
  console.log(
    `${pad("failed writes applied anyway", 46)}${pad(`${simShare.toFixed(1)} % (${applied}/${failed})`, 32)}${pad(`${refShare.toFixed(1)} % (${ref.appliedAnyway.applied}/${ref.appliedAnyway.failed})`, 24)}${(simShare - refShare).toFixed(1)} points ${mark} (±5)`,
  );
  const deltas = new Map<number, number>();
  for (const r of results) deltas.set(r.termDelta, (deltas.get(r.termDelta) ?? 0) + 1);
  const refDeltas = new Map<number, number>();
  for (const d of ref.termDelta) refDeltas.set(d, (refDeltas.get(d) ?? 0) + 1);
  const show = (m: Map<number, number>) =>
    [...m.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([d, n]) => `+${d}: ${n}`)
      .join(", ");
  console.log(`${pad("term after heal − term before split", 46)}${pad(show(deltas), 32)}${show(refDeltas)}`);
  console.log(
    `leaders elected during the split: ${results.filter((r) => r.leadersDuringSplit > 0).length} of ${results.length} trials (real: none); writes started during the split that succeeded: ${results.reduce((n, r) => n + r.succeededDuringSplit, 0)} (real: 0)`,
  );
  const errors = new Set<string>();
  for (const r of results) for (const e of r.errors) errors.add(e);
  console.log(
    `errors the writers saw: ${[...errors]
      .sort()
      .map((e) => `"${e}"`)
      .join(", ")}`,
  );
}

// ---- experiment 3: commit latency -------------------------------------------------------------

function commitLatency(): void {
  const { cluster } = newCluster(3, 9001, true);
  runUntil(cluster, 30_000, () => cluster.leader() !== undefined);
  runUntil(cluster, cluster.now + 2000);
  const leader = cluster.leader();
  if (!leader) return;
  const follower = cluster.ids.find((id) => id !== leader.id) ?? leader.id;
  const measure = (member: number, n: number): real.Quantiles => {
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const clientId = `lat-${member}-${i}`;
      const startedAt = cluster.now;
      cluster.request(member, { clientId, seq: 1, request: { type: "put", key: clientId, value: "v" } });
      let done = false;
      runUntil(cluster, startedAt + 10_000, () => {
        done ||= cluster.takeResponses().some((r) => r.clientId === clientId && r.result.ok);
        return done;
      });
      samples.push(cluster.now - startedAt);
    }
    return quantiles(samples);
  };
  const toLeader = measure(leader.id, 1000);
  const toFollower = measure(follower, 1000);
  console.log(
    "\ncommit latency of one put, sequential, ms (no target: a LAN of 1–5 ms per hop, no fsync, against real loopback)",
  );
  console.log(
    `${pad("to the leader", 26)}${pad(`median ${toLeader.median}, p90 ${toLeader.p90}`, 32)}real median ${real.commitLatency.toLeader.median}, p90 ${real.commitLatency.toLeader.p90}`,
  );
  console.log(
    `${pad("via a follower", 26)}${pad(`median ${toFollower.median}, p90 ${toFollower.p90}`, 32)}real median ${real.commitLatency.toFollower.median}, p90 ${real.commitLatency.toFollower.p90}`,
  );
}

// ---- the report -------------------------------------------------------------------------------

const started = process.hrtime.bigint();
console.log(
  `bench:etcd — the simulated etcd (etcd v3.6 defaults) beside real etcd 3.4.23 (docs/etcd-real-3.4.23.md), Node ${process.version}\n`,
);
if (runs("failover")) {
  console.log(`leader failover: kill → new leader, ms, ${failoverTrials} trials per line`);
  console.log(
    `${pad("", 26)}${pad("simulation median / p90 / max", 34)}${pad("real etcd 3.4.23", 30)}${pad("median, p90 off (±10 %)", 26)}`,
  );
  failover(3, true);
  failover(5, true);
  failover(3, false);
  failover(5, false);
}
if (runs("split")) {
  split(true);
  split(false);
}
if (runs("latency")) commitLatency();

console.log("\ntargets (issue 23):");
for (const v of verdicts) console.log(`  ${v.ok ? "✓" : "✗"} ${v.what}: ${v.detail}`);
const failedTargets = verdicts.filter((v) => !v.ok).length;
console.log(
  `${verdicts.length - failedTargets} of ${verdicts.length} targets met; ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s of CPU time`,
);
