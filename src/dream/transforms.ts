import { rgbImage, type RgbImage } from '../image/image.js';
import { randomInt, type Random } from './random.js';

/**
 * A random transform applied to the image before the gradient is taken, and undone on the
 * gradient after (lucid's transforms; google/deepdream's jitter). Each step draws a new one.
 */
export interface StepTransform {
  apply(image: RgbImage): RgbImage;
  /** Maps a gradient of the transformed image back onto the original. */
  undo(gradient: Float32Array, width: number, height: number): Float32Array;
  /** Present when the transform only reorders rows and columns: apply(img)[y][x] = img[rows[y]][cols[x]]. */
  axes?(width: number, height: number): AxisMaps;
}

/** Source row of each output row, source column of each output column. */
export interface AxisMaps {
  readonly rows: Int32Array;
  readonly cols: Int32Array;
}

const identityMap = (n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => i);
/** Where each index of a roll by `shift` comes from. */
const rollMap = (n: number, shift: number): Int32Array => identityMap(n).map((i) => (((i - shift) % n) + n) % n);
export type TransformFactory = (random: Random) => StepTransform;

/** Circular shift by (dx, dy), HWC. */
export function roll(data: Float32Array, width: number, height: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(data.length);
  const sx = ((dx % width) + width) % width;
  const sy = ((dy % height) + height) % height;
  for (let y = 0; y < height; y++) {
    const ty = (y + sy) % height;
    const row = y * width * 3;
    const trow = ty * width * 3;
    // Two contiguous copies per row instead of a per-pixel modulo.
    out.set(data.subarray(row, row + (width - sx) * 3), trow + sx * 3);
    out.set(data.subarray(row + (width - sx) * 3, row + width * 3), trow);
  }
  return out;
}

/** Mirror left-right, HWC. */
export function flipHorizontal(data: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = (y * width + (width - 1 - x)) * 3;
      out[d] = data[s]!;
      out[d + 1] = data[s + 1]!;
      out[d + 2] = data[s + 2]!;
    }
  return out;
}

/** Random roll of up to `pixels` each way: no position of the network grid stays fixed, so no grid shows. */
export const jitter =
  (pixels: number): TransformFactory =>
  (random) => {
    const dx = randomInt(random, -pixels, pixels);
    const dy = randomInt(random, -pixels, pixels);
    return {
      apply: (img) => rgbImage(img.width, img.height, roll(img.data, img.width, img.height, dx, dy)),
      undo: (g, w, h) => roll(g, w, h, -dx, -dy),
      axes: (w, h) => ({ rows: rollMap(h, dy), cols: rollMap(w, dx) }),
    };
  };

/** Mirrors half of the steps at random, so features don't take one handedness. */
export const randomFlip = (): TransformFactory => (random) => {
  const flip = random() < 0.5;
  return {
    apply: (img) => (flip ? rgbImage(img.width, img.height, flipHorizontal(img.data, img.width, img.height)) : img),
    undo: (g, w, h) => (flip ? flipHorizontal(g, w, h) : g),
    axes: (w, h) => ({ rows: identityMap(h), cols: flip ? identityMap(w).reverse() : identityMap(w) }),
  };
};

/** Applies transforms in order and undoes them in reverse. */
export function composeTransforms(factories: readonly TransformFactory[], random: Random): StepTransform {
  const steps = factories.map((f) => f(random));
  return {
    apply: (img) => steps.reduce((acc, t) => t.apply(acc), img),
    undo: (g, w, h) => steps.reduceRight((acc, t) => t.undo(acc, w, h), g),
    ...(steps.every((t) => t.axes !== undefined) && {
      // Applying a then b reads a's output at b's map: composed[y] = a[b[y]].
      axes: (w: number, h: number): AxisMaps =>
        steps.reduce<AxisMaps>(
          (acc, t) => {
            const next = t.axes!(w, h);
            return { rows: next.rows.map((r) => acc.rows[r]!), cols: next.cols.map((c) => acc.cols[c]!) };
          },
          { rows: identityMap(h), cols: identityMap(w) },
        ),
    }),
  };
}
