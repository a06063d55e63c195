import { ANALYSIS, BANDS } from './spectra.js';
import type { AudioAnalysis, FeatureName } from './features.js';

/** Four decimals: finer than any parameter needs, and a 3-minute song's JSON stays small. */
const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** One JSON line per video frame: `{"frame":0,"seconds":0,"rms":0.41,...}`. */
export function featureLines(analysis: AudioAnalysis): string[] {
  const names = Object.keys(analysis.features) as FeatureName[];
  return Array.from({ length: analysis.frames }, (_, frame) =>
    JSON.stringify({ frame, seconds: round(frame / analysis.fps), ...Object.fromEntries(names.map((n) => [n, round(analysis.features[n][frame]!)])) }),
  );
}

/** The whole analysis as one JSON document: how it was measured, then each feature as an array. */
export function featureDocument(analysis: AudioAnalysis, file: string): Record<string, unknown> {
  return {
    file,
    fps: analysis.fps,
    frames: analysis.frames,
    duration: round(analysis.duration),
    bpm: round(analysis.bpm),
    beats: analysis.beats.map(round),
    bandsHz: BANDS,
    analysis: { ...ANALYSIS, normalised: 'each feature divided by its largest value over the track (0..1)' },
    features: Object.fromEntries(Object.entries(analysis.features).map(([n, v]) => [n, Array.from(v, round)])),
  };
}
