import { DreamreelError } from '../errors.js';
import { keepOriginalColors } from './color.js';
import type { DreamEngine } from './engine.js';
import { normaliseMeanAbs, normaliseStd, smooth } from './gradient-processing.js';
import { clampImage, rgbImage, type RgbImage } from '../image/image.js';
import { blendByMask, mask as maskOf, resizeMask, type Mask } from '../image/mask.js';
import { ancestorsOf } from './network/graph.js';
import { minimumInputSide } from './network/shapes.js';
import type { Objective } from './objectives/objective.js';
import { octaveBases, reinjectDetail } from './octaves.js';
import { seededRandom, type Random } from './random.js';
import { valueAt } from './schedule.js';
import type { DreamSettings } from './settings.js';
import { tiledLossAndGradient } from './tiling.js';
import { startFusedSteps } from './fused-step.js';
import { composeTransforms, jitter, randomFlip, roll, type StepTransform, type TransformFactory } from './transforms.js';

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
  /**
   * How much to dream at each pixel (1 full, 0 none), resized to each octave. After every octave
   * the picture is brought back to its base by (1 - weight), so nothing dreamed outside reaches
   * the next octave through the detail reinjection, and the result equals the source where 0.
   */
  readonly weight?: Mask;
  /** Parts of the picture dreamed with their own objective (--region); the rest follows the main one. */
  readonly regions?: readonly DreamRegion[];
}

/** A part of the picture (weights in [0, 1]) and what is dreamed there. */
export interface DreamRegion {
  readonly objective: Objective;
  readonly weight: Mask;
}

/** The objectives of a step, each with its weight at this octave's size: the regions, then the main objective on what they leave. */
function octaveParts(objective: Objective, regions: readonly DreamRegion[], width: number, height: number): DreamRegion[] {
  const parts = regions.map((r) => ({ objective: r.objective, weight: resizeMask(r.weight, width, height) }));
  const rest = new Float32Array(width * height).fill(1);
  for (const part of parts) for (let p = 0; p < rest.length; p++) rest[p] = Math.max(0, rest[p]! - part.weight.data[p]!);
  // Regions covering the whole picture leave the main objective nothing: no gradient to take.
  const restUsed = rest.some((v) => v > 1e-3);
  return [...(restUsed ? [{ objective, weight: maskOf(width, height, rest) }] : []), ...parts];
}

/** image += lr * g; returns the sum of g, read on the way, so a NaN anywhere shows at no extra pass. */
function addStep(d: Float32Array, g: Float32Array, lr: number): number {
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    d[i]! += lr * g[i]!;
    sum += g[i]!;
  }
  return sum;
}

/** A NaN would otherwise flow on into a black or unchanged picture and exit 0. */
function notFinite(what: string, value: number, octave: number, step: number): DreamreelError {
  return new DreamreelError(
    `the ${what} became ${value} at octave ${octave + 1}, step ${step + 1}: the model's weights are likely corrupt (pull or copy it again), or a layer or channel in the objective is wrong`,
  );
}

/**
 * Gradient ascent on the image, octave by octave with detail reinjection. The only place
 * that joins transforms, objective, gradient processing and step; it knows no concrete
 * objective and no engine internals.
 */
export async function dream(engine: DreamEngine, source: RgbImage, objective: Objective, settings: DreamSettings, run: DreamRun = {}): Promise<RgbImage> {
  const random = seededRandom(settings.seed);
  const regions = run.regions ?? [];
  const minSide = minimumInputSide(
    engine.network,
    ancestorsOf(engine.network, [...new Set([objective, ...regions.map((r) => r.objective)].flatMap((o) => o.layers))]),
  );
  const bases = octaveBases(source, settings.octaves, settings.octaveScale, minSide);
  const transforms: TransformFactory[] = [jitter(settings.jitter), ...(settings.flip ? [randomFlip()] : [])];
  let dreamed: RgbImage | undefined;
  let previousBase: RgbImage | undefined;
  for (const [octave, base] of bases.entries()) {
    const image = reinjectDetail(base, dreamed, previousBase);
    const { width, height } = image;
    const tiled = width > settings.tileSize || height > settings.tileSize;
    // The whole step as one engine call where the engine offers it; the image then stays engine-side until the octave ends.
    // Regions take one gradient per objective, each normalised on its own: the JavaScript step.
    const fused = tiled || regions.length ? undefined : await startFusedSteps(engine, image, objective, settings, transforms);
    const parts = regions.length ? octaveParts(objective, regions, width, height) : [{ objective }];
    try {
      for (let step = 0; step < settings.steps; step++) {
        await run.beforeStep?.();
        run.signal?.throwIfAborted();
        const started = performance.now();
        const transform = composeTransforms(transforms, random);
        const loss = fused ? await fused.step(transform, step) : await stepInJs(engine, image, parts, settings, transform, random, step);
        if (!Number.isFinite(loss)) throw notFinite('loss', loss, octave, step);
        run.onStep?.({ octave, octaves: bases.length, step, steps: settings.steps, loss, ms: performance.now() - started, width, height });
        if (settings.maxLoss !== undefined && loss > settings.maxLoss) break;
      }
    } finally {
      await fused?.finish();
    }
    dreamed = run.weight ? blendByMask(base, image, run.weight) : image;
    previousBase = base;
  }
  const result = settings.originalColors ? keepOriginalColors(dreamed!, source) : dreamed!;
  return run.weight ? blendByMask(source, result, run.weight) : result;
}

/** One step in JavaScript around the engine's loss and gradient: engines without a fused step, tiled frames and regions. */
async function stepInJs(
  engine: DreamEngine,
  image: RgbImage,
  parts: readonly { objective: Objective; weight?: Mask }[],
  settings: DreamSettings,
  transform: StepTransform,
  random: Random,
  step: number,
): Promise<number> {
  const { width, height } = image;
  const tiled = width > settings.tileSize || height > settings.tileSize;
  const normalise = settings.normalise === 'std' ? normaliseStd : normaliseMeanAbs;
  const shifted = transform.apply(image);
  // A fresh random tile offset every step keeps tile seams from settling anywhere.
  const ox = tiled ? Math.floor(random() * width) : 0;
  const oy = tiled ? Math.floor(random() * height) : 0;
  const view = tiled ? rgbImage(width, height, roll(shifted.data, width, height, ox, oy)) : shifted;
  let loss = 0;
  let g: Float32Array | undefined;
  for (const { objective, weight } of parts) {
    const part = await tiledLossAndGradient(engine, view, objective, settings.tileSize);
    // Undone onto the picture before weighting: the weights stay where the regions are, whatever the jitter.
    const own = normalise(
      smooth(valueAt(settings.blur, step, settings.steps))(
        transform.undo(tiled ? roll(part.gradient, width, height, -ox, -oy) : part.gradient, width, height),
        width,
        height,
      ),
      width,
      height,
    );
    if (!weight) [g, loss] = [own, part.loss];
    else {
      g ??= new Float32Array(own.length);
      for (let p = 0; p < weight.data.length; p++) for (let c = 0; c < 3; c++) g[p * 3 + c]! += weight.data[p]! * own[p * 3 + c]!;
      loss += part.loss * (weight.data.reduce((s, v) => s + v, 0) / weight.data.length);
    }
  }
  const lr = valueAt(settings.stepSize, step, settings.steps);
  // A non-finite gradient shows as a NaN loss, which the caller refuses.
  const gradientSum = addStep(image.data, g!, lr);
  clampImage(image);
  return Number.isFinite(gradientSum) ? loss : NaN;
}
