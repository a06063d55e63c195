import { DreamreelError } from '../errors.js';
import type { Mask } from '../image/mask.js';
import type { RgbImage } from '../image/image.js';
import { maskFileFrames, openMaskFile } from './mask-source.js';
import { probeVideo } from './probe.js';
import { maskShape, type MaskOptions } from '../options/mask.js';

/** The mask of one previewed frame: a picture's, or a mask video's frame at the clip's time of `frame`. */
export async function previewMask(flags: MaskOptions, picture: RgbImage, frame: number, input: string, log: (line: string) => void): Promise<Mask | undefined> {
  if (!flags.mask) {
    if (flags.showMask) throw new DreamreelError('--show-mask needs --mask <file>');
    return undefined;
  }
  if (flags.region.length) throw new DreamreelError('preview shows --mask, not --region: render a few frames with --frames-dir instead');
  if (flags.mask === 'motion' || flags.mask === 'still')
    throw new DreamreelError(`--mask ${flags.mask} is made from the clip's motion: preview dreams one frame, use it with render`);
  const { width, height } = picture;
  const file = await openMaskFile(flags.mask, { width, height, frames: 1 }, maskShape(flags));
  for (const warning of file.warnings) log(`warning: ${warning}`);
  if (file.still || frame === 0) return file.first;
  const fps = (await probeVideo(input)).fps;
  const masks = maskFileFrames(file, { width, height, fps, start: frame / fps });
  const first = await masks.next();
  await masks.return(undefined);
  return first.done ? file.first : first.value;
}
