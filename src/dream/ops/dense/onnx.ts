import type { DenseOp } from '../../network/graph.js';
import type { OnnxRule } from '../onnx-rule.js';

/** A fully connected layer over the input flattened in C,H,W order (Caffe's InnerProduct). */
export const denseOnnx: OnnxRule<DenseOp> = {
  forward({ g, node, inputs, output }) {
    const op = node.op;
    const inFeatures = op.weight.length / op.outFeatures;
    const w = g.floats([op.outFeatures, inFeatures], op.weight, `${node.name}:weight`);
    const b = g.floats([op.outFeatures], op.bias, `${node.name}:bias`);
    const flat = g.op('Flatten', [inputs[0]!], { axis: 1 });
    const y = g.op('Gemm', [flat, w, b], { transB: 1 });
    g.op('Reshape', [y, g.ints([1, op.outFeatures, 1, 1])], {}, output);
    return { output };
  },
  backward({ g, node, inShapes, dy }) {
    const op = node.op;
    const flatDy = g.op('Reshape', [dy, g.ints([1, op.outFeatures])]);
    const dx = g.op('MatMul', [flatDy, `${node.name}:weight`]);
    return [g.op('Reshape', [dx, g.ints([1, ...inShapes[0]!])])];
  },
};
