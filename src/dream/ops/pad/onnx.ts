import type { PadOp } from '../../network/graph.js';
import type { OnnxRule } from '../onnx-rule.js';

export const padOnnx: OnnxRule<PadOp> = {
  forward({ g, node, inputs, output }) {
    const [t, l, b, r] = node.op.pads;
    g.op('Pad', [inputs[0]!, g.ints([0, 0, t, l, 0, 0, b, r])], {}, output);
    return { output };
  },
  backward({ g, node, inShapes, dy }) {
    const [t, l] = node.op.pads;
    const [, h, w] = inShapes[0]!;
    return [g.op('Slice', [dy, g.ints([t, l]), g.ints([t + h, l + w]), g.ints([2, 3])])];
  },
};
