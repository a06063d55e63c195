import { NetworkBuilder } from '../network-builder.js';
import type { ConstTensor, OnnxNode } from './onnx-proto.js';

/** The shared builder plus what ONNX graphs need: constants, flat tensors, use counts, nodes that cannot run. */
export class OnnxBuilder extends NetworkBuilder {
  readonly consts = new Map<string, ConstTensor>();
  /** Tensors that are [1, C] in ONNX ([C, 1, 1] here): after Flatten, Gemm, MatMul. */
  readonly flat = new Set<string>();
  /** ONNX tensor -> why it cannot be computed, naming the op, the node and the nearest layer that can. */
  readonly unavailable = new Map<string, string>();
  private readonly useCounts = new Map<string, number>();

  constructor(
    readonly dir: string,
    nodes: readonly OnnxNode[],
  ) {
    super();
    for (const n of nodes) for (const i of n.input ?? []) this.useCounts.set(i, (this.useCounts.get(i) ?? 0) + 1);
  }

  /** How many nodes read an ONNX tensor. */
  uses(tensor: string): number {
    return this.useCounts.get(tensor) ?? 0;
  }

  /** Adds a constant bias to the convolution or dense layer that makes `x`, when nothing else reads it. */
  foldBias(name: string, x: string, bias: Float32Array): boolean {
    const last = this.lastIf(x);
    if (!last || (last.op.kind !== 'conv' && last.op.kind !== 'dense') || this.usesOfNode(x) !== 1) return false;
    this.replaceLast(name, { ...last.op, bias: last.op.bias.map((v, i) => v + bias[i]!) });
    if (this.flat.has(x)) this.flat.add(name);
    return true;
  }

  /** Uses of a network tensor, counting every ONNX name that stands for it. */
  private usesOfNode(x: string): number {
    let total = 0;
    for (const [tensor, count] of this.useCounts) if (this.resolve(tensor) === x) total += count;
    return total;
  }
}
