// Deterministic bucketing: FNV-1a 32-bit, the same function on every device and in the simulator.

/**
 * FNV-1a 32-bit over the UTF-16 code units of `text` (offset basis 2166136261, prime 16777619).
 * @example fnv1a32('a') === 0xe40c292c
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    // Math.imul keeps the multiply in 32 bits; a float multiply would lose the low bits.
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A uniform number in [0, 1) fixed by (seed, key): `fnv1a32(seed + ":" + key) / 2^32`.
 * Different seeds give independent buckets, so an experiment's arm says nothing about the holdout.
 * @example bucket('hero-test', deviceKey) < 0.5
 */
export function bucket(seed: string, key: string): number {
  return fnv1a32(`${seed}:${key}`) / 4294967296;
}

/**
 * A random device key (128 bits, hex). It stays on the device and is never sent.
 * @example const key = newDeviceKey()
 */
export function newDeviceKey(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
