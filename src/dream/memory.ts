import { ancestorsOf, type Network } from './network/graph.js';
import { inferShapes } from './network/shapes.js';

/**
 * Rough peak bytes of dreaming a width x height picture: every activation up to the objective
 * at tile size, kept for the backward pass, its gradient and engine workspace (about 3x),
 * plus the full-size float copies the octave loop holds at once (source, octave bases, image,
 * shifted and rolled views, gradient, its undo, blur's two passes: about 12), plus `heldFrames`
 * more that a video pipeline keeps (previous dream, flow fields, warps).
 */
export function estimateDreamBytes(net: Network, layers: readonly string[], width: number, height: number, tileSize: number, heldFrames = 0): number {
  const tw = Math.min(width, tileSize);
  const th = Math.min(height, tileSize);
  const shapes = inferShapes(net, th, tw, ancestorsOf(net, layers));
  let floats = 0;
  for (const [c, h, w] of shapes.values()) floats += c * h * w;
  return floats * 4 * 3 + width * height * 3 * 4 * (12 + heldFrames);
}
