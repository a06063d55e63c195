import type * as TF from '@tensorflow/tfjs';
import type { GlobalAvgPoolOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

export const globalAvgPoolTfjs: TfjsRule<GlobalAvgPoolOp> = {
  forward: ({ tf, inputs }) => tf.mean<TF.Tensor4D>(inputs[0]!, [1, 2], true),
};
