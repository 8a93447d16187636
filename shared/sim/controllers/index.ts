/**
 * The controllers' timing and decision policies, pure: the World feeds them the objects they
 * watch and applies the decisions they return. How a World drives them:
 *
 * - node lifecycle: every `nodeMonitorPeriodMs` (5 s), `monitorNodes` → Ready changes, NoExecute
 *   taints (rate-limited per zone), zone states; for each pod on a newly tainted node,
 *   `podEvictionAtMs(taint, addedAt, tolerations)` is when the taint eviction controller deletes it.
 * - ReplicaSet: on each sync, `replicaSetAction`; creations through `slowStartBatch`, deletions
 *   of `podsToDelete`.
 * - Deployment: on each sync, `newReplicaSetReplicas` and `oldReplicaSetsReplicas`; `rolloutStatus`,
 *   `progressDeadlineExceeded` and `rollbackTarget` for kubectl rollout.
 * - HPA: every `hpaSyncPeriodMs` (15 s), `syncHpa` with the target's pods and their metrics; keep its state.
 * - Endpoints: on any pod change, `endpointsFor` the Service's selected pods.
 * - node provisioner: every `scanIntervalMs` (10 s), `scanCluster`; a new node is Ready after
 *   `nodeBootDurationMs(random)` drawn from the provisioner's stream.
 * - leader election: each kube-scheduler and kube-controller-manager process GETs its Lease and calls
 *   `tryAcquireOrRenew` (with a write that succeeds, and one that is refused), then tries again at
 *   `nextAttemptMs`; `lost` means the process exits and restarts as a `newCandidate`.
 */
export * from "./deployment.ts";
export * from "./endpoints.ts";
export * from "./hpa.ts";
export * from "./leaderElection.ts";
export * from "./nodeLifecycle.ts";
export * from "./nodeProvisioner.ts";
export * from "./replicaSet.ts";
export * from "./tokenBucket.ts";
