/**
 * Music as numbers per video frame, for schedules to read by name. The audio room knows ffmpeg
 * and nothing of dreams: decode to mono PCM, meyda's spectra, band powers, onset strength, beats.
 */
import { ffmpegBinaries } from '../pipeline/ffmpeg-binary.js';
import { DreamreelError } from '../errors.js';
import { trackBeats } from './beats.js';
import { decodeAudio, type DecodedAudio } from './decode.js';
import { bandRms, beatPulse, hopsToFrames, normalised, rmsPerFrame } from './per-frame.js';
import { smoothed, type Smoothing } from './smooth.js';
import { ANALYSIS, BANDS, hopFeatures } from './spectra.js';
import { FEATURE_NAMES, type AudioAnalysis, type FeatureName } from './features.js';

export { ANALYSIS, BANDS } from './spectra.js';
export type { Smoothing } from './smooth.js';
export { smoothed } from './smooth.js';
export { decodeAudio, type DecodedAudio } from './decode.js';
export { keyframeString } from './keyframes.js';
export { plotFeatures } from './plot.js';
export { featureDocument, featureLines } from './report.js';

export { FEATURE_NAMES, type FeatureName, type AudioFeatures, type AudioAnalysis } from './features.js';

export interface AnalyseOptions {
  /** Smooth every feature with this attack and decay (seconds) before it is scaled to 0..1. */
  readonly smooth?: Smoothing;
  /** Video frames to describe (default: the track's length × fps, rounded); past the track's end features are 0. */
  readonly frames?: number;
  /** The ffmpeg binary; default: the pipeline's lookup (FFMPEG_PATH, ffmpeg-static, PATH). */
  readonly ffmpeg?: string;
}

/** Below -80 dB of full scale a track counts as silent in that band: nothing to scale up. */
const AMPLITUDE_FLOOR = 1e-4;
/** Spectral flux below this (log-magnitude units summed over bins) is numerical noise of a steady sound. */
const FLUX_FLOOR = 1e-2;

/** Decodes a song (or a video's soundtrack) and describes it per video frame at `fps`. */
export async function analyseAudio(file: string, fps: number, options: AnalyseOptions = {}): Promise<AudioAnalysis> {
  if (!Number.isFinite(fps) || fps <= 0) throw new DreamreelError(`Expected a frame rate above 0 for the audio analysis but received ${JSON.stringify(fps)}`);
  const audio = await decodeAudio(file, { ffmpeg: options.ffmpeg ?? ffmpegBinaries().ffmpeg, sampleRate: ANALYSIS.sampleRate });
  return describeAudio(audio, fps, options);
}

/** The features of decoded PCM (at ANALYSIS.sampleRate) per video frame. */
export function describeAudio(audio: DecodedAudio, fps: number, options: Pick<AnalyseOptions, 'smooth' | 'frames'> = {}): AudioAnalysis {
  if (audio.sampleRate !== ANALYSIS.sampleRate)
    throw new DreamreelError(`audio must be decoded at ${ANALYSIS.sampleRate} Hz for analysis, not ${audio.sampleRate}`);
  const frames = options.frames ?? Math.max(1, Math.round(audio.duration * fps));
  const hops = hopFeatures(audio.samples);
  // A window sliding over an attack rises fastest where Hann's slope is steepest, three quarters
  // into the window: flux peaks a quarter window before the attack, so it is moved forward.
  const fluxOffset = ANALYSIS.window / 4 / ANALYSIS.sampleRate;
  const { bpm, beats } = trackBeats(hops.flux, hops.hopSeconds);
  const beatSeconds = beats.map((h) => h * hops.hopSeconds + fluxOffset);
  const band = (name: keyof typeof BANDS) => hopsToFrames(bandRms(hops.bands[name], ANALYSIS.window), hops.hopSeconds, fps, frames, 'mean');
  const raw: Record<FeatureName, [Float32Array, number]> = {
    rms: [rmsPerFrame(audio.samples, audio.sampleRate, fps, frames), AMPLITUDE_FLOOR],
    bass: [band('bass'), AMPLITUDE_FLOOR],
    mid: [band('mid'), AMPLITUDE_FLOOR],
    treble: [band('treble'), AMPLITUDE_FLOOR],
    onset: [hopsToFrames(hops.flux, hops.hopSeconds, fps, frames, 'max', fluxOffset), FLUX_FLOOR],
    beat: [beatPulse(beatSeconds, fps, frames), 0],
  };
  const features = Object.fromEntries(
    FEATURE_NAMES.map((name) => {
      const [values, floor] = raw[name];
      return [name, normalised(options.smooth ? smoothed(values, fps, options.smooth) : values, floor)];
    }),
  ) as Record<FeatureName, Float32Array>;
  return { fps, frames, features, duration: audio.duration, bpm, beats: beatSeconds };
}
