/**
 * The round's objective and outcome in words, in English and Korean (merged into ../strings.ts):
 * how a round ended and why, in one sentence (shared/sim/world/outcome.ts decides it); where the
 * objective stands while the round runs; what each number of the score means; and why the objective
 * cannot hold as things stand.
 */
export const en = {
  "outcome.survived": "Survived",
  "end.recovered": "Resolved: every check of the objective held again {time} after the incident began.",
  "end.notRecovered": "Failed: time ran out before the objective held again; still failing: {failing}.",
  "end.neverBroken": "Survived: the incident struck, but the team kept every check of the objective holding.",
  "end.noIncident": "Survived: no fault struck this round, so the objective was never at risk.",
  "end.budgetSpent": "Failed: the error budget ran out {time} into the round.",
  "end.held": "Survived: the objective held to the end with {percent}% of the error budget left.",
  "end.notHeldAtEnd": "Failed: when time ran out the objective did not hold: {failing}.",
  "end.ended": "The facilitator ended the round before the objective decided it.",
  "kind.recover": "RECOVER",
  "kind.survive": "SURVIVE",
  "kind.versus": "VERSUS",
  "kind.recover.goal": "Restore every check below, as fast as you can.",
  "kind.survive.goal": "Keep the error budget until the clock runs out.",
  "kind.versus.goal": "Defenders keep the error budget; the chaos agent burns it.",
  "tutorial.badge": "Tutorial: this one teaches by watching",
  "tutorial.short": "TUTORIAL",
  "phase.quiet": "All quiet: the incident has not started",
  "phase.underway": "Incident since {at}: not recovered yet",
  "phase.holding": "Incident since {at}: hold on until {end}",
  "phase.recovered": "Recovered {time} after the incident began",
  "fail.availability": "{subject}'s availability",
  "fail.p99Latency": "{subject}'s p99 latency",
  "fail.podsPending": "pods left Pending",
  "fail.etcdLeader": "an etcd leader",
  "fail.nodesReady": "enough Ready nodes",
  "fail.readyReplicas": "{subject}'s ready replicas",
  "warn.title": "Cannot hold as things stand:",
  "warn.noQuorum":
    "etcd has no leader: {quorum} of its {members} members must reach each other to elect one. Until then no write commits and nothing in the cluster can change.",
  "warn.podsCannotFit":
    "{pods} pod(s) Pending fit on no node, and no node is on its way. kube-scheduler: {reason}",
  "warn.hpaBeyondCapacity":
    "The HPA wants {wanted} {deployment} pods; about {fit} fit on the nodes: make room or add nodes.",
  "help.recovery":
    "Time to recovery: from the first fault that struck (or the load that started the incident) until every check held again.",
  "help.budget":
    "Error budget left: the failures the availability targets ({targets}) allow over the SLO window ({window}) from the incident's start, less those spent. Only these services spend it.",
  "help.actions":
    "Actions: commands that took effect, by role. They show what the team did; they do not rank.",
  "help.checks": "The objective's checks: each must hold at once, each for its own window, to recover.",
  "help.outcome": "How the round ended, and why.",
  "help.holding":
    "Survive: the round is won at {end} if the error budget lasts until then and every check holds at that moment.",
  "help.checksSurvive": "The objective's checks: every one must hold when the clock runs out.",
  "help.warnings":
    "Read from the cluster as it is now: what stops the objective from holding unless someone acts.",
  "help.tutorial":
    "A tutorial: watching may be enough to win it, and its board ranks rounds in which nobody acted.",
  "help.chaos": "Versus: the chaos agent scores the share of the error budget its faults burned.",
  "board.week": "(this week's board, {period})",
  "board.practice": "(practice: this week's board plays seed {seed})",
  "board.ranked": "Ranked on this week's board ({period}).",
  "board.unranked.chaosAgent": "Not ranked: a chaos agent played, another incident than the script's.",
  "board.unranked.injected": "Not ranked: faults were injected on top of the script.",
  "board.unranked.practice": "Not ranked: practice on another seed than this week's board plays.",
  "board.unranked.noAction":
    "Not ranked: nobody acted, and only a tutorial's board ranks a round without an action.",
  "board.heading": "Week {period} · every team plays seed {seed}",
  "board.play": "PLAY THIS BOARD",
  "board.practice.button": "PRACTICE A SEED",
  "form.soloTitle": "Your name on the leaderboards",
  "form.soloSubmit": "Play",
  "form.practiceTitle": "Practice on another seed (unranked)",
  "form.seed": "Seed",
  "form.seedRule": "A seed is a whole number, like 42",
};

export const ko: Record<keyof typeof en, string> = {
  "outcome.survived": "버텨 냄",
  "end.recovered": "해결: 장애가 시작되고 {time} 만에 목표의 모든 검사가 다시 지켜졌습니다.",
  "end.notRecovered": "실패: 목표를 되찾기 전에 시간이 다 되었습니다. 아직 실패 중: {failing}.",
  "end.neverBroken": "버텨 냄: 장애가 일어났지만 팀이 목표의 모든 검사를 계속 지켜 냈습니다.",
  "end.noIncident": "버텨 냄: 이번 라운드에는 장애가 하나도 일어나지 않아 목표가 위험한 적이 없었습니다.",
  "end.budgetSpent": "실패: 라운드 시작 {time} 만에 에러 버짓이 바닥났습니다.",
  "end.held": "버텨 냄: 에러 버짓을 {percent}% 남기고 끝까지 목표를 지켰습니다.",
  "end.notHeldAtEnd": "실패: 시간이 다 되었을 때 목표가 지켜지지 않았습니다: {failing}.",
  "end.ended": "목표가 결판을 내기 전에 진행자가 라운드를 끝냈습니다.",
  "kind.recover": "복구",
  "kind.survive": "버티기",
  "kind.versus": "대결",
  "kind.recover.goal": "아래 검사를 모두 되찾으세요. 빠를수록 좋습니다.",
  "kind.survive.goal": "시간이 다 될 때까지 에러 버짓을 지키세요.",
  "kind.versus.goal": "방어 팀은 에러 버짓을 지키고, 카오스 에이전트는 태웁니다.",
  "tutorial.badge": "튜토리얼: 지켜보며 배우는 라운드",
  "tutorial.short": "튜토리얼",
  "phase.quiet": "아직 조용함: 장애가 시작되지 않았습니다",
  "phase.underway": "{at}부터 장애: 아직 복구 안 됨",
  "phase.holding": "{at}부터 장애: {end}까지 버티세요",
  "phase.recovered": "장애 시작 {time} 만에 복구",
  "fail.availability": "{subject} 가용성",
  "fail.p99Latency": "{subject} p99 지연",
  "fail.podsPending": "Pending에 남은 파드",
  "fail.etcdLeader": "etcd 리더",
  "fail.nodesReady": "충분한 Ready 노드",
  "fail.readyReplicas": "{subject} 준비된 레플리카",
  "warn.title": "이대로는 목표를 지킬 수 없습니다:",
  "warn.noQuorum":
    "etcd에 리더가 없습니다: 멤버 {members}개 중 {quorum}개가 서로 닿아야 리더를 뽑습니다. 그때까지 어떤 쓰기도 커밋되지 않아 클러스터의 무엇도 바뀌지 않습니다.",
  "warn.podsCannotFit":
    "Pending 파드 {pods}개가 어느 노드에도 들어가지 못하고, 오는 노드도 없습니다. kube-scheduler: {reason}",
  "warn.hpaBeyondCapacity":
    "HPA는 {deployment} 파드 {wanted}개를 원하지만 노드에는 약 {fit}개만 들어갑니다: 자리를 만들거나 노드를 추가하세요.",
  "help.recovery":
    "복구까지 걸린 시간: 처음 일어난 장애(또는 장애를 시작한 부하)부터 모든 검사가 다시 지켜질 때까지.",
  "help.budget":
    "남은 에러 버짓: 장애 시작부터 SLO 기간({window}) 동안 가용성 목표({targets})가 허용하는 실패에서 이미 쓴 만큼을 뺀 것. 이 서비스들만 버짓을 씁니다.",
  "help.actions": "조치: 적용된 명령의 수(역할별). 팀이 한 일을 보여 줄 뿐 순위에는 쓰지 않습니다.",
  "help.checks": "목표의 검사: 복구하려면 모두가 동시에, 각자의 기간 동안 지켜져야 합니다.",
  "help.outcome": "라운드가 어떻게, 왜 끝났는지.",
  "help.holding": "버티기: {end}까지 에러 버짓이 남아 있고 그 순간 모든 검사가 지켜지면 이깁니다.",
  "help.checksSurvive": "목표의 검사: 시간이 다 되는 순간 모두 지켜져야 합니다.",
  "help.warnings": "지금 클러스터에서 읽어 낸 것: 누군가 손쓰지 않으면 목표를 지킬 수 없게 막는 것.",
  "help.tutorial":
    "튜토리얼: 지켜보기만 해도 이길 수 있고, 순위표에는 아무도 조치하지 않은 라운드도 오릅니다.",
  "help.chaos": "대결: 카오스 에이전트는 자기 장애로 태운 에러 버짓의 비율로 점수를 받습니다.",
  "board.week": "(이번 주 순위표, {period})",
  "board.practice": "(연습: 이번 주 순위표의 시드는 {seed})",
  "board.ranked": "이번 주 순위표({period})에 오릅니다.",
  "board.unranked.chaosAgent": "순위 없음: 카오스 에이전트가 플레이해 대본과 다른 장애였습니다.",
  "board.unranked.injected": "순위 없음: 대본 위에 장애가 더 주입되었습니다.",
  "board.unranked.practice": "순위 없음: 이번 주 순위표와 다른 시드로 한 연습입니다.",
  "board.unranked.noAction":
    "순위 없음: 아무도 조치하지 않았고, 조치 없는 라운드는 튜토리얼 순위표에만 오릅니다.",
  "board.heading": "{period} 주 · 모든 팀이 시드 {seed}로 플레이",
  "board.play": "이 순위표에 도전",
  "board.practice.button": "다른 시드로 연습",
  "form.soloTitle": "순위표에 올릴 이름",
  "form.soloSubmit": "플레이",
  "form.practiceTitle": "다른 시드로 연습 (순위 없음)",
  "form.seed": "시드",
  "form.seedRule": "시드는 42 같은 자연수입니다",
};
