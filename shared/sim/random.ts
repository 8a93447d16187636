/**
 * The simulation's only source of randomness: a seeded PRNG with named streams.
 *
 * Each subsystem (raft, scheduler, traffic, …) draws from its own stream so that
 * adding a draw in one subsystem does not shift the numbers another one sees;
 * that keeps replays and recorded leaderboard runs stable as the game grows.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, from PractRand),
 * seeded through splitmix32. 32-bit integer arithmetic only, so every JS engine
 * produces the same sequence.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). `n` must be a positive integer. */
  int(n: number): number;
  /** An integer in [min, max] inclusive. */
  intBetween(min: number, max: number): number;
  /** The generator's internal state, to snapshot and restore a world. */
  save(): RandomState;
}

export type RandomState = readonly [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over a string: turns a stream name into a 32-bit salt. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

class Sfc32 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RandomState) {
    // Held as int32 so V8 keeps them unboxed; the sequence is the same as with uint32.
    this.a = state[0] | 0;
    this.b = state[1] | 0;
    this.c = state[2] | 0;
    this.d = state[3] | 0;
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0)
      throw new RangeError(`Random.int: n must be a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  intBetween(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  save(): RandomState {
    // `a` was always held as int32; the others as uint32.
    return [this.a, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }
}

/** A generator seeded from `seed`, optionally salted by a stream name. */
export function createRandom(seed: number, stream = ""): Random {
  const mix = splitmix32((seed ^ fnv1a(stream)) >>> 0);
  const rng = new Sfc32([mix(), mix(), mix(), mix()]);
  // Discard the first outputs, as sfc32's author recommends, to decorrelate nearby seeds.
  for (let i = 0; i < 12; i++) rng.next();
  return rng;
}

/** A generator resumed from a saved state. */
export function restoreRandom(state: RandomState): Random {
  return new Sfc32(state);
}
