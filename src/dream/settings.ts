import { constant, geometric, type Schedule } from './schedule.js';

/** Everything that shapes one dream, as one plain object (saved with a render for --resume). */
export interface DreamSettings {
  readonly octaves: number;
  /** Size ratio between neighbouring octaves. */
  readonly octaveScale: number;
  /** Gradient steps per octave. */
  readonly steps: number;
  /** Step size in [0, 1] pixel units per mean-normalised gradient, over each octave's steps. */
  readonly stepSize: Schedule;
  /** Gaussian sigma (pixels) applied to the gradient, over each octave's steps. */
  readonly blur: Schedule;
  readonly normalise: 'meanAbs' | 'std';
  /** Maximum random roll per step, pixels. */
  readonly jitter: number;
  readonly flip: boolean;
  /** Largest square the engine sees at once; bigger frames are tiled. */
  readonly tileSize: number;
  /** Stop an octave early once the loss passes this. */
  readonly maxLoss?: number;
  readonly seed: number;
  readonly originalColors: boolean;
}

/**
 * Defaults from the literature: 4 octaves 1.4 apart and 10 steps of 1.5/255 on a
 * mean-abs-normalised gradient (google/deepdream), a light gradient blur that fades out,
 * 32 px jitter.
 */
export const DEFAULT_DREAM: DreamSettings = {
  octaves: 4,
  octaveScale: 1.4,
  steps: 10,
  stepSize: constant(0.01),
  blur: geometric(1.0, 0.3),
  normalise: 'meanAbs',
  jitter: 32,
  flip: false,
  tileSize: 512,
  seed: 0,
  originalColors: false,
};
