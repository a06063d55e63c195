import { DreamreelError } from '../errors.js';
import { decodeArgs, type DecodeOptions } from './decode-frames.js';
import { ffmpegBinaries, stderrTail } from './ffmpeg-binary.js';
import { runTool } from './run-tool.js';

export interface FrameCount {
  /** Frames the decoder gives, exactly as decodeFrames will give them (edit lists, variable rate). */
  readonly frames: number;
  /** ffmpeg's complaints while decoding (a truncated file: "partial file"), if any. */
  readonly complaint?: string;
}

/** Decodes the clip once without keeping pictures: the header's count can be wrong, the decoder's is not. */
export async function countFrames(path: string, options: Omit<DecodeOptions, 'width' | 'height'>): Promise<FrameCount> {
  const args = ['-nostats', '-progress', 'pipe:1', ...decodeArgs(path, options), '-f', 'null', '-'];
  const { code, stdout, stderr } = await runTool(ffmpegBinaries().ffmpeg, args);
  if (code !== 0) throw new DreamreelError(`ffmpeg could not decode ${path} (exit ${code}): ${stderrTail(stderr)}`);
  const frames = Number([...stdout.matchAll(/^frame=(\d+)/gm)].at(-1)?.[1] ?? 0);
  return { frames, ...(stderr.trim() ? { complaint: stderrTail(stderr, 1).replace(/^\[[^\]]*\]\s*/, '') } : {}) };
}
