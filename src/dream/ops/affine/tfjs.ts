import type * as TF from '@tensorflow/tfjs';
import type { AffineOp } from '../../network/graph.js';
import type { TfjsRule } from '../tfjs-rule.js';

interface TfjsAffine {
  readonly scale: TF.Tensor1D;
  readonly shift: TF.Tensor1D;
}

/** NHWC: the per-channel vectors broadcast over the last axis. */
export const affineTfjs: TfjsRule<AffineOp, TfjsAffine> = {
  prepare: (tf, { op }) => ({ scale: tf.tensor1d(op.scale), shift: tf.tensor1d(op.shift) }),
  forward: ({ tf, prepared, inputs }) => tf.add(tf.mul(inputs[0]!, prepared.scale), prepared.shift),
};
