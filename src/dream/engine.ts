import type { Network } from './network/graph.js';
import type { RgbImage } from '../image/image.js';
import type { Activation } from './activation.js';
import type { Objective } from './objectives/objective.js';
import type { FusedStepper, FusedStepPlan } from './fused-step-plan.js';

// Types that objectives and the fused step share with engines live in their own modules, imported one way.
export type { Activation } from './activation.js';

export interface LossAndGradient {
  readonly loss: number;
  /** d loss / d pixel, HWC like the image. */
  readonly gradient: Float32Array;
}

/**
 * Runs a network. The dream loop asks an engine for nothing but activations and the loss
 * and image gradient of an objective; how it gets them is the engine's business.
 */
export interface DreamEngine {
  /** e.g. "ort-cpu", "tfjs-wasm". */
  readonly name: string;
  readonly network: Network;
  activations(image: RgbImage, layers: readonly string[]): Promise<Map<string, Activation>>;
  lossAndGradient(image: RgbImage, objective: Objective): Promise<LossAndGradient>;
  /** Optional: a whole dream step as one engine call (see fused-step.ts); undefined when it cannot fuse this plan. */
  fusedStepper?(plan: FusedStepPlan): Promise<FusedStepper | undefined>;
  /** Live engine-side tensors or sessions, for leak checks. */
  liveResources(): number;
  dispose(): Promise<void>;
}
