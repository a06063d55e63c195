import { rgbImage, type RgbImage } from '../image/image.js';

/**
 * Keeps the source's colours and takes only the dream's luminance (BT.601 YCbCr), the
 * "original colors" option of neural-style and deepdream tools.
 */
export function keepOriginalColors(dreamed: RgbImage, source: RgbImage): RgbImage {
  const d = dreamed.data;
  const s = source.data;
  const out = new Float32Array(d.length);
  for (let i = 0; i < d.length; i += 3) {
    const y = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
    const cb = -0.168736 * s[i]! - 0.331264 * s[i + 1]! + 0.5 * s[i + 2]!;
    const cr = 0.5 * s[i]! - 0.418688 * s[i + 1]! - 0.081312 * s[i + 2]!;
    out[i] = Math.min(1, Math.max(0, y + 1.402 * cr));
    out[i + 1] = Math.min(1, Math.max(0, y - 0.344136 * cb - 0.714136 * cr));
    out[i + 2] = Math.min(1, Math.max(0, y + 1.772 * cb));
  }
  return rgbImage(dreamed.width, dreamed.height, out);
}
