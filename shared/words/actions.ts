import type { Command, CommandType } from "../sim/commands.ts";
import { commandLine } from "./commandLine.ts";
import { faultWords, type Language } from "./faults.ts";

/**
 * What players and facilitators read about an action, never the game's internal command names
 * (`setHpa`, `injectFault`): the real command line when one exists and reads in a line
 * (`kubectl autoscale deployment/web --min=2 --max=20 --cpu-percent=80`), else words in the
 * player's language ("place pod web-7f2c on node-b1"). One module for the debrief's timeline, the
 * toasts, the screen reader, the projector's feed and the run sheet.
 */

export type { Language };

type Said<C extends Command> = Record<Language, (command: C) => string>;

/**
 * The commands said in words, in each language; every other command is said as its command line,
 * which is short and real (`kubectl drain node-a2 --ignore-daemonsets`).
 */
const WORDS: { [K in CommandType]?: Said<Extract<Command, { type: K }>> } = {
  addNode: {
    en: (c) => `add node ${c.name} in ${c.zone}`,
    ko: (c) => `${c.zone}에 노드 ${c.name} 추가`,
  },
  restartEtcdMember: {
    en: (c) => `restart etcd on ${c.member}`,
    ko: (c) => `${c.member}의 etcd 재시작`,
  },
  restoreEtcd: {
    en: (c) => `restore etcd from snapshot ${c.snapshot} on ${c.members.join(", ")}`,
    ko: (c) => `스냅숏 ${c.snapshot}으로 etcd 복원 (${c.members.join(", ")})`,
  },
  bindPod: {
    en: (c) => `place pod ${c.pod} on ${c.node}`,
    ko: (c) => `파드 ${c.pod} → ${c.node} 배치`,
  },
  setPriority: {
    en: (c) => `give pending pod ${c.pod} the priority class ${c.priorityClassName}`,
    ko: (c) => `대기 중인 파드 ${c.pod}의 우선순위 클래스를 ${c.priorityClassName}(으)로`,
  },
  takeOverScheduling: {
    en: (c) =>
      c.deployments.length === 0
        ? "take every pending pod over from kube-scheduler"
        : `take ${c.deployments.join(", ")}'s pending pods over from kube-scheduler`,
    ko: (c) =>
      c.deployments.length === 0
        ? "kube-scheduler에게서 대기 중인 파드를 모두 넘겨받기"
        : `kube-scheduler에게서 ${c.deployments.join(", ")}의 대기 파드 넘겨받기`,
  },
  releaseScheduling: {
    en: () => "hand the pods back to kube-scheduler",
    ko: () => "kube-scheduler에게 파드 돌려주기",
  },
  previewScores: {
    en: (c) => `ask kube-scheduler where pod ${c.pod} would go`,
    ko: (c) => `kube-scheduler에게 파드 ${c.pod}의 자리 묻기`,
  },
  setNodeProvisioner: {
    en: (c) =>
      c.enabled
        ? `turn the node autoscaler on (${c.minNodes}–${c.maxNodes} nodes)`
        : "turn the node autoscaler off",
    ko: (c) =>
      c.enabled ? `노드 오토스케일러 켜기 (노드 ${c.minNodes}–${c.maxNodes}대)` : "노드 오토스케일러 끄기",
  },
  injectFault: {
    en: (c) => faultWords(c.fault, "en", c.durationMs),
    ko: (c) => faultWords(c.fault, "ko", c.durationMs),
  },
  startControlPlane: {
    en: (c) => `put ${c.component}'s static pod manifest back on ${c.machine}`,
    ko: (c) => `${c.machine}에 ${c.component} 정적 파드 매니페스트 되돌려 놓기`,
  },
  setGameSpeed: {
    en: (c) => `set the game speed to ${c.speed}×`,
    ko: (c) => `게임 속도 ${c.speed}×`,
  },
};

/** An action as a player reads it: its command line, or words in `lang`. */
export function actionWords(command: Command, lang: Language): string {
  const said = WORDS[command.type] as Said<Command> | undefined;
  return said === undefined ? commandLine(command) : said[lang](command);
}

/**
 * A kind of command when only its type is known (a refusal before it became a command): the real
 * tool and verb, or words.
 */
const NAMES: Record<CommandType, Record<Language, string> | string> = {
  bindPod: { en: "placing a pod", ko: "파드 배치" },
  setPriority: { en: "changing a pod's priority", ko: "파드 우선순위 변경" },
  takeOverScheduling: {
    en: "taking pods over from kube-scheduler",
    ko: "kube-scheduler에게서 파드 넘겨받기",
  },
  releaseScheduling: { en: "handing pods back to kube-scheduler", ko: "kube-scheduler에게 파드 돌려주기" },
  previewScores: { en: "asking kube-scheduler", ko: "kube-scheduler에게 묻기" },
  cordon: "kubectl cordon",
  uncordon: "kubectl uncordon",
  drain: "kubectl drain",
  addNode: { en: "adding a node (kubeadm join)", ko: "노드 추가 (kubeadm join)" },
  removeNode: "kubectl delete node",
  scale: "kubectl scale",
  setImage: "kubectl set image",
  setMemoryLimit: "kubectl set resources",
  setResources: "kubectl set resources",
  setHpa: "kubectl autoscale",
  deleteHpa: "kubectl delete hpa",
  rolloutUndo: "kubectl rollout undo",
  taintNode: "kubectl taint",
  untaintNode: "kubectl taint …-",
  restartEtcdMember: "systemctl restart etcd",
  addEtcdMember: "etcdctl member add",
  promoteEtcdMember: "etcdctl member promote",
  removeEtcdMember: "etcdctl member remove",
  defragEtcd: "etcdctl defrag",
  compactEtcd: "etcdctl compact",
  disarmEtcdAlarms: "etcdctl alarm disarm",
  snapshotEtcd: "etcdctl snapshot save",
  restoreEtcd: "etcdutl snapshot restore",
  setApiServerLimits: "kube-apiserver --max-requests-inflight",
  setPriorityAndFairness: "kube-apiserver --enable-priority-and-fairness",
  setKubeProxyMode: "kube-proxy --proxy-mode",
  startControlPlane: { en: "starting a control-plane process", ko: "컨트롤 플레인 프로세스 시작" },
  setNodeProvisioner: { en: "the node autoscaler", ko: "노드 오토스케일러" },
  injectFault: { en: "a fault card", ko: "장애 카드" },
  setGameSpeed: { en: "the game speed", ko: "게임 속도" },
};

export function commandName(type: CommandType, lang: Language): string {
  const name = NAMES[type];
  return typeof name === "string" ? name : name[lang];
}

/** Whether a string names a command of the game (a refusal's `type` may also be a room control). */
export function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(NAMES, type);
}
