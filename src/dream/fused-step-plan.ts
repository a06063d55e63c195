import type { RgbImage } from '../image/image.js';
import type { Objective } from './objectives/objective.js';
import type { DreamSettings } from './settings.js';
import type { AxisMaps } from './transforms.js';

/** What a fused step fixes when the engine builds it: one image size, one objective. */
export interface FusedStepPlan {
  readonly objective: Objective;
  readonly width: number;
  readonly height: number;
  readonly normalise: DreamSettings['normalise'];
  /** Taps each side of the 1-D blur kernel every step of the octave is padded to. */
  readonly blurRadius: number;
  /** Whether steps may flip the picture left to right (settings.flip), not only roll it. */
  readonly flips: boolean;
}

/** The parts of a step that change from step to step. */
export interface FusedStepInputs {
  /** The step's random transform as row and column reorderings (undone on the gradient). */
  readonly axes: AxisMaps;
  /** 1-D Gaussian of 2·blurRadius+1 taps; a unit tap in the middle leaves the gradient as it is. */
  readonly kernel: Float32Array;
  readonly stepSize: number;
}

/**
 * A whole dream step (transform, forward, gradient, undo, blur, normalise, update, clamp)
 * as one engine call. The image stays on the engine's side between steps.
 */
export interface FusedStepper {
  load(image: Pick<RgbImage, 'data'>): void;
  /** One step on the held image; returns the loss before the update. */
  step(inputs: FusedStepInputs): Promise<number>;
  /** Copies the held image into `into` (HWC); the stepper is done after. */
  read(into: Float32Array): Promise<void>;
}
