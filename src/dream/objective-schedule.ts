import type { LayerTarget } from '../options/layers.js';
import type { Network } from './network/graph.js';
import { Objective } from './objectives/index.js';
import { buildObjective, type ObjectiveSpec } from './objective-spec.js';

/** Keys of a layer schedule: from this frame on, these layers. */
export interface ScheduleKey {
  readonly frame: number;
  readonly layers: readonly LayerTarget[];
}

/**
 * The objective of frame i: fixed, or from layer-schedule keys, switched at each key or blended
 * between neighbouring keys.
 */
export function objectiveSchedule(
  net: Network,
  base: ObjectiveSpec,
  fixed: Objective,
  keys: readonly ScheduleKey[] | undefined,
  mode: 'switch' | 'blend',
): (index: number) => Objective {
  if (!keys?.length) return () => fixed;
  const built = [...keys].sort((a, b) => a.frame - b.frame).map((k) => ({ frame: k.frame, objective: buildObjective(net, { ...base, layers: k.layers }) }));
  return (index) => {
    let i = built.length - 1;
    while (i > 0 && built[i]!.frame > index) i--;
    const a = built[i]!;
    const b = built[i + 1];
    if (mode === 'switch' || !b || index <= a.frame) return a.objective;
    const t = (index - a.frame) / (b.frame - a.frame);
    return Objective.sum([a.objective.times(1 - t), b.objective.times(t)]);
  };
}
