/**
 * Linearizability of the etcd KV store under faults: several clients put, get, delete and
 * compare-and-swap on a few keys of a 3- or 5-member cluster while the network is partitioned,
 * leaders are isolated, crashed and restarted (seeded, simulated time); the recorded history must
 * be linearizable (shared/sim/etcd/linearizability.ts, porcupine-style).
 *
 * And the negative test: a member that serves "linearizable" reads from its local state while it
 * believes it is the leader (no ReadIndex) returns a stale value once it is deposed behind a
 * partition, and the checker catches it.
 */
import { describe, expect, it } from "vitest";
import { EtcdCluster, NetworkTransport } from "../../shared/sim/etcd/cluster.ts";
import { isTimeoutError } from "../../shared/sim/etcd/errors.ts";
import {
  checkKvHistory,
  type KvInput,
  type KvOperation,
  type KvOutput,
} from "../../shared/sim/etcd/linearizability.ts";
import type { EtcdMemberConfig } from "../../shared/sim/etcd/member.ts";
import type { ClientResponse, KvRequest, KvResult } from "../../shared/sim/etcd/types.ts";
import { createRandom, type Random } from "../../shared/sim/random.ts";

/** A client gives up on an attempt it hears nothing about (its member crashed) after this long. */
const CLIENT_TIMEOUT_MS = 8000;
const MAX_ATTEMPTS = 3;

function toRequest(input: KvInput): KvRequest {
  switch (input.op) {
    case "put":
      return { type: "put", key: input.key, value: input.value };
    case "get":
      return { type: "range", key: input.key };
    case "delete":
      return { type: "deleteRange", key: input.key };
    case "cas":
      return {
        type: "txn",
        compare: [
          input.expected === null
            ? { key: input.key, target: "CREATE", result: "EQUAL", value: 0 }
            : { key: input.key, target: "VALUE", result: "EQUAL", value: input.expected },
        ],
        success: [{ type: "put", key: input.key, value: input.value }],
        failure: [],
      };
  }
}

function toOutput(input: KvInput, result: KvResult): KvOutput | undefined {
  if (!result.ok) return undefined;
  const r = result.response;
  switch (input.op) {
    case "put":
      return { op: "put" };
    case "get":
      return r.type === "range" ? { op: "get", value: r.kvs[0]?.value ?? null } : undefined;
    case "delete":
      return r.type === "deleteRange" ? { op: "delete", deleted: r.deleted } : undefined;
    case "cas":
      return r.type === "txn" ? { op: "cas", succeeded: r.succeeded } : undefined;
  }
}

interface Pending {
  readonly seq: number;
  readonly input: KvInput;
  readonly call: number;
  attempts: number;
  member: number;
  sentAt: number;
  /** Some attempt may have reached the log: if we give up, the outcome is unknown. */
  mayHaveEffect: boolean;
}

/**
 * A client with one request outstanding at a time: it numbers its requests, retries a timed-out
 * write with the same id at another member (the member de-duplicates), and records each operation
 * as {call, output, return}; a write it gives up on is recorded with no output (return = ∞).
 */
class RecordingClient {
  readonly id: string;
  private seq = 0;
  private pending: Pending | undefined;
  private nextAt: number;
  private lastSeen = new Map<string, string | null>();
  private readonly cluster: EtcdCluster;
  private readonly random: Random;
  private readonly history: KvOperation[];

  constructor(id: string, cluster: EtcdCluster, random: Random, history: KvOperation[]) {
    this.id = id;
    this.cluster = cluster;
    this.random = random;
    this.history = history;
    this.nextAt = random.int(50);
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Issues a specific operation now, at a given member (for scripted scenarios). */
  issue(input: KvInput, member: number): void {
    const now = this.cluster.now;
    this.pending = {
      seq: ++this.seq,
      input,
      call: now,
      attempts: 0,
      member,
      sentAt: now,
      mayHaveEffect: false,
    };
    this.send(member);
  }

  /** Random workload: think, then issue a random operation at a random member. */
  step(keys: readonly string[]): void {
    const now = this.cluster.now;
    const p = this.pending;
    if (p) {
      if (now - p.sentAt >= CLIENT_TIMEOUT_MS) this.attemptFailed(p, true);
      return;
    }
    if (now < this.nextAt) return;
    const key = keys[this.random.int(keys.length)] ?? "x";
    const value = `${this.id}.${this.seq + 1}`;
    const roll = this.random.int(100);
    const input: KvInput =
      roll < 30
        ? { op: "put", key, value }
        : roll < 65
          ? { op: "get", key }
          : roll < 75
            ? { op: "delete", key }
            : { op: "cas", key, expected: this.lastSeen.get(key) ?? null, value };
    this.issue(input, this.randomMember());
  }

  onResponse(r: ClientResponse): void {
    const p = this.pending;
    if (!p || r.seq !== p.seq) return; // an answer to an operation already recorded
    if (r.result.ok) {
      const output = toOutput(p.input, r.result);
      this.record(p, output, this.cluster.now);
      if (output?.op === "get") this.lastSeen.set(p.input.key, output.value);
      return;
    }
    if (r.member !== p.member) return; // an earlier attempt's failure; the current one is still open
    this.attemptFailed(p, isTimeoutError(r.result.error));
  }

  /** At the end of the run, whatever is still open is recorded as unknown (or dropped if a read). */
  finish(): void {
    const p = this.pending;
    if (p) this.giveUp(p);
  }

  private attemptFailed(p: Pending, timedOut: boolean): void {
    if (timedOut) p.mayHaveEffect = true;
    // Reads have no effect: a failed read is simply not part of the history.
    if (p.input.op === "get") {
      this.pending = undefined;
      this.nextAt = this.cluster.now + this.random.int(50);
      return;
    }
    if (p.attempts >= MAX_ATTEMPTS) {
      this.giveUp(p);
      return;
    }
    this.send(this.randomMember(p.member));
  }

  private giveUp(p: Pending): void {
    if (p.input.op !== "get" && p.mayHaveEffect) this.record(p, undefined, Number.POSITIVE_INFINITY);
    else this.pending = undefined;
    this.pending = undefined;
    this.nextAt = this.cluster.now + this.random.int(50);
  }

  private send(member: number): void {
    const p = this.pending;
    if (!p) return;
    p.attempts++;
    p.member = member;
    p.sentAt = this.cluster.now;
    if (p.input.op !== "get") p.mayHaveEffect = true;
    this.cluster.request(member, {
      clientId: this.id,
      seq: p.seq,
      request: toRequest(p.input),
      deadline: p.sentAt + CLIENT_TIMEOUT_MS,
    });
  }

  retriedWrites = 0;

  private record(p: Pending, output: KvOutput | undefined, ret: number): void {
    if (output !== undefined && p.attempts > 1) this.retriedWrites++;
    this.history.push({
      clientId: this.id,
      input: p.input,
      call: p.call,
      output,
      return: output === undefined ? Number.POSITIVE_INFINITY : ret,
    });
    this.pending = undefined;
    this.nextAt = this.cluster.now + this.random.int(50);
  }

  private randomMember(not?: number): number {
    const ids = this.cluster.ids.filter((id) => id !== not);
    return ids[this.random.int(ids.length)] ?? this.cluster.ids[0] ?? 1;
  }
}

interface RunStats {
  readonly operations: number;
  readonly unknown: number;
  readonly leaderChanges: number;
  readonly faults: number;
  /** Writes answered only on a retry at another member (the retry was de-duplicated or applied). */
  readonly retried: number;
}

/** Runs a random workload with random faults; returns the history and what happened. */
function runWorkload(options: {
  size: number;
  seed: number;
  clients: number;
  faultyMs: number;
  member?: Omit<Partial<EtcdMemberConfig>, "id" | "peers" | "random" | "storage" | "now">;
}): { history: KvOperation[]; stats: RunStats } {
  const { size, seed } = options;
  // No random loss: etcd's peers talk over TCP streams; faults here are partitions and crashes,
  // which lose whatever is in flight.
  const transport = new NetworkTransport({ seed, minLatencyMs: 1, maxLatencyMs: 8 });
  const cluster = new EtcdCluster({
    ids: Array.from({ length: size }, (_, i) => i + 1),
    seed,
    transport,
    member: { snapshotCount: 50, ...options.member },
  });
  const history: KvOperation[] = [];
  const clients = Array.from(
    { length: options.clients },
    (_, i) => new RecordingClient(`c${i + 1}`, cluster, createRandom(seed, `client-${i}`), history),
  );
  const faults = createRandom(seed, "faults");
  const keys = ["x", "y", "z"];
  let nextFault = 1500;
  let faultCount = 0;
  const crashed = new Set<number>();
  const byClient = new Map(clients.map((c) => [c.id, c]));

  const deliver = () => {
    for (const r of cluster.takeResponses()) byClient.get(r.clientId)?.onResponse(r);
  };
  const end = options.faultyMs + 12_000;
  while (cluster.now < end) {
    const now = cluster.now;
    if (now < options.faultyMs && now >= nextFault) {
      faultCount++;
      nextFault = now + 1000 + faults.int(3000);
      const roll = faults.int(100);
      const ids = cluster.ids;
      if (roll < 30) {
        // Cut the leader off with a minority (or alone): a new leader is elected on the other side.
        const leader = cluster.leader()?.id ?? ids[0] ?? 1;
        const others = ids.filter((id) => id !== leader);
        const minority = Math.floor((size - 1) / 2);
        const withLeader = [leader, ...others.slice(0, faults.int(minority))];
        transport.partition([[withLeader, ids.filter((id) => !withLeader.includes(id))]]);
      } else if (roll < 45) {
        // Any split into two sides.
        const side = ids.filter(() => faults.int(2) === 0);
        transport.partition([[side, ids.filter((id) => !side.includes(id))]]);
      } else if (roll < 65) {
        transport.heal();
      } else if (roll < 80) {
        const victim = faults.int(2) === 0 ? cluster.leader()?.id : ids[faults.int(ids.length)];
        if (victim !== undefined && crashed.size < Math.floor((size - 1) / 2)) {
          cluster.crash(victim);
          crashed.add(victim);
        }
      } else if (roll < 92) {
        for (const id of crashed) cluster.restart(id);
        crashed.clear();
      } else {
        const leader = cluster.leader();
        const target = ids[faults.int(ids.length)];
        if (leader && target !== undefined) leader.raft.transferLeader(target);
      }
    }
    if (now >= options.faultyMs && (crashed.size > 0 || now === options.faultyMs)) {
      transport.heal();
      for (const id of crashed) cluster.restart(id);
      crashed.clear();
    }
    // Clients stop starting operations shortly before the end so most can complete.
    if (now < end - 9000) for (const c of clients) c.step(keys);
    else for (const c of clients) if (c.busy) c.step([]);
    cluster.advance(1);
    deliver();
  }
  for (const c of clients) c.finish();
  const leaderChanges = Math.max(...cluster.running().map((m) => m.metrics.leaderChangesSeen));
  return {
    history,
    stats: {
      operations: history.length,
      unknown: history.filter((op) => op.output === undefined).length,
      leaderChanges,
      faults: faultCount,
      retried: clients.reduce((n, c) => n + c.retriedWrites, 0),
    },
  };
}

describe("etcd KV histories under partitions and leader changes are linearizable", () => {
  // [members, clients, seed]: twelve seeded runs, 3 to 6 clients, 40 s of faults then 12 s of calm.
  const runs: [number, number, number][] = Array.from({ length: 12 }, (_, i) => [
    i % 2 === 0 ? 3 : 5,
    3 + (i % 4),
    i + 1,
  ]);
  it.each(runs)("%i members, %i clients, seed %i", (size, clients, seed) => {
    const { history, stats } = runWorkload({ size, seed, clients, faultyMs: 40_000 });
    const result = checkKvHistory(history);
    expect(result.result === "illegal" ? result.explanation : result.result).toBe("ok");
    // The run must have exercised what it claims to.
    // (Partitions here heal the way etcd's TCP streams do, 0–1 s after the network, so the busiest
    // 5-member seed completes ~150 operations.)
    expect(stats.operations).toBeGreaterThan(100);
    expect(stats.leaderChanges).toBeGreaterThanOrEqual(2);
    expect(stats.retried).toBeGreaterThan(0);
    expect(
      history.some((op) => op.input.op === "cas" && op.output?.op === "cas" && op.output.succeeded),
    ).toBe(true);
  });
});

describe("negative test: reads that bypass ReadIndex", () => {
  // The random workload above, with every member serving reads locally while it believes it leads
  // and no check-quorum: over seeds 1–12, seeds 6, 7, 9 and 11 produce a stale read that the checker finds.
  it.each([6, 9])("random workload, seed %i: the checker catches the stale read", (seed) => {
    const { history } = runWorkload({
      size: seed % 2 ? 3 : 5,
      seed,
      clients: 4,
      faultyMs: 40_000,
      member: { checkQuorum: false, unsafeLocalReads: true },
    });
    const result = checkKvHistory(history);
    expect(result.result).toBe("illegal");
    if (result.result === "illegal") expect(result.explanation).toMatch(/get\(/);
  });

  /**
   * Five members without check-quorum, so a leader cut off from the others keeps believing it
   * leads (a deposed leader). Client 1 writes x=1; the leader is partitioned away; the majority
   * elects a new leader and client 2 writes x=2 there; then client 3 reads x at the old leader.
   */
  function scenario(unsafeLocalReads: boolean) {
    const seed = 11;
    const transport = new NetworkTransport({ seed });
    const cluster = new EtcdCluster({
      ids: [1, 2, 3, 4, 5],
      seed,
      transport,
      member: { checkQuorum: false, unsafeLocalReads },
    });
    const history: KvOperation[] = [];
    const clients = [1, 2, 3].map(
      (i) => new RecordingClient(`c${i}`, cluster, createRandom(seed, `c${i}`), history),
    );
    const byId = new Map(clients.map((c) => [c.id, c]));
    const run = (ms: number) => {
      for (let t = 0; t < ms; t++) {
        cluster.advance(1);
        for (const r of cluster.takeResponses()) byId.get(r.clientId)?.onResponse(r);
      }
    };
    const [c1, c2, c3] = clients as [RecordingClient, RecordingClient, RecordingClient];
    run(3000);
    const old = cluster.leader()?.id ?? 0;
    c1.issue({ op: "put", key: "x", value: "1" }, old);
    run(500);
    const majority = cluster.ids.filter((id) => id !== old);
    transport.partition([[[old], majority]]);
    run(4000);
    const fresh = cluster.leader();
    c2.issue({ op: "put", key: "x", value: "2" }, majority[0] ?? 0);
    run(500);
    c3.issue({ op: "get", key: "x" }, old);
    run(9000);
    for (const c of clients) c.finish();
    return { history, old, fresh: fresh?.id, oldStillLeader: cluster.member(old)?.isLeader };
  }

  it("a deposed leader serving local reads returns a stale value, and the checker says why", () => {
    const { history, old, fresh, oldStillLeader } = scenario(true);
    expect(fresh).not.toBe(old);
    expect(oldStillLeader).toBe(true);
    const read = history.find((op) => op.input.op === "get");
    expect(read?.output).toEqual({ op: "get", value: "1" });
    const result = checkKvHistory(history);
    expect(result.result).toBe("illegal");
    if (result.result === "illegal") {
      expect(result.explanation).toContain('State after it: value "2"');
      expect(result.explanation).toContain('client c3: get("x") → "1"');
    }
  });

  it("the same scenario with ReadIndex: the old leader cannot confirm its leadership, no stale read", () => {
    const { history } = scenario(false);
    expect(history.find((op) => op.input.op === "get")).toBeUndefined(); // it timed out: not in the history
    expect(checkKvHistory(history).result).toBe("ok");
  });
});
