import * as tf from '@tensorflow/tfjs';
import type { ReluOp } from '../network/graph.js';
import type { OpRule } from './rule.js';
import { float, type OnnxGraph } from '../engines/ort/onnx-graph.js';

/** Large enough that tanh(STEEP * y) is exactly 1 for every positive float32 ReLU output above 1e-29. */
const STEEP = 1e30;

/**
 * 1 where y > 0, else 0, for y >= 0: tanh(STEEP * y). Built from a per-channel scale and
 * a tanh because ONNX Runtime keeps both in its blocked channel layout (fused into one
 * pass), so the backward mask multiply needs no layout reorders; Greater + Where did, and
 * cost twice as much (measured at 512x512).
 */
function positiveMask(g: OnnxGraph, y: string, channels: number): string {
  const perChannel = (value: number): string => g.floats([channels], new Float32Array(channels).fill(value));
  const scaled = g.op('BatchNormalization', [y, perChannel(STEEP), perChannel(0), perChannel(0), perChannel(1)], { epsilon: float(0) });
  return g.op('Tanh', [scaled]);
}

export const reluRule: OpRule<ReluOp, null> = {
  onnxForward({ g, node, inputs, inShapes, output, withGrad }) {
    const max = node.op.max;
    if (max !== undefined) {
      g.op('Clip', [inputs[0]!, g.scalar(0), g.scalar(max)], {}, output);
      return { output };
    }
    g.op('Relu', [inputs[0]!], {}, output);
    return withGrad ? { output, saved: { mask: positiveMask(g, output, inShapes[0]![0]) } } : { output };
  },
  onnxBackward({ g, node, output, saved, dy }) {
    const max = node.op.max;
    if (max === undefined) return [g.op('Mul', [dy, saved.mask!])];
    const inside = g.op('And', [g.op('Greater', [output, g.scalar(0)]), g.op('Less', [output, g.scalar(max)])]);
    return [g.op('Mul', [dy, g.op('Cast', [inside], { to: 1 })])];
  },
  tfjsPrepare: () => null,
  tfjsForward({ node, inputs }) {
    const max = node.op.max;
    if (max === undefined) return tf.relu(inputs[0]!);
    return max === 6 ? tf.relu6(inputs[0]!) : tf.clipByValue(inputs[0]!, 0, max);
  },
};
