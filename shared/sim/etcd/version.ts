/**
 * The one etcd release whose behaviour and defaults the simulation follows: etcd v3.6 (release
 * v3.6.4, the image registry.k8s.io/etcd:3.6.4-0). Its defaults, each cited where it is used:
 * --heartbeat-interval 100 ms and --election-timeout 1000 ms (server/embed/config.go NewConfig),
 * --pre-vote true (on by default since v3.5; v3.4 had it off), --snapshot-count 10,000
 * (server/etcdserver/server.go DefaultSnapshotCount; 100,000 before v3.6) and --quota-backend-bytes
 * 2 GiB (server/storage/quota.go DefaultQuotaBytes). The reference measurements in
 * docs/etcd-real-3.4.23.md were taken on v3.4.23, with pre-vote set on to match.
 */
export const ETCD_VERSION = "3.6.4";
/** The release series, as `etcdctl version` prints the API version and the panels name it. */
export const ETCD_MINOR = "3.6";
