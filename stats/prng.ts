// A seeded pseudo-random generator for simulations and tests: same seed, same stream, on every runtime.

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Mulberry32: 32-bit state, fast, and good enough for Monte Carlo checks (not for anything secret).
 * @example const rng = mulberry32(42); rng() // 0.6011037519201636
 */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
