import { rgbImage, type RgbImage } from '../../image/image.js';

/** How much of a carried frame's own change is kept, where the flow is trusted and where it is not (1: all). */
export interface KeptChange {
  readonly trusted: number;
  readonly untrusted: number;
}

/**
 * start + w (dreamed - start), w = trusted * trust + untrusted * (1 - trust), clamped to [0, 1]: a
 * step size per pixel, cheaper than a per-pixel step inside the ascent. Where the carried dream is
 * trusted it only needs keeping alive (every fresh change there is flicker, and a light hold pulls
 * towards the carried start like Ruder et al.'s temporal loss); where it is not, the ground is new
 * and should reach full strength at once instead of growing over the next frames.
 */
export function keepChange(start: RgbImage, dreamed: RgbImage, trust: Float32Array, keep: KeptChange): RgbImage {
  const out = new Float32Array(start.data.length);
  const [a, b] = [start.data, dreamed.data];
  for (let p = 0; p < trust.length; p++) {
    const w = keep.trusted * trust[p]! + keep.untrusted * (1 - trust[p]!);
    for (let i = p * 3; i < p * 3 + 3; i++) {
      const v = a[i]! + w * (b[i]! - a[i]!);
      out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
  return rgbImage(start.width, start.height, out);
}
