import type { GlobalAvgPoolOp } from '../../network/graph.js';
import type { OnnxRule } from '../onnx-rule.js';

export const globalAvgPoolOnnx: OnnxRule<GlobalAvgPoolOp> = {
  forward({ g, inputs, output }) {
    g.op('GlobalAveragePool', [inputs[0]!], {}, output);
    return { output };
  },
  // Every pixel of a channel gets an equal share of that channel's gradient.
  backward({ g, inShapes, dy }) {
    const [c, h, w] = inShapes[0]!;
    return [g.op('Expand', [g.op('Mul', [dy, g.scalar(1 / (h * w))]), g.ints([1, c, h, w])])];
  },
};
