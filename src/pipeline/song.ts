import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { analyseAudio, type AudioAnalysis, type Smoothing } from '../audio/index.js';
import type { EncodeOptions } from './encoder.js';
import { ffmpegBinaries } from './ffmpeg-binary.js';
import { probeAudioCodec } from './probe.js';

/** A song that drives a render (`--audio FILE`): its features per frame, how it is muxed, and what resume must compare. */
export interface Song {
  /** One value per video frame of rms, bass, mid, treble, onset and beat, each 0..1: what schedules read. */
  readonly analysis: AudioAnalysis;
  /** For the encoder: the song replaces any other sound, padded with silence or cut to the video's length. */
  readonly audioFrom: NonNullable<EncodeOptions['audioFrom']>;
  /** The song by content and its smoothing: another song under the same name is another render. */
  readonly identity: { readonly sha256: string; readonly smooth?: Smoothing };
}

/** A file's sha256, read in chunks: songs can be large. */
export function fileHash(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => hash.update(c))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Decodes and analyses the song at the video's frame rate. `frames` undefined: as many frames as
 * the song lasts (a zoom dreamed to a song); otherwise exactly that many (features 0 past its end).
 */
export async function loadSong(path: string, fps: number, options: { frames?: number; smooth?: Smoothing } = {}): Promise<Song> {
  // The analysis first: a missing file, a file without sound or a broken one is refused there in one line.
  const analysis = await analyseAudio(path, fps, { ...options, ffmpeg: ffmpegBinaries().ffmpeg });
  const [codec, sha256] = await Promise.all([probeAudioCodec(path), fileHash(path)]);
  return {
    analysis,
    audioFrom: { path, codec: codec ?? 'unknown', fitToVideo: true },
    identity: { sha256, ...(options.smooth ? { smooth: options.smooth } : {}) },
  };
}

/**
 * `--audio` and `--audio-smooth` as render and zoom take them (CLI strings or library values),
 * validated by the options model, then loaded; undefined without --audio.
 */
export async function songFromOptions(raw: { audio?: unknown; audioSmooth?: unknown }, fps: number, frames?: number): Promise<Song | undefined> {
  const { audioOptionsSchema, parseAudio } = await import('../options/audio.js');
  const options = parseAudio(audioOptionsSchema, { audio: raw.audio, audioSmooth: raw.audioSmooth });
  if (!options.audio) return undefined;
  return loadSong(options.audio, fps, { ...(frames !== undefined ? { frames } : {}), ...(options.audioSmooth ? { smooth: options.audioSmooth } : {}) });
}
