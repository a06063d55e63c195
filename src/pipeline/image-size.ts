import sharp from 'sharp';
import { DreamreelError } from '../errors.js';

/**
 * The size readImage(path, maxSide) will give, from the file's header alone: sizes are checked
 * before a picture is decoded (a 16384-pixel decode alone can exhaust memory).
 */
export async function pictureSize(path: string, maxSide?: number): Promise<{ width: number; height: number }> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(path).metadata();
  } catch (e) {
    throw new DreamreelError(`cannot read image ${path}: ${(e as Error).message}`);
  }
  if (!meta.width || !meta.height) throw new DreamreelError(`cannot read image ${path}: no size in its header`);
  // EXIF orientations 5-8 turn the picture a quarter: readImage rotates it upright.
  const [w, h] = (meta.orientation ?? 1) >= 5 ? [meta.height, meta.width] : [meta.width, meta.height];
  if (!maxSide) return { width: w, height: h };
  const scale = maxSide / Math.max(w, h);
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}
