/** The feature names and the analysis' shape, apart from index.ts so its modules import them without a cycle. */
export const FEATURE_NAMES = ['rms', 'bass', 'mid', 'treble', 'onset', 'beat'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** One value per video frame for each feature, each scaled to 0..1 over the whole track. */
export interface AudioFeatures {
  readonly fps: number;
  readonly frames: number;
  readonly features: Record<FeatureName, Float32Array>;
}

/** What `analyseAudio` also learns on the way, for `dreamreel audio` and the plot. */
export interface AudioAnalysis extends AudioFeatures {
  /** The track's length in seconds. */
  readonly duration: number;
  /** The tempo the beat tracker settled on (0 when it found no beats). */
  readonly bpm: number;
  /** Seconds of each beat. */
  readonly beats: readonly number[];
}
