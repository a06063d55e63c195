import type { OnnxGraph } from './onnx-graph.js';

/**
 * The identity, as a 1x1 max pool: ONNX Runtime moves a tensor into its blocked channel
 * layout once, here, before the convolutions, masks and sums that follow, instead of moving
 * each of them out of it and back (after a Split or a reshape, which it runs unblocked).
 */
export function toBlockedLayout(g: OnnxGraph, x: string): string {
  return g.op('MaxPool', [x], { kernel_shape: [1, 1] });
}
