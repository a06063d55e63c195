import { ancestorsOf, type ConvOp, type Network, type NetNode, type Pads, type PoolOp, type Shape } from './graph.js';
import { ceilModePads2d } from './caffe-pool.js';

/** The pads a pooling op really uses at an input of h x w. */
export function poolPads(op: PoolOp, h: number, w: number): Pads {
  if (op.same) return samePadsFor(op, h, w);
  if (!op.ceilMode) return op.pads;
  return ceilModePads2d(h, w, op.kernel, op.stride, [op.pads[0], op.pads[1]]);
}

/** TensorFlow's "same": output = ceil(size / stride), the odd pixel of padding at the end. */
function samePads(size: number, kernel: number, stride: number): [number, number] {
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** The pads a convolution really uses at an input of h x w. */
export function convPads(op: ConvOp, h: number, w: number): Pads {
  return op.same ? samePadsFor(op, h, w) : op.pads;
}

function samePadsFor(op: ConvOp | PoolOp, h: number, w: number): Pads {
  const [t, b] = samePads(h, op.kernel[0], op.stride[0]);
  const [l, r] = samePads(w, op.kernel[1], op.stride[1]);
  return [t, l, b, r];
}

function convLikeSize(size: number, kernel: number, stride: number, padBegin: number, padEnd: number): number {
  return Math.floor((size + padBegin + padEnd - kernel) / stride) + 1;
}

/** Output shape of one node from its input shapes. */
export function outputShape(node: NetNode, inputs: readonly Shape[]): Shape {
  const [c, h, w] = inputs[0]!;
  const op = node.op;
  switch (op.kind) {
    case 'conv':
    case 'maxPool':
    case 'avgPool': {
      const [t, l, b, r] = op.kind === 'conv' ? convPads(op, h, w) : poolPads(op, h, w);
      const oh = convLikeSize(h, op.kernel[0], op.stride[0], t, b);
      const ow = convLikeSize(w, op.kernel[1], op.stride[1], l, r);
      return [op.kind === 'conv' ? op.outChannels : c, oh, ow];
    }
    case 'pad':
      return [c, h + op.pads[0] + op.pads[2], w + op.pads[1] + op.pads[3]];
    case 'concat':
      return [inputs.reduce((sum, s) => sum + s[0], 0), h, w];
    case 'dense':
      if (c * h * w * op.outFeatures !== op.weight.length) {
        throw new RangeError(
          `${node.name} needs ${op.weight.length / op.outFeatures} inputs but gets ${c}x${h}x${w}: classifier layers need the model's training input size`,
        );
      }
      return [op.outFeatures, 1, 1];
    case 'globalAvgPool':
      return [c, 1, 1];
    case 'relu':
    case 'lrn':
    case 'softmax':
    case 'add':
    case 'leakyRelu':
    case 'sigmoid':
    case 'affine':
      return [c, h, w];
  }
}

/** Shapes of every tensor of `net` for an input of `height` x `width`. */
export function inferShapes(net: Network, height: number, width: number, nodes: readonly NetNode[] = net.nodes): Map<string, Shape> {
  const shapes = new Map<string, Shape>([[net.input, [3, height, width]]]);
  for (const node of nodes) {
    const ins = node.inputs.map((name) => shapes.get(name)!);
    const out = outputShape(node, ins);
    if (out[1] < 1 || out[2] < 1) {
      throw new RangeError(`input ${width}x${height} is too small for ${net.name}: ${node.name} would be empty`);
    }
    shapes.set(node.name, out);
  }
  return shapes;
}

/** Like inferShapes, but leaves out tensors undefined at this size (classifiers off their training size) instead of failing. */
export function shapesWhereDefined(net: Network, height: number, width: number): Map<string, Shape> {
  const shapes = new Map<string, Shape>([[net.input, [3, height, width]]]);
  for (const node of net.nodes) {
    const ins = node.inputs.map((name) => shapes.get(name));
    if (ins.some((s) => !s)) continue;
    try {
      const out = outputShape(node, ins as Shape[]);
      if (out[1] >= 1 && out[2] >= 1) shapes.set(node.name, out);
    } catch {
      /* undefined at this size */
    }
  }
  return shapes;
}

/** Smallest input side for which every layer up to `targets` is non-empty. */
export function minimumInputSide(net: Network, nodes: readonly NetNode[]): number {
  for (let side = 1; side <= 512; side++) {
    try {
      inferShapes(net, side, side, nodes);
      return side;
    } catch {
      /* keep growing */
    }
  }
  return 512;
}

const layerShapeMemo = new WeakMap<Network, Map<string, Map<string, Shape>>>();

/** Shapes of the given layers at an input size (memoised: the dream loop asks every step). */
export function layerShapes(net: Network, layers: readonly string[], height: number, width: number): ReadonlyMap<string, Shape> {
  const memo = layerShapeMemo.get(net) ?? layerShapeMemo.set(net, new Map()).get(net)!;
  const key = `${layers.join(',')}|${height}x${width}`;
  let shapes = memo.get(key);
  if (!shapes) {
    const all = inferShapes(net, height, width, ancestorsOf(net, layers));
    shapes = new Map(layers.map((l) => [l, all.get(l)!]));
    memo.set(key, shapes);
  }
  return shapes;
}

/** How many channels a layer has (the same at every input size). */
export function layerChannels(net: Network, layer: string): number {
  const op = net.nodes.find((n) => n.name === layer)?.op;
  if (op?.kind === 'dense') return op.outFeatures;
  const nodes = ancestorsOf(net, [layer]);
  const side = minimumInputSide(net, nodes);
  return shapesWhereDefined(net, side, side).get(layer)?.[0] ?? 0;
}
