import type * as TF from '@tensorflow/tfjs';
import type { DenseOp } from '../../network/graph.js';
import { transpose2d } from '../kernels.js';
import type { TfjsRule } from '../tfjs-rule.js';

interface TfjsDense {
  readonly weightT: TF.Tensor2D;
  readonly bias: TF.Tensor1D;
}

/** A fully connected layer over the input flattened in C,H,W order (Caffe's InnerProduct). */
export const denseTfjs: TfjsRule<DenseOp, TfjsDense> = {
  prepare(tf, { op }) {
    const inFeatures = op.weight.length / op.outFeatures;
    return { weightT: tf.tensor2d(transpose2d(op.weight, op.outFeatures, inFeatures), [inFeatures, op.outFeatures]), bias: tf.tensor1d(op.bias) };
  },
  forward({ tf, node, prepared, inputs }) {
    const chw = tf.transpose(inputs[0]!, [0, 3, 1, 2]).reshape<TF.Tensor2D>([1, -1]);
    return tf.add(tf.matMul(chw, prepared.weightT), prepared.bias).reshape([1, 1, 1, node.op.outFeatures]);
  },
};
