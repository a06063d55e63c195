import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { extname } from 'node:path';
import { DreamreelError } from '../errors.js';
import type { RgbImage } from '../image/image.js';
import { ffmpegBinaries, stderrTail } from './ffmpeg-binary.js';
import { toBytes } from './image-io.js';

export interface EncodeOptions {
  readonly path: string;
  /** Container the path will have once renamed (the temporary name may hide it). */
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  readonly crf: number;
  /** Copy the audio of this clip (from `audioStart`, for `audioDuration`), re-encoding only if the container needs it. */
  readonly audioFrom?: {
    readonly path: string;
    readonly codec: string;
    readonly start?: number;
    readonly duration?: number;
    /** A song (--audio): padded with silence to the video's length, or cut to it, never cutting the video. */
    readonly fitToVideo?: boolean;
  };
}

const COPYABLE_AUDIO: Record<string, readonly string[]> = {
  mp4: ['aac', 'mp3', 'alac', 'ac3', 'eac3', 'opus'],
  mov: ['aac', 'mp3', 'alac', 'ac3', 'pcm_s16le'],
  mkv: ['aac', 'mp3', 'opus', 'vorbis', 'flac', 'ac3', 'pcm_s16le'],
  webm: ['opus', 'vorbis'],
};

export function videoArgs(format: string, crf: number): string[] {
  if (format === 'gif') return ['-filter_complex', '[0:v]split[a][b];[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=sierra2_4a'];
  if (format === 'webm') return ['-c:v', 'libvpx-vp9', '-crf', String(crf), '-b:v', '0', '-pix_fmt', 'yuv420p'];
  return [
    '-c:v',
    'libx264',
    '-preset',
    'medium',
    '-crf',
    String(crf),
    '-pix_fmt',
    'yuv420p',
    ...(format === 'mp4' || format === 'mov' ? ['-movflags', '+faststart'] : []),
  ];
}

export function audioArgs(format: string, codec: string): string[] {
  if ((COPYABLE_AUDIO[format] ?? []).includes(codec)) return ['-c:a', 'copy'];
  return format === 'webm' ? ['-c:a', 'libopus'] : ['-c:a', 'aac', '-b:a', '160k'];
}

/** A song fitted to the video: apad makes the audio endless, so -shortest ends the file with the video. */
function songArgs(format: string): string[] {
  return ['-af', 'apad', ...(format === 'webm' ? ['-c:a', 'libopus'] : ['-c:a', 'aac', '-b:a', '192k'])];
}

/** Feeds RGB frames to ffmpeg's stdin; the video is H.264 yuv420p (VP9 for .webm, a palette GIF for .gif). */
export class FrameEncoder {
  private readonly child: ChildProcessWithoutNullStreams;
  private stderr = '';
  private readonly exited: Promise<number | null>;

  constructor(private readonly options: EncodeOptions) {
    const { width, height, fps, format } = options;
    const audio = options.audioFrom && format !== 'gif' ? options.audioFrom : undefined;
    const args = [
      '-v',
      'error',
      '-y',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-s',
      `${width}x${height}`,
      '-r',
      String(fps),
      '-i',
      'pipe:0',
      ...(audio
        ? [
            ...(audio.start ? ['-ss', String(audio.start)] : []),
            ...(audio.duration ? ['-t', String(audio.duration)] : []),
            '-i',
            audio.path,
            '-map',
            '0:v',
            '-map',
            '1:a?',
          ]
        : []),
      ...videoArgs(format, options.crf),
      ...(audio ? [...(audio.fitToVideo ? songArgs(format) : audioArgs(format, audio.codec)), '-shortest'] : []),
      '-f',
      format === 'mkv' ? 'matroska' : format === 'ts' ? 'mpegts' : format,
      options.path,
    ];
    this.child = spawn(ffmpegBinaries().ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
    this.child.stderr.on('data', (c: Buffer) => void (this.stderr = (this.stderr + c.toString()).slice(-4000)));
    this.child.stdin.on('error', () => {
      /* reported through the exit code */
    });
    this.exited = new Promise((resolve) => this.child.on('close', resolve));
  }

  static formatOf(path: string): string {
    const ext = extname(path).slice(1).toLowerCase();
    return ext === '' ? 'mp4' : ext;
  }

  /** Resolves once ffmpeg has taken the frame (waits on a full pipe); `bytes` is toBytes(frame) where the caller has it. */
  async write(frame: RgbImage, bytes = toBytes(frame)): Promise<void> {
    if (!this.child.stdin.write(bytes)) {
      await new Promise<void>((resolve, reject) => {
        this.child.stdin.once('drain', resolve);
        void this.exited.then(() => reject(new DreamreelError(`ffmpeg stopped while encoding ${this.options.path}: ${stderrTail(this.stderr)}`)));
      });
    }
  }

  async finish(): Promise<void> {
    this.child.stdin.end();
    const code = await this.exited;
    if (code !== 0) throw new DreamreelError(`ffmpeg could not encode ${this.options.path} (exit ${code}): ${stderrTail(this.stderr)}`);
  }

  abort(): void {
    this.child.kill('SIGKILL');
  }

  /** Resolves once ffmpeg has exited, however it ended: only then may its file be removed. */
  async closed(): Promise<void> {
    await this.exited;
  }
}
