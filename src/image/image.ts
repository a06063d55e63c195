/**
 * Image primitives shared by every room (dream, flow, pipeline, tui): the RGB float picture,
 * sampling, resizing and small arithmetic. It imports nothing of the project.
 */
/** An RGB picture as floats in [0, 1], row-major HWC: the only image type the dream loop knows. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

export function rgbImage(width: number, height: number, data: Float32Array = new Float32Array(width * height * 3)): RgbImage {
  return { width, height, data };
}

export function cloneImage(image: RgbImage): RgbImage {
  return rgbImage(image.width, image.height, image.data.slice());
}

/** Bilinear sample of an HWC image at (x, y), edges clamped, into out[o..o+2]. */
export function sampleBilinear(image: RgbImage, x: number, y: number, out: Float32Array, o: number): void {
  const { width: w, height: h, data } = image;
  const cx = Math.min(Math.max(x, 0), w - 1);
  const cy = Math.min(Math.max(y, 0), h - 1);
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(x0 + 1, w - 1);
  const y1 = Math.min(y0 + 1, h - 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const a = (y0 * w + x0) * 3;
  const b = (y0 * w + x1) * 3;
  const c = (y1 * w + x0) * 3;
  const d = (y1 * w + x1) * 3;
  for (let k = 0; k < 3; k++) {
    const top = data[a + k]! + (data[b + k]! - data[a + k]!) * fx;
    const bottom = data[c + k]! + (data[d + k]! - data[c + k]!) * fx;
    out[o + k] = top + (bottom - top) * fy;
  }
}

/** Bilinear resampling with pixel centres aligned (as sharp and OpenCV do). */
export function resizeImage(image: RgbImage, width: number, height: number): RgbImage {
  if (width === image.width && height === image.height) return cloneImage(image);
  const out = new Float32Array(width * height * 3);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) sampleBilinear(image, (x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, out, (y * width + x) * 3);
  return rgbImage(width, height, out);
}

export function clampImage(image: RgbImage, low = 0, high = 1): void {
  const d = image.data;
  for (let i = 0; i < d.length; i++) d[i] = d[i]! < low ? low : d[i]! > high ? high : d[i]!;
}

/** a + b * scale, elementwise, into a new array. */
export function addScaled(a: Float32Array, b: Float32Array, scale = 1): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]! * scale;
  return out;
}

/** Mean absolute difference of two images of one size, in [0, 1] units. */
export function meanAbsDifference(a: RgbImage, b: RgbImage): number {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

/** 8-bit RGB bytes of an image, each channel clamped to [0, 1] first. */
export function toBytes(image: RgbImage): Buffer {
  const d = image.data;
  const out = Buffer.allocUnsafe(d.length);
  // Math.round(v * 255) for v in (0, 1), without the calls: 2.4x faster, the same bytes (NaN gives 0).
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    out[i] = v > 0 ? (v < 1 ? (v * 255 + 0.5) | 0 : 255) : 0;
  }
  return out;
}

/** An 8-bit single-channel picture (luma), as optical flow reads frames. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Rec. 601 luma of the RGB pixel whose red is at `i`. */
export const lumaAt = (d: Float32Array, i: number): number => 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;

/** Rec. 601 luma in 8 bits: a twelfth of the floats' size, which is what crosses to the flow thread. */
export function lumaBytes(image: RgbImage): GrayImage {
  const d = image.data;
  const out = new Uint8Array(image.width * image.height);
  for (let i = 0, p = 0; i < out.length; i++, p += 3) out[i] = Math.round(255 * lumaAt(d, p));
  return { width: image.width, height: image.height, data: out };
}

/** An image from 8-bit RGB bytes. A plain loop: Float32Array.from with a map function is ~17x slower, and this runs on every decoded and every dreamed frame. */
export function fromBytes(bytes: Uint8Array, width: number, height: number): RgbImage {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return rgbImage(width, height, out);
}
