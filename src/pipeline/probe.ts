import ffmpeg from 'fluent-ffmpeg';
import { existsSync } from 'node:fs';
import { DreamreelError } from '../errors.js';
import { ffmpegBinaries } from './ffmpeg-binary.js';

export interface VideoInfo {
  /** Displayed size, after rotation metadata. */
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** Frames in the whole stream (estimated from duration when the container does not say). */
  readonly frames: number;
  readonly duration: number;
  readonly rotation: number;
  readonly audioCodec?: string;
}

function rate(text: string | undefined): number {
  if (!text) return 0;
  const [n, d] = text.split('/').map(Number);
  return d ? n! / d : n!;
}

/** Reads size, frame rate, frame count, rotation and audio of a clip with ffprobe (through fluent-ffmpeg). */
export async function probeVideo(path: string): Promise<VideoInfo> {
  if (!existsSync(path)) throw new DreamreelError(`no such file ${path}`);
  ffmpeg.setFfprobePath(ffmpegBinaries().ffprobe);
  const data = await new Promise<ffmpeg.FfprobeData>((resolve, reject) =>
    ffmpeg.ffprobe(path, (err, d) => (err ? reject(new DreamreelError(`${path} is not a readable video (${String(err.message).split('\n').filter(Boolean).at(-1)})`)) : resolve(d))),
  );
  const video = data.streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!video || !video.width || !video.height) throw new DreamreelError(`${path} has no video stream`);
  const audio = data.streams.find((s) => s.codec_type === 'audio');
  const sideRotation = (video as { side_data_list?: { rotation?: number }[] }).side_data_list?.find((s) => s.rotation !== undefined)?.rotation;
  const rotation = Math.abs(Number(video.tags?.rotate ?? sideRotation ?? 0)) % 180;
  const fps = rate(video.avg_frame_rate) || rate(video.r_frame_rate);
  const duration = Number(video.duration ?? data.format.duration ?? 0);
  const frames = Number(video.nb_frames) || Math.round(duration * fps);
  if (!fps || frames < 1) throw new DreamreelError(`${path} has no frames`);
  const [width, height] = rotation === 90 ? [video.height, video.width] : [video.width, video.height];
  return { width, height, fps, frames, duration, rotation, ...(audio?.codec_name ? { audioCodec: audio.codec_name } : {}) };
}
