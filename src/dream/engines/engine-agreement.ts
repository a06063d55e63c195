import type { DreamEngine } from '../engine.js';
import { startFusedSteps } from '../fused-step.js';
import { cloneImage, type RgbImage } from '../../image/image.js';
import type { Objective } from '../objectives/objective.js';
import { seededRandom } from '../random.js';
import { DEFAULT_DREAM, type DreamSettings } from '../settings.js';
import { composeTransforms, jitter, randomFlip } from '../transforms.js';

/**
 * Whether two engines dream the same: the same fused steps (same picture, seed and random
 * transforms) on each, compared by the correlation of what the steps changed. Comparing the
 * change, not the picture, keeps the start image from hiding a wrong gradient. Used by the
 * GPU tests on a software adapter and by the GPU kit on a real GPU (scripts/gpu-measure.mjs).
 */

export interface FusedRun {
  /** What the steps changed: dreamed minus start, HWC. */
  readonly update: Float32Array;
  readonly losses: number[];
  /** Milliseconds of each step; the first includes building and warming the session. */
  readonly ms: number[];
}

export interface Agreement {
  readonly correlation: number;
  readonly runs: readonly [FusedRun, FusedRun];
}

/** Pearson correlation of two equally long arrays. */
export function correlation(a: Float32Array, b: Float32Array): number {
  let [sa, sb, saa, sbb, sab] = [0, 0, 0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  const n = a.length;
  return (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
}

/** How the agreement's runs draw: the seed, and whether steps flip at random too (the column reorder's other path). */
export interface RunDraws {
  readonly seed?: number;
  readonly flip?: boolean;
}

/** `steps` fused steps of one octave on `engine`; refuses an engine that would not fuse them. */
export async function fusedRun(
  engine: DreamEngine,
  source: RgbImage,
  objective: Objective,
  steps: number,
  { seed = 1, flip = false }: RunDraws = {},
): Promise<FusedRun> {
  const settings: DreamSettings = { ...DEFAULT_DREAM, octaves: 1, steps, seed, flip };
  const transforms = [jitter(Math.max(1, Math.floor(Math.min(source.width, source.height) / 8))), ...(flip ? [randomFlip()] : [])];
  const image = cloneImage(source);
  const began = performance.now();
  const fused = await startFusedSteps(engine, image, objective, settings, transforms);
  if (!fused) throw new Error(`${engine.name} offers no fused step for ${objective.layers.join('+')}`);
  const random = seededRandom(seed);
  const [losses, ms] = [[] as number[], [] as number[]];
  let last = began;
  for (let step = 0; step < steps; step++) {
    losses.push(await fused.step(composeTransforms(transforms, random), step));
    const now = performance.now();
    ms.push(now - last);
    last = now;
  }
  await fused.finish();
  return { update: image.data.map((v, i) => v - source.data[i]!), losses, ms };
}

/** The same fused steps on two engines, and how well their changes agree. */
export async function fusedAgreement(
  a: DreamEngine,
  b: DreamEngine,
  source: RgbImage,
  objective: Objective,
  steps: number,
  draws: RunDraws = {},
): Promise<Agreement> {
  const runA = await fusedRun(a, source, objective, steps, draws);
  const runB = await fusedRun(b, source, objective, steps, draws);
  return { correlation: correlation(runA.update, runB.update), runs: [runA, runB] };
}
