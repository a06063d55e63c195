import { addScaled, rgbImage, type RgbImage } from '../../image/image.js';
import { warpBackward } from '../../flow/warp.js';
import type { Motion } from './frames.js';

/**
 * Where the next frame's dream starts: its source plus what the dream added to the previous
 * frame (dreamed - source), carried along the flow, scaled by `blend` and faded out where the
 * flow is not trusted. Only the residual travels, never the whole dreamed picture, so nothing
 * accumulates and brightens over time (the drift of older tools that blend whole frames).
 */
export function warpPreviousDream(source: RgbImage, previousSource: RgbImage, previousDream: RgbImage, motion: Motion, blend: number): RgbImage {
  const residual = rgbImage(previousDream.width, previousDream.height, addScaled(previousDream.data, previousSource.data, -1));
  const carried = warpBackward(residual, motion.backward);
  const out = new Float32Array(source.data.length);
  for (let p = 0; p < motion.trust.length; p++) {
    const k = blend * motion.trust[p]!;
    for (let c = 0; c < 3; c++) {
      const i = p * 3 + c;
      out[i] = Math.min(1, Math.max(0, source.data[i]! + k * carried.data[i]!));
    }
  }
  return rgbImage(source.width, source.height, out);
}
