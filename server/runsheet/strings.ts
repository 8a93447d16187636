import type { ObjectiveCheck } from "../../shared/sim/scenario/types.ts";
import { durationWords, type Language } from "../../shared/words/faults.ts";
import type { Difficulty } from "./notes.ts";

/** The run sheet page's own words, in English and Korean. */
export const pageWords = {
  en: {
    kicker: "Facilitator's run sheet",
    meta: "{nodes} nodes · {services} services · scenario {id}, version {version}",
    length: "Length",
    lengthLine: "{at1} at 1× · {at2} at 2×",
    lengthNote:
      "Real time, at the speeds you choose during the round; the scenario lasts {game} on the game clock, which shows game time.",
    teaches: "What it teaches",
    briefing: "The briefing (read it aloud)",
    script: "The incident, minute by minute",
    scriptNone: "No scripted faults: the chaos agent, or you, play the deck.",
    scriptClock:
      "Time to recovery counts from the incident's start: {start} as scripted, or the first fault a chaos agent plays.",
    objective: "The goal: all of these at once",
    keyMoment: "The key moment",
    missed: "What teams usually miss",
    playbook: "The playbook: a winning line",
    playbookNone: "No playbook has been written for this scenario yet.",
    playbookBroken: "The playbook file cannot be read: {reason}",
    questions: "Three questions for the discussion",
    lessons: "The lessons, with their sources",
    sources: "Sources",
    noNotes: "The facilitator's notes for this scenario have not been written yet.",
    print: "Print",
    other: "Other language",
    index: "Run sheets",
    indexIntro: "One printable page per scenario, for the facilitator.",
    notFound: "No run sheet here",
    notFoundBody: 'There is no scenario "{id}". These are the run sheets:',
    badRequest: "Bad request",
    badLang: 'lang must be en or ko (got "{lang}").',
  },
  ko: {
    kicker: "진행자용 진행표",
    meta: "노드 {nodes}대 · 서비스 {services}개 · 시나리오 {id}, 버전 {version}",
    length: "길이",
    lengthLine: "1×로 {at1} · 2×로 {at2}",
    lengthNote:
      "라운드 중에 고르는 속도로 잰 실제 시간입니다. 시나리오는 게임 시계로 {game} 동안 이어지며, 게임 시계는 게임 시간을 보여 줍니다.",
    teaches: "무엇을 가르치나",
    briefing: "브리핑 (소리 내어 읽어 주세요)",
    script: "분 단위로 본 장애",
    scriptNone: "스크립트된 장애가 없습니다. 카오스 에이전트나 진행자가 카드를 냅니다.",
    scriptClock:
      "복구 시간은 사고가 시작된 때부터 잽니다. 스크립트대로라면 {start}, 카오스 에이전트가 있다면 그가 처음 일으킨 장애부터입니다.",
    objective: "목표: 아래를 모두 동시에",
    keyMoment: "결정적 순간",
    missed: "팀들이 흔히 놓치는 것",
    playbook: "플레이북: 이기는 한 가지 길",
    playbookNone: "이 시나리오의 플레이북은 아직 작성되지 않았습니다.",
    playbookBroken: "플레이북 파일을 읽을 수 없습니다: {reason}",
    questions: "토론을 위한 세 가지 질문",
    lessons: "배울 점과 출처",
    sources: "출처",
    noNotes: "이 시나리오의 진행자 노트는 아직 작성되지 않았습니다.",
    print: "인쇄",
    other: "English",
    index: "진행표",
    indexIntro: "시나리오마다 진행자가 인쇄해 쓰는 한 장짜리 진행표입니다.",
    notFound: "진행표가 없습니다",
    notFoundBody: '"{id}"라는 시나리오는 없습니다. 진행표 목록:',
    badRequest: "잘못된 요청",
    badLang: 'lang은 en 또는 ko여야 합니다 ("{lang}"을(를) 받음).',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type PageWord = keyof (typeof pageWords)["en"];

export const difficultyWords: Record<Difficulty, Record<Language, string>> = {
  tutorial: { en: "Tutorial", ko: "튜토리얼" },
  beginner: { en: "Beginner", ko: "입문" },
  intermediate: { en: "Intermediate", ko: "중급" },
  advanced: { en: "Advanced", ko: "고급" },
  expert: { en: "Expert", ko: "전문가" },
};

/** One check of a scenario's objective in words, with its numbers. */
export function checkWords(check: ObjectiveCheck, lang: Language): string {
  const hold = durationWords(check.forMs, lang);
  const ko = lang === "ko";
  switch (check.kind) {
    case "availability": {
      const percent = Number((check.atLeast * 100).toFixed(3));
      return ko
        ? `${check.service}가 ${hold} 동안 요청의 ${percent}% 이상에 응답`
        : `${check.service} answers at least ${percent}% of requests for ${hold}`;
    }
    case "p99Latency":
      return ko
        ? `${check.service}의 p99 지연 시간이 ${hold} 동안 ${check.atMostMs}ms 이하`
        : `${check.service}'s p99 latency at most ${check.atMostMs} ms for ${hold}`;
    case "podsPending":
      if (check.atMost === 0) return ko ? `${hold} 동안 Pending 파드 없음` : `no pod Pending for ${hold}`;
      return ko
        ? `${hold} 동안 Pending 파드 ${check.atMost}개 이하`
        : `at most ${check.atMost} pods Pending for ${hold}`;
    case "etcdLeader":
      return ko ? `${hold} 동안 etcd에 리더가 있음` : `etcd has a leader for ${hold}`;
    case "nodesReady":
      return ko
        ? `${hold} 동안 Ready 노드 ${check.atLeast}대 이상`
        : `at least ${check.atLeast} nodes Ready for ${hold}`;
    case "readyReplicas":
      return ko
        ? `${check.deployment}의 준비된 레플리카가 ${hold} 동안 ${check.atLeast}개 이상`
        : `${check.deployment} has at least ${check.atLeast} ready replicas for ${hold}`;
    default: {
      // A kind newer than these words: its fields as written.
      const { kind, forMs: _for, ...rest } = check as ObjectiveCheck;
      return `${kind} ${JSON.stringify(rest)} (${hold})`;
    }
  }
}
