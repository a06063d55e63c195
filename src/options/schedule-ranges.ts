import type { ParameterRange } from '../schedule/index.js';

/**
 * The options of `render` and `zoom` that may change from frame to frame, with the range every
 * frame's value must keep and the flag messages name. A plain number keeps meaning what it did.
 */
export const SCHEDULED = {
  zoom: { flag: '--zoom', min: 0.5, max: 2 },
  rotate: { flag: '--rotate', min: -45, max: 45 },
  shift: { flag: '--shift', min: -100, max: 100 },
  lr: { flag: '--lr', min: 0.00001, max: 1 },
  stepsNext: { flag: '--steps-next', min: 1, max: 1000, integer: true },
  blend: { flag: '--blend', min: 0, max: 1 },
  octaveScale: { flag: '--octave-scale', min: 1.05, max: 4 },
  layerWeight: { flag: '--layers weight', min: -100, max: 100 },
} as const satisfies Record<string, ParameterRange & { flag: string }>;

export type ScheduledName = keyof typeof SCHEDULED;
