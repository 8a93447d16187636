/**
 * The round's objective and outcome in words, in English and Korean (merged into ../strings.ts):
 * how a round ended and why, in one sentence (shared/sim/world/outcome.ts decides it); where the
 * objective stands while the round runs; what each number of the score means; and why the objective
 * cannot hold as things stand.
 */
export const en = {
  "outcome.survived": "Survived",
  "end.recovered": "Resolved: every check of the objective held again {time} after the incident began.",
  "end.notRecovered": "Failed: time ran out before the objective held again ({failing} still failing).",
  "end.neverBroken": "Survived: the incident struck, but the team kept every check of the objective holding.",
  "end.noIncident": "Survived: no fault struck this round, so the objective was never at risk.",
  "end.budgetSpent": "Failed: the error budget ran out {time} into the round.",
  "end.held": "Survived: the objective held to the end with {percent}% of the error budget left.",
  "end.notHeldAtEnd": "Failed: time ran out with {failing} not holding.",
  "end.ended": "The facilitator ended the round before the objective decided it.",
  "end.versus": "Chaos agent: {percent}% of the error budget burned.",
  "kind.recover": "RECOVER",
  "kind.survive": "SURVIVE",
  "kind.versus": "VERSUS",
  "kind.recover.goal": "Restore every check below, as fast as you can.",
  "kind.survive.goal": "Keep the error budget until the clock runs out.",
  "kind.versus.goal": "Defenders keep the error budget; the chaos agent burns it.",
  "tutorial.badge": "Tutorial: this one teaches by watching",
  "phase.quiet": "All quiet: the incident has not started",
  "phase.underway": "Incident under way for {time}: not recovered yet",
  "phase.holding": "Holding for {time} since the incident began",
  "phase.recovered": "Recovered {time} after the incident began",
  "check.subject": "{what} ({subject})",
  "warn.title": "Cannot hold as things stand:",
  "warn.noQuorum":
    "etcd has no quorum ({up} of {members} members reach each other; {quorum} needed): no write can commit.",
  "warn.podsCannotFit": "{pods} pod(s) Pending that fit on no node: {reason}.",
  "warn.hpaBeyondCapacity":
    "The HPA wants {wanted} {deployment} pods; about {fit} fit on the nodes: make room or add nodes.",
  "warn.budgetLow": "Only {percent}% of the error budget is left.",
  "help.recovery":
    "Time to recovery: from the first fault that struck (or the load that started the incident) until every check held again.",
  "help.budget":
    "Error budget left: the failures the availability target allows over the SLO window ({window}) from the incident's start, less those spent.",
  "help.spent":
    "Budget spent: failed requests over the error budget of the SLO window; 100% means all of it.",
  "help.actions":
    "Actions: commands that took effect, by role. They show what the team did; they do not rank.",
  "help.checks": "The objective's checks: each must hold at once, each for its own window, to recover.",
  "help.outcome": "How the round ended, and why.",
};

export const ko: Record<keyof typeof en, string> = {
  "outcome.survived": "버텨 냄",
  "end.recovered": "해결: 장애가 시작되고 {time} 만에 목표의 모든 검사가 다시 지켜졌습니다.",
  "end.notRecovered": "실패: 목표를 되찾기 전에 시간이 다 되었습니다 (아직 실패 중: {failing}).",
  "end.neverBroken": "버텨 냄: 장애가 일어났지만 팀이 목표의 모든 검사를 계속 지켜 냈습니다.",
  "end.noIncident": "버텨 냄: 이번 라운드에는 장애가 하나도 일어나지 않아 목표가 위험한 적이 없었습니다.",
  "end.budgetSpent": "실패: 라운드 시작 {time} 만에 에러 버짓이 바닥났습니다.",
  "end.held": "버텨 냄: 에러 버짓을 {percent}% 남기고 끝까지 목표를 지켰습니다.",
  "end.notHeldAtEnd": "실패: 시간이 다 되었을 때 {failing}이(가) 지켜지지 않았습니다.",
  "end.ended": "목표가 결판을 내기 전에 진행자가 라운드를 끝냈습니다.",
  "end.versus": "카오스 에이전트: 에러 버짓의 {percent}%를 태움.",
  "kind.recover": "복구",
  "kind.survive": "버티기",
  "kind.versus": "대결",
  "kind.recover.goal": "아래 검사를 모두 되찾으세요. 빠를수록 좋습니다.",
  "kind.survive.goal": "시간이 다 될 때까지 에러 버짓을 지키세요.",
  "kind.versus.goal": "방어 팀은 에러 버짓을 지키고, 카오스 에이전트는 태웁니다.",
  "tutorial.badge": "튜토리얼: 지켜보며 배우는 라운드",
  "phase.quiet": "아직 조용함: 장애가 시작되지 않았습니다",
  "phase.underway": "장애 {time}째: 아직 복구 안 됨",
  "phase.holding": "장애 시작 후 {time}째 버티는 중",
  "phase.recovered": "장애 시작 {time} 만에 복구",
  "check.subject": "{what}({subject})",
  "warn.title": "이대로는 목표를 지킬 수 없습니다:",
  "warn.noQuorum":
    "etcd에 쿼럼이 없습니다 (멤버 {members}개 중 {up}개만 서로 닿음, {quorum}개 필요): 어떤 쓰기도 커밋되지 않습니다.",
  "warn.podsCannotFit": "어느 노드에도 들어가지 못하는 Pending 파드 {pods}개: {reason}.",
  "warn.hpaBeyondCapacity":
    "HPA는 {deployment} 파드 {wanted}개를 원하지만 노드에는 약 {fit}개만 들어갑니다: 자리를 만들거나 노드를 추가하세요.",
  "warn.budgetLow": "에러 버짓이 {percent}%밖에 남지 않았습니다.",
  "help.recovery":
    "복구까지 걸린 시간: 처음 일어난 장애(또는 장애를 시작한 부하)부터 모든 검사가 다시 지켜질 때까지.",
  "help.budget":
    "남은 에러 버짓: 장애 시작부터 SLO 기간({window}) 동안 가용성 목표가 허용하는 실패에서 이미 쓴 만큼을 뺀 것.",
  "help.spent": "쓴 버짓: 실패한 요청을 SLO 기간의 에러 버짓으로 나눈 값. 100%면 모두 쓴 것.",
  "help.actions": "조치: 적용된 명령의 수(역할별). 팀이 한 일을 보여 줄 뿐 순위에는 쓰지 않습니다.",
  "help.checks": "목표의 검사: 복구하려면 모두가 동시에, 각자의 기간 동안 지켜져야 합니다.",
  "help.outcome": "라운드가 어떻게, 왜 끝났는지.",
};
