import { DreamreelError } from '../errors.js';
import type { LayerTarget } from '../options/layers.js';
import { invalid } from '../options/messages.js';
import { sayWith, type Surface } from '../options/naming.js';
import { nearest } from '../options/nearest.js';
import type { Activation } from './engine.js';
import { resolveLayer, type Network } from './network/graph.js';
import { layerChannels } from './network/shapes.js';
import { objectives, Objective, type Reduce } from './objectives/index.js';

export type { LayerTarget } from '../options/layers.js';

/** The node a layer name means (a node name, or an alias such as a PyTorch module path); fails in one line. */
export function checkLayer(net: Network, layer: string): string {
  const why = net.unavailable?.get(layer);
  if (why) throw new DreamreelError(`layer "${layer}" cannot be dreamed: ${why}`);
  const resolved = resolveLayer(net, layer);
  const names = net.nodes.map((n) => n.name);
  if (!names.includes(resolved)) {
    const known = [...(net.modulePaths ?? []), ...names];
    throw new DreamreelError(
      `unknown layer "${layer}" in ${net.name}; nearest: ${nearest(layer, known).join(', ')} (dreamreel models layers ${net.name} lists them all)`,
    );
  }
  return resolved;
}

/** The spec with every layer under its node name (module paths and other aliases resolved), so later steps see one name per layer. */
export function withNodeNames<S extends { readonly layers: readonly LayerTarget[] }>(net: Network, spec: S): S {
  return { ...spec, layers: spec.layers.map((t) => ({ ...t, layer: checkLayer(net, t.layer) })) };
}

/** A channel index past the layer's channels reads past its activations: NaN, silently. */
function checkChannel(net: Network, target: LayerTarget, surface: Surface): void {
  if (target.channel === undefined) return;
  const count = layerChannels(net, target.layer);
  if (target.channel >= count)
    throw invalid(
      sayWith('{layers}', surface),
      `a channel of ${target.layer} between 0 and ${count - 1} (it has ${count})`,
      `${target.layer}[${target.channel}]`,
    );
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
  const o = guide
    ? objectives.guide(t.layer, guide)
    : t.channel !== undefined
      ? objectives.channel(t.layer, t.channel, spec.reduce)
      : objectives.layer(t.layer, spec.reduce);
  return spec.crop ? o.cropped(spec.crop) : o;
}

/** Builds the objective from parsed options; guide activations (per layer) come from the caller (it needs the engine). Mistakes name the options as `surface` does. */
export function buildObjective(net: Network, spec: ObjectiveSpec, guides?: ReadonlyMap<string, Activation>, surface: Surface = 'cli'): Objective {
  const parts: Objective[] = [];
  if (spec.classIndex !== undefined) {
    if (!net.logits) throw new DreamreelError(`${sayWith('{class}', surface)} needs a model with its classifier; ${net.name} has none`);
    const classes = net.nodes.find((n) => n.name === net.logits)!;
    const count = classes.op.kind === 'dense' ? classes.op.outFeatures : classes.op.kind === 'conv' ? classes.op.outChannels : 1000;
    if (spec.classIndex >= count) throw invalid(sayWith('{class}', surface), `an integer between 0 and ${count - 1}`, spec.classIndex);
    parts.push(objectives.classLogit(net.logits, spec.classIndex));
  }
  for (const t of spec.layers) {
    const target = { ...t, layer: checkLayer(net, t.layer) };
    checkChannel(net, target, surface);
    const o = layerObjective(target, spec, guides);
    parts.push(t.weight === 1 ? o : o.times(t.weight));
  }
  if (parts.length === 0) throw new DreamreelError(sayWith('nothing to dream: give {layers} or {class}', surface));
  return Objective.sum(parts);
}
