/**
 * Display names for players and teams: 1–24 characters of letters (any script,
 * so Hangul works), digits, spaces and `-_.'`, trimmed, no control characters.
 * Names are always rendered as text, never as markup.
 *
 * A name is taken in Unicode's NFKC form (a fullwidth "Ｈｏｓｔ" is "Host"), and may not mix Latin,
 * Cyrillic and Greek letters: those scripts share look-alikes (Cyrillic "Н" and "о" beside Latin
 * "st" pass for "Host"). `nameKey` folds look-alikes together, so a board or a workshop holds one
 * "Host" however it is spelled (issue 18, item 14).
 */
import { z } from "zod";

export const MAX_NAME_LENGTH = 24;

const DISPLAY_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.'-]*$/u;

/** A name as the server keeps it: NFKC (Unicode Standard Annex #15), which folds compatibility forms. */
export function normalizeName(value: string): string {
  return value.normalize("NFKC");
}

export function isDisplayName(value: unknown): value is string {
  return displayNameProblem(value) === null;
}

/** Why `value` is not a display name, in words (null: it is one). */
export function displayNameProblem(value: unknown): string | null {
  // A code point is at most two UTF-16 units: a longer string is refused before it is walked
  // (NFKC may lengthen a string, at most 18-fold, so the check is made again after it).
  if (typeof value !== "string" || value.length > MAX_NAME_LENGTH * 2)
    return `must be 1–${MAX_NAME_LENGTH} letters, digits, spaces or -_.' (no markup)`;
  const name = normalizeName(value);
  if (
    name !== name.trim() ||
    name.length > MAX_NAME_LENGTH * 2 ||
    [...name].length > MAX_NAME_LENGTH ||
    !DISPLAY_NAME.test(name)
  )
    return `must be 1–${MAX_NAME_LENGTH} letters, digits, spaces or -_.' (no markup)`;
  const scripts = LOOK_ALIKE_SCRIPTS.filter(([, letters]) => letters.test(name)).map(([script]) => script);
  if (scripts.length > 1)
    return `mixes ${scripts.join(" and ")} letters, which look alike: write it in one of them`;
  return null;
}

const LOOK_ALIKE_SCRIPTS: readonly (readonly [string, RegExp])[] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
];

/**
 * Cyrillic and Greek letters that look like Latin ones, and digits that look like letters, mapped to
 * the Latin letter they pass for: the Latin/Cyrillic/Greek part of Unicode's confusables
 * (UTS #39, Unicode Security Mechanisms, confusables.txt, version 16.0.0), lowercase.
 */
const LOOK_ALIKES = new Map<string, string>(
  Object.entries({
    // Cyrillic
    а: "a",
    в: "b",
    е: "e",
    ё: "e",
    з: "3",
    к: "k",
    м: "m",
    н: "h",
    о: "o",
    р: "p",
    с: "c",
    т: "t",
    у: "y",
    х: "x",
    ѕ: "s",
    і: "l",
    ї: "l",
    ј: "j",
    һ: "h",
    ԁ: "d",
    ԛ: "q",
    ԝ: "w",
    ӏ: "l",
    ь: "b",
    // Greek
    α: "a",
    β: "b",
    γ: "y",
    ε: "e",
    ζ: "z",
    η: "n",
    ι: "l",
    κ: "k",
    μ: "u",
    ν: "v",
    ο: "o",
    ρ: "p",
    σ: "o",
    τ: "t",
    υ: "u",
    χ: "x",
    ω: "w",
    // Latin and digits
    "0": "o",
    "1": "l",
    i: "l",
  }),
);

/** Capitals that look like Latin capitals (Greek Η is H, though its small η is n), folded before case. */
const CAPITAL_LOOK_ALIKES = new Map<string, string>(
  [..."АВЕКМНОРСТУХЅІЈΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"].map((c, i) => [c, "ABEKMHOPCTYXSIJABEZHIKMNOPTYX"[i]!]),
);

/**
 * The key two names share when people would take one for the other: NFKC, look-alike capitals
 * folded, lowercase, look-alike letters and digits folded to Latin, spaces collapsed (UTS #39's
 * skeleton, for the scripts above).
 */
export function nameKey(name: string): string {
  let capitals = "";
  for (const c of normalizeName(name).replace(/\s+/g, " ")) capitals += CAPITAL_LOOK_ALIKES.get(c) ?? c;
  let key = "";
  for (const c of capitals.toLowerCase()) key += LOOK_ALIKES.get(c) ?? c;
  return key;
}

/** A display name from untrusted input, said why when refused, kept in its NFKC form. */
export const displayNameSchema = z
  .string()
  .check((ctx) => {
    const problem = displayNameProblem(ctx.value);
    if (problem !== null) ctx.issues.push({ code: "custom", message: problem, input: ctx.value });
  })
  .transform(normalizeName);
