import { resizeImage, rgbImage, type RgbImage } from '../image/image.js';

/**
 * Octave bases, smallest first: each a downscale of the one above by `scale`
 * (google/deepdream). Octaves that would be smaller than `minSide` are dropped.
 */
export function octaveBases(image: RgbImage, count: number, scale: number, minSide: number): RgbImage[] {
  const bases = [image];
  for (let i = 1; i < count; i++) {
    const prev = bases[0]!;
    const w = Math.round(prev.width / scale);
    const h = Math.round(prev.height / scale);
    if (Math.min(w, h) < minSide) break;
    bases.unshift(resizeImage(prev, w, h));
  }
  return bases;
}

/**
 * Lost-detail reinjection: what the dream added at the last octave (dreamed - base), resized
 * and added to the next, sharper base. The base carries the high frequencies the
 * downscaling removed; the detail carries the dream.
 */
export function reinjectDetail(base: RgbImage, previousDream: RgbImage | undefined, previousBase: RgbImage | undefined): RgbImage {
  if (!previousDream || !previousBase) return rgbImage(base.width, base.height, base.data.slice());
  const detail = rgbImage(
    previousDream.width,
    previousDream.height,
    previousDream.data.map((v, i) => v - previousBase.data[i]!),
  );
  const up = resizeImage(detail, base.width, base.height);
  return rgbImage(
    base.width,
    base.height,
    base.data.map((v, i) => v + up.data[i]!),
  );
}
