import { rgbImage, type RgbImage } from '../dream/image.js';
import type { FlowField } from './flow-field.js';

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

/** Backward warp: out(x) = image(x + flow(x)). */
export function warpBackward(image: RgbImage, flow: FlowField): RgbImage {
  const out = new Float32Array(flow.width * flow.height * 3);
  for (let y = 0; y < flow.height; y++)
    for (let x = 0; x < flow.width; x++) {
      const i = y * flow.width + x;
      sampleBilinear(image, x + flow.data[2 * i]!, y + flow.data[2 * i + 1]!, out, i * 3);
    }
  return rgbImage(flow.width, flow.height, out);
}
