import { DreamreelError } from '../errors.js';
import type { Activation } from '../dream/engine.js';
import type { Network } from '../dream/network/graph.js';
import { layerChannels } from '../dream/network/shapes.js';
import { objectives, Objective, type Reduce } from '../dream/objectives/index.js';
import { integerIn, invalid, nearest, numberIn } from './validate.js';

/** One item of --layers: `name`, `name[channel]`, either with `:weight`. */
export interface LayerTarget {
  readonly layer: string;
  readonly channel?: number;
  readonly weight: number;
}

export function parseLayers(raw: string): LayerTarget[] {
  return raw.split(',').map((item) => {
    const m = /^\s*([^[\]:,]+?)(?:\[(\d+)\])?(?::([-+0-9.eE]+))?\s*$/.exec(item);
    if (!m) throw invalid('--layers', 'items such as inception_4c/output, inception_4d/output[139] or mixed4c:0.5', item);
    return { layer: m[1]!, ...(m[2] ? { channel: Number(m[2]) } : {}), weight: m[3] ? numberIn('--layers weight', m[3], -100, 100) : 1 };
  });
}

export function checkLayer(net: Network, layer: string): void {
  const names = net.nodes.map((n) => n.name);
  if (!names.includes(layer)) {
    throw new DreamreelError(`unknown layer "${layer}" in ${net.name}; nearest: ${nearest(layer, names).join(', ')} (dreamreel models layers ${net.name} lists them all)`);
  }
}

/** A channel index past the layer's channels reads past its activations: NaN, silently. */
function checkChannel(net: Network, target: LayerTarget): void {
  if (target.channel === undefined) return;
  const count = layerChannels(net, target.layer);
  if (target.channel >= count) throw invalid('--layers', `a channel of ${target.layer} between 0 and ${count - 1} (it has ${count})`, `${target.layer}[${target.channel}]`);
}

export interface ObjectiveSpec {
  readonly layers: readonly LayerTarget[];
  readonly reduce: Reduce;
  readonly classIndex?: number;
  readonly crop?: number;
}

/** One --layers item as an objective: guided (each layer by its own guide features), one channel, or the whole layer. */
function layerObjective(t: LayerTarget, spec: ObjectiveSpec, guides?: ReadonlyMap<string, Activation>): Objective {
  const guide = guides?.get(t.layer);
  const o = guide ? objectives.guide(t.layer, guide) : t.channel !== undefined ? objectives.channel(t.layer, t.channel, spec.reduce) : objectives.layer(t.layer, spec.reduce);
  return spec.crop ? o.cropped(spec.crop) : o;
}

/** Builds the objective from validated flags; guide activations (per layer) come from the caller (it needs the engine). */
export function buildObjective(net: Network, spec: ObjectiveSpec, guides?: ReadonlyMap<string, Activation>): Objective {
  const parts: Objective[] = [];
  if (spec.classIndex !== undefined) {
    if (!net.logits) throw new DreamreelError(`--class needs a model with its classifier; ${net.name} has none`);
    const classes = net.nodes.find((n) => n.name === net.logits)!;
    const count = classes.op.kind === 'dense' ? classes.op.outFeatures : classes.op.kind === 'conv' ? classes.op.outChannels : 1000;
    parts.push(objectives.classLogit(net.logits, integerIn('--class', spec.classIndex, 0, count - 1)));
  }
  for (const t of spec.layers) {
    checkLayer(net, t.layer);
    checkChannel(net, t);
    const o = layerObjective(t, spec, guides);
    parts.push(t.weight === 1 ? o : o.times(t.weight));
  }
  if (parts.length === 0) throw new DreamreelError('nothing to dream: give --layers or --class');
  return Objective.sum(parts);
}
