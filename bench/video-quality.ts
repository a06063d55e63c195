/**
 * Flicker, strength, ghosting and drift of flow-carried dreams against per-frame dreaming, on
 * clips with exactly known motion, judged only by that known motion (never the product's flow).
 */
import { join } from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import type { DreamEngine } from '../src/dream/engine.js';
import type { RgbImage } from '../src/image/image.js';
import type { Objective } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import type { CarryName } from '../src/pipeline/operators/carry-for.js';
import { renderFrames } from '../src/pipeline/render.js';
import { videoSources } from '../src/pipeline/video-sources.js';
import { crossingClip, crossingGhosting, lumaOffset, mean, panFlicker, pannedClip, strength, type Crossing } from '../test/helpers/known-motion.js';
import { decodeAll } from './video-study-lib.js';

const W = 320;
const H = 180;
const PAN = { dx: 3, dy: 1 };
const CROSSING: Crossing = { size: 64, x0: 24, y: 58, speed: 6 };

interface Method {
  readonly name: string;
  readonly flow: boolean;
  readonly carry: CarryName;
  readonly blend: number;
}

export const METHODS: readonly Method[] = [
  { name: '--flow off', flow: false, carry: 'steady', blend: 1 },
  { name: 'fade (0.1 default)', flow: true, carry: 'fade', blend: 0.7 },
  { name: 'steady (new default)', flow: true, carry: 'steady', blend: 1 },
];

async function renderClip(
  engine: DreamEngine,
  objective: Objective,
  dir: string,
  clip: string,
  frames: number,
  m: Method,
): Promise<{ dreams: RgbImage[]; fpm: number }> {
  const first = { ...DEFAULT_DREAM, seed: 7 };
  const job = {
    command: 'render' as const,
    input: clip,
    output: join(dir, `out-${Math.random().toString(36).slice(2)}.mp4`),
    width: W,
    height: H,
    fps: 24,
    frames,
    first,
    next: { ...first, steps: 5, octaves: 1 },
    blend: m.blend,
    carry: m.carry,
    crf: 18,
    resume: false,
    identity: { objective: objective.description },
  };
  const dreams: RgbImage[] = [];
  const began = performance.now();
  await lastValueFrom(
    renderFrames(engine, job, videoSources(clip, { width: W, height: H }, m.flow), () => objective).pipe(
      tap((e) => void (e.type === 'frame-done' && dreams.push(e.image!))),
    ),
  );
  return { dreams, fpm: (frames / (performance.now() - began)) * 60000 };
}

const f2 = (v: number): string => v.toFixed(2).padStart(6);

/** The side-by-side table: one row per method, ratios against --flow off from the same run. */
export async function compareCarries(engine: DreamEngine, objective: Objective, dir: string, frames = 24): Promise<void> {
  const pan = pannedClip(dir, { frames, width: W, height: H, pan: PAN });
  const crossing = crossingClip(dir, { frames, width: W, height: H, crossing: CROSSING });
  const panSources = await decodeAll(pan, W, H);
  let off: { flicker: number; strength: number; ghosting: number } | undefined;
  console.log(`known-motion pan (3 px right, 1 px down per frame) and crossing patch, ${W}x${H}, ${frames} frames, seed 7, inception_4c/output`);
  console.log('method                 frames/min  flicker (x off)   strength 2..n (x off)  first   ghosting (x off)');
  for (const m of METHODS) {
    const p = await renderClip(engine, objective, dir, pan, frames, m);
    const c = await renderClip(engine, objective, dir, crossing, frames, m);
    const flicker = mean(panFlicker(p.dreams, PAN));
    const s = p.dreams.map((d, i) => strength(d, panSources[i]!));
    const ghosting = crossingGhosting(c.dreams, CROSSING);
    const row = { flicker, strength: mean(s.slice(1)), ghosting };
    off ??= row;
    console.log(
      `${m.name.padEnd(22)} ${p.fpm.toFixed(1).padStart(9)}  ${f2(flicker)} (${(flicker / off.flicker).toFixed(2)}x)  ${f2(row.strength)} (${(row.strength / off.strength).toFixed(2)}x)     ${f2(s[0]!)}  ${f2(ghosting)} (${(ghosting / off.ghosting).toFixed(2)}x)`,
    );
  }
}

/** Fading and brightness drift of the new default over a long pan. */
export async function longClip(engine: DreamEngine, objective: Objective, dir: string, frames = 72): Promise<void> {
  const pan = pannedClip(dir, { frames, width: W, height: H, pan: PAN });
  const sources = await decodeAll(pan, W, H);
  for (const m of METHODS.slice(1)) {
    const { dreams, fpm } = await renderClip(engine, objective, dir, pan, frames, m);
    const s = dreams.map((d, i) => strength(d, sources[i]!));
    const luma = dreams.map((d, i) => lumaOffset(d, sources[i]!));
    const third = Math.floor(frames / 3);
    const drift = mean(luma.slice(-third)) - mean(luma.slice(1, third));
    console.log(
      `${m.name.padEnd(22)} ${frames} frames, ${fpm.toFixed(1)} frames/min: strength first third ${mean(s.slice(1, third)).toFixed(2)}, last third ${mean(s.slice(-third)).toFixed(2)} (${(mean(s.slice(-third)) / mean(s.slice(1, third))).toFixed(2)}x); luma offset first third ${mean(luma.slice(1, third)).toFixed(2)}, last third ${mean(luma.slice(-third)).toFixed(2)}, drift ${drift.toFixed(2)} levels; flicker last third ${mean(panFlicker(dreams.slice(-third), PAN)).toFixed(2)}`,
    );
  }
}
