import { colors } from "./theme.ts";

/**
 * The colours a service's lines take on the debrief's charts: neither the breach band's (danger)
 * nor the target line's (healthy).
 */
export const SERVICE_PALETTE = [
  colors.accent,
  colors.memory,
  colors.starting,
  colors.cpu,
  colors.highlight,
] as const;

/**
 * Each service's colour, a function of its name (FNV-1a over its characters picks a slot), so `web`
 * keeps its colour from one debrief to the next whatever order the round ranks the services in. Two
 * names on one slot: the later by name takes the next free one, so one chart never draws two services
 * alike while there are colours to spare.
 */
export function serviceColors(names: readonly string[]): Map<string, number> {
  const taken = new Set<number>();
  const assigned = new Map<string, number>();
  for (const name of [...new Set(names)].sort()) {
    let slot = fnv1a(name) % SERVICE_PALETTE.length;
    for (let tries = 0; taken.has(slot) && tries < SERVICE_PALETTE.length; tries++)
      slot = (slot + 1) % SERVICE_PALETTE.length;
    taken.add(slot);
    if (taken.size >= SERVICE_PALETTE.length) taken.clear();
    assigned.set(name, SERVICE_PALETTE[slot]!);
  }
  return assigned;
}

/** 32-bit FNV-1a (http://www.isthe.com/chongo/tech/comp/fnv/): a small, well-spread string hash. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
