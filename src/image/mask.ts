/**
 * A mask: one weight per pixel in [0, 1], how much to dream there (1 full, 0 none). Pure
 * arithmetic on plain arrays, shared by the dream (per-pixel weight), the flow (masks from
 * motion) and the pipeline (mask pictures and videos).
 */
import { lumaAt, rgbImage, type RgbImage } from './image.js';

export interface Mask {
  readonly width: number;
  readonly height: number;
  /** One weight per pixel, row-major. */
  readonly data: Float32Array;
}

export function mask(width: number, height: number, data: Float32Array = new Float32Array(width * height)): Mask {
  return { width, height, data };
}

/** Grey levels of a picture (Rec. 601 luma) as weights: white dreams fully, black not at all. */
export function maskFromImage(image: RgbImage): Mask {
  const out = new Float32Array(image.width * image.height);
  const d = image.data;
  for (let p = 0; p < out.length; p++) out[p] = Math.min(1, Math.max(0, lumaAt(d, p * 3)));
  return mask(image.width, image.height, out);
}

/** Bilinear resampling with pixel centres aligned, as resizeImage. */
export function resizeMask(m: Mask, width: number, height: number): Mask {
  if (m.width === width && m.height === height) return m;
  const out = new Float32Array(width * height);
  const sx = m.width / width;
  const sy = m.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), m.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, m.height - 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), m.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, m.width - 1);
      const tx = fx - x0;
      const top = m.data[y0 * m.width + x0]! * (1 - tx) + m.data[y0 * m.width + x1]! * tx;
      const bottom = m.data[y1 * m.width + x0]! * (1 - tx) + m.data[y1 * m.width + x1]! * tx;
      out[y * width + x] = top * (1 - ty) + bottom * ty;
    }
  }
  return mask(width, height, out);
}

export const invertMask = (m: Mask): Mask =>
  mask(
    m.width,
    m.height,
    m.data.map((v) => 1 - v),
  );

/** Hard edge at `level`: a grey, noisy or compressed mask picture becomes two clean regions. */
export const thresholdMask = (m: Mask, level: number): Mask =>
  mask(
    m.width,
    m.height,
    m.data.map((v) => (v >= level ? 1 : 0)),
  );

/** One line of a separable blur: `count` samples `stride` apart from `from`, edges clamped (only near the ends). */
function blurLine(src: Float32Array, dst: Float32Array, from: number, stride: number, count: number, k: Float32Array, r: number): void {
  for (let i = 0; i < count; i++) {
    let acc = 0;
    if (i >= r && i < count - r) for (let j = -r, at = from + (i - r) * stride; j <= r; j++, at += stride) acc += k[j + r]! * src[at]!;
    else for (let j = -r; j <= r; j++) acc += k[j + r]! * src[from + Math.min(count - 1, Math.max(0, i + j)) * stride]!;
    dst[from + i * stride] = acc;
  }
}

/** Separable Gaussian blur of one channel, edges clamped: a soft edge of about `radius` px. */
export function featherMask(m: Mask, radius: number): Mask {
  if (radius <= 0) return m;
  const sigma = radius / 2;
  const r = Math.ceil(radius * 1.5);
  const k = new Float32Array(2 * r + 1).map((_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((s, v) => s + v, 0);
  k.forEach((v, i) => (k[i] = v / sum));
  const { width: w, height: h } = m;
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) blurLine(m.data, tmp, y * w, 1, w, k, r);
  for (let x = 0; x < w; x++) blurLine(tmp, out, x, w, h, k, r);
  return mask(w, h, out);
}

/** The mean weight: 0 for an all-black mask (nothing will dream), 1 for all white. */
export function maskCoverage(m: Mask): number {
  let sum = 0;
  for (let i = 0; i < m.data.length; i++) sum += m.data[i]!;
  return sum / Math.max(1, m.data.length);
}

/**
 * base + weight × (dreamed − base): where the weight is 0 the base comes back exactly, where it
 * is 1 the dream is untouched. Resizes the mask to the pictures when it was made for another size.
 */
export function blendByMask(base: RgbImage, dreamed: RgbImage, m: Mask): RgbImage {
  const w = resizeMask(m, base.width, base.height).data;
  const out = new Float32Array(base.data.length);
  for (let p = 0; p < w.length; p++)
    for (let c = 0; c < 3; c++) {
      const i = p * 3 + c;
      out[i] = w[p]! === 0 ? base.data[i]! : base.data[i]! + w[p]! * (dreamed.data[i]! - base.data[i]!);
    }
  return rgbImage(base.width, base.height, out);
}

/** The pixel-wise product of two masks (a region inside another). */
export const multiplyMasks = (a: Mask, b: Mask): Mask => {
  const bb = resizeMask(b, a.width, a.height).data;
  return mask(
    a.width,
    a.height,
    a.data.map((v, i) => v * bb[i]!),
  );
};
