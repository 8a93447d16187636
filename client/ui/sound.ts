import type { MilestoneKind } from "../net/connection.ts";

/**
 * The game's sound effects, synthesized with Web Audio (no sample files): short,
 * quiet cues that confirm an action or flag a change in the cluster without drowning a
 * workshop room. Muting (also the M key, anywhere) and the volume are remembered per browser.
 */
export type Cue =
  | "click"
  | "applied"
  | "refused"
  | "alert"
  | "nodeDown"
  | "leaderChange"
  | "sloBreach"
  | "resolved"
  | "failed"
  | "cardPlayed";

const MUTED_KEY = "clusterCrisis.muted";
const VOLUME_KEY = "clusterCrisis.volume";
let context: AudioContext | undefined;
let master: GainNode | undefined;
let muted = localStorage.getItem(MUTED_KEY) === "1";
let level = savedVolume();
const muteListeners = new Set<(muted: boolean) => void>();

function savedVolume(): number {
  const saved = Number(localStorage.getItem(VOLUME_KEY) ?? "0.8");
  return Number.isFinite(saved) ? Math.min(1, Math.max(0, saved)) : 0.8;
}

/** Notes of each cue: [frequency Hz, start s, length s, wave]. */
const cues: Record<Cue, [number, number, number, OscillatorType][]> = {
  click: [[660, 0, 0.05, "triangle"]],
  applied: [
    [523.25, 0, 0.09, "triangle"],
    [783.99, 0.08, 0.14, "triangle"],
  ],
  refused: [
    [220, 0, 0.12, "square"],
    [174.61, 0.1, 0.16, "square"],
  ],
  alert: [
    [880, 0, 0.12, "sawtooth"],
    [660, 0.14, 0.12, "sawtooth"],
    [880, 0.28, 0.18, "sawtooth"],
  ],
  // A machine powering off: two falling low notes.
  nodeDown: [
    [196, 0, 0.16, "square"],
    [130.81, 0.14, 0.28, "square"],
  ],
  // A new etcd leader: a rising fourth, like a bell taking over.
  leaderChange: [
    [587.33, 0, 0.12, "sine"],
    [783.99, 0.1, 0.22, "sine"],
  ],
  // An SLO breached: a quick double pulse, urgent but short.
  sloBreach: [
    [740, 0, 0.08, "sawtooth"],
    [740, 0.12, 0.08, "sawtooth"],
  ],
  // The round resolved: a major arpeggio.
  resolved: [
    [523.25, 0, 0.12, "triangle"],
    [659.25, 0.1, 0.12, "triangle"],
    [783.99, 0.2, 0.12, "triangle"],
    [1046.5, 0.3, 0.3, "triangle"],
  ],
  // Time ran out: a falling minor line.
  failed: [
    [440, 0, 0.16, "triangle"],
    [349.23, 0.16, 0.16, "triangle"],
    [293.66, 0.32, 0.36, "triangle"],
  ],
  // A chaos card played: a short rising sweep of notes.
  cardPlayed: [
    [330, 0, 0.05, "sawtooth"],
    [440, 0.04, 0.05, "sawtooth"],
    [587.33, 0.08, 0.1, "sawtooth"],
  ],
};

/** Harsh waves are quieter so that every cue sounds about as loud. */
const PEAK: Record<OscillatorType, number> = {
  sine: 0.22,
  triangle: 0.18,
  square: 0.06,
  sawtooth: 0.06,
  custom: 0.1,
};

export function play(cue: Cue): void {
  if (muted || level === 0) return;
  context ??= new AudioContext();
  if (!master) {
    master = context.createGain();
    master.connect(context.destination);
  }
  master.gain.value = level;
  const now = context.currentTime;
  for (const [frequency, start, length, wave] of cues[cue]) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = wave;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + start);
    gain.gain.exponentialRampToValueAtTime(PEAK[wave], now + start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + start + length);
    oscillator.connect(gain).connect(master);
    oscillator.start(now + start);
    oscillator.stop(now + start + length + 0.02);
  }
}

/** The cue for a change in the cluster, if it has one. */
function cueForMilestone(kind: MilestoneKind): Cue | null {
  switch (kind) {
    case "nodeNotReady":
      return "nodeDown";
    case "leaderElected":
      return "leaderChange";
    case "sloBreached":
    case "quorumLost":
      return "sloBreach";
    case "fault":
      return "cardPlayed";
    case "objectiveMet":
      return "resolved";
    default:
      return null;
  }
}

/** Plays the cue of a milestone of the round; quiet for the ones that have none. */
export function playMilestone(kind: MilestoneKind): void {
  const cue = cueForMilestone(kind);
  if (cue) play(cue);
}

export function isMuted(): boolean {
  return muted;
}

export function setMuted(value: boolean): void {
  muted = value;
  localStorage.setItem(MUTED_KEY, value ? "1" : "0");
  for (const listener of muteListeners) listener(value);
}

/** Called with the new state whenever muting changes (the M key, Settings, the header's switch). */
export function onMuteChange(listener: (muted: boolean) => void): () => void {
  muteListeners.add(listener);
  return () => muteListeners.delete(listener);
}

/** 0 (silent) to 1. */
export function volume(): number {
  return level;
}

export function setVolume(value: number): void {
  level = Math.min(1, Math.max(0, Math.round(value * 10) / 10));
  localStorage.setItem(VOLUME_KEY, String(level));
  if (master) master.gain.value = level;
}

/** M mutes and unmutes on every screen, except while the player is typing in a field. */
export function installMuteKey(): void {
  window.addEventListener("keydown", (event) => {
    if (event.key !== "m" && event.key !== "M") return;
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    if (isTyping(event.target)) return;
    setMuted(!muted);
  });
}

/** Whether a key event goes to a text field, where letters are text and not commands. */
export function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  );
}
