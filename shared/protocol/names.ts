/**
 * Display names for players and teams: 1–24 characters of letters (any script,
 * so Hangul works), digits, spaces and `-_.'`, trimmed, no control characters.
 * Names are always rendered as text, never as markup.
 */
export const MAX_NAME_LENGTH = 24;

const DISPLAY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.'-]*$/u;

export function isDisplayName(value: unknown): value is string {
  return (
    typeof value === "string" &&
    // A code point is at most two UTF-16 units: a longer string is refused before it is walked.
    value.length <= MAX_NAME_LENGTH * 2 &&
    value === value.trim() &&
    [...value].length <= MAX_NAME_LENGTH &&
    DISPLAY_NAME.test(value)
  );
}
