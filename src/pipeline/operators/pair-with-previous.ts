import { map, pairwise, startWith, type OperatorFunction } from 'rxjs';
import type { RgbImage } from '../../image/image.js';
import type { SourceFrame } from './frames.js';

/** Numbers the frames and pairs each with the previous source frame (rxjs pairwise, first frame included). */
export function pairWithPrevious(): OperatorFunction<RgbImage, SourceFrame> {
  return (frames) =>
    frames.pipe(
      map((source, index): SourceFrame => ({ index, source })),
      startWith(undefined),
      pairwise(),
      map(([previous, current]) => ({ ...current!, ...(previous ? { previousSource: previous.source } : {}) })),
    );
}
