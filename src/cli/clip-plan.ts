import { countFrames } from '../pipeline/count-frames.js';
import { CARRIES } from '../pipeline/operators/carry-names.js';
import { probeVideo } from '../pipeline/probe.js';
import { DreamreelError } from '../errors.js';
import { evenSide } from './frame-run.js';
import { distinctOutput, existingFile, numberIn, oneOf, outputFormat, size, VIDEO_FORMATS, writableOutput } from './validate.js';

/** The flags that say which part of a clip is dreamed, at what size and rate, and how frames carry the dream. */
export interface ClipFlags {
  readonly output: string;
  readonly size?: string;
  readonly fps?: string;
  readonly start?: string;
  readonly duration?: string;
  readonly flow?: string;
  readonly carry?: string;
}

/** The frames the decoder really gives, and a warning when that is fewer than the clip declares because ffmpeg complained. */
async function decodedFrames(input: string, declared: number, options: Parameters<typeof countFrames>[1]): Promise<{ frames: number; warnings: string[] }> {
  const counted = await countFrames(input, options);
  if (counted.frames < 1) throw new DreamreelError(`${input} gave no frames to dream${counted.complaint ? `: ${counted.complaint}` : ''}`);
  const short = counted.complaint && counted.frames < declared;
  return { frames: counted.frames, warnings: short ? [`${input} gave ${counted.frames} of ${declared} frames (${counted.complaint})`] : [] };
}

/** The clip as it will be dreamed: validated flags, size, frame rate and the frames ffmpeg really decodes. */
export async function planClip(input: string, flags: ClipFlags) {
  const flow = oneOf('--flow', flags.flow ?? 'on', ['on', 'off'] as const) === 'on';
  const carry = oneOf('--carry', flags.carry ?? 'steady', CARRIES);
  const start = flags.start === undefined ? undefined : numberIn('--start', flags.start, 0, 1e6);
  const duration = flags.duration === undefined ? undefined : numberIn('--duration', flags.duration, 0.01, 1e6);
  writableOutput(flags.output);
  outputFormat(flags.output, VIDEO_FORMATS);
  distinctOutput(input, flags.output);
  const info = await probeVideo(existingFile('input', input));
  const wanted = flags.size ? size('--size', flags.size) : { maxSide: Math.min(640, Math.max(info.width, info.height)) };
  const scale = wanted.maxSide ? wanted.maxSide / Math.max(info.width, info.height) : 1;
  const width = evenSide(wanted.width ?? info.width * scale);
  const height = evenSide(wanted.height ?? info.height * scale);
  const fps = flags.fps === undefined ? info.fps : numberIn('--fps', flags.fps, 0.1, 240);
  const seconds = Math.max(0, Math.min(duration ?? Infinity, info.duration - (start ?? 0)));
  const declared = flags.fps || start || duration ? Math.max(1, Math.round(seconds * fps)) : info.frames;
  /** The part of the clip asked for, as ffmpeg options take it. */
  const range = { ...(start ? { start } : {}), ...(duration ? { duration } : {}) };
  const { frames, warnings } = await decodedFrames(input, declared, { ...(flags.fps ? { fps } : {}), ...range });
  return { flow, carry, start, duration, info, width, height, fps, frames, warnings, range };
}

