import type { DreamEngine, LossAndGradient } from './engine.js';
import { rgbImage, type RgbImage } from '../image/image.js';
import type { Objective } from './objectives/objective.js';

/** Splits `size` into near-equal spans of at most `tile` (few distinct sizes: engines cache per size). */
export function spans(size: number, tile: number): [start: number, length: number][] {
  const count = Math.ceil(size / tile);
  const length = Math.ceil(size / count);
  return Array.from({ length: count }, (_, i) => [i * length, Math.min(length, size - i * length)] as [number, number]).filter(([, l]) => l > 0);
}

function crop(image: RgbImage, x0: number, y0: number, w: number, h: number): RgbImage {
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) out.set(image.data.subarray(((y0 + y) * image.width + x0) * 3, ((y0 + y) * image.width + x0 + w) * 3), y * w * 3);
  return rgbImage(w, h, out);
}

/**
 * The gradient of a large image tile by tile, so memory is bounded by the tile size. The
 * caller rolls the image by a random offset each step, so tile seams never stay in place.
 */
export async function tiledLossAndGradient(engine: DreamEngine, image: RgbImage, objective: Objective, tileSize: number): Promise<LossAndGradient> {
  if (image.width <= tileSize && image.height <= tileSize) return engine.lossAndGradient(image, objective);
  const gradient = new Float32Array(image.data.length);
  let loss = 0;
  for (const [y0, h] of spans(image.height, tileSize))
    for (const [x0, w] of spans(image.width, tileSize)) {
      const part = await engine.lossAndGradient(crop(image, x0, y0, w, h), objective);
      loss += (part.loss * w * h) / (image.width * image.height);
      for (let y = 0; y < h; y++) gradient.set(part.gradient.subarray(y * w * 3, (y + 1) * w * 3), ((y0 + y) * image.width + x0) * 3);
    }
  return { loss, gradient };
}
