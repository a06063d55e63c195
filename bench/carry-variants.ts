/**
 * Carry variants of the carry study (bench/carry-study.ts) that are not the product's: wrappers
 * around a carry that change the trust it sees or the band make-up of what it carries.
 */
import { addScaled, rgbImage, type RgbImage } from '../src/image/image.js';
import { gaussianBlur } from '../src/dream/gradient-processing.js';
import type { Carry } from '../src/pipeline/operators/carry.js';
import type { Motion } from '../src/pipeline/operators/frames.js';

/** The carry, with every motion's trust replaced (for its start and its finish alike). */
export function withTrust(inner: Carry, trustOf: (m: Motion) => Float32Array): Carry {
  const seen = new WeakMap<Motion, Motion>();
  const swap = (m: Motion): Motion => seen.get(m) ?? (seen.set(m, { ...m, trust: trustOf(m) }), seen.get(m)!);
  return {
    ...inner,
    start: (source, motion, blend) => inner.start(source, swap(motion), blend),
    ...(inner.finish ? { finish: (start: RgbImage, dreamed: RgbImage, motion: Motion) => inner.finish!(start, dreamed, swap(motion)) } : {}),
  };
}

/** The trust mask's trusted region shrunk by `radius` px (a min filter): disocclusions widened. */
export function eroded(mask: Float32Array, width: number, height: number, radius: number): Float32Array {
  const out = new Float32Array(mask.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let v = 1;
      for (let dy = -radius; dy <= radius; dy++)
        for (let dx = -radius; dx <= radius; dx++)
          v = Math.min(v, mask[Math.min(height - 1, Math.max(0, y + dy)) * width + Math.min(width - 1, Math.max(0, x + dx))]!);
      out[y * width + x] = v;
    }
  return out;
}

const meanAbs = (v: Float32Array): number => v.reduce((s, x) => s + Math.abs(x), 0) / v.length;

/**
 * A Laplacian (two-band) carry: the carried residual split at a Gaussian of `sigma` px into a low
 * and a high band, each weighted, then brought back to the carried energy (the steady carry's
 * rescaling decides strength; the bands decide what kind of detail survives the warps).
 */
export function banded(inner: Carry, o: { sigma: number; low: number; high: number }): Carry {
  return {
    ...inner,
    start(source, motion, blend) {
      const { width, height } = source;
      const carried = addScaled(inner.start(source, motion, blend).data, source.data, -1);
      const low = gaussianBlur(carried, width, height, o.sigma);
      const mixed = carried.map((v, i) => o.low * low[i]! + o.high * (v - low[i]!));
      const k = meanAbs(carried) / Math.max(1e-6, meanAbs(mixed));
      return rgbImage(
        width,
        height,
        addScaled(source.data, mixed, k).map((v) => Math.min(1, Math.max(0, v))),
      );
    },
  };
}
