import * as tf from '@tensorflow/tfjs';
import type { LrnOp } from '../network/graph.js';
import type { OnnxGraph } from '../engines/ort/onnx-graph.js';
import type { OpRule } from './rule.js';

/**
 * Mean over a window of `size` neighbouring channels, zero-padded, as a 1x1 convolution with
 * a banded matrix: it runs on the fast convolution path and keeps ONNX Runtime's blocked
 * layout (pooling along channels after a reshape was 4x slower, measured).
 */
function channelWindowMean(g: OnnxGraph, x: string, size: number, channels: number): string {
  const band = new Float32Array(channels * channels);
  const before = Math.floor((size - 1) / 2);
  for (let out = 0; out < channels; out++) {
    for (let i = Math.max(0, out - before); i <= Math.min(channels - 1, out + size - 1 - before); i++) band[out * channels + i] = 1 / size;
  }
  return g.op('Conv', [x, g.floats([channels, channels, 1, 1], band)], { kernel_shape: [1, 1] });
}

/** Caffe's scale: s = k + alpha/size * sum of squares over the window. */
function lrnScale(g: OnnxGraph, op: LrnOp, x: string, channels: number): string {
  const mean = channelWindowMean(g, g.op('Mul', [x, x]), op.size, channels);
  return g.op('Add', [g.op('Mul', [mean, g.scalar(op.alpha)]), g.scalar(op.k)]);
}

/**
 * LRN, y = x * s^-beta. Its input gradient in closed form:
 * dx = dy * s^-beta - 2 * alpha * beta * x * windowMean(dy * y / s).
 */
export const lrnRule: OpRule<LrnOp, null> = {
  onnxForward({ g, node, inputs, inShapes, output }) {
    // ONNX Runtime's own LRN kernel was 3x slower than this (measured at 512x512).
    const op = node.op;
    const s = lrnScale(g, op, inputs[0]!, inShapes[0]![0]);
    const inversePower = g.op('Pow', [s, g.scalar(-op.beta)]);
    g.op('Mul', [inputs[0]!, inversePower], {}, output);
    return { output, saved: { s, inversePower } };
  },
  onnxBackward({ g, node, inputs, inShapes, output, saved, dy }) {
    const op = node.op;
    const x = inputs[0]!;
    const direct = g.op('Mul', [dy, saved.inversePower!]);
    const t = g.op('Div', [g.op('Mul', [dy, output]), saved.s!]);
    const spread = channelWindowMean(g, t, op.size, inShapes[0]![0]);
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
