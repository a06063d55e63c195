import type * as TF from '@tensorflow/tfjs';
import type { NetNode, Op, Shape } from '../network/graph.js';

/** The tfjs module an engine was started with (its backend already chosen). */
export type TfModule = typeof import('@tensorflow/tfjs');

/** What a tfjs rule sees: tensors are NHWC with batch 1. */
export interface TfjsArgs<O extends Op, P> {
  readonly tf: TfModule;
  readonly node: NetNode<O>;
  readonly prepared: P;
  readonly inputs: readonly TF.Tensor4D[];
  readonly inShapes: readonly Shape[];
}

/**
 * The tfjs half of one kind of op (with a custom input-only gradient where tfjs's own would
 * be slow or missing). Rules use the `tf` they are handed, never a module-level import, so
 * only the engine decides when tfjs loads.
 */
export interface TfjsRule<O extends Op, P = null> {
  /** Turns weights into tensors once per engine; the result is disposed with the engine. */
  prepare?(tf: TfModule, node: NetNode<O>): P;
  forward(args: TfjsArgs<O, P>): TF.Tensor4D;
}
