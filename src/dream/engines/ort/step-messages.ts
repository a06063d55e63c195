import type * as Ort from 'onnxruntime-node';
import type { LinearSeed } from '../../objectives/objective.js';

/** What the main thread asks of the step thread (step-worker.ts); every request is answered under its id. */
export type StepRequest = { readonly id: number } & (
  | { readonly op: 'open'; readonly session: number; readonly bytes: Uint8Array; readonly options: Ort.InferenceSession.SessionOptions }
  | { readonly op: 'close'; readonly session: number }
  | {
      readonly op: 'load';
      readonly stepper: number;
      readonly width: number;
      readonly height: number;
      readonly bgr: boolean;
      readonly flips: boolean;
      readonly seeds: readonly (readonly [string, LinearSeed])[];
      readonly image: Float32Array;
    }
  | {
      readonly op: 'step';
      readonly stepper: number;
      readonly session: number;
      readonly rows: Int32Array;
      readonly cols: Int32Array;
      readonly kernel: Float32Array;
      readonly stepSize: number;
    }
  | { readonly op: 'read'; readonly stepper: number }
);
