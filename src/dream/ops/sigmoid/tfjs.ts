import type { SigmoidOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const sigmoidTfjs: TfjsRule<SigmoidOp> = {
  forward: ({ tf, inputs }) => tf.sigmoid(inputs[0]!),
};
