/**
 * plugins/helper: DefaultNormalizeScore, shared by the plugins that scale raw counts to 0–100.
 */

// framework.MaxNodeScore and MinNodeScore (framework/interface.go).
export const maxNodeScore = 100;
export const minNodeScore = 0;

/**
 * helper.DefaultNormalizeScore: score·100/max (integer division); when reversed, 100 minus
 * that. All zeros stay 0, or become 100 when reversed.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: number[]): void {
  let maxCount = 0;
  for (const s of scores) if (s > maxCount) maxCount = s;
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let score = Math.trunc((maxPriority * (scores[i] as number)) / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}
