/**
 * Shared pieces of the video-dream study: decode a clip once, estimate motion once, then dream
 * it with any carry and settings and measure it with the known-motion measures (never the product's flow).
 */
import { from, lastValueFrom, toArray } from 'rxjs';
import { dream } from '../src/dream/ascent.js';
import type { DreamEngine } from '../src/dream/engine.js';
import type { RgbImage } from '../src/image/image.js';
import type { Objective } from '../src/dream/objectives/index.js';
import type { DreamSettings } from '../src/dream/settings.js';
import { quantize } from '../src/pipeline/checkpoint.js';
import type { Carry } from '../src/pipeline/operators/carry.js';
import { estimateMotion } from '../src/pipeline/operators/estimate-motion.js';
import type { Motion } from '../src/pipeline/operators/frames.js';

export { decodeAll } from '../test/helpers/known-motion.js';

export async function motionsOf(sources: RgbImage[]): Promise<(Motion | undefined)[]> {
  const frames = sources.map((source, index) => ({ index, source, ...(index ? { previousSource: sources[index - 1]! } : {}) }));
  const moving = await lastValueFrom(from(frames).pipe(estimateMotion({ enabled: true, firstToDream: 0, minTrust: 0.3 }), toArray()));
  return moving.map((m) => m.motion);
}

/** A way to dream a clip: no carry is every frame dreamed alone with the first settings. */
export interface Variant {
  readonly carry?: () => Carry;
  readonly next: DreamSettings;
}

export async function dreamClip(
  engine: DreamEngine,
  objective: Objective,
  sources: RgbImage[],
  motions: (Motion | undefined)[],
  first: DreamSettings,
  variant: Variant,
): Promise<{ dreams: RgbImage[]; ms: number }> {
  const carry = variant.carry?.();
  const dreams: RgbImage[] = [];
  const began = performance.now();
  for (let t = 0; t < sources.length; t++) {
    const motion = t > 0 && carry ? motions[t] : undefined;
    const settings = motion ? (carry!.settings?.(variant.next) ?? variant.next) : first;
    const start = motion ? carry!.start(sources[t]!, motion) : sources[t]!;
    const seed = motion && carry!.steadyJitter ? settings.seed : settings.seed + t;
    const raw = await dream(engine, start, objective, { ...settings, seed });
    const dreamed = quantize(motion && carry!.finish ? carry!.finish(start, raw, motion) : raw);
    carry?.remember(sources[t]!, dreamed, !motion);
    dreams.push(dreamed);
  }
  return { dreams, ms: performance.now() - began };
}
