/**
 * A tester in the shape of MIT 6.5840's Raft lab (src/raft/config.go): n RaftNodes on the
 * simulated network (shared/sim/network), in simulated time, with the lab's helpers —
 * connect/disconnect, crash/start from persisted state, one(), nCommitted(), checkOneLeader() —
 * and its applier checks: every server applies in index order, and no two servers apply
 * different commands at one index.
 *
 * Time: a tick is 50 ms; heartbeatTick 2 (a heartbeat every 100 ms, the lab's "no more than ten
 * per second") and electionTick 10 (timeouts 500 ms–1 s), so the lab's RaftElectionTimeout of
 * 1 s and its 5 s / 10 s bounds carry over unchanged. Pre-vote and check-quorum are on, as in
 * etcd (the lab's tests hold for them too).
 */
import { EventQueue } from "../../../shared/sim/engine/eventQueue.ts";
import { type Delivery, type Network, Network as SimNetwork } from "../../../shared/sim/network/network.ts";
import { type Entry, type Message, type PersistentState, RaftNode } from "../../../shared/sim/raft/index.ts";
import { createRandom, type Random } from "../../../shared/sim/random.ts";

export const TICK_MS = 50;
export const ELECTION_TIMEOUT_MS = 1000; // the lab's RaftElectionTimeout
const HEARTBEAT_TICK = 2;
const ELECTION_TICK = 10;
// The lab's service snapshots every SnapShotInterval applied commands.
export const SNAPSHOT_INTERVAL = 10;

export interface ClusterOptions {
  /** The lab's unreliable network: about 10 % of messages lost, delays up to 27 ms. */
  unreliable?: boolean;
  /** Servers snapshot their applied commands every SNAPSHOT_INTERVAL entries. */
  snapshots?: boolean;
}

/** Thrown by the checks, with the lab's wording where it has one. */
export class LabFailure extends Error {}

export class MitCluster {
  readonly n: number;
  now = 0;
  readonly net: Network<Message>;
  private readonly nodes: (RaftNode | null)[];
  private readonly saved: (PersistentState | undefined)[];
  private readonly connected: boolean[];
  /** Per server: index → the command it applied (null for a leader's empty entry). */
  private readonly logs: Map<number, unknown>[];
  private readonly lastApplied: number[];
  private readonly random: Random;
  private readonly seed: number;
  private readonly snapshots: boolean;
  private restarts = 0;
  /** The lab's long reordering: two replies in three held back 200 ms to 2.2 s. */
  longReordering = false;
  private readonly heldBack = new EventQueue<{ from: number; message: Message }>();
  private requests = 0;
  maxIndex = 0;

  constructor(n: number, seed: number, options: ClusterOptions = {}) {
    this.n = n;
    this.seed = seed;
    this.snapshots = options.snapshots ?? false;
    this.random = createRandom(seed, "mit-tester");
    // labrpc: a reliable network answers at once (here 1–5 ms); an unreliable one adds up to 27 ms.
    const latency: [number, number] = options.unreliable ? [1, 27] : [1, 5];
    this.net = new SimNetwork<Message>({
      random: createRandom(seed, "mit-network"),
      link: { latencyMs: latency, loss: options.unreliable ? 0.1 : 0, duplicate: 0 },
    });
    this.nodes = Array.from({ length: n }, () => null);
    this.saved = Array.from({ length: n }, () => undefined);
    this.connected = Array.from({ length: n }, () => true);
    this.logs = Array.from({ length: n }, () => new Map());
    this.lastApplied = Array.from({ length: n }, () => 0);
    for (let i = 0; i < n; i++) this.start(i);
  }

  /** Server i's Raft id (etcd ids start at 1). */
  private id(i: number): number {
    return i + 1;
  }

  node(i: number): RaftNode | null {
    return this.nodes[i] ?? null;
  }

  // --- The lab's controls --------------------------------------------------------------------

  /** Starts (or restarts) server i from what it persisted. */
  start(i: number): void {
    const storage = this.saved[i];
    const node = new RaftNode({
      id: this.id(i),
      peers: Array.from({ length: this.n }, (_, k) => this.id(k)),
      electionTick: ELECTION_TICK,
      heartbeatTick: HEARTBEAT_TICK,
      preVote: true,
      checkQuorum: true,
      random: createRandom(this.seed, `mit-raft-${i}-${this.restarts++}`),
      ...(storage === undefined ? {} : { storage }),
    });
    this.nodes[i] = node;
    // The service starts from the snapshot (if any); the rest is re-applied from the log.
    this.lastApplied[i] = 0;
    this.net.restart(String(i));
    this.drain(i);
  }

  /** Crashes server i: it keeps only what it persisted. */
  crash(i: number): void {
    const node = this.nodes[i];
    if (node) this.saved[i] = node.persistentState();
    this.nodes[i] = null;
    this.net.crash(String(i));
  }

  disconnect(i: number): void {
    this.connected[i] = false;
    this.applyConnectivity();
  }

  connect(i: number): void {
    this.connected[i] = true;
    this.applyConnectivity();
  }

  isConnected(i: number): boolean {
    return this.connected[i] === true;
  }

  private applyConnectivity(): void {
    this.net.heal();
    for (let i = 0; i < this.n; i++) {
      if (this.connected[i]) continue;
      for (let k = 0; k < this.n; k++) {
        if (k === i) continue;
        this.net.cut(String(i), String(k));
        this.net.cut(String(k), String(i));
      }
    }
  }

  /** Start(command) on server i: the index it would have, or null when it is not the leader. */
  startCommand(i: number, command: unknown): { index: number; term: number } | null {
    const node = this.nodes[i];
    if (node?.state !== "leader" || !node.propose(command)) return null;
    this.drain(i);
    return { index: node.lastIndex, term: node.term };
  }

  /** Advances simulated time by `ms`, delivering messages and ticking every TICK_MS. */
  advance(ms: number): void {
    const until = this.now + ms;
    while (this.now < until) {
      this.now++;
      for (
        let held = this.heldBack.peek();
        held !== undefined && held.time <= this.now;
        held = this.heldBack.peek()
      ) {
        this.heldBack.pop();
        const { from, message } = held.event;
        if (this.nodes[from] !== null) this.net.send(String(from), String(message.to - 1), message, this.now);
      }
      const lost: Delivery<Message>[] = [];
      for (const d of this.net.deliverDue(this.now, lost)) {
        this.reportSnapshot(d, "finish");
        const k = Number(d.to);
        const node = this.nodes[k];
        if (!node) continue;
        node.step(d.payload);
        this.drain(k);
      }
      for (const d of lost) this.reportSnapshot(d, "failure");
      if (this.now % TICK_MS === 0) {
        for (let i = 0; i < this.n; i++) {
          const node = this.nodes[i];
          if (!node) continue;
          node.tick();
          this.drain(i);
        }
      }
    }
  }

  /** Sends what server i wants sent and applies what it committed, as the lab's applier does. */
  private drain(i: number): void {
    const node = this.nodes[i];
    if (!node) return;
    for (const m of node.readMessages()) {
      const reply = m.type.endsWith("Resp");
      if (!reply) this.requests++;
      if (reply && this.longReordering && this.random.int(900) < 600) {
        this.heldBack.push(this.now + 200 + this.random.int(1 + this.random.int(2000)), {
          from: i,
          message: m,
        });
      } else if (!this.net.send(String(i), String(m.to - 1), m, this.now)) {
        this.reportSnapshot({ from: String(i), to: String(m.to - 1), payload: m, at: this.now }, "failure");
      }
    }
    const snapshot = node.takeSnapshot();
    if (snapshot !== null) this.installSnapshot(i, snapshot.metadata.index, snapshot.data as unknown[]);
    for (const entry of node.takeCommitted()) this.applyEntry(i, entry);
  }

  /**
   * What etcd's transport does for a snapshot (rafthttp's snapshotSender): tell the sender's Raft
   * whether it arrived (ReportSnapshot), so that a lost one is sent again.
   */
  private reportSnapshot(d: Delivery<Message>, status: "finish" | "failure"): void {
    if (d.payload.type !== "MsgSnap") return;
    const sender = this.nodes[Number(d.from)];
    if (!sender) return;
    sender.reportSnapshot(d.payload.to, status);
    this.drain(Number(d.from));
  }

  private installSnapshot(i: number, index: number, commands: readonly unknown[]): void {
    if (index <= (this.lastApplied[i] ?? 0)) return;
    for (let k = 1; k <= index; k++) this.check(i, k, commands[k - 1]);
    this.lastApplied[i] = index;
  }

  private applyEntry(i: number, entry: Entry): void {
    const expected = (this.lastApplied[i] ?? 0) + 1;
    if (entry.index !== expected) {
      throw new LabFailure(`server ${i} apply out of order: expected index ${expected}, got ${entry.index}`);
    }
    this.check(i, entry.index, entry.data);
    this.lastApplied[i] = entry.index;
    this.maxIndex = Math.max(this.maxIndex, entry.index);
    const node = this.nodes[i];
    if (this.snapshots && node && entry.index % SNAPSHOT_INTERVAL === 0) {
      const log = this.logs[i] as Map<number, unknown>;
      node.compact(
        entry.index,
        Array.from({ length: entry.index }, (_, k) => log.get(k + 1) ?? null),
      );
    }
  }

  /** checkLogs: no other server applied something else at this index. */
  private check(i: number, index: number, value: unknown): void {
    for (let k = 0; k < this.n; k++) {
      const other = this.logs[k]?.get(index);
      if (other !== undefined && JSON.stringify(other) !== JSON.stringify(value ?? null)) {
        throw new LabFailure(
          `commit index=${index} server=${i} ${JSON.stringify(value)} != server=${k} ${JSON.stringify(other)}`,
        );
      }
    }
    (this.logs[i] as Map<number, unknown>).set(index, value ?? null);
  }

  // --- The lab's checks ----------------------------------------------------------------------

  /** checkOneLeader: within 5 s there is a leader, and never two in one term. */
  checkOneLeader(): number {
    for (let iteration = 0; iteration < 10; iteration++) {
      this.advance(450 + this.random.int(100));
      const byTerm = new Map<number, number[]>();
      for (let i = 0; i < this.n; i++) {
        const node = this.nodes[i];
        if (!node || !this.connected[i] || node.state !== "leader") continue;
        byTerm.set(node.term, [...(byTerm.get(node.term) ?? []), i]);
      }
      let lastTerm = -1;
      for (const [term, leaders] of byTerm) {
        if (leaders.length > 1) throw new LabFailure(`term ${term} has ${leaders.length} (>1) leaders`);
        lastTerm = Math.max(lastTerm, term);
      }
      if (byTerm.size > 0) return (byTerm.get(lastTerm) as number[])[0] as number;
    }
    throw new LabFailure("expected one leader, got none");
  }

  /** checkTerms: every connected server agrees on the term. */
  checkTerms(): number {
    let term = -1;
    for (let i = 0; i < this.n; i++) {
      const node = this.nodes[i];
      if (!node || !this.connected[i]) continue;
      if (term === -1) term = node.term;
      else if (term !== node.term) throw new LabFailure("servers disagree on term");
    }
    return term;
  }

  checkNoLeader(): void {
    for (let i = 0; i < this.n; i++) {
      const node = this.nodes[i];
      if (node && this.connected[i] && node.state === "leader") {
        throw new LabFailure(`expected no leader among connected servers, but ${i} claims to be leader`);
      }
    }
  }

  /** nCommitted: how many servers applied `index`, and what (they agree, or check() threw). */
  nCommitted(index: number): { count: number; command: unknown } {
    let count = 0;
    let command: unknown;
    for (const log of this.logs) {
      if (log.has(index)) {
        count++;
        command = log.get(index);
      }
    }
    return { count, command };
  }

  /** wait: until at least n servers applied index (or a newer term started); the command there. */
  wait(index: number, n: number, startTerm: number): unknown {
    let pause = 10;
    for (let iteration = 0; iteration < 30; iteration++) {
      if (this.nCommitted(index).count >= n) break;
      this.advance(pause);
      if (pause < 1000) pause *= 2;
      if (startTerm > -1 && this.nodes.some((node) => node !== null && node.term > startTerm)) return -1;
    }
    const { count, command } = this.nCommitted(index);
    if (count < n) throw new LabFailure(`only ${count} decided for index ${index}; wanted ${n}`);
    return command;
  }

  /**
   * one(): submit `command` to whichever server is leader, retrying for 10 s, and see it applied
   * by `expectedServers` within 2 s; returns its index.
   */
  one(command: unknown, expectedServers: number, retry: boolean): number {
    const deadline = this.now + 10_000;
    let starts = 0;
    while (this.now < deadline) {
      let index = -1;
      for (let k = 0; k < this.n; k++) {
        starts = (starts + 1) % this.n;
        if (!this.connected[starts]) continue;
        const started = this.startCommand(starts, command);
        if (started !== null) {
          index = started.index;
          break;
        }
      }
      if (index !== -1) {
        const until = this.now + 2000;
        while (this.now < until) {
          const { count, command: applied } = this.nCommitted(index);
          if (count > 0 && count >= expectedServers && JSON.stringify(applied) === JSON.stringify(command)) {
            return index;
          }
          this.advance(20);
        }
        if (!retry) throw new LabFailure(`one(${JSON.stringify(command)}) failed to reach agreement`);
      } else {
        this.advance(50);
      }
    }
    throw new LabFailure(`one(${JSON.stringify(command)}) failed to reach agreement`);
  }

  /** RPCs sent so far: requests, not their replies (the lab counts each call once). */
  rpcCount(): number {
    return this.requests;
  }

  /** The seeded tester's own choices (which server to crash, what to submit). */
  randomInt(n: number): number {
    return this.random.int(n);
  }

  /** Every server's applied command at each index agrees (already checked on apply); the count. */
  appliedBy(i: number): number {
    return this.lastApplied[i] ?? 0;
  }

  /** Sizes of the servers' retained logs (after compaction). */
  logSize(i: number): number {
    return this.nodes[i]?.log.length ?? 0;
  }
}
