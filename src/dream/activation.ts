import type { Shape } from './network/graph.js';

/** One layer's activations for one image: CHW floats. */
export interface Activation {
  readonly shape: Shape;
  readonly data: Float32Array;
}
