import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { DreamreelError } from '../../errors.js';
import { Checkpoint } from '../checkpoint.js';
import { audioArgs, FrameEncoder, videoArgs } from '../encoder.js';
import { ffmpegBinaries, stderrTail } from '../ffmpeg-binary.js';
import { crfOf, segmentPath, type RenderSpec } from './payload.js';
import type { ChunkSpec } from './plan.js';
import { piecesWithSeams } from './seams.js';

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegBinaries().ffmpeg, ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new DreamreelError(`ffmpeg could not join the chunks (exit ${code}): ${stderrTail(stderr)}`)),
    );
  });
}

/** The concat demuxer's list: one quoted path per segment. */
const concatList = (paths: readonly string[]): string => paths.map((p) => `file '${p.replaceAll("'", "'\\''")}'`).join('\n') + '\n';

/**
 * Joins the chunks' lossless segments and the seams between them with the concat demuxer and
 * encodes the video once at the user's --crf (a `-c copy` join opened every chunk on a fresh
 * keyframe, a visible jump at 1.8x the inside change at CRF 18), then muxes the source's audio
 * once, so there are no audio seams. Written under a temporary name and renamed; safe to run twice.
 */
export async function joinSegments(render: RenderSpec, chunks?: readonly ChunkSpec[]): Promise<void> {
  const { output } = render;
  const dir = Checkpoint.dirFor(output);
  if (!existsSync(dir) && existsSync(output)) return; // joined already by an earlier attempt
  const segments = Array.from({ length: render.chunks }, (_, i) => segmentPath(render, i));
  const missing = segments.filter((s) => !existsSync(s));
  if (missing.length) throw new DreamreelError(`cannot join ${output}: ${missing.length} chunk segment(s) missing, first ${missing[0]}`);
  // The seams' cross-faded frames are encoded now, once both chunks beside each are done.
  const pieces = await piecesWithSeams(render, chunks);
  const tag = randomBytes(4).toString('hex');
  const list = join(dir, `concat-${tag}.txt`);
  const ext = extname(output);
  const partial = join(dirname(output), `${basename(output, ext)}.${tag}.partial${ext}`);
  const format = FrameEncoder.formatOf(output);
  const audio = render.audioCodec
    ? [...(render.start ? ['-ss', String(render.start)] : []), ...(render.duration ? ['-t', String(render.duration)] : []), '-i', render.input]
    : [];
  await writeFile(list, concatList(pieces));
  try {
    await ffmpeg([
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      list,
      ...audio,
      '-map',
      '0:v',
      ...(audio.length ? ['-map', '1:a?', ...audioArgs(format, render.audioCodec!), '-t', String(render.frames / render.fps)] : []),
      // The video's length bounds the audio; the video itself is never cut.
      ...videoArgs(format, crfOf(render)),
      '-f',
      format === 'mkv' ? 'matroska' : format,
      partial,
    ]);
    await rename(partial, output);
  } finally {
    await rm(partial, { force: true });
  }
  await rm(dir, { recursive: true, force: true });
}
