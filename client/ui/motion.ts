/**
 * Whether animations should be skipped: the player's setting, or the system's
 * `prefers-reduced-motion`. Tweens that only decorate (pulses, flying dots, zoom glides) check it
 * and jump to their end state instead.
 */
export function reducedMotion(): boolean {
  const saved = localStorage.getItem(MOTION_KEY);
  if (saved === "reduced") return true;
  if (saved === "full") return false;
  return window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
}

export const MOTION_KEY = "clusterCrisis.motion";
