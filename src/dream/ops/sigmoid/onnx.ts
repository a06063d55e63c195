import type { SigmoidOp } from '../../network/graph.js';
import type { OnnxRule } from '../onnx-rule.js';

export const sigmoidOnnx: OnnxRule<SigmoidOp> = {
  forward({ g, inputs, output }) {
    g.op('Sigmoid', [inputs[0]!], {}, output);
    return { output };
  },
  // dx = dy * y * (1 - y)
  backward: ({ g, output, dy }) => [g.op('Mul', [dy, g.op('Mul', [output, g.op('Sub', [g.scalar(1), output])])])],
};
