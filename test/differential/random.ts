/**
 * A small seeded PRNG and the draws the generator makes with it, so every case replays exactly.
 */

export type Rng = () => number

/** mulberry32: tiny, fast, and good enough to spread cases; not for anything secret. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Each case gets its own stream, so case N does not depend on how cases 0…N-1 were drawn. */
export function caseRng(seed: number, index: number): Rng {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d)
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return mulberry32(h ^ (h >>> 16))
}

export function int(rng: Rng, n: number): number {
  return Math.floor(rng() * n)
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p
}

export function pick<T>(rng: Rng, list: readonly T[]): T {
  const item = list[int(rng, list.length)]
  if (item === undefined) throw new Error('pick from an empty list')
  return item
}

export function some<T>(rng: Rng, min: number, max: number, draw: () => T): T[] {
  return Array.from({ length: min + int(rng, max - min + 1) }, draw)
}

export function unique<T>(list: readonly T[]): T[] {
  return [...new Set(list)]
}
