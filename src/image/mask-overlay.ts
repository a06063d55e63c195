import { rgbImage, type RgbImage } from './image.js';
import { resizeMask, type Mask } from './mask.js';

const TINT = [0.1, 0.25, 0.75] as const;
const OUTLINE = [1, 0.85, 0.1] as const;

/** Whether pixel p is on the mask's half-way line: at or above 0.5 with a 4-neighbour below it. */
function onEdge(w: Float32Array, width: number, height: number, p: number): boolean {
  if (w[p]! < 0.5) return false;
  const x = p % width;
  const y = (p - x) / width;
  return (x > 0 && w[p - 1]! < 0.5) || (x < width - 1 && w[p + 1]! < 0.5) || (y > 0 && w[p - width]! < 0.5) || (y < height - 1 && w[p + width]! < 0.5);
}

/**
 * The picture with its mask shown, to check the alignment before a long render: what will not
 * dream tinted blue in proportion, the mask's half-way line drawn in yellow.
 */
export function showMask(image: RgbImage, m: Mask): RgbImage {
  const { width, height } = image;
  const w = resizeMask(m, width, height).data;
  const out = new Float32Array(image.data.length);
  for (let p = 0; p < w.length; p++) {
    const edge = onEdge(w, width, height, p);
    const away = 0.6 * (1 - w[p]!);
    for (let c = 0; c < 3; c++) out[p * 3 + c] = edge ? OUTLINE[c]! : image.data[p * 3 + c]! * (1 - away) + TINT[c]! * away;
  }
  return rgbImage(width, height, out);
}
