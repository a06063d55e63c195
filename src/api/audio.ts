import { basename } from 'node:path';
import { analyseAudio, featureDocument, featureLines, keyframeString, plotFeatures } from '../audio/index.js';
import { audioCommandSchema, parseAudio } from '../options/audio.js';
import { distinctOutput, writableOutput } from './checks.js';

/** `dreamreel audio`'s flags as typed. */
export interface AudioCommandFlags {
  readonly fps?: string;
  readonly json?: boolean;
  readonly plot?: string;
  readonly keyframes?: string;
  readonly audioSmooth?: string;
}

/**
 * `dreamreel audio FILE`: the flags checked before anything is read, the song analysed per video
 * frame, the plot drawn; resolves with the lines to print (NDJSON, one document, or a keyframe string).
 */
export async function describeSong(file: string, flags: AudioCommandFlags): Promise<string[]> {
  const options = parseAudio(audioCommandSchema, { ...flags, json: Boolean(flags.json) });
  if (options.plot) {
    writableOutput(options.plot);
    distinctOutput(file, options.plot);
  }
  const analysis = await analyseAudio(file, options.fps, options.audioSmooth ? { smooth: options.audioSmooth } : {});
  if (options.plot) await plotFeatures(analysis, options.plot, basename(file));
  if (options.keyframes) return [keyframeString(analysis.features[options.keyframes])];
  if (options.json) return [JSON.stringify(featureDocument(analysis, file))];
  return options.plot ? [] : featureLines(analysis);
}
