import * as tf from '@tensorflow/tfjs';
import type { ConcatOp } from '../network/graph.js';
import type { OpRule } from './rule.js';

export const concatRule: OpRule<ConcatOp, null> = {
  onnxForward({ g, inputs, output }) {
    g.op('Concat', inputs, { axis: 1 }, output);
    return { output };
  },
  onnxBackward({ g, inShapes, dy }) {
    return g.node('Split', [dy, g.ints(inShapes.map((s) => s[0]))], { axis: 1 }, inShapes.length);
  },
  tfjsPrepare: () => null,
  tfjsForward: ({ inputs }) => tf.concat(inputs as tf.Tensor4D[], 3),
};
