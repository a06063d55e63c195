import type { SoftmaxOp } from '../../network/graph.js';
import type { OnnxRule } from '../onnx-rule.js';

export const softmaxOnnx: OnnxRule<SoftmaxOp> = {
  forward({ g, inputs, output }) {
    g.op('Softmax', [inputs[0]!], { axis: 1 }, output);
    return { output };
  },
  backward({ g, output, dy }) {
    // dx = y * (dy - sum(dy * y))
    const dot = g.op('ReduceSum', [g.op('Mul', [dy, output]), g.ints([1])], { keepdims: 1 });
    return [g.op('Mul', [output, g.op('Sub', [dy, dot])])];
  },
};
