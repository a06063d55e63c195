/** How fast a smoothed feature follows a rise (attack) and a fall (decay), in seconds; 0 follows at once. */
export interface Smoothing {
  readonly attack: number;
  readonly decay: number;
}

/** The share of the gap closed in one frame by a one-pole follower with this time constant. */
const step = (seconds: number, fps: number): number => (seconds <= 0 ? 1 : 1 - Math.exp(-1 / (seconds * fps)));

/**
 * An envelope follower, as in a compressor's detector: rises with the attack time constant and
 * falls with the decay one. A fast attack and a slow decay keep a kick's punch and let it ring.
 */
export function smoothed(values: Float32Array, fps: number, { attack, decay }: Smoothing): Float32Array {
  const [up, down] = [step(attack, fps), step(decay, fps)];
  const out = new Float32Array(values.length);
  let level = values[0] ?? 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    level += (v - level) * (v > level ? up : down);
    out[i] = level;
  }
  return out;
}
