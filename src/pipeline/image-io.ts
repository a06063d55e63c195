import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import sharp from 'sharp';
import { DreamreelError } from '../errors.js';
import { fromBytes, toBytes, type RgbImage } from '../image/image.js';
import { temporaryName } from './temporary-name.js';

/** Reads jpg/png/webp/… through sharp as [0, 1] RGB, optionally fitted inside `maxSide`. */
export async function readImage(path: string, maxSide?: number): Promise<RgbImage> {
  let pipeline = sharp(path).rotate().removeAlpha().toColourspace('srgb');
  if (maxSide) pipeline = pipeline.resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: false });
  try {
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    return fromBytes(data, info.width, info.height);
  } catch (e) {
    throw new DreamreelError(`cannot read image ${path}: ${(e as Error).message}`);
  }
}

// The byte conversions live with the image primitives (the TUI uses them too); re-exported for the pipeline.
export { fromBytes, toBytes } from '../image/image.js';

/** Writes through a temporary name in the same folder and renames when complete: no half-written pictures. */
export async function writeImage(image: RgbImage, path: string, bytes = toBytes(image)): Promise<void> {
  const format = extname(path).slice(1).toLowerCase() || 'png';
  const temporary = temporaryName(path, format);
  try {
    await sharp(bytes, { raw: { width: image.width, height: image.height, channels: 3 } })
      .toFormat(format as keyof sharp.FormatEnum)
      .toFile(temporary);
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true });
    throw new DreamreelError(`cannot write ${path}: ${(e as Error).message}`);
  }
}
