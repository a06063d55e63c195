/** The music features a schedule may read by name, one value per video frame, each 0..1 (src/audio makes them). */
export const FEATURE_NAMES = ['rms', 'bass', 'mid', 'treble', 'onset', 'beat'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Per-frame music features; the same shape as src/audio's AudioFeatures, so neither room imports the other. */
export interface ScheduleFeatures {
  readonly fps: number;
  readonly frames: number;
  readonly features: Partial<Record<FeatureName, ArrayLike<number>>>;
}

/** What a schedule is evaluated against: the render's clock, and the song's features when there is one. */
export interface ScheduleContext {
  readonly fps: number;
  /** Frames in the whole render (a farm chunk passes the render's, not its own). */
  readonly frames: number;
  readonly features?: Partial<Record<FeatureName, ArrayLike<number>>>;
}

/** The context of a render; features from an audio analysis, when given. */
export function scheduleContext(fps: number, frames: number, audio?: ScheduleFeatures): ScheduleContext {
  return { fps, frames, ...(audio ? { features: audio.features } : {}) };
}

/** A feature's value at a frame; frames past the song's end are silent (0). */
export function featureAt(values: ArrayLike<number>, frame: number): number {
  const i = Math.round(frame);
  return i >= 0 && i < values.length ? values[i]! : 0;
}
