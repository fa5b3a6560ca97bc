// A device key the demo shop's SDK can be given in a test, chosen with the SDK's own assignment functions so the
// shopper is outside the global holdout and in the experiment arm the test needs.
import type { DeviceConfig, Experiment } from '../../protocol/index.ts';
import { bucket, inGlobalHoldout, weightedArm } from '../../client-sdk/src/experiments/index.ts';

/** The 16 key bytes (the SDK's key is their hex) of the first key that lands in `arm` of `experiment`. */
export function keyBytesForArm(config: Pick<DeviceConfig, 'site' | 'globalHoldout'>, experiment: Experiment, arm: string): number[] {
  for (let i = 0; i < 100_000; i++) {
    const bytes = Array.from({ length: 16 }, (_, j) => (j < 12 ? 0xab : (i >> (8 * (15 - j))) & 0xff));
    const key = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
    const seed = `${experiment.seed ?? experiment.id}:v${experiment.version}`;
    if (!inGlobalHoldout(config as DeviceConfig, key) && weightedArm(experiment.arms, bucket(seed, key)).id === arm) return bytes;
  }
  throw new Error(`no device key lands in arm ${arm}`);
}

/**
 * An init script that makes the SDK's first 16-byte crypto.getRandomValues call (its new device key) return
 * `bytes`; every other call stays random.
 */
export function fixedDeviceKeyScript(bytes: number[]): string {
  return `(() => {
    const original = crypto.getRandomValues.bind(crypto);
    let used = false;
    crypto.getRandomValues = (array) => {
      if (!used && array instanceof Uint8Array && array.length === 16) { used = true; array.set(${JSON.stringify(bytes)}); return array; }
      return original(array);
    };
  })();`;
}
