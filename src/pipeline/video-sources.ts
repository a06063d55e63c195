import { decodeFrames, type DecodeOptions } from './decode-frames.js';
import { estimateMotion } from './operators/estimate-motion.js';
import type { FrameSources } from './render.js';

/** A clip's frames, with flow between neighbours (or none, for --flow off). */
export function videoSources(path: string, decode: DecodeOptions, flow: boolean): FrameSources {
  return {
    frames: decodeFrames(path, decode),
    // Decoding and flow of the next frames run while the current one is dreamed.
    lookahead: 3,
    motion: (firstToDream) => estimateMotion({ enabled: flow, firstToDream, minTrust: 0.3 }),
    mode: 'video',
  };
}
