import { describe, expect, it } from 'vitest';
import { blendByMask, featherMask, mask, maskCoverage, maskFromImage, resizeMask } from '../../src/image/mask.js';
import { shapeMask } from '../../src/flow/mask-shape.js';
import { motionWeights, nextMotionMask, warpMask } from '../../src/flow/motion-mask.js';
import { showMask } from '../../src/image/mask-overlay.js';
import { rgbImage } from '../../src/image/image.js';
import { parseMaskOptions, splitRegion } from '../../src/options/mask.js';
import type { FlowField } from '../../src/flow/flow-field.js';

const [W, H] = [40, 30];
/** 1 where x < split, else 0. */
const leftHalf = (split = 20) =>
  mask(
    W,
    H,
    Float32Array.from({ length: W * H }, (_, p) => (p % W < split ? 1 : 0)),
  );
/** A square of `size` at (x0, y0) moving by (dx, 0): the backward flow points where each pixel was. */
function squareFlow(x0: number, y0: number, size: number, dx: number): FlowField {
  const data = new Float32Array(W * H * 2);
  for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) data[(y * W + x) * 2] = -dx;
  return { width: W, height: H, data };
}
const square = (x0: number, y0: number, size: number) =>
  mask(
    W,
    H,
    Float32Array.from({ length: W * H }, (_, p) => (p % W >= x0 && p % W < x0 + size && Math.floor(p / W) >= y0 && Math.floor(p / W) < y0 + size ? 1 : 0)),
  );

describe('mask maths', () => {
  it('blends by the mask: the base exactly where 0, the dream exactly where 1', () => {
    const base = rgbImage(W, H, new Float32Array(W * H * 3).fill(0.2));
    const dream = rgbImage(
      W,
      H,
      Float32Array.from({ length: W * H * 3 }, (_, i) => (i % 7) / 7),
    );
    const out = blendByMask(base, dream, leftHalf());
    for (let p = 0; p < W * H; p++) for (let c = 0; c < 3; c++) expect(out.data[p * 3 + c]).toBe(p % W < 20 ? dream.data[p * 3 + c] : base.data[p * 3 + c]);
  });

  it("feathers a hard edge into a smooth ramp that keeps the mask's share and its far sides", () => {
    const soft = featherMask(leftHalf(), 4);
    const row = Array.from(soft.data.subarray(10 * W, 11 * W));
    expect(maskCoverage(soft)).toBeCloseTo(0.5, 2);
    expect(row[0]).toBeCloseTo(1, 5);
    expect(row[W - 1]).toBeCloseTo(0, 5);
    for (let x = 1; x < W; x++) expect(row[x]!).toBeLessThanOrEqual(row[x - 1]! + 1e-6);
    expect(row[19]! > 0.5 && row[20]! < 0.5 && row[17]! < 1 && row[22]! > 0).toBe(true);
  });

  it('thresholds, then inverts, then feathers; reads grey levels as weights; resizes', () => {
    const grey = mask(
      W,
      H,
      Float32Array.from({ length: W * H }, (_, p) => (p % W) / W),
    );
    const hard = shapeMask(grey, { threshold: 0.5, invert: true, feather: 0 });
    expect(hard.data[10 * W + 5]).toBe(1);
    expect(hard.data[10 * W + 30]).toBe(0);
    expect(maskFromImage(rgbImage(1, 1, Float32Array.of(1, 1, 1))).data[0]).toBeCloseTo(1, 5);
    expect(maskFromImage(rgbImage(1, 1, Float32Array.of(0, 0, 0))).data[0]).toBe(0);
    const small = resizeMask(leftHalf(), 20, 15);
    expect([small.width, small.height, small.data[0], small.data[19]]).toEqual([20, 15, 1, 0]);
  });

  it("marks what moves from the flow, and carries last frame's mask along it without a trail", () => {
    const flow = squareFlow(16, 10, 8, 8);
    const now = motionWeights(flow);
    expect(now.data[14 * W + 20]).toBe(1);
    expect(now.data[14 * W + 5]).toBe(0);
    // Last frame the square was 8 px to the left: warped along the flow it lands where it is now.
    expect(warpMask(square(8, 10, 8), flow).data[14 * W + 20]).toBe(1);
    const smoothed = nextMotionMask(flow, square(8, 10, 8));
    expect(smoothed.data[14 * W + 20]).toBe(1);
    // Where it was and is no longer (x 8-15): nothing a few pixels behind it, not half.
    expect(smoothed.data[14 * W + 9]).toBeLessThan(0.01);
    expect(smoothed.data[14 * W + 12]).toBeLessThan(0.1);
  });

  it('shows the mask: untouched inside, tinted outside, a yellow line on the edge', () => {
    const picture = rgbImage(W, H, new Float32Array(W * H * 3).fill(0.5));
    const shown = showMask(picture, leftHalf());
    expect(Array.from(shown.data.subarray((10 * W + 5) * 3, (10 * W + 5) * 3 + 3))).toEqual([0.5, 0.5, 0.5]);
    expect(shown.data[(10 * W + 30) * 3 + 2]!).toBeGreaterThan(shown.data[(10 * W + 30) * 3]!);
    expect(Array.from(shown.data.subarray((10 * W + 19) * 3, (10 * W + 19) * 3 + 3)).map((v) => +v.toFixed(2))).toEqual([1, 0.85, 0.1]);
  });

  it("parses the mask options with the project's messages", () => {
    const parsed = parseMaskOptions({ mask: 'a.png', maskFeather: '3', maskInvert: true, region: ['sky.png=inception_4d/output[139]', 'a=b=c'] });
    expect(parsed).toEqual({ mask: 'a.png', maskFeather: 3, maskInvert: true, showMask: false, region: ['sky.png=inception_4d/output[139]', 'a=b=c'] });
    // Regions stay text once parsed (a farm job's options parse back to themselves) and split at the last `=`.
    expect(parseMaskOptions(parsed)).toEqual(parsed);
    expect(parsed.region.map(splitRegion)).toEqual([
      { mask: 'sky.png', spec: 'inception_4d/output[139]' },
      { mask: 'a=b', spec: 'c' },
    ]);
    expect(() => parseMaskOptions({ maskFeather: 'soft' })).toThrow('Expected a number between 0 and 256 for --mask-feather but received "soft"');
    expect(() => parseMaskOptions({ maskThreshold: 2 })).toThrow('Expected a number between 0 and 1 for --mask-threshold but received 2');
    expect(() => parseMaskOptions({ region: ['=x'] })).toThrow('for --region but received "=x"');
  });
});
