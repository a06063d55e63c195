import * as tf from '@tensorflow/tfjs';
import type { ReluOp } from '../network/graph.js';
import type { OpRule } from './rule.js';
import { positiveMask } from './step-masks.js';

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
