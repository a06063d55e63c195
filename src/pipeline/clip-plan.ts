import { countFrames } from './count-frames.js';
import { probeVideo, type VideoInfo } from './probe.js';
import { DreamreelError } from '../errors.js';
import type { SizeSpec } from '../options/fields.js';

/** Even sides: H.264 with yuv420p needs them. */
export const evenSide = (n: number): number => Math.max(2, Math.round(n / 2) * 2);

/** Which part of a clip is dreamed, at what size and rate (parsed options). */
export interface ClipRequest {
  readonly size?: SizeSpec;
  readonly fps?: number;
  readonly start?: number;
  readonly duration?: number;
}

export interface ClipPlan {
  readonly info: VideoInfo;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly frames: number;
  readonly warnings: string[];
  readonly start?: number;
  readonly duration?: number;
  /** The part of the clip asked for, as ffmpeg options take it. */
  readonly range: { start?: number; duration?: number };
}

/** The frames the decoder really gives, and a warning when that is fewer than the clip declares because ffmpeg complained. */
async function decodedFrames(input: string, declared: number, options: Parameters<typeof countFrames>[1]): Promise<{ frames: number; warnings: string[] }> {
  const counted = await countFrames(input, options);
  if (counted.frames < 1) throw new DreamreelError(`${input} gave no frames to dream${counted.complaint ? `: ${counted.complaint}` : ''}`);
  const short = counted.complaint && counted.frames < declared;
  return { frames: counted.frames, warnings: short ? [`${input} gave ${counted.frames} of ${declared} frames (${counted.complaint})`] : [] };
}

/** The clip as it will be dreamed: size (the clip's, at most 640, by default), frame rate and the frames ffmpeg really decodes. */
export async function planClip(input: string, request: ClipRequest): Promise<ClipPlan> {
  const { start, duration } = request;
  const info = await probeVideo(input);
  const wanted = request.size ?? { maxSide: Math.min(640, Math.max(info.width, info.height)) };
  const scale = wanted.maxSide ? wanted.maxSide / Math.max(info.width, info.height) : 1;
  const width = evenSide(wanted.width ?? info.width * scale);
  const height = evenSide(wanted.height ?? info.height * scale);
  const fps = request.fps ?? info.fps;
  const seconds = Math.max(0, Math.min(duration ?? Infinity, info.duration - (start ?? 0)));
  const declared = request.fps || start || duration ? Math.max(1, Math.round(seconds * fps)) : info.frames;
  const range = { ...(start ? { start } : {}), ...(duration ? { duration } : {}) };
  const { frames, warnings } = await decodedFrames(input, declared, { ...(request.fps ? { fps } : {}), ...range });
  return { info, width, height, fps, frames, warnings, ...(start !== undefined ? { start } : {}), ...(duration !== undefined ? { duration } : {}), range };
}
