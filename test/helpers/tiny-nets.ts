import type { ConvOp, Network, NetNode, Op } from '../../src/dream/network/graph.js';
import { seededRandom } from '../../src/dream/random.js';
import { rgbImage, type RgbImage } from '../../src/image/image.js';

const random = seededRandom(1234);
export const randomArray = (n: number, scale = 0.5): Float32Array => Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);

export function conv(inChannels: number, outChannels: number, k: number, options: Partial<Pick<ConvOp, 'stride' | 'pads' | 'groups' | 'same'>> = {}): ConvOp {
  const groups = options.groups ?? 1;
  return {
    kind: 'conv',
    weight: randomArray(outChannels * (inChannels / groups) * k * k, 1 / Math.sqrt((k * k * inChannels) / groups)),
    bias: randomArray(outChannels, 0.1),
    outChannels,
    inChannels,
    kernel: [k, k],
    stride: options.stride ?? [1, 1],
    pads: options.pads ?? [0, 0, 0, 0],
    groups,
    ...(options.same ? { same: true } : {}),
  };
}

/** A network from a list of [name, inputs, op]; RGB input scaled to [-1, 1]. */
export function tinyNet(
  layers: readonly [string, readonly string[], Op][],
  preprocess: Network['preprocess'] = { channelOrder: 'RGB', scale: [2, 2, 2], offset: [-1, -1, -1] },
): Network {
  const nodes: NetNode[] = layers.map(([name, inputs, op]) => ({ name, inputs, op }));
  return { name: 'tiny', input: 'data', preprocess, nodes, suggestedLayers: [nodes.at(-1)!.name] };
}

export function randomImage(width: number, height: number, seed = 7): RgbImage {
  const r = seededRandom(seed);
  return rgbImage(
    width,
    height,
    Float32Array.from({ length: width * height * 3 }, () => 0.2 + 0.6 * r()),
  );
}

export function relativeError(a: Float32Array, b: Float32Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i]! - b[i]!) ** 2;
    den += a[i]! ** 2;
  }
  return Math.sqrt(num / Math.max(den, 1e-30));
}

/** A small net that uses every op kind dreamreel runs. */
export function everyOpNet(): Network {
  return tinyNet([
    ['c1', ['data'], conv(3, 8, 3, { stride: [2, 2], pads: [1, 1, 1, 1] })],
    ['r1', ['c1'], { kind: 'relu' }],
    ['p1', ['r1'], { kind: 'maxPool', kernel: [3, 3], stride: [2, 2], pads: [0, 0, 0, 0], ceilMode: true }],
    ['n1', ['p1'], { kind: 'lrn', size: 5, alpha: 2, beta: 0.75, k: 1 }],
    ['a', ['n1'], conv(8, 6, 1)],
    ['b', ['n1'], conv(8, 6, 3, { pads: [1, 1, 1, 1], groups: 2 })],
    ['d', ['n1'], conv(8, 8, 3, { pads: [1, 1, 1, 1], groups: 8 })],
    ['cat', ['a', 'b', 'd'], { kind: 'concat' }],
    // A convolution over a Concat takes its input gradient part by part; the pool's goes through Split.
    ['e', ['cat'], conv(20, 8, 3, { pads: [1, 1, 1, 1] })],
    ['q', ['cat'], { kind: 'maxPool', kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], ceilMode: false }],
    // After a ReLU, a stride-1 max pool routes its gradient by masks rather than indices.
    ['rq', ['cat'], { kind: 'relu' }],
    ['mq', ['rq'], { kind: 'maxPool', kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], ceilMode: false }],
    ['cat2', ['e', 'q', 'mq'], { kind: 'concat' }],
    ['n2', ['cat2'], { kind: 'lrn', size: 3, alpha: 1, beta: 0.6, k: 2 }],
    ['r2', ['n2'], { kind: 'relu', max: 6 }],
    ['pad', ['r2'], { kind: 'pad', pads: [0, 0, 1, 1] }],
    ['s2', ['pad'], conv(48, 20, 3, { stride: [2, 2], same: true })],
    ['sum', ['s2', 's2'], { kind: 'add' }],
    ['avg', ['sum'], { kind: 'avgPool', kernel: [2, 2], stride: [1, 1], pads: [0, 0, 0, 0], ceilMode: false }],
    ['fc', ['avg'], { kind: 'dense', weight: randomArray(10 * 20 * 3 * 3, 0.2), bias: randomArray(10), outFeatures: 10 }],
    ['prob', ['fc'], { kind: 'softmax' }],
  ]);
}

/**
 * ReLU, then a strided and a stride-1 max pool: the second sees the first one's repeated
 * values, and flat regions of a picture tie everywhere. Each window's gradient must reach
 * one input only.
 */
export function tiedPoolsNet(): Network {
  return tinyNet([
    ['c', ['data'], conv(3, 16, 3, { pads: [1, 1, 1, 1] })],
    ['r', ['c'], { kind: 'relu' }],
    ['p1', ['r'], { kind: 'maxPool', kernel: [3, 3], stride: [2, 2], pads: [0, 0, 0, 0], ceilMode: true }],
    ['p2', ['p1'], { kind: 'maxPool', kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], ceilMode: false }],
  ]);
}

/** Flat blocks of colour (ties everywhere inside them) with a little texture between. */
export function blockyImage(width: number, height: number): RgbImage {
  const r = seededRandom(11);
  const data = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const block = (Math.floor(x / 8) + 2 * Math.floor(y / 8)) % 4;
      for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = block === 3 ? 0.2 + 0.6 * r() : 0.25 * (block + c / 3);
    }
  }
  return rgbImage(width, height, data);
}
