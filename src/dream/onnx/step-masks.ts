import { float, type OnnxGraph } from './onnx-graph.js';

/**
 * Masks of 0s and 1s built from a per-channel scale and tanh: ONNX Runtime keeps both in its
 * blocked channel layout and fuses them into one pass (with the convolution before them, if
 * any), where Greater, Equal and Where force layout reorders and cost twice as much
 * (measured at 512x512). tanh(STEEP * d) is exactly +-1 in float32 for every |d| above
 * 1e-29, and 0 at d = 0. A power of two, so STEEP * x is exact and distinct values stay
 * distinct (1e30 rounds some neighbouring floats together).
 */
export const STEEP = 2 ** 100;

/** x * scale per channel (a BatchNormalization, which the runtime runs as a depthwise 1x1 conv). */
export function scaleChannels(g: OnnxGraph, x: string, channels: number, scale: number): string {
  const perChannel = (value: number): string => g.floats([channels], new Float32Array(channels).fill(value));
  return g.op('BatchNormalization', [x, perChannel(scale), perChannel(0), perChannel(0), perChannel(1)], { epsilon: float(0) });
}

/** 1 where y > 0, else 0, for y >= 0. */
export function positiveMask(g: OnnxGraph, y: string, channels: number): string {
  return g.op('Tanh', [scaleChannels(g, y, channels, STEEP)]);
}
