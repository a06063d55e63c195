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

/** Bilinear resampling with pixel centres aligned (as sharp and OpenCV do). */
export function resizeImage(image: RgbImage, width: number, height: number): RgbImage {
  if (width === image.width && height === image.height) return cloneImage(image);
  const out = new Float32Array(width * height * 3);
  const { data, width: sw, height: sh } = image;
  const sx = sw / width;
  const sy = sh / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), sh - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), sw - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const wx = fx - x0;
      const o = (y * width + x) * 3;
      const a = (y0 * sw + x0) * 3;
      const b = (y0 * sw + x1) * 3;
      const c = (y1 * sw + x0) * 3;
      const d = (y1 * sw + x1) * 3;
      for (let k = 0; k < 3; k++) {
        const top = data[a + k]! + (data[b + k]! - data[a + k]!) * wx;
        const bottom = data[c + k]! + (data[d + k]! - data[c + k]!) * wx;
        out[o + k] = top + (bottom - top) * wy;
      }
    }
  }
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
