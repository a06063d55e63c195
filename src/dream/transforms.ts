import { rgbImage, type RgbImage } from './image.js';
import { randomInt, type Random } from './random.js';

/**
 * A random transform applied to the image before the gradient is taken, and undone on the
 * gradient after (lucid's transforms; google/deepdream's jitter). Each step draws a new one.
 */
export interface StepTransform {
  apply(image: RgbImage): RgbImage;
  /** Maps a gradient of the transformed image back onto the original. */
  undo(gradient: Float32Array, width: number, height: number): Float32Array;
  /** Present when the transform only rolls and mirrors: apply(img)[y][x] = img[sourceIndex(rows, y)][sourceIndex(cols, x)]. */
  axes?(width: number, height: number): AxisMaps;
}
export type TransformFactory = (random: Random) => StepTransform;

/** Source index of output index i along an axis of length n: (offset + sign·i) mod n, a roll and maybe a mirror. */
export interface AxisMap {
  readonly offset: number;
  readonly sign: 1 | -1;
}
export interface AxisMaps {
  readonly rows: AxisMap;
  readonly cols: AxisMap;
}

export const sourceIndex = (m: AxisMap, i: number, n: number): number => (((m.offset + m.sign * i) % n) + n) % n;
const unmoved: AxisMap = { offset: 0, sign: 1 };
/** Applying `first` then `then`: then's output index i reads first's output at then(i). */
const composeMaps = (first: AxisMap, then: AxisMap): AxisMap => ({ offset: first.offset + first.sign * then.offset, sign: (first.sign * then.sign) as 1 | -1 });

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
      axes: () => ({ rows: { offset: -dy, sign: 1 }, cols: { offset: -dx, sign: 1 } }),
    };
  };

/** Mirrors half of the steps at random, so features don't take one handedness. */
export const randomFlip = (): TransformFactory => (random) => {
  const flip = random() < 0.5;
  return {
    apply: (img) => (flip ? rgbImage(img.width, img.height, flipHorizontal(img.data, img.width, img.height)) : img),
    undo: (g, w, h) => (flip ? flipHorizontal(g, w, h) : g),
    axes: (w) => ({ rows: unmoved, cols: flip ? { offset: w - 1, sign: -1 } : unmoved }),
  };
};

/** Applies transforms in order and undoes them in reverse. */
export function composeTransforms(factories: readonly TransformFactory[], random: Random): StepTransform {
  const steps = factories.map((f) => f(random));
  return {
    apply: (img) => steps.reduce((acc, t) => t.apply(acc), img),
    undo: (g, w, h) => steps.reduceRight((acc, t) => t.undo(acc, w, h), g),
    ...(steps.every((t) => t.axes) && {
      axes: (w: number, h: number): AxisMaps =>
        steps.reduce<AxisMaps>((acc, t) => {
          const next = t.axes!(w, h);
          return { rows: composeMaps(acc.rows, next.rows), cols: composeMaps(acc.cols, next.cols) };
        }, { rows: unmoved, cols: unmoved }),
    }),
  };
}
