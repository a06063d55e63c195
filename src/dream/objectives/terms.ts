import type { Activation } from '../activation.js';
import type { Shape } from '../network/graph.js';
import type { Term } from './term.js';

/** How a layer's activations become one number: their mean, or the mean of their squares (google/deepdream's L2). */
export type Reduce = 'mean' | 'meanSquare';

/** A channel filter: the whole layer, or one channel of it. */
function channelRange(shape: Shape, channel: number | undefined): [number, number] {
  return channel === undefined ? [0, shape[0]] : [channel, channel + 1];
}

function reduceTerm(layer: string, reduce: Reduce, channel: number | undefined, description: string): Term {
  return {
    layer,
    description,
    loss({ shape, data }) {
      const [c0, c1] = channelRange(shape, channel);
      const plane = shape[1] * shape[2];
      let sum = 0;
      for (let i = c0 * plane; i < c1 * plane; i++) sum += reduce === 'mean' ? data[i]! : data[i]! * data[i]!;
      return sum / ((c1 - c0) * plane);
    },
    seed({ shape, data }) {
      const [c0, c1] = channelRange(shape, channel);
      const plane = shape[1] * shape[2];
      const n = (c1 - c0) * plane;
      const seed = new Float32Array(data.length);
      for (let i = c0 * plane; i < c1 * plane; i++) seed[i] = reduce === 'mean' ? 1 / n : (2 * data[i]!) / n;
      return seed;
    },
    linear(shape) {
      const [c0, c1] = channelRange(shape, channel);
      const n = (c1 - c0) * shape[1] * shape[2];
      const scale = new Float32Array(shape[0]);
      const shift = new Float32Array(shape[0]);
      for (let c = c0; c < c1; c++) {
        if (reduce === 'mean') shift[c] = 1 / n;
        else scale[c] = 2 / n;
      }
      return { scale, shift };
    },
  };
}

/** The whole layer's activation. */
export function layerTerm(layer: string, reduce: Reduce = 'meanSquare'): Term {
  return reduceTerm(layer, reduce, undefined, reduce === 'mean' ? `mean(${layer})` : `mean(${layer}²)`);
}

/** One channel (feature map) of a layer. */
export function channelTerm(layer: string, channel: number, reduce: Reduce = 'mean'): Term {
  return reduceTerm(layer, reduce, channel, reduce === 'mean' ? `mean(${layer}[${channel}])` : `mean(${layer}[${channel}]²)`);
}

/** A class logit of the classifier (pre-softmax), as in the original "dream a class" examples. */
export function classTerm(logitsLayer: string, classIndex: number): Term {
  return { ...reduceTerm(logitsLayer, 'mean', classIndex, ''), description: `class ${classIndex}` };
}

/**
 * Moves each position of a layer towards the guide feature it already resembles most
 * (google/deepdream's objective_guide): loss is the mean best dot product.
 */
export function guideTerm(layer: string, guide: Activation): Term {
  // Engines ask for the loss and the seed of the same activations: match them once.
  const matched = new WeakMap<Activation, { index: Int32Array; score: Float32Array }>();
  const best = (a: Activation): { index: Int32Array; score: Float32Array } => {
    const known = matched.get(a);
    if (known) return known;
    const result = bestMatches(a);
    matched.set(a, result);
    return result;
  };
  const bestMatches = ({ shape, data }: Activation): { index: Int32Array; score: Float32Array } => {
    const [c, h, w] = shape;
    const positions = h * w;
    const guidePositions = guide.shape[1] * guide.shape[2];
    const index = new Int32Array(positions);
    const score = new Float32Array(positions).fill(-Infinity);
    const dots = new Float32Array(guidePositions);
    for (let p = 0; p < positions; p++) {
      dots.fill(0);
      for (let k = 0; k < c; k++) {
        const v = data[k * positions + p]!;
        if (v === 0) continue;
        const row = k * guidePositions;
        for (let q = 0; q < guidePositions; q++) dots[q]! += v * guide.data[row + q]!;
      }
      for (let q = 0; q < guidePositions; q++) if (dots[q]! > score[p]!) [score[p], index[p]] = [dots[q]!, q];
    }
    return { index, score };
  };
  return {
    layer,
    description: `guide(${layer})`,
    loss(a) {
      const { score } = best(a);
      return score.reduce((s, v) => s + v, 0) / score.length;
    },
    seed(a) {
      const [c, h, w] = a.shape;
      const positions = h * w;
      const guidePositions = guide.shape[1] * guide.shape[2];
      const { index } = best(a);
      const seed = new Float32Array(a.data.length);
      for (let k = 0; k < c; k++) for (let p = 0; p < positions; p++) seed[k * positions + p] = guide.data[k * guidePositions + index[p]!]! / positions;
      return seed;
    },
  };
}

/** Ignores a border of `fraction` of each side, where padding makes activations unreliable. */
export function croppedTerm(term: Term, fraction: number): Term {
  const mask = (shape: Shape): Float32Array => {
    const [c, h, w] = shape;
    const by = Math.floor(h * fraction);
    const bx = Math.floor(w * fraction);
    const m = new Float32Array(c * h * w);
    for (let k = 0; k < c; k++) for (let y = by; y < h - by; y++) m.fill(1, (k * h + y) * w + bx, (k * h + y) * w + w - bx);
    return m;
  };
  const masked = (a: Activation, m: Float32Array): Activation => ({ shape: a.shape, data: a.data.map((v, i) => v * m[i]!) });
  return {
    layer: term.layer,
    description: `crop(${term.description}, ${fraction})`,
    loss: (a) => term.loss(masked(a, mask(a.shape))),
    seed: (a) => {
      const m = mask(a.shape);
      return term.seed(masked(a, m)).map((v, i) => v * m[i]!);
    },
  };
}
