import { concatMap, type OperatorFunction } from 'rxjs';
import { join } from 'node:path';
import type { Checkpoint } from '../checkpoint.js';
import type { FrameEncoder } from '../encoder.js';
import { writeImage } from '../image-io.js';
import type { DreamedFrame } from './frames.js';
import { toBytes } from '../../image/image.js';

export interface WriteFramesOptions {
  readonly checkpoint: Checkpoint;
  readonly encoder?: FrameEncoder;
  readonly framesDir?: string;
  /** Frames before this index are checkpointed only. */
  readonly encodeFrom?: number;
  /** Frames from this index on are checkpointed only (a farm chunk's overlap into the next). */
  readonly encodeBefore?: number;
  /** Frames also kept as PNGs under these names (a farm chunk's seam frames, for the join). */
  readonly keep?: KeptFrames;
}

/** Where to keep which frames: `name` gives a frame's file name in `dir`, or undefined for none. */
export interface KeptFrames {
  readonly dir: string;
  readonly name: (index: number) => string | undefined;
}

/** Checkpoints each new frame, copies it to --frames-dir, and feeds the encoder, in order. */
export function writeFrames(o: WriteFramesOptions): OperatorFunction<DreamedFrame, DreamedFrame> {
  return concatMap(async (frame) => {
    // The whole dream first: a frame counts as done once its frame file exists.
    if (!frame.restored && frame.unmasked) await o.checkpoint.save(frame.index, frame.unmasked, undefined, 'unmasked');
    // The frame's 8-bit RGB once, for the checkpoint, the copies and the encoder alike.
    const bytes = frame.bytes ?? toBytes(frame.dreamed);
    if (!frame.restored) await o.checkpoint.save(frame.index, frame.dreamed, frame.carried, 'frame', bytes);
    if (o.framesDir) await writeImage(frame.dreamed, join(o.framesDir, `frame-${String(frame.index).padStart(6, '0')}.png`), bytes);
    const kept = o.keep?.name(frame.index);
    if (kept) await writeImage(frame.dreamed, join(o.keep!.dir, kept), bytes);
    if (frame.index >= (o.encodeFrom ?? 0) && frame.index < (o.encodeBefore ?? Infinity)) await o.encoder?.write(frame.dreamed, bytes);
    return frame;
  });
}
