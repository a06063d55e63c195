import * as tf from '@tensorflow/tfjs';
import type { ReluOp } from '../network/graph.js';
import type { OpRule } from './rule.js';

export const reluRule: OpRule<ReluOp, null> = {
  onnxForward({ g, node, inputs, output }) {
    const max = node.op.max;
    if (max === undefined) g.op('Relu', [inputs[0]!], {}, output);
    else g.op('Clip', [inputs[0]!, g.scalar(0), g.scalar(max)], {}, output);
    return { output };
  },
  onnxBackward({ g, node, output, dy }) {
    const max = node.op.max;
    // Gradient flows where the output is positive (Where beat Mul-by-Sign, measured).
    if (max === undefined) return [g.op('Where', [g.op('Greater', [output, g.scalar(0)]), dy, g.scalar(0)])];
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
