import { rgbImage, sampleBilinear, type RgbImage } from '../image/image.js';

export interface ZoomStep {
  /** >1 zooms in. */
  readonly zoom: number;
  readonly rotateDegrees: number;
  /** Pixels the picture moves by. */
  readonly shift: readonly [number, number];
}

/** Zooms about the centre, rotates and shifts, by inverse mapping with bilinear sampling (edges clamped). */
export function zoomRotateShift(image: RgbImage, step: ZoomStep): RgbImage {
  const { width: w, height: h } = image;
  const out = new Float32Array(w * h * 3);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const a = (-step.rotateDegrees * Math.PI) / 180;
  const cos = Math.cos(a) / step.zoom;
  const sin = Math.sin(a) / step.zoom;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const dx = x - cx - step.shift[0];
      const dy = y - cy - step.shift[1];
      sampleBilinear(image, cx + cos * dx - sin * dy, cy + sin * dx + cos * dy, out, (y * w + x) * 3);
    }
  return rgbImage(w, h, out);
}
