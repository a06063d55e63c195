import type { Activation } from '../activation.js';
import type { Shape } from '../network/graph.js';

/** A seed that is linear in the activation, per channel: seed = a * scale[c] + shift[c]. */
export interface LinearSeed {
  readonly scale: Float32Array;
  readonly shift: Float32Array;
}

/** One scalar computed from one layer's activations, and its gradient there. */
export interface Term {
  readonly layer: string;
  readonly description: string;
  loss(a: Activation): number;
  /** d loss / d activation, CHW. */
  seed(a: Activation): Float32Array;
  /** Present when the seed is linear in the activation, so engines can build it into their graph. */
  linear?(shape: Shape): LinearSeed;
}
