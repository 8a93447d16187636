/**
 * kube-proxy: how a Service's traffic finds its endpoints, and what it costs to keep the rules in
 * step with them. The simulation shows Kubernetes v1.32 (the release whose defaults the game
 * uses), in three modes:
 *
 * - **iptables** (the default mode): the `KUBE-SERVICES` chain holds one rule per Service port,
 *   walked rule by rule by the first packet of every connection; each Service's `KUBE-SVC-*` chain
 *   picks an endpoint with one `statistic` rule per endpoint. A sync is an `iptables-restore`.
 *   Before v1.27 every sync rewrote every rule; since v1.27 (MinimizeIPTablesRestore, KEP-3453, on
 *   by default in v1.27, GA in v1.28) a sync writes `KUBE-SERVICES` whole plus the chains of the
 *   Services that changed — but a changed chain is written whole, endpoints and all, because
 *   iptables-restore cannot change part of a chain.
 * - **nftables** (alpha v1.29, beta v1.31, GA v1.33; KEP-3866): one verdict-map lookup per packet,
 *   whatever the number of Services; a sync sends only what changed — a changed Service's dispatch
 *   rule (`numgen random mod N vmap { … }`, its endpoints listed) and its added or removed endpoint
 *   chains (pkg/proxy/nftables/proxier.go `writeServiceToEndpointRules`).
 * - **ipvs**: a hash-table lookup per packet; a sync adds or removes the real servers that changed
 *   (netlink calls). Deprecated since v1.35 in favour of nftables (KEP-5495).
 *
 * Pure functions of plain data; the World holds one `KubeProxyState` for the whole cluster (every
 * node's kube-proxy sees the same Services and endpoints and does the same work at the same time —
 * a game simplification).
 */

export type KubeProxyMode = "iptables" | "ipvs" | "nftables";
export const kubeProxyModes = ["iptables", "ipvs", "nftables"] as const satisfies readonly KubeProxyMode[];

/**
 * kube-proxy `minSyncPeriod` default 1s (kubernetes.io "Virtual IPs and Service Proxies",
 * "Optimizing iptables mode performance"): syncs start at least this far apart, so changes
 * arriving together are written together. The game applies it to every mode.
 */
export const minSyncPeriodMs = 1_000;

/**
 * What writing one unit of the ruleset costs: one `iptables-restore` line, one nftables object
 * (rule, chain or map element), one IPVS netlink call. Measured for iptables-restore: a dump of
 * 695 992 lines restored in 12.8 s (kubernetes/kubernetes issue #96018, 2021) ≈ 18 µs a line, one
 * core busy the whole time. There is no published per-object figure for nftables or IPVS (the
 * kubernetes.io blog "NFTables mode for kube-proxy", 2025: "I don't have cool graphs for this
 * part"): the game charges them the same, so the modes differ only in how much each must write.
 */
export const syncMsPerUnit = 12_772 / 695_992;

/**
 * First-packet latency, kubernetes.io blog "NFTables mode for kube-proxy" (2025-02-28), data from
 * the KubeCon NA 2024 talk "From Observability to Performance": iptables p99 ≈ 0.72 ms with 30 000
 * Services and its best case ≈ 13 µs; nftables' p50 is about iptables' best case at 5 000 and
 * 10 000 Services, and "the nftables mode has the same performance as IPVS mode (actually,
 * slightly better)". So: a fixed ≈ 13 µs for a lookup, plus ≈ 23 ns for each iptables rule walked.
 */
export const lookupMs = 0.013;
export const iptablesRuleMs = (0.72 - lookupMs) / 30_000;

/**
 * Endpoints of Services sharing one selector, as kube-proxy programs them: the World groups the
 * Services that select the same pods (a scenario may have a thousand of them on one pool).
 */
export interface ProxiedGroup {
  /** How many Services select these pods (each has its own chains and map entries). */
  readonly services: number;
  /** The ready endpoints (pod names), sorted. */
  readonly endpoints: readonly string[];
}

/** One finished sync, for the console and the control-plane panel (`SyncProxyRules complete elapsed=…`). */
export interface SyncRecord {
  readonly mode: KubeProxyMode;
  readonly startedAtMs: number;
  readonly durationMs: number;
  /** Lines, objects or netlink calls written. */
  readonly written: number;
  readonly full: boolean;
}

export interface KubeProxyState {
  readonly mode: KubeProxyMode;
  /** The endpoints in the rules now, by group; `null` until the round's cluster has come up. */
  readonly programmed: Readonly<Record<string, readonly string[]>> | null;
  /** A sync being written: the endpoints it will program once done. */
  readonly running: {
    readonly startedAtMs: number;
    readonly doneAtMs: number;
    readonly written: number;
    readonly full: boolean;
    readonly endpoints: Readonly<Record<string, readonly string[]>>;
  } | null;
  /** When the last sync started (for minSyncPeriod). */
  readonly lastStartMs: number;
  /** After a start-up: the first sync writes everything (`needFullSync`). */
  readonly needFullSync: boolean;
  readonly last: SyncRecord | null;
}

export function newKubeProxy(mode: KubeProxyMode): KubeProxyState {
  return {
    mode,
    programmed: null,
    running: null,
    lastStartMs: -minSyncPeriodMs,
    needFullSync: false,
    last: null,
  };
}

/**
 * What one sync writes, in the mode's unit. `changed` are the groups whose endpoints differ from
 * the rules (all of them for a full sync); `before` are the endpoints in the rules.
 */
export function syncWork(
  mode: KubeProxyMode,
  groups: Readonly<Record<string, ProxiedGroup>>,
  changed: readonly string[],
  before: Readonly<Record<string, readonly string[]>>,
  full: boolean,
): number {
  let services = 0;
  for (const g of Object.values(groups)) services += g.services;
  let written = 0;
  for (const key of changed) {
    const group = groups[key];
    const endpoints = group?.endpoints ?? [];
    const count = group?.services ?? 0;
    const old = new Set(before[key] ?? []);
    const added = full ? endpoints.length : endpoints.filter((e) => !old.has(e)).length;
    const removed = full ? 0 : [...old].filter((e) => !endpoints.includes(e)).length;
    const e = endpoints.length;
    switch (mode) {
      case "iptables":
        // KUBE-SVC-*: header, one statistic jump per endpoint, a masquerade mark; each KUBE-SEP-*:
        // header, hairpin masquerade mark, DNAT (pkg/proxy/iptables/proxier.go).
        written += count * (4 * e + 2);
        break;
      case "nftables":
        // The dispatch rule lists every endpoint; new endpoint chains (chain, masquerade, DNAT),
        // deleted ones; a full sync also adds the Service's chain and its service-ips element.
        written += count * (1 + e + 3 * added + removed + (full ? 2 : 0));
        break;
      case "ipvs":
        // One netlink call per real server added or removed; a full sync also creates the virtual
        // server, binds its IP to kube-ipvs0 and adds its ipset entry.
        written += count * (added + removed + (full ? 3 : 0));
        break;
    }
  }
  // iptables-restore rewrites KUBE-SERVICES (one rule per Service port, the KUBE-NODEPORTS jump
  // last) on every sync, changed or not (KEP-3453).
  if (mode === "iptables") written += services + 1;
  return written;
}

function sameEndpoints(a: readonly string[] | undefined, b: readonly string[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  return a.every((e, i) => e === b[i]);
}

function snapshotOf(groups: Readonly<Record<string, ProxiedGroup>>): Record<string, readonly string[]> {
  return Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, [...g.endpoints]]));
}

/**
 * kube-proxy's sync loop at `nowMs` (the World calls it every game second): a finished sync's
 * rules take effect; then, if the endpoints differ from the rules (or a full sync is due) and
 * minSyncPeriod has passed, the next sync starts with the endpoints as they are now. Changes that
 * arrive while a sync is written wait for the next one (one sync at a time: the
 * BoundedFrequencyRunner, pkg/util/async).
 */
export function stepKubeProxy(
  state: KubeProxyState,
  nowMs: number,
  groups: Readonly<Record<string, ProxiedGroup>>,
): KubeProxyState {
  let s = state;
  if (s.programmed === null) return { ...s, programmed: snapshotOf(groups) };
  if (s.running !== null && nowMs >= s.running.doneAtMs) {
    const r = s.running;
    s = {
      ...s,
      programmed: r.endpoints,
      running: null,
      last: {
        mode: s.mode,
        startedAtMs: r.startedAtMs,
        durationMs: r.doneAtMs - r.startedAtMs,
        written: r.written,
        full: r.full,
      },
    };
  }
  if (s.running !== null || nowMs - s.lastStartMs < minSyncPeriodMs) return s;
  const programmed = s.programmed ?? {};
  const changed = s.needFullSync
    ? Object.keys(groups)
    : Object.keys(groups).filter((k) => !sameEndpoints(programmed[k], groups[k]?.endpoints ?? []));
  if (changed.length === 0 && !s.needFullSync) return s;
  const written = syncWork(s.mode, groups, changed, programmed, s.needFullSync);
  const durationMs = Math.round(written * syncMsPerUnit);
  s = {
    ...s,
    running: {
      startedAtMs: nowMs,
      doneAtMs: nowMs + durationMs,
      written,
      full: s.needFullSync,
      endpoints: snapshotOf(groups),
    },
    lastStartMs: nowMs,
    needFullSync: false,
  };
  // A sync shorter than minSyncPeriod is written before the World (which looks once a second) looks again.
  return durationMs < minSyncPeriodMs
    ? stepKubeProxy({ ...s, running: { ...s.running!, doneAtMs: nowMs } }, nowMs, groups)
    : s;
}

/**
 * kube-proxy restarted in another mode (a new `--proxy-mode` and a restart of its DaemonSet); its
 * first sync writes everything. Moving between the iptables-based modes (iptables, ipvs) the old
 * rules route until then; moving to or from nftables, kube-proxy deletes the other family's rules
 * at start-up (cmd/kube-proxy/app/server_linux.go `platformCleanup`), so until its first sync is
 * written new connections to Services find no rules — why providers advise switching off-peak
 * (Amazon EKS best practices, "Running kube-proxy in nftables mode": "This is a disruptive
 * change"). The game restarts every node's kube-proxy at once.
 */
export function restartKubeProxy(state: KubeProxyState, mode: KubeProxyMode, nowMs: number): KubeProxyState {
  const crossing = (state.mode === "nftables") !== (mode === "nftables");
  return {
    mode,
    programmed: state.programmed === null ? null : crossing ? {} : state.programmed,
    running: null,
    lastStartMs: nowMs - minSyncPeriodMs,
    needFullSync: state.programmed !== null,
    last: state.last,
  };
}

/** The endpoints the rules send a group's traffic to now. */
export function routedEndpoints(
  state: KubeProxyState,
  key: string,
  current: readonly string[],
): readonly string[] {
  return state.programmed === null ? current : (state.programmed[key] ?? []);
}

/**
 * What the first packet of a connection spends in kube-proxy's rules, worst case (the p99): in
 * iptables mode a connection from outside (NodePort or LoadBalancer) walks all of KUBE-SERVICES —
 * the KUBE-NODEPORTS jump is its last rule — then the Service's statistic rules, up to one per
 * endpoint; nftables and IPVS look both up in one step.
 */
export function firstPacketMs(mode: KubeProxyMode, services: number, endpoints: number): number {
  return mode === "iptables" ? lookupMs + (services + 1 + endpoints) * iptablesRuleMs : lookupMs;
}

/** Whether a sync is being written at `nowMs` (iptables-restore keeps one core busy on every node). */
export function syncing(state: KubeProxyState, nowMs: number): boolean {
  return state.running !== null && nowMs < state.running.doneAtMs;
}
