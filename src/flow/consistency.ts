import type { FlowField } from './flow-field.js';

/**
 * Where the flow can be trusted, in [0, 1] per pixel: the forward-backward check of Sundaram
 * et al. (ECCV 2010) as Ruder et al. use it for video style transfer. Following the backward
 * flow and then the forward flow must come back near the start; pixels that don't (occlusions,
 * disocclusions) or whose source lies outside the frame get 0: the loop may miss by `relative` of
 * the two flows' squared lengths plus `absolute` px² (Sundaram et al.'s 0.01 and 0.5).
 */
export function consistencyMask(backward: FlowField, forward: FlowField, relative = 0.01, absolute = 0.5): Float32Array {
  const { width: w, height: h } = backward;
  const mask = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const bx = backward.data[2 * i]!;
      const by = backward.data[2 * i + 1]!;
      const sx = x + bx;
      const sy = y + by;
      if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) continue;
      const j = Math.round(sy) * w + Math.round(sx);
      const fx = forward.data[2 * j]!;
      const fy = forward.data[2 * j + 1]!;
      const loop = (bx + fx) ** 2 + (by + fy) ** 2;
      const scale = bx * bx + by * by + fx * fx + fy * fy;
      mask[i] = loop <= relative * scale + absolute ? 1 : 0;
    }
  return mask;
}

/** Softens a mask with a box blur so faded regions have no hard edges. */
export function softenMask(mask: Float32Array, width: number, height: number, radius = 2): Float32Array {
  const tmp = new Float32Array(mask.length);
  const out = new Float32Array(mask.length);
  const n = 2 * radius + 1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += mask[y * width + Math.min(width - 1, Math.max(0, x + k))]!;
      tmp[y * width + x] = s / n;
    }
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -radius; k <= radius; k++) s += tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x]!;
      // A pixel is only as trusted as its least trusted neighbourhood average, never more than itself.
      out[y * width + x] = Math.min(mask[y * width + x]!, s / n);
    }
  return out;
}
