/**
 * The game's sound effects, synthesized with Web Audio (no sample files): short,
 * quiet cues that confirm an action without drowning a workshop room.
 * Muting is remembered per browser.
 */
export type Cue = "click" | "applied" | "refused" | "alert";

const STORAGE_KEY = "clusterCrisis.muted";
let context: AudioContext | undefined;
let muted = localStorage.getItem(STORAGE_KEY) === "1";

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
};

export function play(cue: Cue): void {
  if (muted) return;
  context ??= new AudioContext();
  const now = context.currentTime;
  for (const [frequency, start, length, wave] of cues[cue]) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = wave;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, now + start);
    gain.gain.exponentialRampToValueAtTime(wave === "triangle" ? 0.18 : 0.06, now + start + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + start + length);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(now + start);
    oscillator.stop(now + start + length + 0.02);
  }
}

export function isMuted(): boolean {
  return muted;
}

export function setMuted(value: boolean): void {
  muted = value;
  localStorage.setItem(STORAGE_KEY, value ? "1" : "0");
}
