import { meanAbsDifference } from '../../image/image.js';
import { decodeFrames, type DecodeOptions } from '../decode-frames.js';

/**
 * Frames that start a new scene, by the same plain-difference test the local render applies
 * before it trusts optical flow (estimate-motion.ts): cheap enough to scan a whole clip.
 */
export async function findCuts(path: string, decode: DecodeOptions): Promise<number[]> {
  const cuts: number[] = [];
  let previous;
  let index = 0;
  for await (const frame of decodeFrames(path, decode)) {
    if (previous && meanAbsDifference(previous, frame) > 0.25) cuts.push(index);
    previous = frame;
    index++;
  }
  return cuts;
}
