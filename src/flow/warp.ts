import { rgbImage, sampleBilinear, type RgbImage } from '../image/image.js';
import type { FlowField } from './flow-field.js';

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
