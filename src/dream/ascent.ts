import { keepOriginalColors } from './color.js';
import type { DreamEngine } from './engine.js';
import { normaliseMeanAbs, normaliseStd, smooth } from './gradient-processing.js';
import { clampImage, rgbImage, type RgbImage } from './image.js';
import { ancestorsOf } from './network/graph.js';
import { minimumInputSide } from './network/shapes.js';
import type { Objective } from './objectives/objective.js';
import { octaveBases, reinjectDetail } from './octaves.js';
import { seededRandom } from './random.js';
import { valueAt } from './schedule.js';
import type { DreamSettings } from './settings.js';
import { tiledLossAndGradient } from './tiling.js';
import { composeTransforms, jitter, randomFlip, roll, type TransformFactory } from './transforms.js';

export interface StepEvent {
  readonly octave: number;
  readonly octaves: number;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly ms: number;
  readonly width: number;
  readonly height: number;
}

export interface DreamRun {
  readonly onStep?: (event: StepEvent) => void;
  readonly signal?: AbortSignal;
  /** Awaited before every step: a paused run waits here. */
  readonly beforeStep?: () => Promise<void>;
}

/**
 * Gradient ascent on the image, octave by octave with detail reinjection. The only place
 * that joins transforms, objective, gradient processing and step; it knows no concrete
 * objective and no engine internals.
 */
export async function dream(engine: DreamEngine, source: RgbImage, objective: Objective, settings: DreamSettings, run: DreamRun = {}): Promise<RgbImage> {
  const random = seededRandom(settings.seed);
  const minSide = minimumInputSide(engine.network, ancestorsOf(engine.network, objective.layers));
  const bases = octaveBases(source, settings.octaves, settings.octaveScale, minSide);
  const transforms: TransformFactory[] = [jitter(settings.jitter), ...(settings.flip ? [randomFlip()] : [])];
  const normalise = settings.normalise === 'std' ? normaliseStd : normaliseMeanAbs;
  let dreamed: RgbImage | undefined;
  let previousBase: RgbImage | undefined;
  for (const [octave, base] of bases.entries()) {
    const image = reinjectDetail(base, dreamed, previousBase);
    const { width, height } = image;
    for (let step = 0; step < settings.steps; step++) {
      await run.beforeStep?.();
      run.signal?.throwIfAborted();
      const started = performance.now();
      const transform = composeTransforms(transforms, random);
      const shifted = transform.apply(image);
      // A fresh random tile offset every step keeps tile seams from settling anywhere.
      const tiled = width > settings.tileSize || height > settings.tileSize;
      const ox = tiled ? Math.floor(random() * width) : 0;
      const oy = tiled ? Math.floor(random() * height) : 0;
      const view = tiled ? rgbImage(width, height, roll(shifted.data, width, height, ox, oy)) : shifted;
      const { loss, gradient } = await tiledLossAndGradient(engine, view, objective, settings.tileSize);
      let g = transform.undo(tiled ? roll(gradient, width, height, -ox, -oy) : gradient, width, height);
      g = normalise(smooth(valueAt(settings.blur, step, settings.steps))(g, width, height), width, height);
      const lr = valueAt(settings.stepSize, step, settings.steps);
      const d = image.data;
      for (let i = 0; i < d.length; i++) d[i]! += lr * g[i]!;
      clampImage(image);
      run.onStep?.({ octave, octaves: bases.length, step, steps: settings.steps, loss, ms: performance.now() - started, width, height });
      if (settings.maxLoss !== undefined && loss > settings.maxLoss) break;
    }
    dreamed = image;
    previousBase = base;
  }
  return settings.originalColors ? keepOriginalColors(dreamed!, source) : dreamed!;
}
