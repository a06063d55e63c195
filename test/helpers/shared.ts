import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { rgbImage, type RgbImage } from '../../src/image/image.js';

/** ../shared beside the checkout: real weights and photographs, never copied into the project. */
export const SHARED = resolve(process.cwd(), '../shared');
export const MODELS = `${SHARED}/models`;
export const IMAGES = `${SHARED}/images`;
export const hasShared = existsSync(`${MODELS}/bvlc_googlenet/deploy.prototxt`);

export async function photo(name: string, width: number, height: number): Promise<RgbImage> {
  const { data } = await sharp(`${IMAGES}/${name}`).removeAlpha().resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  return rgbImage(
    width,
    height,
    Float32Array.from(data, (v) => v / 255),
  );
}

export function topClasses(probabilities: Float32Array, count = 3): number[] {
  return [...probabilities]
    .map((p, i) => [p, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, count)
    .map(([, i]) => i);
}
