import { DreamreelError } from '../errors.js';
import type { Activation } from '../dream/engine.js';
import { resolveLayer, type Network } from '../dream/network/graph.js';
import { layerChannels } from '../dream/network/shapes.js';
import { objectives, Objective, type Reduce } from '../dream/objectives/index.js';
import { integerIn, invalid, nearest, numberIn } from './validate.js';
import { parseSchedule, splitTopLevel, unwrapParentheses } from '../schedule/index.js';

/** One item of --layers: `name`, `name[channel]`, either with `:weight`. */
export interface LayerTarget {
  readonly layer: string;
  readonly channel?: number;
  readonly weight: number;
  /** A weight that changes over a render: `mixed4c:(0:(1), 48:(0))`; `weight` is then 1. */
  readonly weightSchedule?: string;
}

/** `(0:(1), 48:(0))` or `(1 - t/48)`: a schedule; one that never changes is a plain weight. */
function scheduledWeight(layer: string, text: string): Pick<LayerTarget, 'weight' | 'weightSchedule'> {
  const schedule = parseSchedule(unwrapParentheses(text), `--layers weight of ${layer}`);
  return schedule.kind === 'constant' ? { weight: numberIn('--layers weight', schedule.at(0, { fps: 1, frames: 1 }), -100, 100) } : { weight: 1, weightSchedule: schedule.source.text };
}

export function parseLayers(raw: string): LayerTarget[] {
  // Commas inside a weight's parentheses belong to its keyframes, not to the list.
  return splitTopLevel(raw).map((item) => {
    const m = /^\s*([^[\]:,()]+?)(?:\[(\d+)\])?(?::(\(.*\)|[-+0-9.eE]+))?\s*$/s.exec(item);
    if (!m) throw invalid('--layers', 'items such as inception_4c/output, inception_4d/output[139], mixed4c:0.5 or mixed4c:(0:(1), 48:(0))', item);
    const weight = !m[3] ? { weight: 1 } : m[3].startsWith('(') ? scheduledWeight(m[1]!, m[3]) : { weight: numberIn('--layers weight', m[3], -100, 100) };
    return { layer: m[1]!, ...(m[2] ? { channel: Number(m[2]) } : {}), ...weight };
  });
}

/** The node a layer name means (a node name, or an alias such as a PyTorch module path); fails in one line. */
export function checkLayer(net: Network, layer: string): string {
  const why = net.unavailable?.get(layer);
  if (why) throw new DreamreelError(`layer "${layer}" cannot be dreamed: ${why}`);
  const resolved = resolveLayer(net, layer);
  const names = net.nodes.map((n) => n.name);
  if (!names.includes(resolved)) {
    const known = [...(net.modulePaths ?? []), ...names];
    throw new DreamreelError(`unknown layer "${layer}" in ${net.name}; nearest: ${nearest(layer, known).join(', ')} (dreamreel models layers ${net.name} lists them all)`);
  }
  return resolved;
}

/** The spec with every layer under its node name (module paths and other aliases resolved), so later steps see one name per layer. */
export function withNodeNames<S extends { readonly layers: readonly LayerTarget[] }>(net: Network, spec: S): S {
  return { ...spec, layers: spec.layers.map((t) => ({ ...t, layer: checkLayer(net, t.layer) })) };
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
    const target = { ...t, layer: checkLayer(net, t.layer) };
    checkChannel(net, target);
    const o = layerObjective(target, spec, guides);
    parts.push(t.weight === 1 ? o : o.times(t.weight));
  }
  if (parts.length === 0) throw new DreamreelError('nothing to dream: give --layers or --class');
  return Objective.sum(parts);
}
