import { DreamreelError } from '../errors.js';
import type { Network } from '../dream/network/graph.js';
import type { Objective } from '../dream/objectives/index.js';
import { buildObjective, type ObjectiveSpec } from '../dream/objective-spec.js';
import { weightedObjective, type WeightedPart } from '../pipeline/scheduled-objective.js';
import { parseSchedule, type ScheduleContext } from '../schedule/index.js';

/** The objective of frame i when `layers` weights are schedules (`mixed4c:(0:(1), 48:(0))`); undefined when none is. */
export function scheduledLayers(
  session: { network: Network; spec: ObjectiveSpec; guided: boolean },
  o: { layerSchedule?: string | undefined },
  context: ScheduleContext,
): ((index: number) => Objective) | undefined {
  const { network, spec } = session;
  if (!spec.layers.some((t) => t.weightSchedule)) return undefined;
  if (session.guided) throw new DreamreelError('scheduled --layers weights and --guide cannot be combined');
  if (o.layerSchedule) throw new DreamreelError('scheduled --layers weights and --layer-schedule cannot be combined: write the change into the weights');
  const { classIndex, ...layersOnly } = spec;
  const weighted: WeightedPart[] = spec.layers.map((t) => {
    const objective = buildObjective(network, { ...layersOnly, layers: [{ ...t, weight: 1 }] });
    return t.weightSchedule
      ? { objective, weight: parseSchedule(t.weightSchedule, `--layers weight of ${t.layer}`) }
      : { objective: t.weight === 1 ? objective : objective.times(t.weight) };
  });
  if (classIndex !== undefined) weighted.push({ objective: buildObjective(network, { ...layersOnly, classIndex, layers: [] }) });
  return weightedObjective(weighted, context);
}
