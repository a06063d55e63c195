import * as tf from '@tensorflow/tfjs';
import type { SoftmaxOp } from '../network/graph.js';
import type { OpRule } from './rule.js';

export const softmaxRule: OpRule<SoftmaxOp, null> = {
  onnxForward({ g, inputs, output }) {
    g.op('Softmax', [inputs[0]!], { axis: 1 }, output);
    return { output };
  },
  onnxBackward({ g, output, dy }) {
    // dx = y * (dy - sum(dy * y))
    const dot = g.op('ReduceSum', [g.op('Mul', [dy, output]), g.ints([1])], { keepdims: 1 });
    return [g.op('Mul', [output, g.op('Sub', [dy, dot])])];
  },
  tfjsPrepare: () => null,
  tfjsForward: ({ inputs }) => tf.softmax(inputs[0]!, -1) as tf.Tensor4D,
};
