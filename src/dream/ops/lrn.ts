import * as tf from '@tensorflow/tfjs';
import type { LrnOp } from '../network/graph.js';
import type { OnnxGraph } from '../engines/ort/onnx-graph.js';
import type { OpRule } from './rule.js';

/** Mean over a window of `size` neighbouring channels, zero-padded: pool along channels. */
function channelWindowMean(g: OnnxGraph, x: string, size: number, [c, h, w]: readonly number[]): string {
  const half = (size - 1) / 2;
  const asImage = g.op('Reshape', [x, g.ints([1, 1, c!, h! * w!])]);
  const pooled = g.op('AveragePool', [asImage], { kernel_shape: [size, 1], strides: [1, 1], pads: [Math.floor(half), 0, Math.ceil(half), 0], count_include_pad: 1 });
  return g.op('Reshape', [pooled, g.ints([1, c!, h!, w!])]);
}

/** Caffe's scale: s = k + alpha/size * sum of squares over the window. */
function lrnScale(g: OnnxGraph, op: LrnOp, x: string, shape: readonly number[]): string {
  const mean = channelWindowMean(g, g.op('Mul', [x, x]), op.size, shape);
  return g.op('Add', [g.op('Mul', [mean, g.scalar(op.alpha)]), g.scalar(op.k)]);
}

/**
 * LRN, y = x * s^-beta. Its input gradient in closed form:
 * dx = dy * s^-beta - 2 * alpha * beta * x * windowMean(dy * y / s).
 */
export const lrnRule: OpRule<LrnOp, null> = {
  onnxForward({ g, node, inputs, inShapes, output }) {
    const op = node.op;
    const s = lrnScale(g, op, inputs[0]!, inShapes[0]!);
    g.op('Mul', [inputs[0]!, g.op('Pow', [s, g.scalar(-op.beta)])], {}, output);
    return { output };
  },
  onnxBackward({ g, node, inputs, inShapes, output, dy }) {
    const op = node.op;
    const x = inputs[0]!;
    const s = lrnScale(g, op, x, inShapes[0]!);
    const direct = g.op('Mul', [dy, g.op('Pow', [s, g.scalar(-op.beta)])]);
    const t = g.op('Div', [g.op('Mul', [dy, output]), s]);
    const spread = channelWindowMean(g, t, op.size, inShapes[0]!);
    const cross = g.op('Mul', [g.op('Mul', [x, spread]), g.scalar(2 * op.alpha * op.beta)]);
    return [g.op('Sub', [direct, cross])];
  },
  tfjsPrepare: () => null,
  tfjsForward({ node, inputs }) {
    const { size, alpha, beta, k } = node.op;
    // tfjs sums the window without dividing by its size.
    return tf.localResponseNormalization(inputs[0]!, (size - 1) / 2, k, alpha / size, beta);
  },
};
