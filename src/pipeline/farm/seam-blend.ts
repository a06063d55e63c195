import { rgbImage, type RgbImage } from '../../image/image.js';

/** How the frames around a seam go from the left chunk's dream to the right chunk's. */
export const SEAM_BLENDS = ['residual', 'plain'] as const;
export type SeamBlend = (typeof SEAM_BLENDS)[number];

/** Share of the right chunk's dream in each of the `frames` frames of a seam: an even ramp, neither end reached. */
export function seamWeights(frames: number): number[] {
  return Array.from({ length: frames }, (_, i) => (i + 1) / (frames + 1));
}

function meanAbsResidual(image: RgbImage, source: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < image.data.length; i++) sum += Math.abs(image.data[i]! - source.data[i]!);
  return sum / image.data.length;
}

/**
 * One frame of a seam: the left chunk's and the right chunk's dream of the same source frame,
 * `w` of the right. 'plain' mixes the pictures; 'residual' mixes what each dream added to the
 * source (dreamed - source) and rescales the mix to the strength between theirs: two unrelated
 * dream patterns half and half are weaker than either (they partly cancel), which a viewer sees
 * as the dream fading at every seam.
 */
export function blendSeamFrame(source: RgbImage, left: RgbImage, right: RgbImage, w: number, how: SeamBlend = 'residual'): RgbImage {
  const { width, height } = source;
  const mixed = new Float32Array(source.data.length);
  for (let i = 0; i < mixed.length; i++) mixed[i] = (1 - w) * (left.data[i]! - source.data[i]!) + w * (right.data[i]! - source.data[i]!);
  let k = 1;
  if (how === 'residual') {
    const target = (1 - w) * meanAbsResidual(left, source) + w * meanAbsResidual(right, source);
    let sum = 0;
    for (let i = 0; i < mixed.length; i++) sum += Math.abs(mixed[i]!);
    k = target / Math.max(1e-6, sum / mixed.length);
  }
  for (let i = 0; i < mixed.length; i++) mixed[i] = Math.min(1, Math.max(0, source.data[i]! + k * mixed[i]!));
  return rgbImage(width, height, mixed);
}
