/**
 * The lessons' words, in English and Korean: each one's title, its explanation and "the real thing"
 * (the flags and documents that set its numbers), with the sources cited beside them. Shared by the
 * debrief (client/i18n/areas/debrief.ts) and the facilitator's run sheets (server/runsheet/).
 */
export const en = {
  // Raft paper (Ongaro & Ousterhout, extended) §5.2: a candidate wins with votes from a majority of
  // the full cluster; etcd FAQ (etcd.io/docs/v3.5/faq, "Why an odd number of cluster members?").
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
  // etcd defaults heartbeat-interval 100 ms, election-timeout 1000 ms; etcd-io/raft randomizes the
  // timeout in [electionTick, 2·electionTick − 1] ticks (etcd-io/raft raft.go resetRandomizedElectionTimeout);
  // pre-vote (--pre-vote, default true since etcd v3.5) is Ongaro's thesis §9.6.
  "lesson.raftElection.title": "How etcd picks a new leader",
  "lesson.raftElection.body":
    "The leader sends a heartbeat every 100 ms. A follower that hears none for its election timeout (1 s, randomized up to twice that) first asks the others in a pre-vote whether it could win, without raising its term; only with a majority's yes does it become a candidate, raise the term and ask for votes, so a member cut off alone cannot disrupt a healthy leader. The random spread makes split votes rare, so a new leader usually stands within a second or two; writes wait meanwhile.",
  "lesson.raftElection.real":
    "etcd --heartbeat-interval=100 --election-timeout=1000 --pre-vote=true · Raft paper §5.2, Ongaro's thesis §9.6",
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
  // Kubernetes blog, "IPVS-Based In-Cluster Load Balancing Deep Dive" (2018-07-09): iptables rules are
  // matched sequentially, IPVS uses hash tables.
  "lesson.kubeProxy.title": "kube-proxy: iptables against IPVS at a thousand Services",
  "lesson.kubeProxy.body":
    "In iptables mode kube-proxy writes rules for every Service and endpoint, and the kernel matches a new connection against them one after another; syncing them also takes longer as they grow. With thousands of Services that cost lands on every connection. IPVS keeps Services in kernel hash tables, so a lookup costs about the same for ten Services or ten thousand.",
  "lesson.kubeProxy.real":
    "kube-proxy --proxy-mode=ipvs · Kubernetes blog: IPVS-Based In-Cluster Load Balancing Deep Dive (2018)",
  // kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle#container-restarts: back-off 10 s doubling,
  // capped at 300 s, reset after 10 min of running (pkg/kubelet/kubelet.go MaxContainerBackOff, v1.32).
  "lesson.crashLoop.title": "CrashLoopBackOff is a wait, not the cause",
  "lesson.crashLoop.body":
    "When a container exits, the kubelet restarts it after a back-off of 10 s, doubling each time up to 300 s, and resets it after 10 minutes of clean running. CrashLoopBackOff is that wait. The cause is in the last run: its logs, or a reason such as OOMKilled when it passed its memory limit. Fix the cause; restarting only resets the clock.",
  "lesson.crashLoop.real": "Pod lifecycle: container restart policy · kubectl logs --previous",
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
  // would violate a PodDisruptionBudget is refused with 429 and kubectl drain retries it.
  "lesson.pdbDrain.title": "Drains respect PodDisruptionBudgets",
  "lesson.pdbDrain.body":
    "kubectl drain cordons the node, then asks the Eviction API to remove each pod. The API refuses (429) an eviction that would take a PodDisruptionBudget below its minimum, and drain retries until replacements are Ready elsewhere. A drain never breaks the budget, but it waits for as long as no other node can run the pods.",
  "lesson.pdbDrain.real": "kubectl drain · policy/v1 PodDisruptionBudget · API-initiated eviction",
  // kubectl cordon sets spec.unschedulable; kube-scheduler's NodeUnschedulable filter reason "node(s)
  // were unschedulable" (pkg/scheduler/framework/plugins/nodeunschedulable, v1.32).
  "lesson.cordon.title": "Cordon stops new pods, not running ones",
  "lesson.cordon.body":
    "kubectl cordon sets spec.unschedulable on the node. The scheduler's NodeUnschedulable filter then skips it (“node(s) were unschedulable”), while the pods already there keep running. It is the safe first step before maintenance: drain moves the pods off, uncordon opens the node again.",
  "lesson.cordon.real": "kubectl cordon / uncordon · kube-scheduler NodeUnschedulable plugin",
  // Google SRE book (sre.google/sre-book), ch. 3 "Embracing Risk": error budget = 1 − SLO; the game's
  // availability objective is 99% (see scenes/Projector.ts AVAILABILITY_TARGET).
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
    "etcd --heartbeat-interval=100 --election-timeout=1000 --pre-vote=true · Raft 논문 §5.2, 학위 논문 §9.6",
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
  "lesson.kubeProxy.title": "Service가 천 개일 때 kube-proxy: iptables 대 IPVS",
  "lesson.kubeProxy.body":
    "iptables 모드의 kube-proxy는 Service와 엔드포인트마다 규칙을 쓰고, 커널은 새 연결을 그 규칙들과 하나씩 차례로 대조합니다. 규칙이 늘수록 동기화도 오래 걸립니다. Service가 수천 개면 그 비용이 모든 연결에 얹힙니다. IPVS는 Service를 커널 해시 테이블에 두므로 Service가 열 개든 만 개든 찾는 비용이 거의 같습니다.",
  "lesson.kubeProxy.real":
    "kube-proxy --proxy-mode=ipvs · Kubernetes 블로그: IPVS-Based In-Cluster Load Balancing Deep Dive (2018)",
  "lesson.crashLoop.title": "CrashLoopBackOff는 원인이 아니라 기다림입니다",
  "lesson.crashLoop.body":
    "컨테이너가 종료되면 쿠블릿은 10초 뒤에 다시 시작하고, 그 간격을 매번 두 배로 늘려 최대 300초까지 기다리며, 10분 동안 문제없이 돌면 간격을 초기화합니다. CrashLoopBackOff는 바로 이 기다림입니다. 원인은 직전 실행에 있습니다. 로그나, 메모리 한도를 넘었을 때의 OOMKilled 같은 종료 사유를 보세요. 재시작은 시계만 되돌릴 뿐이니 원인을 고치세요.",
  "lesson.crashLoop.real": "파드 수명 주기: 컨테이너 재시작 정책 · kubectl logs --previous",
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
    "kubectl drain은 노드를 cordon한 다음, Eviction API에 파드를 하나씩 내보내 달라고 요청합니다. PodDisruptionBudget의 최소치 아래로 떨어뜨릴 축출은 API가 거절(429)하고, drain은 다른 곳의 대체 파드가 Ready가 될 때까지 다시 시도합니다. drain은 버짓을 깨지 않지만, 다른 노드가 그 파드를 돌릴 수 없으면 그동안 계속 기다립니다.",
  "lesson.pdbDrain.real": "kubectl drain · policy/v1 PodDisruptionBudget · API를 통한 축출",
  "lesson.cordon.title": "cordon은 새 파드만 막고, 돌던 파드는 그대로 둡니다",
  "lesson.cordon.body":
    "kubectl cordon은 노드에 spec.unschedulable을 설정합니다. 그러면 스케줄러의 NodeUnschedulable 필터가 그 노드를 건너뛰지만(“node(s) were unschedulable”), 이미 있던 파드는 계속 돕니다. 정비 전의 안전한 첫 단계입니다. drain으로 파드를 옮기고, uncordon으로 노드를 다시 엽니다.",
  "lesson.cordon.real": "kubectl cordon / uncordon · kube-scheduler NodeUnschedulable 플러그인",
  "lesson.errorBudget.title": "에러 버짓: 먼저 복구하고, 설명은 나중에",
  "lesson.errorBudget.body":
    "가용성 SLO가 99%라면 기간 동안 요청의 1%까지는 실패해도 됩니다. 이것이 에러 버짓입니다. 목표 아래에 머무는 매 순간 버짓이 타들어 가므로, 완벽한 해결보다 복구까지 걸리는 시간이 더 중요합니다. 먼저 서비스를 되살리고(용량 추가, 부하 이동, 롤백), 근본 원인은 그다음에 찾으세요.",
  "lesson.errorBudget.real": "Google SRE 책, 3장 “Embracing Risk”, 4장 “Service Level Objectives”",
};
