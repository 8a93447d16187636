import { describeFault, type Fault, type FaultKind } from "../sim/scenario/faults.ts";
import { formatBytes } from "./quantity.ts";

/**
 * Faults in words, for everyone who reads what the chaos agent or the script did: the debrief's
 * timeline, the event feed, the toasts, the projector and the run sheet. `describeFault` names a
 * fault as data (`killNode node/node-a2`); this says it as a sentence in the player's language.
 */

export type Language = "en" | "ko";

/** A fault's sentence: what happens to `target` (node/x, an etcd member, deployment/x, …). */
const FAULT_WORDS: Record<FaultKind, Record<Language, (target: string) => string>> = {
  killNode: { en: (t) => `${t} loses power`, ko: (t) => `${t} 전원 꺼짐` },
  restartNode: { en: (t) => `${t} reboots`, ko: (t) => `${t} 재부팅` },
  killEtcdMember: { en: (t) => `etcd member ${t} stops`, ko: (t) => `etcd 멤버 ${t} 멈춤` },
  restartEtcdMember: { en: (t) => `etcd member ${t} restarts`, ko: (t) => `etcd 멤버 ${t} 재시작` },
  partition: { en: (t) => `the network splits: ${t}`, ko: (t) => `네트워크 분할: ${t}` },
  heal: {
    en: (t) => (t === "network" ? "the network heals" : "every fault heals"),
    ko: (t) => (t === "network" ? "네트워크 복구" : "모든 장애 복구"),
  },
  slowDisk: {
    en: (t) => `etcd member ${t}'s disk slows down`,
    ko: (t) => `etcd 멤버 ${t}의 디스크가 느려짐`,
  },
  trafficSpike: { en: (t) => `${t}'s traffic surges`, ko: (t) => `${t} 트래픽 급증` },
  oomBomb: { en: (t) => `a memory hog in ${t}`, ko: (t) => `${t}에서 메모리를 집어삼키는 프로세스` },
  scaleDeployment: { en: (t) => `someone else scales ${t}`, ko: (t) => `다른 누군가가 ${t}의 규모를 바꿈` },
  rollout: { en: (t) => `${t} rolls out a new version`, ko: (t) => `${t}에 새 버전 롤아웃` },
  badRollout: { en: (t) => `${t} rolls out a broken image`, ko: (t) => `${t}에 고장 난 이미지 롤아웃` },
  diskFill: { en: (t) => `${t}'s disk fills up`, ko: (t) => `${t} 디스크가 가득 참` },
  taintNode: { en: (t) => `${t} gets a taint`, ko: (t) => `${t}에 taint 추가` },
  clockSkew: { en: (t) => `${t}'s clock drifts`, ko: (t) => `${t} 시계가 어긋남` },
  apiFlood: {
    en: (t) => `${t} floods the API servers with requests`,
    ko: (t) => `${t}가 API 서버에 요청 폭주`,
  },
  killControlPlane: {
    en: (t) => `${component(t)} on ${machine(t)} stops`,
    ko: (t) => `${machine(t)}의 ${component(t)} 멈춤`,
  },
  restartControlPlane: {
    en: (t) => `${component(t)} on ${machine(t)} restarts`,
    ko: (t) => `${machine(t)}의 ${component(t)} 재시작`,
  },
};

/** describeFault names a control-plane process `component@machine`. */
const component = (target: string) => target.split("@")[0] ?? target;
const machine = (target: string) => target.split("@")[1] ?? "";

const isFaultKind = (kind: string): kind is FaultKind => Object.hasOwn(FAULT_WORDS, kind);

/**
 * A fault named as data, `<kind> <target>` (a milestone's detail, shared/sim/world/milestones.ts),
 * in words; a kind this code does not know stays as it came.
 */
export function faultDetailWords(detail: string, lang: Language): string {
  const cut = detail.indexOf(" ");
  const kind = cut < 0 ? detail : detail.slice(0, cut);
  const target = cut < 0 ? "" : detail.slice(cut + 1);
  return isFaultKind(kind) ? FAULT_WORDS[kind][lang](target) : detail;
}

/** A fault in words, with its numbers (how slow, how many, how far) in parentheses. */
export function faultWords(fault: Fault, lang: Language, durationMs: number | null = null): string {
  const sentence = faultDetailWords(describeFault(fault), lang);
  const lasting =
    durationMs === null
      ? ""
      : lang === "ko"
        ? `${durationWords(durationMs, lang)} 동안`
        : `for ${durationWords(durationMs, lang)}`;
  const extra = [faultNumbers(fault), lasting].filter((part) => part !== "").join(", ");
  return extra === "" ? sentence : `${sentence} (${extra})`;
}

/** The measures of a fault, in units every language writes the same way. */
function faultNumbers(fault: Fault): string {
  switch (fault.kind) {
    case "slowDisk":
      return `fsync ${fault.fsyncLatencyMs} ms`;
    case "trafficSpike":
      return `×${fault.multiplier}`;
    case "diskFill":
      return `${Math.round(fault.fraction * 100)}%`;
    case "taintNode":
      return `${fault.taint.key}${fault.taint.value ? `=${fault.taint.value}` : ""}:${fault.taint.effect}`;
    case "clockSkew":
      return `${fault.offsetMs >= 0 ? "+" : "−"}${durationWords(Math.abs(fault.offsetMs), "en")}`;
    case "apiFlood":
      return fault.objectBytes === undefined
        ? `${fault.qps} LIST/s`
        : `${fault.qps} × ${formatBytes(fault.objectBytes)} writes/s`;
    case "badRollout":
      return fault.image;
    default:
      return "";
  }
}

/** A span of game time in words: "1 min 30 s", "1분 30초". */
export function durationWords(ms: number, lang: Language): string {
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const [m, s] = lang === "ko" ? ["분", "초"] : [" min", " s"];
  if (minutes === 0) return `${rest}${s}`;
  return rest === 0 ? `${minutes}${m}` : `${minutes}${m} ${rest}${s}`;
}
