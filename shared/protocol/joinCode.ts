// No 0/O, 1/I/L: a code read aloud across a workshop room or copied from a projector must survive.
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** Accepts what people type — any case, spaces, a missing dash — and returns `KQ7-M2P`, or null. */
export function normalizeJoinCode(input: string): string | null {
  const letters = input.toUpperCase().replace(/[\s-]/g, "");
  if (letters.length !== 6 || [...letters].some((c) => !JOIN_CODE_ALPHABET.includes(c))) return null;
  return `${letters.slice(0, 3)}-${letters.slice(3)}`;
}
