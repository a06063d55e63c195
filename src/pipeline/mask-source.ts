import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { DreamreelError } from '../errors.js';
import { maskCoverage, maskFromImage, resizeMask, type Mask } from '../image/mask.js';
import { shapeMask, type MaskShape } from '../flow/mask-shape.js';
import { decodeFrames, type DecodeOptions } from './decode-frames.js';
import { countFrames } from './count-frames.js';
import { ffmpegBinaries, stderrTail } from './ffmpeg-binary.js';
import { fromBytes } from './image-io.js';
import { attachMasks, flowMasks, asFrameMask, type PutMask } from './operators/attach-masks.js';
import type { FrameSources } from './render.js';
import type { OperatorFunction } from 'rxjs';
import type { MovingFrame } from './operators/frames.js';

/** A mask picture or video, checked and read once before the render starts. */
export interface MaskFile {
  readonly path: string;
  /** One picture (held for every frame), or a video decoded in step with the clip. */
  readonly still: boolean;
  /** Its first frame, shaped, at the frame size. */
  readonly first: Mask;
  readonly shape: MaskShape;
  /** Said once the render starts: how it was fitted, that it is black, that it is short. */
  readonly warnings: readonly string[];
  /** What the checkpoint remembers: the content and how it is read. */
  readonly identity: Record<string, unknown>;
}

/** The first frame as ffmpeg decodes it (rotated as players show it), at its own size: PPM carries the size. */
function firstFrame(path: string, flag: string): Promise<{ width: number; height: number; data: Uint8Array }> {
  const args = ['-v', 'error', '-i', path, '-map', '0:v:0', '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'ppm', '-pix_fmt', 'rgb24', 'pipe:1'];
  return new Promise((resolve, reject) => {
    execFile(ffmpegBinaries().ffmpeg, args, { encoding: 'buffer', maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(stdout.subarray(0, 40).toString('latin1'));
      if (header) return resolve({ width: Number(header[1]), height: Number(header[2]), data: stdout.subarray(header[0].length) });
      const why = stderrTail(stderr.toString(), 1);
      // A video file without a single frame has no video stream for ffmpeg to map.
      const noFrames = !error || /matches no streams/.test(stderr.toString());
      reject(new DreamreelError(noFrames ? `${flag}: ${path} has no video frames` : `${flag}: ${path} is not a picture or video ffmpeg can read (${why})`));
    });
  });
}

const ratio = (w: number, h: number): string => {
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const g = gcd(w, h);
  return `${w / g}:${h / g}`;
};

/** Checks the mask file and reads its first frame: every mistake one line before any work. */
export async function openMaskFile(path: string, frame: DecodeOptions & { frames: number }, shape: MaskShape, flag = '--mask'): Promise<MaskFile> {
  if (!existsSync(path)) throw new DreamreelError(`${flag}: no such file ${path}`);
  const raw = await firstFrame(path, flag);
  const first = shapeMask(resizeMask(maskFromImage(fromBytes(raw.data, raw.width, raw.height)), frame.width, frame.height), shape);
  const { frames: count } = await countFrames(path, {}).catch(() => ({ frames: 1 }));
  const still = count <= 1;
  const warnings: string[] = [];
  if (Math.abs(raw.width / raw.height - frame.width / frame.height) > 0.01 * (frame.width / frame.height))
    warnings.push(
      `${flag} ${path} is ${raw.width}x${raw.height} (${ratio(raw.width, raw.height)}), the frames ${frame.width}x${frame.height} (${ratio(frame.width, frame.height)}): stretched to fit the whole frame`,
    );
  if (!still) {
    const { frames: inRange } = await countFrames(path, {
      ...(frame.fps ? { fps: frame.fps } : {}),
      ...(frame.start ? { start: frame.start } : {}),
      ...(frame.duration ? { duration: frame.duration } : {}),
    });
    if (inRange === 0) throw new DreamreelError(`${flag}: ${path} has no frames${frame.start ? ` after ${frame.start} s` : ''}`);
    if (inRange < frame.frames) warnings.push(`${flag} ${path} has ${inRange} frames for ${frame.frames}: its last frame holds for the rest`);
  } else if (maskCoverage(first) < 1e-3) warnings.push(`${flag} ${path} is black everywhere${shape.invert ? ' once inverted' : ''}: nothing will dream`);
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { path, still, first, shape, warnings, identity: { sha256, ...shape } };
}

/**
 * The file's masks, one per frame, shaped at the frame size: a picture's for ever, a video's
 * decoded frame by frame in step with the clip (same size, rate and range), its last frame held.
 */
export async function* maskFileFrames(file: MaskFile, decode: DecodeOptions): AsyncGenerator<Mask> {
  let last = file.first;
  if (!file.still) {
    for await (const picture of decodeFrames(file.path, decode)) {
      last = shapeMask(maskFromImage(picture), file.shape);
      yield last;
    }
  }
  for (;;) yield last;
}

/** What --mask chose: a file, or masks from the flow. */
export type MaskChoice = { readonly kind: 'file'; readonly file: MaskFile } | { readonly kind: 'motion' | 'still'; readonly shape: MaskShape };

/** The sources with each frame's mask zipped in; flow masks need the flow of every frame, restored ones too. */
export function withMask(sources: FrameSources, choice: MaskChoice | undefined, decode: DecodeOptions, put: PutMask = asFrameMask): FrameSources {
  if (!choice) return sources;
  const before = sources.mask;
  const chain = (next: OperatorFunction<MovingFrame, MovingFrame>): OperatorFunction<MovingFrame, MovingFrame> =>
    before ? (frames) => next(before(frames)) : next;
  if (choice.kind === 'file') return { ...sources, mask: chain(attachMasks(() => maskFileFrames(choice.file, decode), put)) };
  if (sources.mode !== 'video') throw new DreamreelError(`--mask ${choice.kind} measures the clip's motion: it works with render, not zoom`);
  return { ...sources, motion: () => sources.motion(0), mask: chain(flowMasks(choice.kind, choice.shape, put)) };
}
