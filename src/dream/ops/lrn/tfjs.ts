import type { LrnOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const lrnTfjs: TfjsRule<LrnOp> = {
  forward({ tf, node, inputs }) {
    const { size, alpha, beta, k } = node.op;
    // tfjs sums the window without dividing by its size.
    return tf.localResponseNormalization(inputs[0]!, (size - 1) / 2, k, alpha / size, beta);
  },
};
