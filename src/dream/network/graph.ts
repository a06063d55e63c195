/**
 * The engine-free description of a network that every model loader produces and every
 * engine runs. Feature maps are logical [channels, height, width] with batch 1; weights are
 * plain Float32Arrays in ONNX/Caffe order (conv filters [out, in/groups, kh, kw],
 * dense weights [out, in] over inputs flattened in C,H,W order). No tfjs in here.
 */
export type Shape = readonly [channels: number, height: number, width: number];
/** [top, left, bottom, right] */
export type Pads = readonly [number, number, number, number];

export interface ConvOp {
  readonly kind: 'conv';
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly outChannels: number;
  readonly inChannels: number;
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly pads: Pads;
  /** TensorFlow's "same" padding, which depends on the input size (see convPads); `pads` is then ignored. */
  readonly same?: boolean;
  readonly groups: number;
}
export interface ReluOp {
  readonly kind: 'relu';
  /** ReLU6 and friends clip from above too. */ readonly max?: number;
}
export interface PoolOp {
  readonly kind: 'maxPool' | 'avgPool';
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly pads: Pads;
  /** Caffe rounds pooled sizes up; engines see that as extra end padding (see poolPads). */
  readonly ceilMode: boolean;
  /** TensorFlow's "same" padding (max pooling only; padding never wins). */
  readonly same?: boolean;
  /** Average pooling divides by the window's pixels inside the input only (ONNX count_include_pad=0). */
  readonly excludePad?: boolean;
}
export interface LrnOp {
  readonly kind: 'lrn';
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
}
export interface ConcatOp {
  readonly kind: 'concat';
}
export interface DenseOp {
  readonly kind: 'dense';
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  readonly outFeatures: number;
}
export interface SoftmaxOp {
  readonly kind: 'softmax';
}
export interface PadOp {
  readonly kind: 'pad';
  readonly pads: Pads;
}
export interface AddOp {
  readonly kind: 'add';
}
export interface LeakyReluOp {
  readonly kind: 'leakyRelu';
  readonly alpha: number;
}
export interface SigmoidOp {
  readonly kind: 'sigmoid';
}
/** Per channel y = x * scale + shift: a batch normalisation no convolution absorbed, or input normalisation. */
export interface AffineOp {
  readonly kind: 'affine';
  readonly scale: Float32Array;
  readonly shift: Float32Array;
}
/** The mean of each channel over the whole map, whatever its size. */
export interface GlobalAvgPoolOp {
  readonly kind: 'globalAvgPool';
}

export type Op = ConvOp | ReluOp | PoolOp | LrnOp | ConcatOp | DenseOp | SoftmaxOp | PadOp | AddOp | LeakyReluOp | SigmoidOp | AffineOp | GlobalAvgPoolOp;
export type OpKind = Op['kind'];

/** One named tensor and the op that makes it from earlier tensors. */
export interface NetNode<O extends Op = Op> {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly op: O;
}

/** How pixels in [0, 1] RGB become the network's input: x * scale + offset, per channel, after reordering. */
export interface Preprocess {
  readonly channelOrder: 'RGB' | 'BGR';
  /** Per channel in the network's order. */
  readonly scale: readonly [number, number, number];
  readonly offset: readonly [number, number, number];
}

export interface Network {
  readonly name: string;
  /** Name of the image input tensor. */
  readonly input: string;
  readonly preprocess: Preprocess;
  /** Topologically ordered. */
  readonly nodes: readonly NetNode[];
  /** Layers worth dreaming with, best first. */
  readonly suggestedLayers: readonly string[];
  /** Name of the tensor holding class logits, when the model has its classifier. */
  readonly logits?: string;
  /** Other names of tensors (ONNX output names, PyTorch module paths) -> node name. */
  readonly aliases?: ReadonlyMap<string, string>;
  /** Module paths worth listing first (models layers), in network order. */
  readonly modulePaths?: readonly string[];
  /** Tensors the model names but dreamreel cannot compute -> why, in one line. */
  readonly unavailable?: ReadonlyMap<string, string>;
  /** sha256 of the model's files (absent for a model read from a URL): what a checkpoint knows it by. */
  readonly contentSha256?: string;
}

/** The node a layer name means: a node name, or one of the network's aliases. */
export function resolveLayer(net: Network, name: string): string {
  return net.aliases?.get(name) ?? name;
}

export function nodeByName(net: Network): Map<string, NetNode> {
  return new Map(net.nodes.map((n) => [n.name, n]));
}

/** The nodes needed to compute `targets`, in topological order. */
export function ancestorsOf(net: Network, targets: readonly string[]): NetNode[] {
  const byName = nodeByName(net);
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name) || name === net.input) return;
    const node = byName.get(name);
    if (!node) throw new Error(`no tensor named ${name} in ${net.name}`);
    needed.add(name);
    node.inputs.forEach(visit);
  };
  targets.forEach(visit);
  return net.nodes.filter((n) => needed.has(n.name));
}
