import type { FlowField } from './flow-field.js';
import { softenMask } from './consistency.js';

/**
 * Ruder et al. (2016)'s motion-boundary test: 0 where the flow changes sharply between
 * neighbouring pixels, |grad u|^2 + |grad v|^2 > 0.01 |w|^2 + 0.002, else 1; softened like the
 * consistency mask. At an object's edge the flow is least certain and a carried dream smears.
 */
export function motionBoundaryMask(flow: FlowField): Float32Array {
  const { width, height, data } = flow;
  const mask = new Float32Array(width * height).fill(1);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 2;
      const right = x + 1 < width ? i + 2 : i;
      const down = y + 1 < height ? i + 2 * width : i;
      const du = (data[right]! - data[i]!) ** 2 + (data[down]! - data[i]!) ** 2;
      const dv = (data[right + 1]! - data[i + 1]!) ** 2 + (data[down + 1]! - data[i + 1]!) ** 2;
      if (du + dv > 0.01 * (data[i]! ** 2 + data[i + 1]! ** 2) + 0.002) mask[y * width + x] = 0;
    }
  return softenMask(mask, width, height);
}
