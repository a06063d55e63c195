import { geometric, linear } from '../dream/schedule.js';
import type { DreamSettings } from '../dream/settings.js';
import type { FrameOptionsOut } from '../options/frame.js';
import type { DreamingOptions } from '../options/index.js';

/** Parsed options as the ascent's settings: step size and blur as schedules over each octave's steps. */
export function dreamSettings(o: DreamingOptions): DreamSettings {
  return {
    octaves: o.octaves,
    octaveScale: o.octaveScale,
    steps: o.steps,
    stepSize: linear(o.lr, o.lrEnd ?? o.lr),
    blur: geometric(o.blur, o.blurEnd),
    normalise: o.normalise,
    jitter: o.jitter,
    flip: o.flip,
    tileSize: o.tileSize,
    ...(o.maxLoss === undefined ? {} : { maxLoss: o.maxLoss }),
    seed: o.seed,
    originalColors: o.originalColors,
  };
}

export interface FrameSettings {
  readonly first: DreamSettings;
  /** Frames that start from the previous dream: fewer steps, fewer octaves. */
  readonly next: DreamSettings;
  readonly blend: number;
  readonly crf: number;
}

export function frameSettings(o: DreamingOptions & Pick<FrameOptionsOut, 'stepsNext' | 'octavesNext' | 'blend' | 'crf'>): FrameSettings {
  const first = dreamSettings(o);
  return { first, next: { ...first, steps: o.stepsNext, octaves: o.octavesNext }, blend: o.blend, crf: o.crf };
}
