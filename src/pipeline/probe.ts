import { existsSync } from 'node:fs';
import { DreamreelError } from '../errors.js';
import { ffmpegBinaries, stderrTail } from './ffmpeg-binary.js';
import { parseFfmpegBanner, type ProbedStreams } from './probe-banner.js';
import { runTool } from './run-tool.js';

export type { ProbedStreams } from './probe-banner.js';

export interface VideoInfo {
  /** Displayed size, after rotation metadata. */
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Frames in the whole stream as the container declares them (estimated from duration when it does not say). */
  readonly frames: number;
  readonly duration: number;
  readonly rotation: number;
  readonly audioCodec?: string;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  tags?: { rotate?: string };
  disposition?: { attached_pic?: number };
  side_data_list?: { rotation?: number }[];
}

function rate(text: string | undefined): number {
  if (!text) return 0;
  const [n, d] = text.split('/').map(Number);
  return d ? n! / d : n!;
}

/** Streams from ffprobe's JSON: one direct call, its exit code and stderr tail in any error. */
async function withFfprobe(ffprobe: string, path: string): Promise<ProbedStreams> {
  const { code, stdout, stderr } = await runTool(ffprobe, ['-v', 'error', '-of', 'json', '-show_streams', '-show_format', path]);
  if (code !== 0) throw new DreamreelError(`${path} is not a readable video (ffprobe exit ${code}: ${stderrTail(stderr, 1)})`);
  const data = JSON.parse(stdout) as { streams?: FfprobeStream[]; format?: { duration?: string } };
  const streams = data.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = streams.find((s) => s.codec_type === 'audio');
  const sideRotation = video?.side_data_list?.find((s) => s.rotation !== undefined)?.rotation;
  return {
    ...(video?.width && video.height ? { width: video.width, height: video.height } : {}),
    fps: rate(video?.avg_frame_rate) || rate(video?.r_frame_rate),
    ...(Number(video?.nb_frames) > 0 ? { declaredFrames: Number(video?.nb_frames) } : {}),
    duration: Number(video?.duration ?? data.format?.duration ?? 0),
    rotation: Number(video?.tags?.rotate ?? sideRotation ?? 0),
    ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}),
  };
}

/** Without ffprobe (ffmpeg-static ships none): ffmpeg describes its input on stderr, then exits 1 for want of an output. */
async function withFfmpeg(ffmpeg: string, path: string): Promise<ProbedStreams> {
  const { stderr } = await runTool(ffmpeg, ['-hide_banner', '-i', path]);
  const found = parseFfmpegBanner(stderr);
  if (!found) throw new DreamreelError(`${path} is not a readable video (ffmpeg: ${stderrTail(stderr, 1)})`);
  return found;
}

/** Reads size, frame rate, frame count, rotation and audio of a clip with ffprobe, or with ffmpeg where no ffprobe is installed. */
export async function probeVideo(path: string): Promise<VideoInfo> {
  if (!existsSync(path)) throw new DreamreelError(`no such file ${path}`);
  const { ffmpeg, ffprobe } = ffmpegBinaries();
  const s = ffprobe ? await withFfprobe(ffprobe, path) : await withFfmpeg(ffmpeg, path);
  if (!s.width || !s.height) throw new DreamreelError(`${path} has no video stream`);
  const frames = s.declaredFrames ?? Math.round(s.duration * s.fps);
  if (!s.fps || frames < 1) throw new DreamreelError(`${path} has no frames`);
  const rotation = Math.abs(s.rotation) % 180;
  const [width, height] = rotation === 90 ? [s.height, s.width] : [s.width, s.height];
  return { width, height, fps: s.fps, frames, duration: s.duration, rotation, ...(s.audioCodec ? { audioCodec: s.audioCodec } : {}) };
}

/** The codec of a file's first audio stream (a song for --audio), undefined when it has none or cannot be read. */
export async function probeAudioCodec(path: string): Promise<string | undefined> {
  const { ffmpeg, ffprobe } = ffmpegBinaries();
  try {
    return (ffprobe ? await withFfprobe(ffprobe, path) : await withFfmpeg(ffmpeg, path)).audioCodec;
  } catch {
    return undefined;
  }
}
