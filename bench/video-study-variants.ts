import { rgbImage, type RgbImage } from '../src/dream/image.js';
import type { DreamSettings } from '../src/dream/settings.js';
import { warpBackward } from '../src/flow/warp.js';
import { warpBackwardCubic } from '../src/flow/warp-cubic.js';
import { warpPreviousDream } from '../src/pipeline/operators/warp-previous-dream.js';
import type { History, Variant } from './video-study-lib.js';

const residualOf = (d: RgbImage, s: RgbImage): RgbImage => rgbImage(d.width, d.height, d.data.map((v, i) => v - s.data[i]!));
const meanAbs = (a: Float32Array): number => a.reduce((s, v) => s + Math.abs(v), 0) / a.length;

function carried(t: number, h: History, cubic: boolean): Float32Array {
  const r = residualOf(h.dreams[t - 1]!, h.sources[t - 1]!);
  const m = h.motions[t]!;
  const w = (cubic ? warpBackwardCubic : warpBackward)(r, m.backward).data;
  for (let p = 0; p < m.trust.length; p++) for (let c = 0; c < 3; c++) w[p * 3 + c]! *= m.trust[p]!;
  return w;
}

function startFrom(source: RgbImage, r: Float32Array, k: number): RgbImage {
  return rgbImage(source.width, source.height, source.data.map((v, i) => Math.min(1, Math.max(0, v + k * r[i]!))));
}

export function studyVariants(first: DreamSettings, next: DreamSettings): Record<string, Variant> {
  const today = (blend: number, settings: DreamSettings): Variant => (t, h) => (h.motions[t] ? { start: warpPreviousDream(h.sources[t]!, h.sources[t - 1]!, h.dreams[t - 1]!, h.motions[t]!, blend), settings } : undefined);
  const renorm = (cubic: boolean, gain: number, settings: DreamSettings): Variant => (t, h) => {
    if (!h.motions[t]) return undefined;
    const target = meanAbs(residualOf(h.dreams[0]!, h.sources[0]!).data);
    const r = carried(t, h, cubic);
    return { start: startFrom(h.sources[t]!, r, (gain * target) / Math.max(1e-6, meanAbs(r))), settings };
  };
  return {
    off: () => undefined,
    today: today(0.7, next),
    'blend 0.5': today(0.5, next),
    'blend 0.85': today(0.85, next),
    'blend 1': today(1, next),
    'steps-next 10': today(0.7, { ...next, steps: 10 }),
    'octaves-next 2': today(0.7, { ...next, octaves: 2 }),
    'no mask, blend 0.7': (t, h) => (h.motions[t] ? { start: warpPreviousDream(h.sources[t]!, h.sources[t - 1]!, h.dreams[t - 1]!, { ...h.motions[t]!, trust: new Float32Array(h.motions[t]!.trust.length).fill(1) }, 0.7), settings: next } : undefined),
    'renorm bilinear': renorm(false, 1, next),
    'renorm cubic': renorm(true, 1, next),
    'renorm cubic 0.9': renorm(true, 0.9, next),
  };
}
