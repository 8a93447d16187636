/**
 * The real-etcd reference figures `npm run bench:etcd` holds the simulation to. Source: the
 * measurement in docs/etcd-real-3.4.23.md — Debian's etcd-server 3.4.23, three to five members on
 * loopback on a 2-core machine, heartbeat 100 ms, election timeout 1000 ms, check-quorum on, 2:2
 * splits made with firewall rules between the halves. Figures in ms; n is the number of trials.
 */

export interface Quantiles {
  readonly n: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

/**
 * Experiment 1: SIGKILL of the leader → a new leader elected. `leaseIgnored`: trials in which a
 * member logged that it ignored a (pre-)vote because its lease had not expired (etcd-io/raft's
 * "ignored MsgVote … lease is not expired").
 */
export const failover: Readonly<
  Record<
    "3-on" | "3-off" | "5-on" | "5-off",
    Quantiles & { readonly splitVotes: number; readonly leaseIgnored: number }
  >
> = {
  "3-on": { n: 160, median: 1216, p90: 1540, max: 1811, splitVotes: 0, leaseIgnored: 7 },
  "3-off": { n: 160, median: 1179, p90: 1652, max: 2707, splitVotes: 13, leaseIgnored: 13 },
  "5-on": { n: 40, median: 1085, p90: 1331, max: 1508, splitVotes: 1, leaseIgnored: 9 },
  "5-off": { n: 40, median: 1124, p90: 1576, max: 2764, splitVotes: 7, leaseIgnored: 8 },
};

/** Experiment 2: four members split 2:2 for 10 s, then healed; four writers, one per member, 1 s client timeout. */
export interface SplitReference {
  readonly trials: number;
  readonly stepDown: Quantiles;
  readonly leaderless: Quantiles;
  readonly firstFailLeaderSide: Quantiles;
  readonly firstFailOtherSide: Quantiles;
  readonly leaderAfterHeal: Quantiles;
  readonly firstWriteLeaderSide: Quantiles;
  readonly firstWriteOtherSide: Quantiles;
  /** Failed writes (the client saw an error or its deadline) applied anyway, of all failed writes. */
  readonly appliedAnyway: { readonly applied: number; readonly failed: number };
  /** The leader's term after the heal minus the term before the split. */
  readonly termDelta: readonly number[];
}

export const split: Readonly<Record<"on" | "off", SplitReference>> = {
  on: {
    trials: 26,
    stepDown: { n: 26, median: 1636, p90: 1983, max: 2012 },
    leaderless: { n: 26, median: 2916, p90: 3600, max: 3807 },
    firstFailLeaderSide: { n: 26, median: 1023, p90: 1143, max: 1516 },
    firstFailOtherSide: { n: 26, median: 1021, p90: 1122, max: 1600 },
    leaderAfterHeal: { n: 26, median: 1023, p90: 1434, max: 1954 },
    firstWriteLeaderSide: { n: 26, median: 1051, p90: 1495, max: 1979 },
    firstWriteOtherSide: { n: 26, median: 1036, p90: 1442, max: 1975 },
    appliedAnyway: { applied: 152, failed: 1058 },
    termDelta: Array.from({ length: 26 }, () => 1),
  },
  off: {
    trials: 8,
    stepDown: { n: 8, median: 1488, p90: 1662, max: 1788 },
    leaderless: { n: 8, median: 2698, p90: 2986, max: 2986 },
    firstFailLeaderSide: { n: 8, median: 1100, p90: 1248, max: 1322 },
    firstFailOtherSide: { n: 8, median: 1088, p90: 1142, max: 1216 },
    leaderAfterHeal: { n: 8, median: 3149, p90: 6091, max: 8377 },
    firstWriteLeaderSide: { n: 8, median: 3163, p90: 6100, max: 8391 },
    firstWriteOtherSide: { n: 8, median: 3163, p90: 6099, max: 8386 },
    appliedAnyway: { applied: 39, failed: 401 },
    termDelta: [9, 9, 10, 10, 11, 11, 12, 14],
  },
};

/** rafthttp's streams after the heal: the last member's "peer became active", pre-vote on / off. */
export const streamsBack = { on: { median: 426, max: 803, n: 16 }, off: { median: 557, max: 963, n: 8 } };

/** Experiment 3: sequential puts from one client, ms (ext4 on a virtual disk). */
export const commitLatency = {
  toLeader: { n: 1000, median: 1.47, p90: 1.92 },
  toFollower: { n: 1000, median: 1.58, p90: 2.36 },
};
