/**
 * etcd on top of the Raft core: the member (`EtcdMember`), its MVCC store (`KvStore`), a cluster
 * driver with a pluggable network (`EtcdCluster`, `RaftTransport`), etcd's client-visible errors,
 * and a porcupine-style linearizability checker for KV histories.
 */
export { EtcdCluster, type EtcdClusterOptions, NetworkTransport, type RaftTransport } from "./cluster.ts";
export * from "./errors.ts";
export * from "./linearizability.ts";
export * from "./member.ts";
export { type ClientSession, type KvSnapshot, KvStore } from "./mvcc.ts";
export * from "./types.ts";
export * from "./version.ts";
