import type { DreamEngine } from './engine.js';
import { gaussianKernel } from './gradient-processing.js';
import type { RgbImage } from '../image/image.js';
import type { Objective } from './objectives/objective.js';
import { valueAt } from './schedule.js';
import type { DreamSettings } from './settings.js';
import { composeTransforms, type StepTransform, type TransformFactory } from './transforms.js';

export type { FusedStepInputs, FusedStepper, FusedStepPlan } from './fused-step-plan.js';

/** Blur radius of one step, as gaussianBlur draws it. */
const radiusOf = (sigma: number): number => (sigma <= 0.05 ? 0 : Math.max(1, Math.ceil(sigma * 3)));

/** gaussianBlur's kernel for `sigma`, centred in 2·radius+1 taps (zeros outside; a unit tap when it would not blur). */
export function paddedBlurKernel(sigma: number, radius: number): Float32Array {
  const out = new Float32Array(2 * radius + 1);
  if (radiusOf(sigma) === 0) {
    out[radius] = 1;
    return out;
  }
  const k = gaussianKernel(sigma);
  out.set(k, radius - (k.length - 1) / 2);
  return out;
}

/** The steps of one octave through the engine's fused step, for the dream loop. */
export interface FusedSteps {
  step(transform: StepTransform, step: number): Promise<number>;
  /** Brings the dreamed image back into `image`. */
  finish(): Promise<void>;
}

/**
 * A fused stepper for this octave, loaded with `image`, or undefined where the engine has
 * none, cannot fuse the objective, or a transform is more than a reordering of rows and columns.
 */
export async function startFusedSteps(
  engine: DreamEngine,
  image: RgbImage,
  objective: Objective,
  settings: DreamSettings,
  transforms: readonly TransformFactory[],
): Promise<FusedSteps | undefined> {
  // A throwaway generator: the seeded one must draw exactly as the unfused loop does.
  if (!engine.fusedStepper || !composeTransforms(transforms, () => 0).axes) return undefined;
  const { width, height } = image;
  const sigmaAt = (step: number): number => valueAt(settings.blur, step, settings.steps);
  const blurRadius = Math.max(1, ...Array.from({ length: settings.steps }, (_, s) => radiusOf(sigmaAt(s))));
  const stepper = await engine.fusedStepper({ objective, width, height, normalise: settings.normalise, blurRadius, flips: settings.flip });
  if (!stepper) return undefined;
  stepper.load(image);
  return {
    step: (transform, step) =>
      stepper.step({
        axes: transform.axes!(width, height),
        kernel: paddedBlurKernel(sigmaAt(step), blurRadius),
        stepSize: valueAt(settings.stepSize, step, settings.steps),
      }),
    finish: () => stepper.read(image.data),
  };
}
