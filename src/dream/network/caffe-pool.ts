import type { Pads } from './graph.js';

/**
 * Caffe rounds pooled sizes up, but drops a last window that would start entirely in the
 * padding (pooling_layer.cpp). Express that as explicit end padding so engines only ever
 * see floor-mode pooling.
 */
export function ceilModePads(size: number, kernel: number, stride: number, pad: number): [begin: number, end: number] {
  let pooled = Math.ceil((size + 2 * pad - kernel) / stride) + 1;
  if (pad > 0 && (pooled - 1) * stride >= size + pad) pooled--;
  const end = (pooled - 1) * stride + kernel - size - pad;
  return [pad, Math.max(0, end)];
}

export function ceilModePads2d(
  h: number,
  w: number,
  kernel: readonly [number, number],
  stride: readonly [number, number],
  pad: readonly [number, number],
): Pads {
  const [t, b] = ceilModePads(h, kernel[0], stride[0], pad[0]);
  const [l, r] = ceilModePads(w, kernel[1], stride[1], pad[1]);
  return [t, l, b, r];
}
