import { concatMap, type OperatorFunction } from 'rxjs';
import { join } from 'node:path';
import type { Checkpoint } from '../checkpoint.js';
import type { FrameEncoder } from '../encoder.js';
import { writeImage } from '../image-io.js';
import type { DreamedFrame } from './frames.js';

export interface WriteFramesOptions {
  readonly checkpoint: Checkpoint;
  readonly encoder?: FrameEncoder;
  readonly framesDir?: string;
  /** Frames before this index are checkpointed only. */
  readonly encodeFrom?: number;
}

/** Checkpoints each new frame, copies it to --frames-dir, and feeds the encoder, in order. */
export function writeFrames(o: WriteFramesOptions): OperatorFunction<DreamedFrame, DreamedFrame> {
  return concatMap(async (frame) => {
    if (!frame.restored) await o.checkpoint.save(frame.index, frame.dreamed, frame.carried);
    if (o.framesDir) await writeImage(frame.dreamed, join(o.framesDir, `frame-${String(frame.index).padStart(6, '0')}.png`));
    if (frame.index >= (o.encodeFrom ?? 0)) await o.encoder?.write(frame.dreamed);
    return frame;
  });
}
