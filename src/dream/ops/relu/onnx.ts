import type { ReluOp } from '../../network/graph.js';
import { positiveMask } from '../../onnx/step-masks.js';
import type { OnnxRule } from '../onnx-rule.js';

export const reluOnnx: OnnxRule<ReluOp> = {
  forward({ g, node, inputs, inShapes, output, withGrad }) {
    const max = node.op.max;
    if (max !== undefined) {
      g.op('Clip', [inputs[0]!, g.scalar(0), g.scalar(max)], {}, output);
      return { output };
    }
    g.op('Relu', [inputs[0]!], {}, output);
    return withGrad ? { output, saved: { mask: positiveMask(g, output, inShapes[0]![0]) } } : { output };
  },
  backward({ g, node, output, saved, dy }) {
    const max = node.op.max;
    if (max === undefined) return [g.op('Mul', [dy, saved.mask!])];
    const inside = g.op('And', [g.op('Greater', [output, g.scalar(0)]), g.op('Less', [output, g.scalar(max)])]);
    return [g.op('Mul', [dy, g.op('Cast', [inside], { to: 1 })])];
  },
};
