import type { AddOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const addTfjs: TfjsRule<AddOp> = {
  forward: ({ tf, inputs }) => tf.addN([...inputs]),
};
