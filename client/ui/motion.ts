/** The player's motion setting: follow the system's `prefers-reduced-motion`, or override it. */
export type MotionSetting = "system" | "reduced" | "full";
export const MOTION_SETTINGS: readonly MotionSetting[] = ["system", "reduced", "full"];

export const MOTION_KEY = "clusterCrisis.motion";

export function motionSetting(): MotionSetting {
  const saved = localStorage.getItem(MOTION_KEY);
  return saved === "reduced" || saved === "full" ? saved : "system";
}

export function setMotionSetting(next: MotionSetting): void {
  localStorage.setItem(MOTION_KEY, next);
}

/**
 * Whether animations should be skipped: the player's setting, or the system's
 * `prefers-reduced-motion`. Tweens that only decorate (pulses, flying dots, zoom glides, scene
 * fades) check it and jump to their end state instead.
 */
export function reducedMotion(): boolean {
  const setting = motionSetting();
  if (setting !== "system") return setting === "reduced";
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}
