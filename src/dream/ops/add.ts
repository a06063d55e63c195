import * as tf from '@tensorflow/tfjs';
import type { AddOp } from '../network/graph.js';
import type { OpRule } from './rule.js';

export const addRule: OpRule<AddOp, null> = {
  onnxForward({ g, inputs, output }) {
    g.op('Sum', inputs, {}, output);
    return { output };
  },
  onnxBackward: ({ inputs, dy }) => inputs.map(() => dy),
  tfjsPrepare: () => null,
  tfjsForward: ({ inputs }) => tf.addN(inputs as tf.Tensor4D[]),
};
