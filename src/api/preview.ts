import { extname } from 'node:path';
import { dream as ascend } from '../dream/ascent.js';
import { DreamreelError } from '../errors.js';
import type { RgbImage } from '../image/image.js';
import { decodeFrames } from '../pipeline/decode-frames.js';
import { readImage, writeImage } from '../pipeline/image-io.js';
import { probeVideo } from '../pipeline/probe.js';
import type { PreviewOptionsOut } from '../options/index.js';
import { previewMask } from '../pipeline/mask-preview.js';
import { shownWithMask } from './masks.js';
import { checkOutput, existingFile, IMAGE_FORMATS } from './checks.js';
import { checkSizeOrClose, openSession, type SessionContext } from './session.js';
import { dreamSettings } from './settings.js';

const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'];

/** A picture, or frame N of a clip, at most `side` pixels long. */
async function pictureFrom(path: string, frame: number, side: number): Promise<RgbImage> {
  if (IMAGE_EXTENSIONS.includes(extname(path).toLowerCase())) return readImage(path, side);
  const info = await probeVideo(path);
  if (frame >= info.frames) throw new DreamreelError(`--frame ${frame} is past the end of ${path} (${info.frames} frames)`);
  const scale = side / Math.max(info.width, info.height);
  const frames = decodeFrames(path, {
    width: Math.round((info.width * scale) / 2) * 2,
    height: Math.round((info.height * scale) / 2) * 2,
    start: frame / info.fps,
  });
  const first = await frames.next();
  await frames.return(undefined);
  if (first.done) throw new DreamreelError(`no frame ${frame} in ${path}`);
  return first.value;
}

/** One frame dreamed quickly (`dreamreel preview`): the dream, and what dreamed it. */
export async function previewDream(input: string, o: PreviewOptionsOut, ctx: SessionContext): Promise<{ image: RgbImage; about: string }> {
  const settings = dreamSettings(o);
  if (o.output) checkOutput(o.output, IMAGE_FORMATS);
  const picture = await pictureFrom(existingFile('input', input), o.frame, o.size);
  const mask = await previewMask(o, picture, o.frame, input, ctx.log);
  const session = await openSession(o, ctx);
  await checkSizeOrClose(session, { width: picture.width, height: picture.height, tileSize: settings.tileSize }, ctx.surface);
  try {
    // With --show-mask, what is shown is what is saved.
    const image = shownWithMask(await ascend(session.engine, picture, session.objective, settings, mask ? { weight: mask } : {}), mask, o.showMask);
    if (o.output) await writeImage(image, o.output);
    return { image, about: `${session.model} · ${session.objective.description} · ${session.engine.name}` };
  } finally {
    await session.engine.dispose();
  }
}
