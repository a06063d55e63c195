import type { ConvOp, Network, NetNode, Op, Preprocess } from '../network/graph.js';

/** A batch normalisation's running statistics and affine part, per channel. */
export interface BatchNormStats {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly epsilon: number;
}

/** Per channel: y = x * scale + shift, the inference-time form of a batch normalisation. */
export function batchNormAffine(bn: BatchNormStats): { scale: Float32Array; shift: Float32Array } {
  const scale = bn.gamma.map((g, c) => g / Math.sqrt(bn.variance[c]! + bn.epsilon));
  const shift = bn.beta.map((b, c) => b - bn.mean[c]! * scale[c]!);
  return { scale, shift };
}

/** The convolution followed by y = x * scale + shift, as one convolution. */
export function foldAffineIntoConv(conv: ConvOp, scale: Float32Array, shift: Float32Array): ConvOp {
  const n = conv.outChannels;
  const perOut = conv.weight.length / n;
  const weight = conv.weight.slice();
  const bias = new Float32Array(n);
  for (let o = 0; o < n; o++) {
    for (let i = 0; i < perOut; i++) weight[o * perOut + i]! *= scale[o]!;
    bias[o] = conv.bias[o]! * scale[o]! + shift[o]!;
  }
  return { ...conv, weight, bias };
}

/** Channels an op produces from its inputs' channels. */
function outChannels(op: Op, inputs: readonly number[]): number {
  if (op.kind === 'conv') return op.outChannels;
  if (op.kind === 'dense') return op.outFeatures;
  if (op.kind === 'concat') return inputs.reduce((a, b) => a + b, 0);
  return inputs[0] ?? 0;
}

export interface BuildOptions {
  readonly name: string;
  readonly preprocess: Preprocess;
  readonly suggestedLayers?: readonly string[];
}

/**
 * What every model loader does whatever its format: collects the description's nodes in
 * order, knows each tensor's channel count, lets a format's no-op layers (Dropout,
 * Identity, Flatten after pooling) stand for their input, and folds per-channel affine
 * layers into the convolution before them. A loader is then a table from its layer types
 * to calls on this.
 */
export class NetworkBuilder {
  readonly nodes: NetNode[] = [];
  private readonly channels = new Map<string, number>();
  protected readonly aliases = new Map<string, string>();
  input: string | undefined;
  logits: string | undefined;

  setInput(name: string, channels = 3): void {
    this.input ??= name;
    this.channels.set(name, channels);
  }

  /** The tensor a name stands for (itself unless aliased). */
  resolve(name: string): string {
    return this.aliases.get(name) ?? name;
  }

  /** `name` means the same tensor as `target` from now on. */
  alias(name: string, target: string): void {
    const resolved = this.resolve(target);
    this.aliases.set(name, resolved);
    if (this.channels.has(resolved)) this.channels.set(name, this.channels.get(resolved)!);
  }

  /** Every alias so far: name -> tensor. */
  aliasEntries(): ReadonlyMap<string, string> {
    return this.aliases;
  }

  has(name: string): boolean {
    return this.channels.has(this.resolve(name));
  }

  channelsOf(name: string): number {
    const c = this.channels.get(this.resolve(name));
    if (c === undefined) throw new Error(`no tensor named ${name} so far`);
    return c;
  }

  add(name: string, inputs: readonly string[], op: Op): void {
    const ins = inputs.map((i) => this.resolve(i));
    this.aliases.delete(name);
    this.nodes.push({ name, inputs: ins, op });
    this.channels.set(
      name,
      outChannels(
        op,
        ins.map((i) => this.channelsOf(i)),
      ),
    );
  }

  /** The last node, when it made `tensor`. */
  lastIf(tensor: string): NetNode | undefined {
    const last = this.nodes[this.nodes.length - 1];
    return last && last.name === this.resolve(tensor) ? last : undefined;
  }

  /** Replaces the last node with a new op under a new name (folding a following layer into it). */
  replaceLast(name: string, op: Op): void {
    const last = this.nodes.pop()!;
    this.channels.delete(last.name);
    this.add(name, last.inputs, op);
  }

  /** Folds y = x * scale + shift into the convolution that makes `input`; false when none does. */
  foldIntoConv(name: string, input: string, scale: Float32Array, shift: Float32Array, onlyUse = true): boolean {
    const last = this.lastIf(input);
    if (!last || last.op.kind !== 'conv' || !onlyUse) return false;
    this.replaceLast(name, foldAffineIntoConv(last.op, scale, shift));
    return true;
  }

  /** Renames a tensor everywhere it appears so far (Caffe's in-place layers reuse blob names). */
  rename(oldName: string, newName: string): void {
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i]!;
      if (n.name === oldName || n.inputs.includes(oldName)) {
        this.nodes[i] = { ...n, name: n.name === oldName ? newName : n.name, inputs: n.inputs.map((x) => (x === oldName ? newName : x)) };
      }
    }
    this.channels.set(newName, this.channels.get(oldName)!);
  }

  build(options: BuildOptions): Network {
    if (!this.input) throw new Error('the model declares no input');
    const logits = this.logits;
    return {
      name: options.name,
      input: this.input,
      preprocess: options.preprocess,
      nodes: this.nodes,
      suggestedLayers: options.suggestedLayers ?? [],
      ...(logits ? { logits } : {}),
    };
  }
}
