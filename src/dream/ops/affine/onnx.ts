import type { AffineOp } from '../../network/graph.js';
import type { OnnxRule } from '../onnx-rule.js';

/** Per channel x * scale + shift; its input gradient is dy * scale. */
export const affineOnnx: OnnxRule<AffineOp> = {
  forward({ g, node, inputs, output }) {
    const c = node.op.scale.length;
    const scale = g.floats([1, c, 1, 1], node.op.scale, `${node.name}:scale`);
    g.op('Add', [g.op('Mul', [inputs[0]!, scale]), g.floats([1, c, 1, 1], node.op.shift)], {}, output);
    return { output };
  },
  backward: ({ g, node, dy }) => [g.op('Mul', [dy, `${node.name}:scale`])],
};
