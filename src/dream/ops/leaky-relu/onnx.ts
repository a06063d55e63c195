import type { LeakyReluOp } from '../../network/graph.js';
import { float as floatAttr } from '../../onnx/onnx-graph.js';
import type { OnnxRule } from '../onnx-rule.js';

export const leakyReluOnnx: OnnxRule<LeakyReluOp> = {
  forward({ g, node, inputs, output }) {
    g.op('LeakyRelu', [inputs[0]!], { alpha: floatAttr(node.op.alpha) }, output);
    return { output };
  },
  backward({ g, node, inputs, dy }) {
    const positive = g.op('Greater', [inputs[0]!, g.scalar(0)]);
    return [g.op('Where', [positive, dy, g.op('Mul', [dy, g.scalar(node.op.alpha)])])];
  },
};
