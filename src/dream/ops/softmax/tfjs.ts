import type { SoftmaxOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const softmaxTfjs: TfjsRule<SoftmaxOp> = {
  forward: ({ tf, inputs }) => tf.softmax(inputs[0]!, -1),
};
