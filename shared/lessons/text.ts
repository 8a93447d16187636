/**
 * The lessons' words, in English and Korean: each one's title, its explanation and "the real thing"
 * (the flags and documents that set its numbers), with the sources cited beside them. Shared by the
 * debrief (client/i18n/areas/debrief.ts) and the facilitator's run sheets (server/runsheet/).
 */
export const en = {
  // Raft paper (Ongaro & Ousterhout, extended) §5.2: a candidate wins with votes from a majority of
  // the full cluster; etcd FAQ (etcd.io/docs/v3.6/faq, "Why an odd number of cluster members?").
  "lesson.raftMajority.title": "Why an even etcd cluster cannot elect after a 2:2 split",
  "lesson.raftMajority.body":
    "A Raft candidate becomes leader only with votes from a majority of the voting members: 3 of 4. After a 2:2 split each side has 2, so neither can elect a leader, and without one etcd commits no writes. The API server still answers reads served from its watch cache (informers' watches, lists at resourceVersion=0), but a plain kubectl get is a quorum read from etcd and fails, and no change can be persisted. Four members tolerate one failure, the same as three: that is why etcd advises an odd size.",
  "lesson.raftMajority.real": "Raft paper §5.2 · etcd FAQ: “Why an odd number of cluster members?”",
  // etcd FAQ (etcd.io/docs/v3.6/faq, "What is failure tolerance?"): 4 members, majority 3, tolerate 1
  // failure; 5 members, majority 3, tolerate 2. Membership changes are Raft entries (Raft paper §6),
  // refused without a leader ("etcdserver: no leader").
  "lesson.fifthMember.title": "Why a fifth member, in a third place, keeps etcd writing",
  "lesson.fifthMember.body":
    "etcd commits a write once a majority of its voting members has it: four members need three, so a 2:2 split between two racks leaves neither side a leader. A fifth member in a third place (another room or zone, or a small host of its own) breaks the tie: whichever rack still reaches it holds three of five and keeps writing. Removing a member also makes the count odd, but then only the rack that keeps the majority survives a split. Change membership while a leader stands: etcdctl member add and remove are writes themselves, and without a quorum etcd refuses them.",
  "lesson.fifthMember.real":
    "etcd FAQ: “What is failure tolerance?” · etcdctl member add / member remove · Raft paper §6",
  // etcd v3.6 defaults heartbeat-interval 100 ms, election-timeout 1000 ms (server/embed/config.go
  // NewConfig); etcd-io/raft randomizes the timeout in [electionTick, 2·electionTick − 1] ticks (raft.go
  // resetRandomizedElectionTimeout); pre-vote (--pre-vote, default true since etcd v3.5, false in v3.4)
  // is Ongaro's thesis §9.6.
  "lesson.raftElection.title": "How etcd picks a new leader",
  "lesson.raftElection.body":
    "The leader sends a heartbeat every 100 ms. A follower that hears none for its election timeout (1 s, randomized up to twice that) first asks the others in a pre-vote whether it could win, without raising its term; only with a majority's yes does it become a candidate, raise the term and ask for votes, so a member cut off alone cannot disrupt a healthy leader. The random spread makes split votes rare, so a new leader usually stands within a second or two; writes wait meanwhile.",
  "lesson.raftElection.real":
    "etcd v3.6 defaults: --heartbeat-interval=100 --election-timeout=1000 --pre-vote=true (on by default since v3.5; v3.4 had it off) · Raft paper §5.2, Ongaro's thesis §9.6",
  // kube-controller-manager and kube-scheduler --leader-elect-lease-duration 15s, --leader-elect-renew-deadline
  // 10s, --leader-elect-retry-period 2s (component-base RecommendedDefaultLeaderElectionConfiguration, v1.32;
  // client-go tools/leaderelection); kubelet --file-check-frequency 20s for static pods; the endpointslice,
  // replicaset, nodelifecycle and horizontalpodautoscaling controllers all run in kube-controller-manager.
  "lesson.leaderElection.title": "The control plane stops; the pods keep serving",
  "lesson.leaderElection.body":
    "kube-controller-manager and kube-scheduler run on every control-plane machine, but only the holder of their Lease works: it renews every 2 s and gives up after 10 s without success, and a standby takes over once the Lease is 15 s old. With no controller-manager at all, nothing notices a dead node, no ReplicaSet replaces a pod, no HPA scales and the EndpointSlices freeze, so traffic keeps going to pods that are gone. Yet the running pods keep serving, kubelets keep restarting their containers and kube-proxy keeps its last rules. Put a standby back (its static pod manifest in /etc/kubernetes/manifests) and the loops resume within about 20 s + 15 s.",
  "lesson.leaderElection.real":
    "kube-controller-manager --leader-elect-lease-duration=15s --leader-elect-renew-deadline=10s --leader-elect-retry-period=2s · kubectl -n kube-system get lease · kubelet static pods",
  // kube-apiserver defaults --max-requests-inflight 400, --max-mutating-requests-inflight 200, excess
  // answered 429 (kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver, v1.32); APF
  // on by default since v1.20 (kubernetes.io/docs/concepts/cluster-administration/flow-control).
  "lesson.apf.title": "429 Too Many Requests: the API server's limits",
  "lesson.apf.body":
    "Each API server serves at most --max-requests-inflight 400 reads and --max-mutating-requests-inflight 200 writes at once. Without API Priority and Fairness the excess is refused with 429 at once, whoever sent it, so one flood can starve controllers and kubelets. APF shares those seats between priority levels and queues each flow fairly: system traffic keeps its share and only the flood's own queues overflow.",
  "lesson.apf.real": "kube-apiserver --enable-priority-and-fairness · FlowSchema, PriorityLevelConfiguration",
  // kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale: sync every 15 s, the formula,
  // tolerance 0.1, scale-down stabilization 300 s (kube-controller-manager --horizontal-pod-autoscaler-*
  // defaults, v1.32).
  "lesson.hpa.title": "How the HorizontalPodAutoscaler decides",
  "lesson.hpa.body":
    "Every 15 s the HPA computes desired = ceil(current × currentMetric / target): 4 pods at 160% CPU against an 80% target become 8. Within 10% of the target it does nothing, and it scales down only to the highest recommendation of the last 5 minutes, so a dip does not make it flap. New pods still need room on nodes, or they wait Pending.",
  "lesson.hpa.real":
    "--horizontal-pod-autoscaler-sync-period=15s, --horizontal-pod-autoscaler-tolerance=0.1 · behavior.scaleDown.stabilizationWindowSeconds: 300",
  // Kubernetes v1.32 behaviour (shared/sim/network/kubeProxy.ts, with every number's source): first-packet
  // costs from the kubernetes.io blog "NFTables mode for kube-proxy" (2025-02-28); partial syncs since
  // v1.27 from KEP-3453 (MinimizeIPTablesRestore: beta and on by default in v1.27, GA in v1.28); nftables
  // GA in v1.33 (KEP-3866); IPVS deprecated in v1.35 (KEP-5495); ≈ 18 µs per iptables-restore line from
  // kubernetes/kubernetes issue #96018.
  "lesson.kubeProxy.title": "kube-proxy at a thousand Services: iptables, nftables, IPVS",
  "lesson.kubeProxy.body":
    "In iptables mode each new connection walks KUBE-SERVICES rule by rule, about 23 ns a Service: only tens of microseconds here. The sync is what hurts: since v1.27 kube-proxy writes only the chains that changed (before, every rule each time), but each one whole, so with 1,200 Services on one 400-pod pool every pool change is 1.9 million lines, 35 s of a busy core on every node, while new pods wait for traffic. nftables (GA in v1.33) finds a Service with one map lookup and writes only what changed: switch to it off-peak, since the switch deletes the iptables rules first. IPVS is fast too but deprecated since v1.35, and fewer Services per pool helps in every mode.",
  "lesson.kubeProxy.real":
    "kube-proxy --proxy-mode=nftables · KEP-3453, KEP-3866, KEP-5495 · Kubernetes blog: NFTables mode for kube-proxy (2025)",
  // kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-restarts: back-off 10 s doubling,
  // capped at 300 s, reset after 10 min of running (pkg/kubelet/kubelet.go MaxContainerBackOff, v1.32).
  "lesson.crashLoop.title": "CrashLoopBackOff is a wait, not the cause",
  "lesson.crashLoop.body":
    "When a container exits, the kubelet restarts it after a back-off of 10 s, doubling each time up to 300 s, and resets it after 10 minutes of clean running. CrashLoopBackOff is that wait. The cause is in the last run: its logs, or a reason such as OOMKilled when it passed its memory limit. Fix the cause; restarting only resets the clock.",
  "lesson.crashLoop.real": "Pod lifecycle: container restart policy · kubectl logs --previous",
  // CRI RuntimeService RunPodSandbox (kubernetes/cri-api pkg/apis/runtime/v1/api.proto); kubelet
  // pkg/kubelet/kuberuntime/kuberuntime_manager.go SyncPod ("Create sandbox if necessary", then the
  // containers); the pause image registry.k8s.io/pause (kubernetes/kubernetes build/pause/linux/pause.c:
  // it sleeps until a signal); shared/sim/kubelet/podSandbox.ts.
  "lesson.podSandbox.title": "Why a crash-looping pod keeps its IP",
  "lesson.podSandbox.body":
    "Before a pod's containers start, the kubelet asks the container runtime for a pod sandbox (CRI RunPodSandbox): a pause container whose process only sleeps, holding the pod's network namespace, which the CNI plugin gives the pod's IP. The app containers join that namespace, so when one crashes the kubelet restarts it inside the same sandbox: the IP, the Endpoints entry and the restart count's history stay with the pod. Only a new sandbox, after a node reboot (SandboxChanged) or for a new pod, brings a new IP.",
  "lesson.podSandbox.real":
    "CRI RunPodSandbox · kubelet SyncPod (kuberuntime_manager.go) · registry.k8s.io/pause · kubectl describe pod (PodReadyToStartContainers)",
  // kubernetes.io/docs/concepts/workloads/pods/pod-qos and .../configuration/manage-resources-containers;
  // pkg/kubelet/cm/helpers_linux.go MilliCPUToShares (1024 per core, MinShares 2); pkg/kubelet/qos/policy.go
  // (Guaranteed −997, BestEffort 1000, Burstable 1000 − 1000 × request / capacity); mm/oom_kill.c oom_badness;
  // pkg/kubelet/eviction/helpers.go rankMemoryPressure (exceeds requests, then priority, then the overage).
  "lesson.qos.title": "Requests, limits and QoS: who gets the CPU, who is killed, who is evicted",
  "lesson.qos.body":
    "On a busy node CFS divides the CPU by requests (1,024 cpu.shares per core asked, 2 for BestEffort) and caps each container at its limit, so a pod that asked for 250m gets a third of a core beside one that asked for six cores and set no limit. When memory runs out the kernel's OOM killer takes the process with the highest oom_score: its share of memory plus oom_score_adj, −997 for Guaranteed, 1000 for BestEffort, in between for Burstable by its request. The kubelet acts first when memory.available drops under 100Mi: it evicts pods using more than they requested, lower priority first, then the largest overage, so a pod within its requests goes last whatever its priority. Give your service the requests it really uses (Guaranteed: requests = limits) and give the neighbour limits.",
  "lesson.qos.real":
    "Pod Quality of Service classes · Resource management for pods and containers · Node-pressure eviction · kubectl set resources",
  // kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction: default hard thresholds on
  // Linux memory.available<100Mi, nodefs.available<10%; pods ranked by usage above requests, then priority.
  "lesson.nodePressure.title": "Node pressure: the kubelet evicts to save the node",
  "lesson.nodePressure.body":
    "The kubelet watches free memory and disk. Past a hard threshold (memory.available<100Mi, nodefs.available<10% by default) it reports MemoryPressure or DiskPressure, the node is tainted so no new pods land there, and it evicts pods: first those using more than they requested, among them the lowest priority first, then the largest overage first. Evicted pods are not restarted there: their controllers recreate them elsewhere.",
  "lesson.nodePressure.real": "Node-pressure eviction · kubelet --eviction-hard",
  // kubernetes.io/docs/concepts/architecture/nodes#node-heartbeats: Lease renewed every 10 s;
  // kube-controller-manager --node-monitor-grace-period 50 s since v1.32 (PR #126287; 40 s before);
  // the DefaultTolerationSeconds admission plugin adds not-ready/unreachable tolerations of 300 s.
  "lesson.evictionWait.title": "Why evictions wait 5 minutes",
  "lesson.evictionWait.body":
    "The kubelet renews its node's Lease every 10 s. After --node-monitor-grace-period (50 s in v1.32) without one, the node lifecycle controller marks the node NotReady and taints it unreachable:NoExecute. Its pods still stay: the DefaultTolerationSeconds admission plugin gave each a 300 s toleration for that taint, so they are evicted about 5 min 50 s after the last heartbeat. The wait avoids moving everything over a short network blip; an operator who knows the node is gone can drain it, and its pods are replaced at once.",
  "lesson.evictionWait.real":
    "kube-controller-manager --node-monitor-grace-period · kube-apiserver --default-unreachable-toleration-seconds=300",
  // kubernetes.io/docs/concepts/architecture/nodes#rate-limits-on-eviction and kube-controller-manager
  // flags: eviction rate 0.1 node/s, 0.01 when ≥ 55% of a zone is NotReady, 0 for clusters ≤ 50 nodes,
  // none when every zone is down (kube-controller-manager flags, v1.32). pkg/controller/nodelifecycle
  // ComputeZoneState: partial disruption needs more than 2 NotReady nodes and some Ready; a zone with
  // none Ready is a full disruption, evicted at the normal rate unless every zone is.
  "lesson.zoneEviction.title": "How evictions pace themselves when a zone fails",
  "lesson.zoneEviction.body":
    "The node lifecycle controller evicts the pods of at most 0.1 node/s. In a zone where at least 55% of the nodes (and more than two) are NotReady, but not all, it slows to 0.01 node/s, or stops in clusters of 50 nodes or fewer. A zone wholly down is evicted at the normal rate while other zones are healthy; if every zone is down it evicts nothing, guessing that the control plane, not the nodes, lost its network.",
  "lesson.zoneEviction.real":
    "kube-controller-manager --node-eviction-rate=0.1 --secondary-node-eviction-rate=0.01 --unhealthy-zone-threshold=0.55 --large-cluster-size-threshold=50",
  // kubernetes.io/docs/concepts/configuration/manage-resources-containers ("How Pods with resource
  // requests are scheduled"); kube-scheduler's NodeResourcesFit reason "Insufficient cpu";
  // kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption.
  "lesson.requestsReserve.title": "Requests reserve room: a full cluster leaves replacements Pending",
  "lesson.requestsReserve.body":
    "kube-scheduler places a pod only on a node where the requests of the pods already bound leave room for its own, however idle the CPU really is. In a cluster whose every core is requested, a lost node's replacements wait Pending with “Insufficient cpu” until someone makes room: scales down work that can wait, or adds a node, which takes minutes to boot. A PriorityClass lets the scheduler make that choice itself, by preempting pods of lower priority.",
  "lesson.requestsReserve.real":
    "kube-scheduler NodeResourcesFit · Resource Management for Pods and Containers · PriorityClass and preemption",
  // kubernetes.io/docs/tasks/administer-cluster/safely-drain-node and .../api-eviction: an eviction that
  // would violate a PodDisruptionBudget is refused with 429 and kubectl drain retries it (every 5 s,
  // kubectl pkg/drain/drain.go); unhealthy pods: kubernetes.io/docs/tasks/run-application/configure-pdb
  // "Unhealthy Pod Eviction Policy" (GA in v1.31); the out-of-service taint:
  // kubernetes.io/docs/concepts/cluster-administration/node-shutdown "Non-graceful node shutdown".
  "lesson.pdbDrain.title": "Drains respect PodDisruptionBudgets",
  "lesson.pdbDrain.body":
    "kubectl drain cordons the node, then asks the Eviction API to remove each pod. The API refuses (429) an eviction that would take a PodDisruptionBudget below its minimum, and drain asks again every 5 s. A pod that is not Ready — on a dead node, say — may go only while the rest of its application is whole (unhealthyPodEvictionPolicy IfHealthyBudget, the default), so a budget of maxUnavailable 0 holds a dead node's pods for ever. Deleting the dead Node, its out-of-service taint and the 300 s taint eviction do not ask the budget.",
  "lesson.pdbDrain.real":
    "kubectl drain · policy/v1 PodDisruptionBudget, unhealthyPodEvictionPolicy · API-initiated eviction · node.kubernetes.io/out-of-service (non-graceful node shutdown)",
  // kubectl cordon sets spec.unschedulable; kube-scheduler's NodeUnschedulable filter reason "node(s)
  // were unschedulable" (pkg/scheduler/framework/plugins/nodeunschedulable, v1.32).
  "lesson.cordon.title": "Cordon stops new pods, not running ones",
  "lesson.cordon.body":
    "kubectl cordon sets spec.unschedulable on the node. The scheduler's NodeUnschedulable filter then skips it (“node(s) were unschedulable”), while the pods already there keep running. It is the safe first step before maintenance: drain moves the pods off, uncordon opens the node again.",
  "lesson.cordon.real": "kubectl cordon / uncordon · kube-scheduler NodeUnschedulable plugin",
  // Google SRE book (sre.google/sre-book), ch. 3 "Embracing Risk": error budget = 1 − SLO; the game's
  // availability objective is 99% (see scenes/Projector.ts AVAILABILITY_TARGET).
  // etcd-io/raft raft.go Config.ReadOnlyOption (ReadOnlySafe, the default, and ReadOnlyLeaseBased,
  // which Config.validate refuses without CheckQuorum); etcd v3.6 leaves it at ReadOnlySafe
  // (server/etcdserver/bootstrap.go raftConfig). The clock caveat: Ongaro's thesis §6.4.1 ("this
  // approach relies on timing for safety … bounded clock drift") and raft.go's comment on the option.
  // The two-timeout lease: raft.go tickHeartbeat steps MsgCheckQuorum once every electionTimeout
  // ticks and stepLeader resets RecentActive after each check (etcd-io/raft issue #166).
  "lesson.leaseRead.title": "Lease-based reads: one round trip saved, if the clocks agree",
  "lesson.leaseRead.body":
    "A linearizable read in etcd waits until the leader has confirmed, with a round of heartbeats to a quorum, that it still leads (ReadIndex, raft's ReadOnlySafe, the one etcd keeps). Raft's ReadOnlyLeaseBased skips that round: with check-quorum on, the leader trusts that no one else can have been elected and answers at once. But raft checks the quorum only once per election timeout, so a leader cut off just after a check keeps its lease for up to two timeouts while the others elect a new leader after one and commit writes; reads answered in between miss them. The lease rests on time, not messages: a leader whose clock runs slow, or that stalls (a long GC pause, a frozen VM), answers stale reads from it even longer.",
  "lesson.leaseRead.real":
    "etcd-io/raft raft.go Config.ReadOnlyOption: ReadOnlySafe (etcd's) · ReadOnlyLeaseBased (needs CheckQuorum; tickHeartbeat's MsgCheckQuorum once per election timeout) · etcd-io/raft issue #166 · Ongaro's thesis §6.4.1",
  "lesson.spaceQuota.title": "etcd's space quota: compact, defragment, disarm",
  "lesson.spaceQuota.body":
    'etcd keeps every revision of every key until it is compacted, and its backend file never shrinks by itself: past --quota-backend-bytes (2 GiB by default) it raises the NOSPACE alarm and refuses every write with "etcdserver: mvcc: database space exceeded", so the whole cluster turns read-only. kube-apiserver compacts the history every 5 minutes, but a runaway writer can outrun it. Recovery is three steps, in order: etcdctl compact to a recent revision, etcdctl defrag one member at a time to give the freed pages back, then etcdctl alarm disarm, after stopping whatever filled it, or it fills again.',
  "lesson.spaceQuota.real":
    "etcd --quota-backend-bytes (2 GiB) · etcdctl compact / defrag / alarm disarm · etcd docs: Maintenance, “Space quota” · kube-apiserver --etcd-compaction-interval=5m",
  "lesson.errorBudget.title": "The error budget: recover first, explain later",
  "lesson.errorBudget.body":
    "An availability SLO of 99% lets 1% of requests fail over its window: that is the error budget. Every second below the objective burns it, so time to recovery counts more than the perfect fix. Restore service first (capacity, moving load, a rollback), then find the root cause.",
  "lesson.errorBudget.real": "Google SRE book, ch. 3 “Embracing Risk” and ch. 4 “Service Level Objectives”",
} as const;

export const ko: Record<keyof typeof en, string> = {
  "lesson.raftMajority.title": "짝수 etcd 클러스터가 2:2로 갈리면 리더를 못 뽑는 이유",
  "lesson.raftMajority.body":
    "Raft 후보는 투표권이 있는 멤버 과반(4대 중 3대)의 표를 받아야 리더가 됩니다. 2:2로 갈리면 양쪽 모두 2표뿐이라 어느 쪽도 리더를 뽑지 못하고, 리더가 없으니 etcd는 어떤 쓰기도 커밋하지 않습니다. API 서버는 워치 캐시에서 나오는 읽기(인포머의 워치, resourceVersion=0 목록)에는 답하지만, 보통의 kubectl get은 etcd의 쿼럼 읽기라서 실패하고 변경도 하나도 저장하지 못합니다. 멤버 4대는 3대와 똑같이 한 대의 장애만 견딥니다. 그래서 etcd는 홀수 대를 권합니다.",
  "lesson.raftMajority.real": "Raft 논문 §5.2 · etcd FAQ: “Why an odd number of cluster members?”",
  "lesson.fifthMember.title": "세 번째 장소의 다섯 번째 멤버가 etcd의 쓰기를 지키는 이유",
  "lesson.fifthMember.body":
    "etcd는 투표권이 있는 멤버의 과반이 받아 적어야 쓰기를 커밋합니다. 멤버가 넷이면 셋이 필요하므로, 두 랙 사이가 2:2로 갈리면 어느 쪽도 리더를 갖지 못합니다. 세 번째 장소(다른 방이나 존, 또는 작은 별도 호스트)에 둔 다섯 번째 멤버가 동점을 깹니다. 그 멤버에 닿는 랙이 다섯 중 셋을 쥐고 계속 씁니다. 멤버 하나를 빼도 홀수가 되지만, 그러면 과반을 가진 랙만 분할에서 살아남습니다. 멤버 변경은 리더가 있을 때 하세요. etcdctl member add와 remove도 쓰기라서 쿼럼이 없으면 etcd가 거절합니다.",
  "lesson.fifthMember.real":
    "etcd FAQ: “What is failure tolerance?” · etcdctl member add / member remove · Raft 논문 §6",
  "lesson.raftElection.title": "etcd가 새 리더를 뽑는 방법",
  "lesson.raftElection.body":
    "리더는 100ms마다 하트비트를 보냅니다. 선거 타임아웃(1초, 최대 두 배까지 무작위) 동안 하트비트를 못 받은 팔로워는 먼저 텀을 올리지 않은 채 사전 투표(pre-vote)로 이길 수 있는지 묻습니다. 과반이 그렇다고 답해야 후보가 되어 텀을 올리고 표를 요청하므로, 혼자 떨어져 나간 멤버가 건강한 리더를 흔들지 못합니다. 타임아웃이 무작위로 흩어져 있어 표가 갈리는 일이 드물고, 보통 1~2초 안에 새 리더가 섭니다. 그동안 쓰기는 기다립니다.",
  "lesson.raftElection.real":
    "etcd v3.6 기본값: --heartbeat-interval=100 --election-timeout=1000 --pre-vote=true (v3.5부터 기본으로 켜짐, v3.4에서는 꺼짐) · Raft 논문 §5.2, 학위 논문 §9.6",
  "lesson.leaderElection.title": "컨트롤 플레인이 멈춰도 파드는 계속 서비스합니다",
  "lesson.leaderElection.body":
    "kube-controller-manager와 kube-scheduler는 모든 컨트롤 플레인 머신에서 돌지만, 일하는 건 Lease를 쥔 하나뿐입니다. 리더는 2초마다 갱신하고 10초 동안 못 하면 물러나며, 대기 중인 인스턴스는 Lease가 15초 묵으면 넘겨받습니다. 컨트롤러 매니저가 하나도 없으면 죽은 노드를 알아채는 이도, 파드를 새로 만드는 레플리카셋도, 스케일하는 HPA도 없고 EndpointSlice도 굳어 버려, 사라진 파드로 트래픽이 계속 갑니다. 그래도 돌던 파드는 계속 서비스하고, 쿠블릿은 컨테이너를 다시 시작하며, kube-proxy는 마지막 규칙을 유지합니다. 대기 인스턴스를 되살리면(정적 파드 매니페스트를 /etc/kubernetes/manifests에 되돌려 놓으면) 약 20초 + 15초 뒤에 제어 루프가 다시 돕니다.",
  "lesson.leaderElection.real":
    "kube-controller-manager 플래그 --leader-elect-lease-duration=15s --leader-elect-renew-deadline=10s --leader-elect-retry-period=2s · kubectl -n kube-system get lease · 쿠블릿 정적 파드",
  "lesson.apf.title": "429 Too Many Requests: API 서버의 한도",
  "lesson.apf.body":
    "API 서버 한 대는 동시에 읽기 --max-requests-inflight 400개, 쓰기 --max-mutating-requests-inflight 200개까지만 처리합니다. API Priority and Fairness가 없으면 넘치는 요청은 보낸 쪽이 누구든 곧바로 429로 거절되어, 요청 폭주 하나가 컨트롤러와 쿠블릿까지 굶길 수 있습니다. APF는 이 자리를 우선순위 단계별로 나누고 흐름마다 공정하게 줄을 세웁니다. 시스템 트래픽은 제 몫을 지키고, 폭주한 흐름의 줄만 넘칩니다.",
  "lesson.apf.real":
    "kube-apiserver --enable-priority-and-fairness · FlowSchema와 PriorityLevelConfiguration",
  "lesson.hpa.title": "HorizontalPodAutoscaler가 결정하는 방식",
  "lesson.hpa.body":
    "HPA는 15초마다 desired = ceil(current × currentMetric / target)을 계산합니다. 목표 CPU 80%에 160%로 도는 파드 4개는 8개가 됩니다. 목표와 10% 이내로 차이 나면 아무것도 하지 않고, 축소는 지난 5분 동안의 가장 높은 권고치까지만 하므로 잠깐 트래픽이 줄어도 오르내리지 않습니다. 새 파드도 노드에 자리가 있어야 하며, 없으면 Pending으로 기다립니다.",
  "lesson.hpa.real":
    "kube-controller-manager 플래그 --horizontal-pod-autoscaler-sync-period=15s, --horizontal-pod-autoscaler-tolerance=0.1 · behavior.scaleDown.stabilizationWindowSeconds: 300",
  "lesson.kubeProxy.title": "Service가 천 개일 때 kube-proxy: iptables, nftables, IPVS",
  "lesson.kubeProxy.body":
    "iptables 모드에서는 새 연결마다 KUBE-SERVICES를 규칙 하나하나 훑습니다. Service 하나에 약 23ns라 여기서는 수십 마이크로초뿐입니다. 정작 아픈 건 동기화입니다. v1.27부터 kube-proxy는 바뀐 체인만 쓰지만(그 전에는 매번 모든 규칙을) 바뀐 체인은 통째로 쓰므로, Service 1,200개가 파드 400개짜리 풀 하나를 가리키면 풀이 바뀔 때마다 190만 줄, 모든 노드에서 코어 하나가 35초 동안 바쁘고 그동안 새 파드는 트래픽을 기다립니다. nftables(v1.33에서 GA)는 맵 조회 한 번으로 Service를 찾고 바뀐 것만 쓰니, iptables 규칙을 먼저 지우는 전환은 한가한 시간에 하세요. IPVS도 빠르지만 v1.35부터 지원 중단 예정이고, 풀 하나에 물린 Service를 줄이면 어느 모드에서나 도움이 됩니다.",
  "lesson.kubeProxy.real":
    "kube-proxy --proxy-mode=nftables · KEP-3453, KEP-3866, KEP-5495 · Kubernetes 블로그: NFTables mode for kube-proxy (2025)",
  "lesson.crashLoop.title": "CrashLoopBackOff는 원인이 아니라 기다림입니다",
  "lesson.crashLoop.body":
    "컨테이너가 종료되면 쿠블릿은 10초 뒤에 다시 시작하고, 그 간격을 매번 두 배로 늘려 최대 300초까지 기다리며, 10분 동안 문제없이 돌면 간격을 초기화합니다. CrashLoopBackOff는 바로 이 기다림입니다. 원인은 직전 실행에 있습니다. 로그나, 메모리 한도를 넘었을 때의 OOMKilled 같은 종료 사유를 보세요. 재시작은 시계만 되돌릴 뿐이니 원인을 고치세요.",
  "lesson.crashLoop.real": "파드 수명 주기: 컨테이너 재시작 정책 · kubectl logs --previous",
  "lesson.podSandbox.title": "CrashLoop에 빠진 파드가 IP를 그대로 갖는 이유",
  "lesson.podSandbox.body":
    "파드의 컨테이너가 시작되기 전에 쿠블릿은 컨테이너 런타임에 파드 샌드박스를 만들어 달라고 합니다(CRI RunPodSandbox). 잠만 자는 pause 컨테이너가 파드의 네트워크 네임스페이스를 붙잡고, CNI 플러그인이 그 네임스페이스에 파드 IP를 줍니다. 앱 컨테이너들은 그 네임스페이스에 들어가므로, 하나가 죽으면 쿠블릿은 같은 샌드박스 안에서 다시 시작합니다. IP도, 엔드포인트 항목도 파드에 그대로 남습니다. 노드가 재부팅되거나(SandboxChanged) 새 파드가 생겨 샌드박스가 새로 만들어질 때에만 IP가 바뀝니다.",
  "lesson.podSandbox.real":
    "CRI RunPodSandbox · 쿠블릿 SyncPod (kuberuntime_manager.go) · registry.k8s.io/pause 이미지 · kubectl describe pod의 PodReadyToStartContainers 조건",
  "lesson.qos.title": "요청량, 한도, QoS: 누가 CPU를 얻고, 누가 죽고, 누가 축출되나",
  "lesson.qos.body":
    "바쁜 노드에서 CFS는 CPU를 요청량에 비례해 나눕니다(요청한 코어당 cpu.shares 1,024, BestEffort는 2). 그리고 각 컨테이너를 한도에서 자릅니다. 그래서 250m를 요청한 파드는 6코어를 요청하고 한도가 없는 파드 옆에서 코어의 3분의 1만 얻습니다. 메모리가 바닥나면 커널의 OOM 킬러가 oom_score가 가장 높은 프로세스를 죽입니다. 메모리 점유율에 oom_score_adj(Guaranteed −997, BestEffort 1000, Burstable은 요청량에 따라 그 사이)를 더한 값입니다. 그 전에 memory.available이 100Mi 아래로 떨어지면 쿠블릿이 먼저 나서서 요청량보다 많이 쓰는 파드를, 우선순위가 낮은 것부터, 그다음 초과량이 큰 것부터 축출합니다. 그래서 요청량 안에서 쓰는 파드는 우선순위와 상관없이 맨 마지막입니다. 서비스에는 실제로 쓰는 만큼 요청하게 하고(Guaranteed: 요청량 = 한도), 이웃에게는 한도를 주세요.",
  "lesson.qos.real":
    "파드 QoS 클래스 · 파드와 컨테이너의 리소스 관리 · 노드 압박 축출 · kubectl set resources",
  "lesson.nodePressure.title": "노드 압박: 쿠블릿은 노드를 지키려고 파드를 축출합니다",
  "lesson.nodePressure.body":
    "쿠블릿은 남은 메모리와 디스크를 지켜봅니다. 하드 임곗값(기본 memory.available<100Mi, nodefs.available<10%)을 넘으면 MemoryPressure나 DiskPressure를 보고하고, 노드에 테인트가 붙어 새 파드가 오지 않으며, 파드를 축출합니다. 요청량보다 더 쓰는 파드가 먼저이고, 그중에서는 우선순위가 낮은 파드, 그다음 요청량을 가장 많이 넘긴 파드 순입니다. 축출된 파드는 그 노드에서 다시 시작되지 않고, 컨트롤러가 다른 곳에 새로 만듭니다.",
  "lesson.nodePressure.real": "노드 압박 축출(Node-pressure eviction) · kubelet --eviction-hard",
  "lesson.evictionWait.title": "축출이 5분을 기다리는 이유",
  "lesson.evictionWait.body":
    "쿠블릿은 10초마다 노드의 Lease를 갱신합니다. --node-monitor-grace-period(v1.32에서 50초) 동안 갱신이 없으면 노드 수명 주기 컨트롤러가 노드를 NotReady로 표시하고 unreachable:NoExecute 테인트를 붙입니다. 그래도 파드는 남아 있습니다. DefaultTolerationSeconds 어드미션 플러그인이 파드마다 그 테인트를 300초 동안 용인하도록 해 두었기 때문에, 마지막 하트비트로부터 약 5분 50초 뒤에야 축출됩니다. 짧은 네트워크 끊김에 모든 것을 옮기지 않으려는 기다림입니다. 노드가 사라진 것을 아는 운영자는 그 노드를 drain할 수 있고, 그러면 파드는 곧바로 대체됩니다.",
  "lesson.evictionWait.real":
    "kube-controller-manager --node-monitor-grace-period · kube-apiserver --default-unreachable-toleration-seconds=300 (DefaultTolerationSeconds 플러그인)",
  "lesson.zoneEviction.title": "존 장애 때 축출 속도가 조절되는 방식",
  "lesson.zoneEviction.body":
    "노드 수명 주기 컨트롤러는 초당 최대 0.1개 노드의 파드를 축출합니다. 한 존의 노드 중 55% 이상(그리고 세 대 이상)이 NotReady지만 전부는 아니면 초당 0.01개로 늦추고, 노드가 50개 이하인 클러스터에서는 멈춥니다. 다른 존이 건강할 때 통째로 다운된 존은 평소 속도로 축출하지만, 모든 존이 다운되면 노드가 아니라 컨트롤 플레인의 네트워크가 끊겼다고 보고 하나도 축출하지 않습니다.",
  "lesson.zoneEviction.real":
    "kube-controller-manager 플래그 --node-eviction-rate=0.1 --secondary-node-eviction-rate=0.01 --unhealthy-zone-threshold=0.55 --large-cluster-size-threshold=50",
  "lesson.requestsReserve.title": "요청량은 자리를 예약합니다: 꽉 찬 클러스터에서 대체 파드는 Pending",
  "lesson.requestsReserve.body":
    "kube-scheduler는 이미 자리 잡은 파드들의 요청량을 빼고도 새 파드의 요청량이 들어갈 노드에만 파드를 둡니다. 실제 CPU가 아무리 한가해도 마찬가지입니다. 모든 코어가 요청된 클러스터에서는 잃어버린 노드의 대체 파드가 “Insufficient cpu”로 Pending에 머물고, 누군가 자리를 만들어야 합니다. 기다려도 되는 일을 줄이거나, 부팅에 몇 분 걸리는 노드를 추가하는 식입니다. PriorityClass를 쓰면 스케줄러가 우선순위가 낮은 파드를 선점해 그 선택을 스스로 합니다.",
  "lesson.requestsReserve.real":
    "kube-scheduler NodeResourcesFit · Resource Management for Pods and Containers · PriorityClass와 선점",
  "lesson.pdbDrain.title": "drain은 PodDisruptionBudget을 지킵니다",
  "lesson.pdbDrain.body":
    "kubectl drain은 노드를 cordon한 다음, Eviction API에 파드를 하나씩 내보내 달라고 요청합니다. PodDisruptionBudget의 최소치 아래로 떨어뜨릴 축출은 API가 거절(429)하고, drain은 5초마다 다시 요청합니다. Ready가 아닌 파드(죽은 노드 위의 파드처럼)는 그 애플리케이션의 나머지가 온전할 때에만 내보낼 수 있으므로(기본값 unhealthyPodEvictionPolicy IfHealthyBudget), maxUnavailable 0인 버짓은 죽은 노드의 파드를 영원히 붙잡습니다. 죽은 Node 객체 삭제, out-of-service taint, 300초 뒤의 taint 축출은 버짓을 묻지 않습니다.",
  "lesson.pdbDrain.real":
    "kubectl drain · policy/v1 PodDisruptionBudget, unhealthyPodEvictionPolicy · API를 통한 축출 · node.kubernetes.io/out-of-service (비정상 노드 종료)",
  "lesson.cordon.title": "cordon은 새 파드만 막고, 돌던 파드는 그대로 둡니다",
  "lesson.cordon.body":
    "kubectl cordon은 노드에 spec.unschedulable을 설정합니다. 그러면 스케줄러의 NodeUnschedulable 필터가 그 노드를 건너뛰지만(“node(s) were unschedulable”), 이미 있던 파드는 계속 돕니다. 정비 전의 안전한 첫 단계입니다. drain으로 파드를 옮기고, uncordon으로 노드를 다시 엽니다.",
  "lesson.cordon.real": "kubectl cordon / uncordon · kube-scheduler NodeUnschedulable 플러그인",
  "lesson.leaseRead.title": "리스 기반 읽기: 시계가 맞을 때만 왕복 한 번을 아낍니다",
  "lesson.leaseRead.body":
    "etcd의 선형적 읽기는 리더가 쿼럼에 하트비트를 한 번 돌려 아직 자신이 리더임을 확인한 뒤에야 답합니다(ReadIndex, Raft의 ReadOnlySafe, etcd가 쓰는 쪽). Raft의 ReadOnlyLeaseBased는 이 확인을 건너뛰고, check-quorum이 켜져 있으면 다른 리더가 뽑혔을 리 없다고 믿고 바로 답합니다. 그런데 Raft는 쿼럼을 선거 타임아웃마다 한 번만 확인하므로, 확인 직후 끊긴 리더는 타임아웃 두 번 동안 리스를 쥐고 있고 나머지는 한 번 만에 새 리더를 뽑아 쓰기를 커밋할 수 있어, 그사이 답한 읽기는 그 쓰기를 놓칩니다. 리스는 메시지가 아니라 시간에 기대므로, 시계가 느리게 가거나 멈춘(긴 GC, 얼어붙은 VM) 리더는 더 오래 낡은 읽기를 답합니다.",
  "lesson.leaseRead.real":
    "etcd-io/raft raft.go Config.ReadOnlyOption: ReadOnlySafe (etcd의 설정) · ReadOnlyLeaseBased (CheckQuorum 필요, tickHeartbeat의 MsgCheckQuorum은 선거 타임아웃마다 한 번) · etcd-io/raft 이슈 #166 · Ongaro 학위 논문 §6.4.1",
  "lesson.spaceQuota.title": "etcd 공간 할당량: 컴팩션, 조각 모음, 알람 해제",
  "lesson.spaceQuota.body":
    'etcd는 컴팩션되기 전까지 모든 키의 모든 리비전을 간직하고, 백엔드 파일은 저절로 줄어들지 않습니다. --quota-backend-bytes(기본 2GiB)를 넘으면 NOSPACE 알람을 올리고 모든 쓰기를 "etcdserver: mvcc: database space exceeded"로 거절하므로 클러스터 전체가 읽기 전용이 됩니다. kube-apiserver가 5분마다 이력을 컴팩션하지만, 폭주하는 쓰기는 그보다 빠를 수 있습니다. 복구는 순서대로 세 단계입니다: etcdctl compact로 최근 리비전까지 정리하고, etcdctl defrag로 멤버를 하나씩 조각 모음해 빈 페이지를 돌려준 다음, 채운 원인을 멈춘 뒤 etcdctl alarm disarm을 합니다. 원인을 두면 다시 찹니다.',
  "lesson.spaceQuota.real":
    "etcd --quota-backend-bytes (2GiB) · etcdctl compact / defrag / alarm disarm · etcd 문서: Maintenance, “Space quota” · kube-apiserver --etcd-compaction-interval=5m",
  "lesson.errorBudget.title": "에러 버짓: 먼저 복구하고, 설명은 나중에",
  "lesson.errorBudget.body":
    "가용성 SLO가 99%라면 기간 동안 요청의 1%까지는 실패해도 됩니다. 이것이 에러 버짓입니다. 목표 아래에 머무는 매 순간 버짓이 타들어 가므로, 완벽한 해결보다 복구까지 걸리는 시간이 더 중요합니다. 먼저 서비스를 되살리고(용량 추가, 부하 이동, 롤백), 근본 원인은 그다음에 찾으세요.",
  "lesson.errorBudget.real": "Google SRE 책, 3장 “Embracing Risk”, 4장 “Service Level Objectives”",
};
