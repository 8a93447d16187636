/**
 * MIT 6.5840 (Distributed Systems) Raft lab tests, parts 3A–3D (src/raft/test_test.go), run
 * against our RaftNode on the simulated network in simulated time. Each test follows the lab's
 * steps, bounds and iteration counts (the churn tests, which the lab runs for 5 s of wall time,
 * run a fixed number of rounds instead).
 */
import { describe, expect, it } from "vitest";
import { ELECTION_TIMEOUT_MS, MitCluster, SNAPSHOT_INTERVAL } from "./mitCluster.ts";

const seeds = [1, 2, 3];

describe("3A: leader election", () => {
  it.each(seeds)("InitialElection (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    cfg.checkOneLeader();
    // Does the leader keep its term when there is no failure?
    cfg.advance(50);
    const term1 = cfg.checkTerms();
    expect(term1).toBeGreaterThanOrEqual(1);
    cfg.advance(2 * ELECTION_TIMEOUT_MS);
    expect(cfg.checkTerms()).toBe(term1);
    cfg.checkOneLeader();
  });

  it.each(seeds)("ReElection (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    const leader1 = cfg.checkOneLeader();
    // The leader disconnects: a new one is elected.
    cfg.disconnect(leader1);
    cfg.checkOneLeader();
    // The old leader rejoins: that must not disturb the new leader.
    cfg.connect(leader1);
    const leader2 = cfg.checkOneLeader();
    // No quorum: no new leader.
    cfg.disconnect(leader2);
    cfg.disconnect((leader2 + 1) % 3);
    cfg.advance(2 * ELECTION_TIMEOUT_MS);
    cfg.checkNoLeader();
    // A quorum again: a leader.
    cfg.connect((leader2 + 1) % 3);
    cfg.checkOneLeader();
    // The last node rejoins: still one leader.
    cfg.connect(leader2);
    cfg.checkOneLeader();
  });

  it("ManyElections: 7 servers, three of them cut off at random, 10 times", () => {
    const cfg = new MitCluster(7, 4);
    cfg.checkOneLeader();
    for (let iteration = 0; iteration < 10; iteration++) {
      const cut = [cfg.randomInt(7), cfg.randomInt(7), cfg.randomInt(7)];
      for (const i of cut) cfg.disconnect(i);
      // Either the current leader is still alive, or the remaining four elect one.
      cfg.checkOneLeader();
      for (const i of cut) cfg.connect(i);
    }
    cfg.checkOneLeader();
  });
});

describe("3B: agreement", () => {
  it("BasicAgree", () => {
    const cfg = new MitCluster(3, 1);
    cfg.checkOneLeader();
    // Index 1 is the leader's empty entry; commands follow it.
    for (let command = 1; command <= 3; command++) {
      const next = cfg.maxIndex + 1;
      expect(cfg.nCommitted(next + 1).count).toBe(0);
      const index = cfg.one(command * 100, 3, false);
      expect(index).toBeGreaterThan(next - 1);
      expect(cfg.nCommitted(index).command).toBe(command * 100);
    }
  });

  it("RPCBytes-style: every server applies the same large commands", () => {
    const cfg = new MitCluster(3, 2);
    const big = "x".repeat(5000);
    for (let i = 0; i < 10; i++) cfg.one(`${big}${i}`, 3, false);
  });

  it.each(seeds)("FollowerFailure (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    cfg.one(101, 3, false);
    // One follower disconnects: the other two still agree.
    const leader1 = cfg.checkOneLeader();
    cfg.disconnect((leader1 + 1) % 3);
    cfg.one(102, 2, false);
    cfg.advance(ELECTION_TIMEOUT_MS);
    cfg.one(103, 2, false);
    // The remaining follower disconnects too: nothing commits.
    const leader2 = cfg.checkOneLeader();
    cfg.disconnect((leader2 + 1) % 3);
    cfg.disconnect((leader2 + 2) % 3);
    const started = cfg.startCommand(leader2, 104);
    expect(started).not.toBeNull();
    cfg.advance(2 * ELECTION_TIMEOUT_MS);
    expect(cfg.nCommitted(started?.index ?? 0).count).toBe(0);
  });

  it.each(seeds)("LeaderFailure (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    cfg.one(101, 3, false);
    const leader1 = cfg.checkOneLeader();
    cfg.disconnect(leader1);
    // The remaining two elect a leader and agree.
    cfg.one(102, 2, false);
    cfg.advance(ELECTION_TIMEOUT_MS);
    cfg.one(103, 2, false);
    const leader2 = cfg.checkOneLeader();
    cfg.disconnect(leader2);
    // One server alone: whatever it is asked, nothing commits.
    const before = cfg.maxIndex;
    for (let i = 0; i < 3; i++) cfg.startCommand(i, 104);
    cfg.advance(2 * ELECTION_TIMEOUT_MS);
    expect(cfg.nCommitted(before + 1).count).toBe(0);
  });

  it.each(seeds)("FailAgree: a follower that was away catches up (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    cfg.one(101, 3, false);
    const leader = cfg.checkOneLeader();
    cfg.disconnect((leader + 1) % 3);
    cfg.one(102, 2, false);
    cfg.one(103, 2, false);
    cfg.advance(ELECTION_TIMEOUT_MS);
    cfg.one(104, 2, false);
    cfg.one(105, 2, false);
    cfg.connect((leader + 1) % 3);
    // The full set of servers agrees, with the returning one caught up.
    cfg.one(106, 3, true);
    cfg.advance(ELECTION_TIMEOUT_MS);
    cfg.one(107, 3, true);
  });

  it.each(seeds)("FailNoAgree: no agreement without a majority (seed %i)", (seed) => {
    const cfg = new MitCluster(5, seed);
    cfg.one(10, 5, false);
    const leader = cfg.checkOneLeader();
    for (const k of [1, 2, 3]) cfg.disconnect((leader + k) % 5);
    const started = cfg.startCommand(leader, 20);
    expect(started).not.toBeNull();
    cfg.advance(2 * ELECTION_TIMEOUT_MS);
    expect(cfg.nCommitted(started?.index ?? 0).count).toBe(0);
    for (const k of [1, 2, 3]) cfg.connect((leader + k) % 5);
    // The disconnected majority may have chosen a leader among itself, forgetting index 2.
    const leader2 = cfg.checkOneLeader();
    const again = cfg.startCommand(leader2, 30);
    expect(again).not.toBeNull();
    cfg.one(1000, 5, true);
  });

  it("ConcurrentStarts: commands started in the same instant all commit", () => {
    const cfg = new MitCluster(3, 5);
    const leader = cfg.checkOneLeader();
    const started = [0, 1, 2, 3, 4].map((i) => cfg.startCommand(leader, 100 + i));
    expect(started.every((s) => s !== null)).toBe(true);
    const term = started[0]?.term ?? -1;
    const values = started.map((s) => cfg.wait(s?.index ?? 0, 3, term));
    expect(values.sort()).toEqual([100, 101, 102, 103, 104]);
  });

  it.each(seeds)("Rejoin: a partitioned leader's uncommitted entries are overwritten (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    cfg.one(101, 3, true);
    const leader1 = cfg.checkOneLeader();
    cfg.disconnect(leader1);
    // The old leader takes entries no one else will see.
    for (const command of [102, 103, 104]) cfg.startCommand(leader1, command);
    // The new leader commits index 2 (of its own log).
    cfg.one(103, 2, true);
    const leader2 = cfg.checkOneLeader();
    cfg.disconnect(leader2);
    cfg.connect(leader1);
    cfg.one(104, 2, true);
    cfg.connect(leader2);
    cfg.one(105, 3, true);
  });

  it.each(seeds)("Backup: a leader backs up quickly over incorrect follower logs (seed %i)", (seed) => {
    const cfg = new MitCluster(5, seed);
    cfg.one(cfg.randomInt(10_000), 5, true);
    // Put the leader and one follower in a partition.
    const leader1 = cfg.checkOneLeader();
    for (const k of [2, 3, 4]) cfg.disconnect((leader1 + k) % 5);
    // Lots of commands that will not commit.
    for (let i = 0; i < 50; i++) cfg.startCommand(leader1, cfg.randomInt(10_000));
    cfg.advance(ELECTION_TIMEOUT_MS / 2);
    cfg.disconnect(leader1);
    cfg.disconnect((leader1 + 1) % 5);
    // Allow the other partition to recover.
    for (const k of [2, 3, 4]) cfg.connect((leader1 + k) % 5);
    // Lots of successful commands to the new group.
    for (let i = 0; i < 50; i++) cfg.one(cfg.randomInt(10_000), 3, true);
    // Now another partitioned leader and one follower.
    const leader2 = cfg.checkOneLeader();
    let other = (leader1 + 2) % 5;
    if (leader2 === other) other = (leader2 + 1) % 5;
    cfg.disconnect(other);
    // Lots more commands that will not commit.
    for (let i = 0; i < 50; i++) cfg.startCommand(leader2, cfg.randomInt(10_000));
    cfg.advance(ELECTION_TIMEOUT_MS / 2);
    // Bring the original leader back to life.
    for (let i = 0; i < 5; i++) cfg.disconnect(i);
    cfg.connect(leader1);
    cfg.connect((leader1 + 1) % 5);
    cfg.connect(other);
    // Lots of successful commands to the new group.
    for (let i = 0; i < 50; i++) cfg.one(cfg.randomInt(10_000), 3, true);
    // Now everyone.
    for (let i = 0; i < 5; i++) cfg.connect(i);
    cfg.one(cfg.randomInt(10_000), 5, true);
  });

  it("Count: not too many RPCs for an election, for agreement, and when idle", () => {
    const cfg = new MitCluster(3, 6);
    cfg.checkOneLeader();
    const total1 = cfg.rpcCount();
    // Pre-vote doubles the election round, so the lab's 30 becomes 60 here.
    expect(total1).toBeGreaterThan(0);
    expect(total1).toBeLessThanOrEqual(60);

    const before = cfg.rpcCount();
    const leader = cfg.checkOneLeader();
    const afterLeaderCheck = cfg.rpcCount();
    const iterations = 10;
    const started = cfg.startCommand(leader, 1);
    expect(started).not.toBeNull();
    for (let i = 1; i < iterations + 1; i++) cfg.startCommand(leader, 1 + i);
    for (let i = 0; i < iterations + 1; i++) cfg.wait((started?.index ?? 0) + i, 3, started?.term ?? -1);
    // Each command reaches each follower in a few appends (heartbeats carry the rest).
    const agreement = cfg.rpcCount() - afterLeaderCheck;
    expect(agreement).toBeLessThanOrEqual((iterations + 1 + 3) * 3 + 60);
    expect(afterLeaderCheck - before).toBeLessThanOrEqual(60);

    // Idle for a second: heartbeats only, at most ten per second per follower.
    const idleStart = cfg.rpcCount();
    cfg.advance(ELECTION_TIMEOUT_MS);
    expect(cfg.rpcCount() - idleStart).toBeLessThanOrEqual(3 * 20);
  });
});

describe("3C: persistence", () => {
  it.each(seeds)("Persist1: basic persistence (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    cfg.one(11, 3, true);
    // Crash and restart all.
    for (let i = 0; i < 3; i++) cfg.crash(i);
    for (let i = 0; i < 3; i++) cfg.start(i);
    cfg.one(12, 3, true);
    const leader1 = cfg.checkOneLeader();
    cfg.crash(leader1);
    cfg.start(leader1);
    cfg.one(13, 3, true);
    const leader2 = cfg.checkOneLeader();
    cfg.crash(leader2);
    cfg.one(14, 2, true);
    cfg.start(leader2);
    // Wait for leader2 to join before killing i3.
    cfg.wait(4, 3, -1);
    const i3 = (cfg.checkOneLeader() + 1) % 3;
    cfg.crash(i3);
    cfg.one(15, 2, true);
    cfg.start(i3);
    cfg.one(16, 3, true);
  });

  it.each(seeds)("Persist2: more persistence (seed %i)", (seed) => {
    const cfg = new MitCluster(5, seed);
    let index = 1;
    for (let iteration = 0; iteration < 5; iteration++) {
      cfg.one(10 + index++, 5, true);
      const leader1 = cfg.checkOneLeader();
      cfg.crash((leader1 + 1) % 5);
      cfg.crash((leader1 + 2) % 5);
      cfg.one(10 + index++, 3, true);
      cfg.crash(leader1);
      cfg.crash((leader1 + 3) % 5);
      cfg.crash((leader1 + 4) % 5);
      cfg.start((leader1 + 1) % 5);
      cfg.start((leader1 + 2) % 5);
      cfg.advance(ELECTION_TIMEOUT_MS);
      cfg.start((leader1 + 3) % 5);
      cfg.one(10 + index++, 3, true);
      cfg.start((leader1 + 4) % 5);
      cfg.start(leader1);
    }
    cfg.one(1000, 5, true);
  });

  it.each(seeds)("Persist3: partitioned leader and one follower crash, leader restarts (seed %i)", (seed) => {
    const cfg = new MitCluster(3, seed);
    cfg.one(101, 3, true);
    const leader = cfg.checkOneLeader();
    cfg.disconnect((leader + 2) % 3);
    cfg.one(102, 2, true);
    cfg.crash(leader);
    cfg.crash((leader + 1) % 3);
    cfg.connect((leader + 2) % 3);
    cfg.start(leader);
    cfg.one(103, 2, true);
    cfg.start((leader + 1) % 3);
    cfg.one(104, 3, true);
  });

  it.each(seeds)("Figure8: leaders crash at random while entries are in flight (seed %i)", (seed) => {
    const cfg = new MitCluster(5, seed);
    cfg.one(cfg.randomInt(10_000), 1, true);
    let up = 5;
    const alive = [true, true, true, true, true];
    for (let iteration = 0; iteration < 1000; iteration++) {
      let leader = -1;
      for (let i = 0; i < 5; i++) {
        if (alive[i] && cfg.startCommand(i, cfg.randomInt(10_000)) !== null) leader = i;
      }
      cfg.advance(cfg.randomInt(10) < 9 ? cfg.randomInt(ELECTION_TIMEOUT_MS / 2) : cfg.randomInt(13));
      if (leader !== -1) {
        cfg.crash(leader);
        alive[leader] = false;
        up--;
      }
      if (up < 3) {
        const s = cfg.randomInt(5);
        if (!alive[s]) {
          cfg.start(s);
          alive[s] = true;
          up++;
        }
      }
    }
    for (let i = 0; i < 5; i++) {
      if (!alive[i]) {
        cfg.start(i);
        alive[i] = true;
      }
    }
    cfg.one(cfg.randomInt(10_000), 5, true);
  });

  it("UnreliableAgree: agreement over a network that loses and delays messages", () => {
    const cfg = new MitCluster(5, 7, { unreliable: true });
    for (let iteration = 1; iteration < 50; iteration++) {
      for (let j = 0; j < 4; j++) {
        const leader = cfg.checkOneLeader();
        cfg.startCommand(leader, 100 * iteration + j);
      }
      cfg.one(iteration, 1, true);
    }
    cfg.one(100, 5, true);
    expect(cfg.net.stats.dropped.loss).toBeGreaterThan(0);
  });

  it("Figure8Unreliable: leaders crash over a lossy network that reorders by up to 2 s", () => {
    const cfg = new MitCluster(5, 8, { unreliable: true });
    cfg.one(cfg.randomInt(10_000), 1, true);
    let nup = 5;
    for (let iteration = 0; iteration < 1000; iteration++) {
      if (iteration === 200) cfg.longReordering = true;
      let leader = -1;
      for (let i = 0; i < 5; i++) {
        if (cfg.isConnected(i) && cfg.startCommand(i, cfg.randomInt(10_000)) !== null) leader = i;
      }
      cfg.advance(cfg.randomInt(10) < 9 ? cfg.randomInt(ELECTION_TIMEOUT_MS / 2) : cfg.randomInt(13));
      if (leader !== -1 && cfg.randomInt(1000) < ELECTION_TIMEOUT_MS / 2) {
        cfg.disconnect(leader);
        nup--;
      }
      if (nup < 3) {
        const s = cfg.randomInt(5);
        if (!cfg.isConnected(s)) {
          cfg.connect(s);
          nup++;
        }
      }
    }
    for (let i = 0; i < 5; i++) cfg.connect(i);
    cfg.one(cfg.randomInt(10_000), 5, true);
  });

  // The lab churns for 5 s of wall time with three clients; 200 rounds here.
  it.each([
    ["ReliableChurn", false],
    ["UnreliableChurn", true],
  ] as const)("%s: servers crash, restart and disconnect while clients submit", (_name, unreliable) => {
    const cfg = new MitCluster(5, unreliable ? 10 : 9, { unreliable });
    const submitted: number[] = [];
    for (let round = 0; round < 200; round++) {
      // Clients: each tries every server and remembers what committed.
      for (let client = 0; client < 3; client++) {
        const command = cfg.randomInt(1_000_000);
        for (let i = 0; i < 5; i++) {
          const started = cfg.startCommand(i, command);
          if (started === null) continue;
          submitted.push(command);
          break;
        }
      }
      const victim = cfg.randomInt(5);
      const roll = cfg.randomInt(1000);
      if (roll < 200) cfg.disconnect(victim);
      else if (roll < 400 && cfg.node(victim) !== null) cfg.crash(victim);
      else if (roll < 600) {
        if (cfg.node(victim) === null) cfg.start(victim);
        cfg.connect(victim);
      }
      cfg.advance(ELECTION_TIMEOUT_MS / 5 + cfg.randomInt(200));
    }
    for (let i = 0; i < 5; i++) {
      if (cfg.node(i) === null) cfg.start(i);
      cfg.connect(i);
    }
    cfg.advance(ELECTION_TIMEOUT_MS);
    const last = cfg.one(cfg.randomInt(10_000), 5, true);
    // Every committed command was submitted by a client; all five servers hold the same log.
    for (let index = 1; index <= last; index++) {
      const { count, command } = cfg.nCommitted(index);
      expect(count).toBe(5);
      if (command !== null && index < last) expect(submitted).toContain(command);
    }
  });
});

describe("3D: log compaction", () => {
  // The lab's snapcommon(): 30 rounds of ten commands, a victim disconnected or crashed.
  const snapshotCase = (disconnect: boolean, reliable: boolean, crash: boolean, seed: number) => {
    const cfg = new MitCluster(3, seed, { snapshots: true, unreliable: !reliable });
    cfg.one(cfg.randomInt(10_000), 3, true);
    let leader1 = cfg.checkOneLeader();
    for (let round = 0; round < 30; round++) {
      let victim = (leader1 + 1) % 3;
      let sender = leader1;
      if (round % 3 === 1) {
        sender = (leader1 + 1) % 3;
        victim = leader1;
      }
      if (disconnect) {
        cfg.disconnect(victim);
        cfg.one(cfg.randomInt(10_000), 2, true);
      }
      if (crash) {
        cfg.crash(victim);
        cfg.one(cfg.randomInt(10_000), 2, true);
      }
      // Submit enough commands for a snapshot to happen.
      const nn = SNAPSHOT_INTERVAL / 2 + cfg.randomInt(SNAPSHOT_INTERVAL);
      for (let i = 0; i < nn; i++) cfg.startCommand(sender, cfg.randomInt(10_000));
      // Let the applier catch up with the Start()s.
      if (!disconnect && !crash) cfg.one(cfg.randomInt(10_000), 3, true);
      else cfg.one(cfg.randomInt(10_000), 2, true);
      // The log is compacted: no server keeps much more than an interval's worth.
      for (let i = 0; i < 3; i++) {
        if (cfg.node(i) !== null) expect(cfg.logSize(i)).toBeLessThanOrEqual(8 * SNAPSHOT_INTERVAL);
      }
      if (disconnect) {
        // Reconnect a follower that may need InstallSnapshot to catch up.
        cfg.connect(victim);
        cfg.one(cfg.randomInt(10_000), 3, true);
        leader1 = cfg.checkOneLeader();
      }
      if (crash) {
        cfg.start(victim);
        cfg.connect(victim);
        cfg.one(cfg.randomInt(10_000), 3, true);
        leader1 = cfg.checkOneLeader();
      }
    }
    return cfg;
  };

  it("SnapshotBasic", () => {
    const cfg = snapshotCase(false, true, false, 11);
    expect(cfg.maxIndex).toBeGreaterThan(3 * SNAPSHOT_INTERVAL);
  });

  it("SnapshotInstall: a disconnected follower catches up by snapshot", () => {
    const cfg = snapshotCase(true, true, false, 12);
    for (let i = 0; i < 3; i++) expect(cfg.appliedBy(i)).toBeGreaterThan(10 * SNAPSHOT_INTERVAL);
  });

  it("SnapshotInstallUnreliable", () => {
    snapshotCase(true, false, false, 13);
  });

  it("SnapshotInstallCrash: a crashed follower restarts from its snapshot and catches up", () => {
    snapshotCase(false, true, true, 14);
  });

  it("SnapshotInstallUnCrash", () => {
    snapshotCase(false, false, true, 15);
  });

  it("SnapshotAllCrash: every server crashes and restarts from its snapshot", () => {
    const cfg = new MitCluster(3, 16, { snapshots: true });
    cfg.one(cfg.randomInt(10_000), 3, true);
    for (let round = 0; round < 5; round++) {
      // Enough to force a snapshot.
      const nn = SNAPSHOT_INTERVAL / 2 + cfg.randomInt(SNAPSHOT_INTERVAL);
      for (let i = 0; i < nn; i++) cfg.one(cfg.randomInt(10_000), 3, true);
      const index1 = cfg.one(cfg.randomInt(10_000), 3, true);
      // Crash all.
      for (let i = 0; i < 3; i++) cfg.crash(i);
      for (let i = 0; i < 3; i++) cfg.start(i);
      const index2 = cfg.one(cfg.randomInt(10_000), 3, true);
      expect(index2).toBeGreaterThan(index1);
    }
  });

  it("SnapshotInit: a server restarted from a snapshot serves it again without re-applying", () => {
    const cfg = new MitCluster(3, 17, { snapshots: true });
    cfg.one(cfg.randomInt(10_000), 3, true);
    // Enough to force a snapshot.
    for (let i = 0; i < SNAPSHOT_INTERVAL + 1; i++) cfg.one(cfg.randomInt(10_000), 3, true);
    // Crash all, restart from the snapshot, crash and restart again before any new entry.
    for (let i = 0; i < 3; i++) cfg.crash(i);
    for (let i = 0; i < 3; i++) cfg.start(i);
    for (let i = 0; i < 3; i++) cfg.crash(i);
    for (let i = 0; i < 3; i++) cfg.start(i);
    // A new command is still agreed, after the snapshot's entries.
    const index = cfg.one(cfg.randomInt(10_000), 3, true);
    expect(index).toBeGreaterThan(SNAPSHOT_INTERVAL);
  });
});
