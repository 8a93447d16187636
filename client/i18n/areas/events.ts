/**
 * The incident screen's status panels (SLO charts, objective and score, event log) and the one-line
 * "why" of every event reason, in English and Korean (merged into ../strings.ts).
 *
 * The numbers in the whys are Kubernetes' and etcd's defaults, the same ones the simulation uses:
 * - node-monitor-grace-period 50 s (kube-controller-manager flag, default since v1.32;
 *   shared/sim/controllers/nodeLifecycle.ts);
 * - DefaultTolerationSeconds 300 s for not-ready/unreachable (admission plugin
 *   DefaultTolerationSeconds, kubernetes.io "Taints and Tolerations");
 * - CrashLoopBackOff 10 s doubling to 300 s (pkg/kubelet/kubelet.go backOffPeriod, MaxContainerBackOff);
 * - evictionHard memory.available<100Mi, nodefs.available<10 %, and the 5 min
 *   evictionPressureTransitionPeriod (kubernetes.io "Node-pressure Eviction");
 * - --unhealthy-zone-threshold 0.55 (kube-controller-manager flags);
 * - progressDeadlineSeconds 600 (kubernetes.io "Deployments");
 * - leader election renewDeadline 10 s (client-go tools/leaderelection, component-base defaults);
 * - etcd --election-timeout 1000 ms (etcd.io "Tuning");
 * - cluster-autoscaler --scale-down-unneeded-time 10 min (cluster-autoscaler FAQ).
 */
export const en = {
  "events.none": "No events yet: the cluster is quiet.",
  "events.count": "×{n}",
  "events.newer": "▲ {n} newer",
  "events.whyUnknown": "an event from a component; read its message",
  "events.gameNote": "Game",
  "why.Scheduled": "kube-scheduler found the node that passes every filter and scores best",
  "why.FailedScheduling": "no node passes the scheduler's filters; the message says which failed",
  "why.FailedBinding": "the scheduler picked a node, but binding to it failed (gone or full)",
  "why.SuccessfulCreate": "the ReplicaSet had fewer pods than its replicas, so it made one",
  "why.FailedCreate": "the API server refused the ReplicaSet's new pod; it retries",
  "why.ScalingReplicaSet": "the Deployment resized a ReplicaSet: a scale or a rollout step",
  "why.DeploymentRollback": "rollout undo: the Deployment goes back to its previous pod template",
  "why.ProgressDeadlineExceeded": "no rollout progress for 600 s (progressDeadlineSeconds): it is stuck",
  "why.SuccessfulRescale": "the HPA compared CPU use with its target and changed the replicas",
  "why.NodeNotReady": "the kubelet stopped renewing its Lease; after 50 s the node is NotReady",
  "why.NodeReady": "the kubelet renews its Lease and reports Ready again",
  "why.NodeNotSchedulable": "cordoned: no new pods land here; the running ones stay",
  "why.NodeSchedulable": "uncordoned: the scheduler may place new pods here again",
  "why.TaintManagerEviction": "not ready for 300 s: DefaultTolerationSeconds ran out, so it is evicted",
  "why.ZoneState":
    "over 55 % of a zone's nodes NotReady: evictions there slow down or stop (the controller only logs this; kubectl get events never shows it)",
  "why.NodeHasInsufficientMemory": "memory.available fell under 100 Mi: the kubelet evicts pods",
  "why.NodeHasSufficientMemory": "memory is back above the threshold; the condition clears after 5 min",
  "why.NodeHasDiskPressure": "less than 10 % of the disk is free: the kubelet evicts pods",
  "why.NodeHasNoDiskPressure": "the disk has room again; the condition clears after 5 min",
  "why.Evicted": "node pressure or kubectl drain removed the pod; its owner makes a new one",
  "why.Killing": "the kubelet stops a pod the API server no longer has; its owner makes a new one",
  "why.EvictionFailed": "the Eviction API refused (a disruption budget or an error); drain retries",
  "why.BackOff": "restarts wait 10 s, doubling to 5 min; the pause container keeps the pod's IP",
  "why.SystemOOM": "the node ran out of memory: the kernel killed the process with the highest oom_score",
  "why.SandboxChanged": "the pause container holding the pod's IP died with its node: new sandbox, new IP",
  "why.ClockSkew": "the node's clock is off; Leases are timed by the controller's own clock",
  "why.ObjectiveMet": "every objective check held for its whole window: incident over",
  "why.EtcdMemberAdded":
    "a new etcd member: a voting one makes the quorum a majority of the new size; a learner has no vote and leaves it as it was",
  "why.EtcdMemberRemoved":
    "one fewer etcd member: quorum is a majority of the new size (4→3 still survives one failure, 3→2 none)",
  "why.EtcdMemberPromoted":
    "a caught-up learner now votes: the quorum is a majority of the new size, with no moment behind",
  "why.EtcdSnapshotSaved": "a copy of etcd's keys at one revision, to rebuild a lost cluster",
  "why.EtcdRestored": "a new etcd cluster started from the snapshot; later writes are gone",
  "why.EtcdLeaderLost": "no leader heartbeat for the election timeout (1 s): writes wait for a vote",
  "why.EtcdNoSpace":
    "the backend reached --quota-backend-bytes (2 GiB): compact, defrag each member, then alarm disarm",
  "why.EtcdLeaderElected": "a candidate won a majority's votes; writes go through again",
  "why.LeaderElection": "only the Lease holder acts; it must renew within 10 s or step down",
  "why.TriggeredScaleUp": "pods were Pending for lack of room, so a node is being added",
  "why.RegisteredNode": "a new kubelet registered its Node; the scheduler can use it",
  "why.ScaleDown": "cluster-autoscaler: unneeded for 10 min, so drained and removed",
  "why.RemovingNode":
    "someone deleted the Node by hand (kubectl delete node): no drain, its pods are replaced elsewhere",
  "slo.title": "SERVICES · SLO",
  "slo.window": "last {minutes} min",
  "slo.rps": "REQUESTS/S",
  "slo.availability": "AVAILABILITY",
  "slo.p99": "P99 LATENCY",
  "slo.budget": "error budget {percent}%",
  "slo.more": "+{n} more",
  "slo.none": "This scenario has no services.",
  "slo.endpoints": "{n} ready",
  "score.title": "OBJECTIVE · SCORE",
  "score.check.availability": "services meet their availability target",
  "score.check.p99Latency": "p99 latency under its limit",
  "score.check.podsPending": "no pods stuck Pending",
  "score.check.etcdLeader": "etcd has a leader",
  "score.check.nodesReady": "enough nodes Ready",
  "score.check.readyReplicas": "deployments have their ready replicas",
  "score.partial": "{held} of {total}",
  "score.noChecks": "No objective in this round.",
  "score.budget": "error budget left {percent}%",
  "score.actions": "Actions  scheduler {scheduler} · operator {operator} · chaos {chaos}",
} as const;

export const ko: Record<keyof typeof en, string> = {
  "events.none": "아직 이벤트가 없습니다. 클러스터가 조용합니다.",
  "events.count": "{n}회",
  "events.newer": "▲ 최신 {n}개",
  "events.whyUnknown": "구성 요소가 남긴 이벤트입니다. 메시지를 읽어 보세요",
  "events.gameNote": "게임",
  "why.Scheduled": "kube-scheduler가 모든 필터를 통과하고 점수가 가장 높은 노드를 찾음",
  "why.FailedScheduling": "스케줄러 필터를 통과하는 노드가 없음. 어떤 필터인지는 메시지에",
  "why.FailedBinding": "스케줄러가 노드를 골랐지만 바인딩 실패(노드가 없거나 가득 참)",
  "why.SuccessfulCreate": "레플리카셋의 파드가 레플리카 수보다 적어 하나를 만듦",
  "why.FailedCreate": "API 서버가 레플리카셋의 새 파드를 거부함. 다시 시도함",
  "why.ScalingReplicaSet": "디플로이먼트가 레플리카셋 크기를 바꿈: 스케일 또는 롤아웃 단계",
  "why.DeploymentRollback": "rollout undo: 디플로이먼트가 이전 파드 템플릿으로 돌아감",
  "why.ProgressDeadlineExceeded": "600초(progressDeadlineSeconds) 동안 롤아웃 진전이 없어 멈춤",
  "why.SuccessfulRescale": "HPA가 CPU 사용량을 목표와 비교해 레플리카 수를 바꿈",
  "why.NodeNotReady": "kubelet이 Lease 갱신을 멈춤. 50초 뒤 노드가 NotReady가 됨",
  "why.NodeReady": "kubelet이 다시 Lease를 갱신하고 Ready를 보고함",
  "why.NodeNotSchedulable": "cordon됨: 새 파드는 오지 않고 실행 중인 파드는 그대로",
  "why.NodeSchedulable": "uncordon됨: 스케줄러가 다시 새 파드를 배치할 수 있음",
  "why.TaintManagerEviction": "300초 동안 준비 안 됨: DefaultTolerationSeconds가 끝나 퇴거됨",
  "why.ZoneState":
    "존의 노드 55% 이상이 NotReady: 그 존의 퇴거가 느려지거나 멈춤 (컨트롤러는 로그에만 남기므로 kubectl get events에는 나오지 않음)",
  "why.NodeHasInsufficientMemory": "memory.available이 100Mi 아래로: kubelet이 파드를 퇴거함",
  "why.NodeHasSufficientMemory": "메모리가 임계값 위로 회복. 상태는 5분 뒤 해제됨",
  "why.NodeHasDiskPressure": "디스크 여유가 10% 미만: kubelet이 파드를 퇴거함",
  "why.NodeHasNoDiskPressure": "디스크 여유가 회복됨. 상태는 5분 뒤 해제됨",
  "why.Evicted": "노드 압박이나 kubectl drain이 파드를 내보냄. 소유자가 새로 만듦",
  "why.Killing": "kubelet이 API 서버에 더 이상 없는 파드를 멈춤. 소유자가 새로 만듦",
  "why.EvictionFailed": "Eviction API가 거부함(중단 예산이나 오류). drain이 다시 시도함",
  "why.BackOff": "재시작 대기는 10초에서 두 배씩 최대 5분. pause 컨테이너가 파드 IP를 지킴",
  "why.SystemOOM": "노드 메모리가 바닥남: 커널이 oom_score가 가장 높은 프로세스를 죽임",
  "why.SandboxChanged": "파드 IP를 쥔 pause 컨테이너가 노드와 함께 죽음: 새 샌드박스, 새 IP",
  "why.ClockSkew": "노드 시계가 어긋남. Lease는 컨트롤러 자신의 시계로 잼",
  "why.ObjectiveMet": "모든 목표가 정해진 시간 동안 유지됨: 장애 종료",
  "why.EtcdMemberAdded":
    "etcd 멤버 추가: 투표 멤버면 쿼럼은 새 크기의 과반, 러너는 투표하지 않아 쿼럼이 그대로",
  "why.EtcdMemberRemoved":
    "etcd 멤버 하나 제거: 쿼럼은 새 크기의 과반 (4→3은 여전히 장애 하나를 견디고, 3→2는 하나도 못 견딤)",
  "why.EtcdMemberPromoted": "따라잡은 러너가 이제 투표함: 쿼럼은 새 크기의 과반, 뒤처진 순간 없이",
  "why.EtcdSnapshotSaved": "한 리비전의 etcd 키 사본. 잃은 클러스터를 다시 세울 때 씀",
  "why.EtcdRestored": "스냅숏으로 새 etcd 클러스터가 시작됨. 그 뒤의 쓰기는 사라짐",
  "why.EtcdLeaderLost": "선거 타임아웃(1초) 동안 리더 하트비트가 없음: 투표까지 쓰기 대기",
  "why.EtcdNoSpace":
    "백엔드가 --quota-backend-bytes(2GiB)에 닿음: 컴팩션, 멤버마다 조각 모음, 그다음 알람 해제",
  "why.EtcdLeaderElected": "후보가 과반의 표를 얻음. 쓰기가 다시 됨",
  "why.LeaderElection": "Lease를 가진 쪽만 일함. 10초 안에 갱신 못 하면 물러남",
  "why.TriggeredScaleUp": "자리가 없어 파드가 Pending이라 노드를 추가하는 중",
  "why.RegisteredNode": "새 kubelet이 노드를 등록함. 스케줄러가 쓸 수 있음",
  "why.ScaleDown": "cluster-autoscaler: 10분 동안 필요 없어 drain 후 제거함",
  "why.RemovingNode":
    "누군가 노드를 직접 삭제함 (kubectl delete node): drain 없이, 파드는 다른 곳에서 다시 만들어짐",
  "slo.title": "서비스 · SLO",
  "slo.window": "최근 {minutes}분",
  "slo.rps": "초당 요청",
  "slo.availability": "가용성",
  "slo.p99": "p99 지연",
  "slo.budget": "에러 버짓 {percent}%",
  "slo.more": "외 {n}개",
  "slo.none": "이 시나리오에는 서비스가 없습니다.",
  "slo.endpoints": "준비 {n}개",
  "score.title": "목표 · 점수",
  "score.check.availability": "서비스가 가용성 목표를 지킴",
  "score.check.p99Latency": "p99 지연이 한도 아래",
  "score.check.podsPending": "Pending에 묶인 파드 없음",
  "score.check.etcdLeader": "etcd에 리더가 있음",
  "score.check.nodesReady": "Ready 노드가 충분함",
  "score.check.readyReplicas": "디플로이먼트의 준비된 레플리카가 충분함",
  "score.partial": "{total}개 중 {held}개",
  "score.noChecks": "이번 라운드에는 목표가 없습니다.",
  "score.budget": "남은 에러 버짓 {percent}%",
  "score.actions": "조치  스케줄러 {scheduler} · 운영자 {operator} · 카오스 {chaos}",
};
