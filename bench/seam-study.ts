/**
 * npm run bench:seam-study: how to join independently dreamed farm chunks without a jump, measured
 * in one process (one engine, the same carry and seeds as a farm chunk; no Redis, no workers).
 * A known-motion pan of N frames in CHUNK-frame chunks, each chunk after the first dreamed after
 * PREROLL frames of preroll and every chunk dreamed up to OVERLAP frames past its end; the joins
 * are then composed offline several ways and judged by the known motion alone:
 *   hard       today's join: the right chunk's frames from its first one;
 *   plain W    the right chunk's first W frames cross-faded with the left chunk's overlap frames;
 *   residual W the same, mixing dream residuals rescaled to the strength between the two;
 *   pass W     a seam pass: the left chunk's carry continues over W frames, each start blended
 *              (residual W) toward the right chunk's frame, then refined like any carried frame.
 * Env: W, H (160x96), FRAMES (72), CHUNK (24), PREROLL (12), OVERLAP (12), WINDOWS (4,8,12), PASS (8).
 */
import { loadavg } from 'node:os';
import type { RgbImage } from '../src/image/image.js';
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { DEFAULT_DREAM, type DreamSettings } from '../src/dream/settings.js';
import { dream } from '../src/dream/ascent.js';
import { quantize } from '../src/pipeline/checkpoint.js';
import { carryFor } from '../src/pipeline/operators/carry-for.js';
import type { Carry } from '../src/pipeline/operators/carry.js';
import type { Motion } from '../src/pipeline/operators/frames.js';
import { blendSeamFrame, seamWeights, type SeamBlend } from '../src/pipeline/farm/seam-blend.js';
import { workDir } from '../test/helpers/clips.js';
import { MODELS } from '../test/helpers/shared.js';
import { mean, panFlicker, pannedClip, strength } from '../test/helpers/known-motion.js';
import { decodeAll, motionsOf } from './video-study-lib.js';

const W = Number(process.env.W ?? 160);
const H = Number(process.env.H ?? 96);
const N = Number(process.env.FRAMES ?? 72);
const CHUNK = Number(process.env.CHUNK ?? 24);
const PREROLL = Number(process.env.PREROLL ?? 12);
const OVERLAP = Number(process.env.OVERLAP ?? 12);
const WINDOWS = (process.env.WINDOWS ?? '4,8,12')
  .split(',')
  .map(Number)
  .filter((w) => w <= OVERLAP);
const PASS = Number(process.env.PASS ?? 8);
const pan = { dx: 3, dy: 1 };

const engine = await startEngine('ort-cpu', await loadModel(`${MODELS}/bvlc_googlenet`));
const objective = objectives.layer('inception_3b/output');
const first: DreamSettings = { ...DEFAULT_DREAM, octaves: 2, steps: 4, seed: 7 };
const next: DreamSettings = { ...first, octaves: 1, steps: 2 };
const sources = await decodeAll(pannedClip(workDir(), { frames: N, width: W, height: H, pan }), W, H);
const motions = await motionsOf(sources);

/** One carried frame at absolute index t (the seed follows t, as on the farm). */
async function dreamCarried(carry: Carry, t: number, start: RgbImage): Promise<RgbImage> {
  const settings = carry.settings?.(next) ?? next;
  return quantize(await dream(engine, start, objective, { ...settings, seed: settings.seed + t }));
}

/** Frames [from, to) as one farm chunk (or one machine) dreams them: `from` afresh, then carried. */
async function dreamRange(from: number, to: number): Promise<{ dreams: RgbImage[]; carry: Carry }> {
  const carry = carryFor('steady', 1);
  const dreams: RgbImage[] = [];
  for (let t = from; t < to; t++) {
    const motion = t > from ? (motions[t] as Motion) : undefined;
    const dreamed = motion
      ? await dreamCarried(carry, t, carry.start(sources[t]!, motion))
      : quantize(await dream(engine, sources[t]!, objective, { ...first, seed: first.seed + t }));
    carry.remember(sources[t]!, dreamed, !motion);
    dreams.push(dreamed);
  }
  return { dreams, carry };
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(`seam study: ${N}-frame known pan (3,1 px/frame) at ${W}x${H}, chunks of ${CHUNK}, preroll ${PREROLL}, load ${load()}`);
let began = performance.now();
const one = (await dreamRange(0, N)).dreams;
const frameMs = (performance.now() - began) / N;
const starts = Array.from({ length: Math.ceil(N / CHUNK) }, (_, k) => k * CHUNK);
began = performance.now();
const chunks: { from: number; dreams: RgbImage[]; carry: Carry }[] = [];
for (const s of starts) {
  const from = Math.max(0, s - PREROLL);
  const to = Math.min(N, s + CHUNK + OVERLAP);
  chunks.push({ from, ...(await dreamRange(from, to)) });
}
console.log(
  `  dreamed one machine (${(frameMs / 1000).toFixed(2)} s/frame) and ${chunks.length} chunks in ${((performance.now() - began) / 1000).toFixed(0)} s`,
);
const frameOf = (k: number, t: number): RgbImage => chunks[k]!.dreams[t - chunks[k]!.from]!;

/** The hard join: every frame from the chunk it belongs to. */
const hard = (): RgbImage[] => sources.map((_, t) => frameOf(Math.floor(t / CHUNK), t));

function faded(window: number, how: SeamBlend): RgbImage[] {
  const video = hard();
  const weights = seamWeights(window);
  for (let k = 1; k < starts.length; k++)
    for (let i = 0; i < window; i++) {
      const t = starts[k]! + i;
      video[t] = blendSeamFrame(sources[t]!, frameOf(k - 1, t), frameOf(k, t), weights[i]!, how);
    }
  return video;
}

/** The seam pass: the left chunk's carry goes on, its starts blended toward the right chunk's frames. */
async function passed(window: number): Promise<RgbImage[]> {
  const video = hard();
  const weights = seamWeights(window);
  for (let k = 1; k < starts.length; k++) {
    const carry = carryFor('steady', 1);
    const left = chunks[k - 1]!;
    carry.remember(sources[left.from]!, left.dreams[0]!, true);
    carry.remember(sources[starts[k]! - 1]!, frameOf(k - 1, starts[k]! - 1), false);
    for (let i = 0; i < window; i++) {
      const t = starts[k]! + i;
      const start = blendSeamFrame(sources[t]!, carry.start(sources[t]!, motions[t] as Motion), frameOf(k, t), weights[i]!, 'residual');
      video[t] = await dreamCarried(carry, t, start);
      carry.remember(sources[t]!, video[t], false);
    }
  }
  return video;
}

const base = panFlicker(one, pan);
const baseStrength = mean(one.map((d, t) => strength(d, sources[t]!)));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`  one machine: flicker ${mean(base).toFixed(2)}, strength ${baseStrength.toFixed(2)}`);
console.log(
  '  method        | seam pair / inside median | worst pair in seam window / inside median | flicker vs one machine | strength vs one machine | min strength in windows vs one machine',
);
function report(name: string, video: RgbImage[], window: number): void {
  const pairs = panFlicker(video, pan); // pairs[i]: frame i + 1 against frame i
  const seamPairs = new Set(starts.slice(1).flatMap((s) => Array.from({ length: window + 1 }, (_, i) => s - 1 + i)));
  const inside = median(pairs.filter((_, i) => !seamPairs.has(i)));
  const at = starts.slice(1).map((s) => pairs[s - 1]! / inside);
  const worst = starts.slice(1).map((s) => Math.max(...pairs.slice(s - 1, s + window)) / inside);
  const windowStrength = starts
    .slice(1)
    .flatMap((s) => video.slice(s, s + Math.max(1, window)).map((d, i) => strength(d, sources[s + i]!) / strength(one[s + i]!, sources[s + i]!)));
  const s = mean(video.map((d, t) => strength(d, sources[t]!)));
  console.log(
    `  ${name.padEnd(13)} | ${at.map((r) => r.toFixed(2)).join(', ')} (inside ${inside.toFixed(2)}) | ${worst.map((r) => r.toFixed(2)).join(', ')} | ${(mean(pairs) / mean(base)).toFixed(2)} | ${(s / baseStrength).toFixed(2)} | ${Math.min(...windowStrength).toFixed(2)}`,
  );
}
report('one machine', one, 0);
report('hard', hard(), 0);
for (const w of WINDOWS) {
  report(`plain ${w}`, faded(w, 'plain'), w);
  report(`residual ${w}`, faded(w, 'residual'), w);
}
if (PASS > 0) {
  began = performance.now();
  const video = await passed(PASS);
  report(`pass ${PASS}`, video, PASS);
  console.log(`  seam pass: ${((performance.now() - began) / 1000 / (starts.length - 1)).toFixed(1)} s per seam`);
}
await engine.dispose();
