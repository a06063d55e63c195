import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DreamreelError } from '../errors.js';

const require = createRequire(import.meta.url);

function works(path: string, env: NodeJS.ProcessEnv): boolean {
  return spawnSync(path, ['-version'], { stdio: 'ignore', env }).status === 0;
}

let cached: { ffmpeg: string; ffprobe: string } | undefined;

/**
 * ffmpeg: FFMPEG_PATH, then ffmpeg-static if its binary was installed, then `ffmpeg` on PATH.
 * ffprobe: FFPROBE_PATH, then beside the chosen ffmpeg, then PATH.
 */
export function ffmpegBinaries(env: NodeJS.ProcessEnv = process.env): { ffmpeg: string; ffprobe: string } {
  if (cached && env === process.env) return cached;
  const candidates: string[] = [];
  if (env.FFMPEG_PATH) candidates.push(env.FFMPEG_PATH);
  try {
    const bundled = require('ffmpeg-static') as string | null;
    if (bundled && existsSync(bundled)) candidates.push(bundled);
  } catch {
    /* optional dependency not installed */
  }
  candidates.push('ffmpeg');
  const ffmpeg = candidates.find((c) => works(c, env));
  if (!ffmpeg) {
    throw new DreamreelError(env.FFMPEG_PATH ? `FFMPEG_PATH=${env.FFMPEG_PATH} is not a working ffmpeg` : 'ffmpeg was not found: install it (apt install ffmpeg, brew install ffmpeg) or set FFMPEG_PATH');
  }
  const probeCandidates = [env.FFPROBE_PATH, ffmpeg.includes('/') ? join(dirname(ffmpeg), 'ffprobe') : undefined, 'ffprobe'].filter((p): p is string => Boolean(p));
  const ffprobe = probeCandidates.find((c) => works(c, env));
  if (!ffprobe) throw new DreamreelError('ffprobe was not found: install ffmpeg (it ships ffprobe) or set FFPROBE_PATH');
  const found = { ffmpeg, ffprobe };
  if (env === process.env) cached = found;
  return found;
}

/** The last lines of a child's stderr, for error messages. */
export function stderrTail(text: string, lines = 3): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}
