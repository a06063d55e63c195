import type { DreamSettings } from '../src/dream/settings.js';
import { fadingCarry } from '../src/pipeline/operators/carry.js';
import { steadyCarry } from '../src/pipeline/operators/steady-carry.js';
import type { Variant } from './video-study-lib.js';

export function studyVariants(first: DreamSettings, next: DreamSettings): Record<string, Variant> {
  const fade = (blend: number, settings = next): Variant => ({ carry: () => fadingCarry(blend), next: settings });
  const steady = (sampler: 'bilinear' | 'cubic', gain: number, settings = next, stepScale = 1, liftWeak = 1): Variant => ({
    carry: () => steadyCarry({ sampler, gain, stepScale, liftWeak }),
    next: settings,
  });
  return {
    off: { next: first },
    today: fade(0.7),
    'blend 0.5': fade(0.5),
    'blend 0.85': fade(0.85),
    'blend 1': fade(1),
    'steps-next 10': fade(0.7, { ...next, steps: 10 }),
    'octaves-next 2': fade(0.7, { ...next, octaves: 2 }),
    'renorm bilinear': steady('bilinear', 1),
    'renorm cubic': steady('cubic', 1),
    'renorm 0.8': steady('bilinear', 0.8),
    'renorm lr/2': steady('bilinear', 1, next, 0.5),
    'renorm lr/2 lift 4': steady('bilinear', 1, next, 0.5, 4),
    'renorm lr/4': steady('bilinear', 1, next, 0.25),
    'renorm cubic lr/2': steady('cubic', 1, next, 0.5),
    'renorm 0.8 lr/2': steady('bilinear', 0.8, next, 0.5),
    'renorm 3 steps': steady('bilinear', 1, { ...next, steps: 3 }),
    'renorm jitter 8': steady('bilinear', 1, { ...next, jitter: 8 }),
  };
}
