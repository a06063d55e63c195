import type { NetNode, Op, Shape } from '../network/graph.js';
import type { OnnxGraph } from '../onnx/onnx-graph.js';

/** What an ONNX rule sees: tensors are NCHW with batch 1. */
export interface OnnxArgs<O extends Op> {
  readonly g: OnnxGraph;
  readonly node: NetNode<O>;
  readonly inputs: readonly string[];
  readonly inShapes: readonly Shape[];
  readonly outShape: Shape;
  /** Per input: >= 0 with ReLU zeros, whose gradients a ReLU upstream discards (see reluGatedTensors). */
  readonly reluGated: readonly boolean[];
}
export interface OnnxForwardArgs<O extends Op> extends OnnxArgs<O> {
  /** Name the result must have. */
  readonly output: string;
  /** True when a backward pass will follow, so the forward must keep what it needs. */
  readonly withGrad: boolean;
}
export interface OnnxBackwardArgs<O extends Op> extends OnnxArgs<O> {
  readonly output: string;
  /** Extra tensors the forward kept (max-pool indices). */
  readonly saved: Readonly<Record<string, string>>;
  /** Gradient of the objective with respect to this node's output. */
  readonly dy: string;
  /**
   * Per input: the channel counts of the Concat that made it, if one did. A rule may then
   * return that input's gradient part by part, which spares the Concat's Split (it leaves
   * ONNX Runtime's blocked layout, so every branch pays two layout reorders).
   */
  readonly inputParts: readonly (readonly number[] | undefined)[];
}

/**
 * The ONNX half of one kind of op: how the graph computes it forward and how the input
 * gradient flows back. Its tfjs half lives beside it (`ops/<kind>/tfjs.ts`), so an engine
 * loads only the half it runs.
 */
export interface OnnxRule<O extends Op> {
  forward(args: OnnxForwardArgs<O>): { output: string; saved?: Record<string, string> };
  /** One gradient per input (or one per part, see inputParts), undefined where none flows. */
  backward(args: OnnxBackwardArgs<O>): (string | readonly string[] | undefined)[];
}
