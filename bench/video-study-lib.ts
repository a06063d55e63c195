/**
 * Shared pieces of the video-dream study: decode a clip once, estimate motion once, then dream
 * it with any carry method and measure it with the known-motion measures (never the product's flow).
 */
import { dream } from '../src/dream/ascent.js';
import type { DreamEngine } from '../src/dream/engine.js';
import type { RgbImage } from '../src/dream/image.js';
import type { Objective } from '../src/dream/objectives/index.js';
import type { DreamSettings } from '../src/dream/settings.js';
import { quantize } from '../src/pipeline/checkpoint.js';
import { decodeFrames } from '../src/pipeline/decode-frames.js';
import { estimateMotion } from '../src/pipeline/operators/estimate-motion.js';
import type { Motion } from '../src/pipeline/operators/frames.js';
import { from, lastValueFrom, toArray } from 'rxjs';

export async function decodeAll(path: string, width: number, height: number): Promise<RgbImage[]> {
  const frames: RgbImage[] = [];
  for await (const f of decodeFrames(path, { width, height })) frames.push(f);
  return frames;
}

export async function motionsOf(sources: RgbImage[]): Promise<(Motion | undefined)[]> {
  const frames = sources.map((source, index) => ({ index, source, ...(index ? { previousSource: sources[index - 1]! } : {}) }));
  const moving = await lastValueFrom(from(frames).pipe(estimateMotion({ enabled: true, firstToDream: 0, minTrust: 0.3 }), toArray()));
  return moving.map((m) => m.motion);
}

export interface History {
  readonly sources: RgbImage[];
  readonly dreams: RgbImage[];
  readonly motions: (Motion | undefined)[];
}

/** Where frame t starts and with which settings, or undefined to dream it afresh with the first settings. */
export type Variant = (t: number, h: History) => { start: RgbImage; settings: DreamSettings } | undefined;

export async function dreamClip(engine: DreamEngine, objective: Objective, sources: RgbImage[], motions: (Motion | undefined)[], first: DreamSettings, variant: Variant): Promise<{ dreams: RgbImage[]; ms: number }> {
  const h: History = { sources, dreams: [], motions };
  const began = performance.now();
  for (let t = 0; t < sources.length; t++) {
    const plan = t === 0 ? undefined : variant(t, h);
    const settings = plan?.settings ?? first;
    h.dreams.push(quantize(await dream(engine, plan?.start ?? sources[t]!, objective, { ...settings, seed: settings.seed + t })));
  }
  return { dreams: h.dreams, ms: performance.now() - began };
}
