import * as tf from '@tensorflow/tfjs';
import type { DenseOp } from '../network/graph.js';
import { transpose2d } from './kernels.js';
import type { OpRule } from './rule.js';

interface TfjsDense {
  readonly weightT: tf.Tensor2D;
  readonly bias: tf.Tensor1D;
}

/** A fully connected layer over the input flattened in C,H,W order (Caffe's InnerProduct). */
export const denseRule: OpRule<DenseOp, TfjsDense> = {
  onnxForward({ g, node, inputs, output }) {
    const op = node.op;
    const inFeatures = op.weight.length / op.outFeatures;
    const w = g.floats([op.outFeatures, inFeatures], op.weight, `${node.name}:weight`);
    const b = g.floats([op.outFeatures], op.bias, `${node.name}:bias`);
    const flat = g.op('Flatten', [inputs[0]!], { axis: 1 });
    const y = g.op('Gemm', [flat, w, b], { transB: 1 });
    g.op('Reshape', [y, g.ints([1, op.outFeatures, 1, 1])], {}, output);
    return { output };
  },
  onnxBackward({ g, node, inShapes, dy }) {
    const op = node.op;
    const flatDy = g.op('Reshape', [dy, g.ints([1, op.outFeatures])]);
    const dx = g.op('MatMul', [flatDy, `${node.name}:weight`]);
    return [g.op('Reshape', [dx, g.ints([1, ...inShapes[0]!])])];
  },
  tfjsPrepare({ op }) {
    const inFeatures = op.weight.length / op.outFeatures;
    return { weightT: tf.tensor2d(transpose2d(op.weight, op.outFeatures, inFeatures), [inFeatures, op.outFeatures]), bias: tf.tensor1d(op.bias) };
  },
  tfjsForward({ node, prepared, inputs }) {
    const chw = tf.transpose(inputs[0]!, [0, 3, 1, 2]).reshape([1, -1]) as tf.Tensor2D;
    return tf.add(tf.matMul(chw, prepared.weightT), prepared.bias).reshape([1, 1, 1, node.op.outFeatures]);
  },
};
