import * as tf from '@tensorflow/tfjs';
import type { ConcatOp } from '../network/graph.js';
import type { OpRule } from './rule.js';

export const concatRule: OpRule<ConcatOp, null> = {
  onnxForward({ g, inputs, output }) {
    g.op('Concat', inputs, { axis: 1 }, output);
    return { output };
  },
  onnxBackward({ g, inShapes, dy }) {
    const parts = g.node('Split', [dy, g.ints(inShapes.map((s) => s[0]))], { axis: 1 }, inShapes.length);
    // An identity 1x1 max pool hands each part to ONNX Runtime's blocked layout, where the
    // other gradients of the part (from convolutions) and its ReLU mask already are;
    // otherwise they would all be reordered out of it and back (GoogLeNet: 32 fewer layout
    // reorders, 2% off a step, measured).
    return parts.map((part) => g.op('MaxPool', [part], { kernel_shape: [1, 1] }));
  },
  tfjsPrepare: () => null,
  tfjsForward: ({ inputs }) => tf.concat(inputs as tf.Tensor4D[], 3),
};
