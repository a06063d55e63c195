import { Objective } from '../dream/objectives/index.js';
import { SCHEDULED } from '../options/schedule-ranges.js';
import { sampleSchedule, type Schedule, type ScheduleContext } from '../schedule/index.js';

/** One term of a sum of layers, and how its weight moves over the render (fixed when undefined). */
export interface WeightedPart {
  readonly objective: Objective;
  readonly weight?: Schedule;
}

/**
 * The objective of each frame as a sum whose weights follow their schedules
 * (`--layers "inception_4c/output:(0:(1), 48:(0)), inception_4d/output:(0:(0), 48:(1))"` crossfades
 * two layers). Weights are sampled once, before the first frame, and range-checked.
 */
export function weightedObjective(parts: readonly WeightedPart[], context: ScheduleContext): (index: number) => Objective {
  const weights = parts.map((p) => (p.weight ? sampleSchedule(p.weight, context, SCHEDULED.layerWeight) : undefined));
  return (index) =>
    Objective.sum(
      parts.map((p, k) => {
        const w = weights[k];
        return w ? p.objective.times(w[Math.min(Math.max(0, index), w.length - 1)]!) : p.objective;
      }),
    );
}
