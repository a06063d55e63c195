import type { RgbImage } from '../image/image.js';
import { consistencyMask } from '../flow/consistency.js';
import { farnebackFlow } from '../flow/farneback.js';
import { warpBackward } from '../flow/warp.js';
import { decodeFrames } from './decode-frames.js';

export interface FlickerReport {
  /** Mean over frame pairs of the masked mean absolute warping error, in 0-255 units. */
  readonly warpingError: number;
  /** The same measure on the source itself: what motion and resampling alone cost. */
  readonly sourceWarpingError: number;
  readonly pairs: number;
  /** Dream strength: mean |output - source| over all frames, 0-255. Calm bought by a weaker dream shows up here. */
  readonly strength: number;
  /** Per frame: warping error (null for the first, which has no predecessor) and strength. */
  readonly frames: readonly { readonly warpingError: number | null; readonly strength: number }[];
}

/** Mean |a - b|, 0-255. */
function meanAbsLevels(a: RgbImage, b: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return (255 * sum) / a.data.length;
}

function maskedError(a: RgbImage, b: RgbImage, mask: Float32Array): number {
  let sum = 0;
  let weight = 0;
  for (let p = 0; p < mask.length; p++) {
    const m = mask[p]!;
    if (m === 0) continue;
    for (let c = 0; c < 3; c++) sum += m * Math.abs(a.data[p * 3 + c]! - b.data[p * 3 + c]!);
    weight += 3 * m;
  }
  return weight > 0 ? (255 * sum) / weight : 0;
}

/**
 * Temporal consistency as Lai et al. (ECCV 2018) measure it: each output frame compared with the
 * previous output frame warped by the flow of the *source* frames, occlusions masked out by the
 * forward-backward check. Lower is steadier; flicker shows up directly in it.
 */
export async function measureFlicker(output: string, source: string, width: number, height: number): Promise<FlickerReport> {
  const outputs = decodeFrames(output, { width, height });
  const sources = decodeFrames(source, { width, height });
  let prevOut: RgbImage | undefined;
  let prevSrc: RgbImage | undefined;
  let total = 0;
  let sourceTotal = 0;
  let pairs = 0;
  const frames: { warpingError: number | null; strength: number }[] = [];
  for (;;) {
    const [o, s] = await Promise.all([outputs.next(), sources.next()]);
    if (o.done || s.done) break;
    let warpingError: number | null = null;
    if (prevOut && prevSrc) {
      const backward = await farnebackFlow(s.value, prevSrc);
      const mask = consistencyMask(backward, await farnebackFlow(prevSrc, s.value));
      warpingError = maskedError(o.value, warpBackward(prevOut, backward), mask);
      total += warpingError;
      sourceTotal += maskedError(s.value, warpBackward(prevSrc, backward), mask);
      pairs++;
    }
    frames.push({ warpingError, strength: meanAbsLevels(o.value, s.value) });
    prevOut = o.value;
    prevSrc = s.value;
  }
  await Promise.all([outputs.return(undefined), sources.return(undefined)]);
  const strength = frames.reduce((sum, f) => sum + f.strength, 0) / Math.max(1, frames.length);
  return { warpingError: pairs ? total / pairs : 0, sourceWarpingError: pairs ? sourceTotal / pairs : 0, pairs, strength, frames };
}
