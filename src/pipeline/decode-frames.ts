import { spawn } from 'node:child_process';
import { DreamreelError } from '../errors.js';
import type { RgbImage } from '../image/image.js';
import { ffmpegBinaries, stderrTail } from './ffmpeg-binary.js';
import { fromBytes } from './image-io.js';

export interface DecodeOptions {
  readonly width: number;
  readonly height: number;
  readonly fps?: number;
  readonly start?: number;
  readonly duration?: number;
}

/**
 * Frames of a clip as [0, 1] RGB, one at a time, from ffmpeg's stdout. Pulling is the only
 * thing that reads the pipe, so a slow consumer makes ffmpeg wait: memory holds a frame or
 * two whatever the clip's length. Stopping early kills ffmpeg.
 */
/**
 * The input half of every decode: the first video stream, trimmed, rotated as players show it
 * (ffmpeg's autorotate), at --fps or else every decoded frame exactly once (no duplicates for a
 * variable frame rate), then scaled. countFrames runs the same arguments.
 */
export function decodeArgs(path: string, options: Omit<DecodeOptions, 'width' | 'height'> & { width?: number; height?: number }): string[] {
  const filters = [
    ...(options.width && options.height ? [`scale=${options.width}:${options.height}:flags=bicubic`] : []),
    ...(options.fps ? [`fps=${options.fps}`] : []),
  ];
  return [
    '-v',
    'error',
    ...(options.start ? ['-ss', String(options.start)] : []),
    '-i',
    path,
    ...(options.duration ? ['-t', String(options.duration)] : []),
    '-map',
    '0:v:0',
    '-an',
    ...(filters.length ? ['-vf', filters.join(',')] : []),
    ...(options.fps ? [] : ['-fps_mode', 'passthrough']),
  ];
}

export async function* decodeFrames(path: string, options: DecodeOptions): AsyncGenerator<RgbImage> {
  const { width, height } = options;
  const args = [...decodeArgs(path, options), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  const child = spawn(ffmpegBinaries().ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const frameBytes = width * height * 3;
  // Chunks (64 KiB pipe reads) are joined once a frame's worth is there, not on every read:
  // joining on every read copies a 1280x720 frame about 20 times over.
  let chunks: Buffer[] = [];
  let held = 0;
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      held += chunk.length;
      if (held < frameBytes) continue;
      let pending = chunks.length === 1 ? chunk : Buffer.concat(chunks, held);
      while (pending.length >= frameBytes) {
        const frame = pending.subarray(0, frameBytes);
        pending = pending.subarray(frameBytes);
        yield fromBytes(frame, width, height);
      }
      chunks = pending.length ? [pending] : [];
      held = pending.length;
    }
    const code = await exited;
    finished = true;
    if (code !== 0) throw new DreamreelError(`ffmpeg could not decode ${path} (exit ${code}): ${stderrTail(stderr)}`);
  } finally {
    if (!finished) child.kill('SIGKILL');
  }
}
