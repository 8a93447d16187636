/**
 * The kubelet's timing and decision policies, pure: the World calls them from its event queue
 * with plain inputs and schedules the times they return. How a World drives them, per node:
 *
 * - lease: renew at `nextLeaseAttemptMs(last, failuresInRow)` (10 s; 200 ms → 7 s after failures);
 *   the node lifecycle controller reads the renew time.
 * - pod bound to the node: `planPodStart` gives the sandbox/pull/start stages and `runningAtMs`;
 *   keep the returned `puller` as the node's image cache and pull slot.
 * - container running: `startContainerProbes`, then at each `nextProbeAtMs` run `stepProbe` with the
 *   container's answer; act on `restartContainer` / `readinessChanged` at `observedAtMs`.
 * - memory sample above the limit: `oomKill` → the container exits (137, OOMKilled).
 * - container exit: if `shouldRestart`, `restartAfterExit` gives the restart time (CrashLoopBackOff until then).
 * - every `evictionMonitoringPeriodMs` (10 s): `observePressure` → conditions and `pressureTaints`;
 *   while a threshold is met, evict `podToEvict` with `evictedPodStatus`.
 */
export * from "./crashLoopBackOff.ts";
export * from "./nodeLease.ts";
export * from "./nodePressure.ts";
export * from "./oom.ts";
export * from "./podStartup.ts";
export * from "./probes.ts";
