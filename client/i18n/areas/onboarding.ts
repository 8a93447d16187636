/**
 * A newcomer's first minute, in English and Korean (merged into ../strings.ts): the briefing card
 * before the clock starts, the guided first incident's coach marks, and the objective panel's
 * words for each phase of a round.
 */
export const en = {
  "narration.scene.Briefing": "briefing",
  "brief.subtitle": "Briefing",
  "brief.solo": "SOLO · {minutes}-MINUTE ROUND",
  "brief.workshop": "WORKSHOP · ROUND {round} · {minutes} MINUTES",
  "brief.story": "THE STORY",
  "brief.goal": "YOUR GOAL",
  "brief.goalSentence":
    "When the incident strikes, bring back and hold, all at once: {checks}. You have {minutes} minutes.",
  "brief.goalSurvive":
    "Keep, through the incident and to the end of the {minutes} minutes, with error budget to spare: {checks}.",
  "brief.goalVersus":
    "Defenders keep {checks} and the error budget for {minutes} minutes; the chaos agent burns the budget.",
  "brief.goalLoading": "Loading the scenario's objective…",
  "brief.goalNone": "This scenario has no objective: watch the cluster and try its tools.",
  "brief.check.availability": "{service} answers {percent}% of requests",
  "brief.check.p99Latency": "{service}'s p99 latency under {ms} ms",
  "brief.check.podsPending": "no pod left Pending",
  "brief.check.podsPendingSome": "at most {n} pods Pending",
  "brief.check.etcdLeader": "etcd has a leader",
  "brief.check.nodesReady": "{n} nodes Ready",
  "brief.check.readyReplicas": "{deployment} has {n} ready pods",
  "brief.roles": "YOUR ROLES",
  "brief.noRoles": "No role: you watch this round.",
  "cluster.scriptChaos": "chaos: the scenario's script",
  "brief.scriptPlaysChaos": "Chaos: the scenario's script. Its faults are the incident.",
  "brief.humanChaos": "Chaos: a player with the scenario's deck of fault cards.",
  "brief.keys": "THE KEYS",
  "brief.key.node": "click a node",
  "brief.key.node.what": "its menu: cordon, drain, taint, remove",
  "brief.key.drag": "drag a Pending pod",
  "brief.key.drag.what": "place it yourself on a node",
  "brief.key.card": "click a card, then a node",
  "brief.key.card.what": "play a fault",
  "brief.key.console.what": "the kubectl console",
  "brief.key.zoom.what": "zoom the map · fit it",
  "brief.key.walk.what": "walk the nodes · open one's menu",
  "brief.key.tab.what": "move between buttons · press",
  "brief.key.mute.what": "sound on or off",
  "brief.start": "START THE CLOCK  ▶",
  "brief.title": "◀  TITLE",
  "brief.otherScenario": "OTHER SCENARIO  ▸",
  "brief.waiting": "The facilitator starts the round when everyone is ready.",
  "brief.guided": "A guide walks you through this incident step by step. Skip it any time.",
  "tip.controlPlane":
    "The machines that run Kubernetes itself: etcd's members (role, Raft term, log index and commit index, messages in flight), the API servers' load and the 429s they answered, kube-scheduler's queues, and who holds each leader Lease.",
  "tip.etcdNoSpace":
    "etcd's backend reached --quota-backend-bytes (2 GiB by default): it raised the NOSPACE alarm and refuses every write, so nothing in the cluster can change while the running pods keep serving. In order: compact the history to a recent revision, defragment each member one at a time, then disarm the alarm (the etcd menu, or etcdctl in the console).",
  "tip.etcdLeaseReads":
    "This etcd answers linearizable reads from the leader's lease (raft's ReadOnlyLeaseBased) instead of confirming leadership with a round of heartbeats first (ReadIndex, etcd's own ReadOnlySafe). A leader cut off from the others keeps its lease until its next check-quorum, up to two election timeouts, while the others may already have elected a new leader and written: reads answered in that window miss those writes (stale reads).",
  "tip.slo":
    "Each Service's requests per second, the share of them answered (availability) and the slowest 1% (p99 latency), against the objective's target (dashed). The error budget is the failures the target allows.",
  "tip.objective":
    "What wins the round: every check below holding at once, each for its window. The line under the checks says where the round stands.",
  "tip.events":
    "What the cluster's components reported, newest first, as kubectl get events prints it; the line under each says why it happened.",
  "tip.clock":
    "Game time since the round started. At 1× it runs as fast as real time; the facilitator may speed it up.",
  "tip.roles":
    "The roles you hold this round; each command belongs to one role. Roles no one holds are played by the cluster's own controllers and the scenario's script.",
  "tip.pending":
    "Pods with no node yet (Pending). kube-scheduler places them; TAKE OVER to place them yourself by dragging each onto a node.",
  "tip.energy": "Playing a card costs energy; energy refills by the game minute.",
  "tip.card": "{what}\nCosts {cost} energy · {cooldown} s before it can be played again.",
  "tip.fault.killNode":
    "The machine loses power: its kubelet stops renewing the node's Lease, the node goes NotReady after 50 s, and its pods are evicted 5 min later.",
  "tip.fault.restartNode":
    "The machine reboots: NotReady while it is down; its pods' containers start again when it is back.",
  "tip.fault.killEtcdMember":
    "An etcd member stops. While the others keep a majority, writes go on; if it was the leader, they elect a new one first.",
  "tip.fault.restartEtcdMember": "An etcd member restarts and catches up from the leader's log.",
  "tip.fault.partition":
    "Machines in different groups cannot reach each other: the side of etcd without a majority cannot commit any write.",
  "tip.fault.heal": "Ends the partitions (or every fault in force).",
  "tip.fault.slowDisk":
    "An etcd member's disk syncs slowly: its acknowledgements lag, and every write waits longer.",
  "tip.fault.trafficSpike":
    "A service's demand multiplies: its pods queue requests, latency climbs, then requests fail.",
  "tip.fault.oomBomb":
    "Memory grows: past a container's limit it is OOM-killed; on a pod without a limit, the node runs short and the kubelet evicts.",
  "tip.fault.badRollout":
    "A new image rolls out and fails (crash loops or failing probes) until someone rolls it back.",
  "tip.fault.diskFill": "A node's disk fills: DiskPressure, and the kubelet evicts pods to free it.",
  "tip.fault.taintNode": "A taint appears on a node: pods without a matching toleration are kept off it.",
  "tip.fault.clockSkew":
    "A node's clock drifts: past the certificates' validity its kubelet fails TLS, and the node goes NotReady.",
  "tip.fault.apiFlood":
    "A client LISTs every pod many times a second: the API servers saturate unless Priority and Fairness isolates it.",
  "tip.fault.killControlPlane":
    "A control-plane process stops: a standby takes over when its leader Lease runs out.",
  "tip.fault.restartControlPlane": "A control-plane process starts again.",
  "coach.step": "GUIDE {n}/{total}",
  "coach.skip": "SKIP GUIDE",
  "coach.next": "NEXT  ▶",
  "coach.done": "DONE",
  "coach.map.title": "Your cluster",
  "coach.map.body":
    "Each card is a node, a machine in a zone. Its bars are the CPU and memory its pods request; each small block is a pod (solid blue: running and ready).",
  "coach.died.title": "A node died",
  "coach.died.body":
    "{node} just lost power. Its kubelet stops renewing the node's Lease. The node lifecycle controller waits 50 s (--node-monitor-grace-period) before it calls the node NotReady. ⏩ Fast-forwarding to that moment…",
  "coach.card.title": "Here is its card",
  "coach.card.body":
    "The node lifecycle controller has marked {node} NotReady and tainted it unreachable. Its pods no longer serve, yet they stay bound to it for 5 minutes (tolerationSeconds 300) before they are evicted. Don't wait: click its card.",
  "coach.menu.title": "Open its menu",
  "coach.menu.body":
    "The operator's node menu. Drain cordons the node (no new pods) and evicts every pod on it; their ReplicaSet makes replacements. Choose Drain.",
  "coach.move.title": "Watch its pods move",
  "coach.move.body":
    "Replacements are created, kube-scheduler binds them to healthy nodes, and they start. The services' chart climbs back; the objective panel ticks when every check holds.",
  "coach.over.title": "You drained a dead node",
  "coach.over.body":
    "That is the whole loop: notice, inspect, act, watch. Here the debrief tells what happened and why. NEXT ROUND (and Play Solo from now on) plays First Light; Settings replays this guide.",
  "settings.guide": "GUIDED FIRST INCIDENT",
  "settings.guideHelp": "A one-minute walk through a node failure, on the real incident screen.",
  "settings.guidePlay": "PLAY IT AGAIN",
  "settings.guideDone": "done",
  "settings.guideNew": "not played yet",
} as const;

export const ko: Record<keyof typeof en, string> = {
  "narration.scene.Briefing": "브리핑",
  "brief.subtitle": "브리핑",
  "brief.solo": "혼자 플레이 · {minutes}분 라운드",
  "brief.workshop": "워크숍 · 라운드 {round} · {minutes}분",
  "brief.story": "상황",
  "brief.goal": "목표",
  "brief.goalSentence":
    "장애가 닥치면 다음을 모두 되살려 함께 유지하세요: {checks}. 주어진 시간은 {minutes}분입니다.",
  "brief.goalSurvive":
    "장애를 지나 {minutes}분이 끝날 때까지, 에러 버짓을 남긴 채 다음을 지키세요: {checks}.",
  "brief.goalVersus":
    "방어 팀은 {minutes}분 동안 다음과 에러 버짓을 지키고, 카오스 에이전트는 버짓을 태웁니다: {checks}.",
  "brief.goalLoading": "시나리오의 목표를 불러오는 중…",
  "brief.goalNone": "이 시나리오에는 목표가 없습니다. 클러스터를 지켜보며 도구를 써 보세요.",
  "brief.check.availability": "{service}가 요청의 {percent}%에 응답",
  "brief.check.p99Latency": "{service}의 p99 지연이 {ms} ms 미만",
  "brief.check.podsPending": "Pending으로 남은 파드 없음",
  "brief.check.podsPendingSome": "Pending 파드가 {n}개 이하",
  "brief.check.etcdLeader": "etcd에 리더가 있음",
  "brief.check.nodesReady": "Ready 노드 {n}대",
  "brief.check.readyReplicas": "{deployment}의 준비된 파드 {n}개",
  "brief.roles": "내 역할",
  "brief.noRoles": "역할 없음: 이번 라운드는 지켜봅니다.",
  "cluster.scriptChaos": "카오스: 시나리오의 스크립트",
  "brief.scriptPlaysChaos": "카오스: 시나리오의 스크립트. 그 장애가 이번 사고입니다.",
  "brief.humanChaos": "카오스: 시나리오의 장애 카드를 든 참가자.",
  "brief.keys": "조작",
  "brief.key.node": "노드 클릭",
  "brief.key.node.what": "노드 메뉴: cordon, drain, taint, 제거",
  "brief.key.drag": "Pending 파드 끌기",
  "brief.key.drag.what": "직접 노드에 배치",
  "brief.key.card": "카드 클릭 후 노드 클릭",
  "brief.key.card.what": "장애 카드 사용",
  "brief.key.console.what": "kubectl 콘솔",
  "brief.key.zoom.what": "지도 확대·축소 · 전체 보기",
  "brief.key.walk.what": "노드 사이 이동 · 메뉴 열기",
  "brief.key.tab.what": "버튼 사이 이동 · 누르기",
  "brief.key.mute.what": "소리 켜기·끄기",
  "brief.start": "시계 시작  ▶",
  "brief.title": "◀  타이틀",
  "brief.otherScenario": "다른 시나리오  ▸",
  "brief.waiting": "모두 준비되면 진행자가 라운드를 시작합니다.",
  "brief.guided": "가이드가 이 장애를 한 단계씩 안내합니다. 언제든 건너뛸 수 있습니다.",
  "tip.controlPlane":
    "쿠버네티스 자체를 돌리는 머신들: etcd 멤버(역할, Raft term, 로그와 커밋 인덱스, 오가는 메시지), API 서버의 부하와 429 응답, kube-scheduler의 큐, 각 리더 Lease를 가진 쪽.",
  "tip.etcdNoSpace":
    "etcd 백엔드가 --quota-backend-bytes(기본 2GiB)에 닿았습니다. NOSPACE 알람을 올리고 모든 쓰기를 거절하므로, 돌던 파드는 계속 서비스하지만 클러스터의 어떤 것도 바뀌지 않습니다. 순서대로: 이력을 최근 리비전까지 컴팩션하고, 멤버를 하나씩 조각 모음한 다음, 알람을 해제하세요(etcd 메뉴나 콘솔의 etcdctl).",
  "tip.etcdLeaseReads":
    "이 etcd는 선형적 읽기를 하트비트 한 바퀴로 리더임을 먼저 확인하지 않고(ReadIndex, etcd 자체의 ReadOnlySafe) 리더의 리스로 바로 답합니다(Raft의 ReadOnlyLeaseBased). 다른 멤버와 끊긴 리더는 다음 check-quorum까지, 길게는 선거 타임아웃 두 번 동안 리스를 쥐고 있고, 그사이 나머지는 이미 새 리더를 뽑아 쓰기를 했을 수 있습니다. 그 틈에 답한 읽기는 그 쓰기를 놓칩니다(낡은 읽기).",
  "tip.slo":
    "서비스마다 초당 요청 수, 응답한 비율(가용성), 가장 느린 1%(p99 지연)를 목표(점선)와 견줍니다. 에러 버짓은 목표가 허용하는 실패입니다.",
  "tip.objective":
    "라운드를 이기는 조건: 아래 검사가 모두 함께, 각자 정해진 시간 동안 지켜져야 합니다. 검사 아래 줄은 라운드가 어디쯤인지 알려 줍니다.",
  "tip.events":
    "클러스터 구성 요소들이 보고한 일, 최신 순, kubectl get events 그대로. 각 줄 아래에 왜 일어났는지가 있습니다.",
  "tip.clock":
    "라운드가 시작된 뒤의 게임 시간. 1×에서는 실제 시간과 같은 빠르기로 흐르며, 진행자가 빠르게 할 수 있습니다.",
  "tip.roles":
    "이번 라운드에 맡은 역할. 명령마다 맡은 역할이 있습니다. 아무도 맡지 않은 역할은 클러스터의 컨트롤러와 시나리오 스크립트가 맡습니다.",
  "tip.pending":
    "아직 노드가 없는 파드(Pending). kube-scheduler가 배치합니다. 직접 배치하려면 가져와서 노드 위로 끌어다 놓으세요.",
  "tip.energy": "카드를 쓰면 에너지가 듭니다. 에너지는 게임 시간 1분마다 차오릅니다.",
  "tip.card": "{what}\n에너지 {cost} · 다시 쓰려면 {cooldown}초 대기.",
  "tip.fault.killNode":
    "머신의 전원이 꺼집니다: kubelet이 Lease를 갱신하지 못해 50초 뒤 NotReady가 되고, 5분 뒤 파드가 축출됩니다.",
  "tip.fault.restartNode":
    "머신이 재부팅됩니다: 꺼진 동안 NotReady이고, 돌아오면 파드의 컨테이너가 다시 시작됩니다.",
  "tip.fault.killEtcdMember":
    "etcd 멤버 하나가 멈춥니다. 나머지가 과반이면 쓰기는 계속되고, 리더였다면 먼저 새 리더를 뽑습니다.",
  "tip.fault.restartEtcdMember": "etcd 멤버가 다시 시작해 리더의 로그를 따라잡습니다.",
  "tip.fault.partition":
    "서로 다른 그룹의 머신이 닿지 못합니다: 과반이 없는 쪽의 etcd는 어떤 쓰기도 커밋하지 못합니다.",
  "tip.fault.heal": "파티션(또는 걸려 있는 모든 장애)을 끝냅니다.",
  "tip.fault.slowDisk":
    "etcd 멤버의 디스크 동기화가 느려집니다: 응답이 늦어지고 모든 쓰기가 더 오래 기다립니다.",
  "tip.fault.trafficSpike":
    "서비스 수요가 몇 배로 늘어납니다: 파드에 요청이 쌓이고 지연이 오르다 실패합니다.",
  "tip.fault.oomBomb":
    "메모리가 늘어납니다: 컨테이너 한도를 넘으면 OOM으로 죽고, 한도 없는 파드라면 노드가 모자라 kubelet이 축출합니다.",
  "tip.fault.badRollout": "새 이미지가 배포되고 실패합니다(크래시 루프나 프로브 실패). 누군가 롤백할 때까지.",
  "tip.fault.diskFill":
    "노드의 디스크가 찹니다: DiskPressure가 되고 kubelet이 파드를 축출해 공간을 만듭니다.",
  "tip.fault.taintNode": "노드에 taint가 생깁니다: 맞는 toleration이 없는 파드는 그 노드에 가지 못합니다.",
  "tip.fault.clockSkew":
    "노드의 시계가 어긋납니다: 인증서 유효 기간을 벗어나면 kubelet의 TLS가 실패해 노드가 NotReady가 됩니다.",
  "tip.fault.apiFlood":
    "한 클라이언트가 초당 여러 번 모든 파드를 LIST합니다: Priority and Fairness가 격리하지 않으면 API 서버가 포화됩니다.",
  "tip.fault.killControlPlane":
    "컨트롤 플레인 프로세스 하나가 멈춥니다: 리더 Lease가 끝나면 대기 중인 인스턴스가 넘겨받습니다.",
  "tip.fault.restartControlPlane": "컨트롤 플레인 프로세스가 다시 시작됩니다.",
  "coach.step": "가이드 {n}/{total}",
  "coach.skip": "가이드 건너뛰기",
  "coach.next": "다음  ▶",
  "coach.done": "완료",
  "coach.map.title": "내 클러스터",
  "coach.map.body":
    "카드 하나가 노드, 곧 존 안의 머신 한 대입니다. 막대는 파드들이 요청한 CPU와 메모리이고, 작은 블록 하나가 파드 하나입니다(파란 블록: 실행 중이며 준비됨).",
  "coach.died.title": "노드가 죽었습니다",
  "coach.died.body":
    "{node}의 전원이 나갔습니다. kubelet이 노드의 Lease를 더 이상 갱신하지 않습니다. 노드 수명 주기 컨트롤러는 50초(--node-monitor-grace-period)를 기다린 뒤 노드를 NotReady로 표시합니다. ⏩ 그 순간까지 빨리 감는 중…",
  "coach.card.title": "이것이 그 노드의 카드입니다",
  "coach.card.body":
    "노드 수명 주기 컨트롤러가 {node}를 NotReady로 표시하고 unreachable 테인트를 붙였습니다. 파드들은 더 이상 응답하지 않지만 축출되기 전까지 5분(tolerationSeconds 300) 동안 이 노드에 묶여 있습니다. 기다리지 말고 카드를 클릭하세요.",
  "coach.menu.title": "메뉴를 여세요",
  "coach.menu.body":
    "운영자의 노드 메뉴입니다. Drain은 노드를 cordon하고(새 파드 금지) 그 위의 파드를 모두 축출합니다. ReplicaSet이 대체 파드를 만듭니다. Drain을 고르세요.",
  "coach.move.title": "파드가 옮겨 가는 것을 보세요",
  "coach.move.body":
    "대체 파드가 만들어지고, kube-scheduler가 건강한 노드에 바인딩하고, 파드가 시작됩니다. 서비스 차트가 회복되고, 모든 조건이 충족되면 목표 패널에 체크 표시가 붙습니다.",
  "coach.over.title": "죽은 노드를 drain했습니다",
  "coach.over.body":
    "이것이 전체 흐름입니다: 알아차리고, 살펴보고, 조치하고, 지켜보기. 여기 디브리핑이 무엇이 왜 일어났는지 알려 줍니다. 다음 라운드(그리고 앞으로의 혼자 플레이)는 첫 불빛이며, 설정에서 이 가이드를 다시 볼 수 있습니다.",
  "settings.guide": "가이드 첫 장애",
  "settings.guideHelp": "실제 장애 화면에서 노드 장애를 1분 동안 따라가 봅니다.",
  "settings.guidePlay": "다시 플레이",
  "settings.guideDone": "완료함",
  "settings.guideNew": "아직 안 함",
};
