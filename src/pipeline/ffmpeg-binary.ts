import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DreamreelError } from '../errors.js';

const require = createRequire(import.meta.url);

function works(path: string, env: NodeJS.ProcessEnv): boolean {
  return spawnSync(path, ['-version'], { stdio: 'ignore', env }).status === 0;
}

/** An optional package's binary, if it and its download are installed. */
function bundled(name: 'ffmpeg-static' | 'ffprobe-static'): string | undefined {
  try {
    const found = require(name) as string | { path?: string } | null;
    const path = typeof found === 'string' ? found : found?.path;
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined; // optional dependency not installed
  }
}

export interface FfmpegBinaries {
  readonly ffmpeg: string;
  /** Undefined when no ffprobe is installed: clips are then probed with `ffmpeg -i` itself. */
  readonly ffprobe: string | undefined;
}

let cached: FfmpegBinaries | undefined;

/**
 * ffmpeg: FFMPEG_PATH, then ffmpeg-static if its binary was installed, then `ffmpeg` on PATH.
 * ffprobe: FFPROBE_PATH, then beside the chosen ffmpeg (on PATH for a PATH ffmpeg), then
 * ffprobe-static if installed, else none: ffmpeg-static ships no ffprobe, and ffmpeg can probe.
 */
export function ffmpegBinaries(env: NodeJS.ProcessEnv = process.env): FfmpegBinaries {
  if (cached && env === process.env) return cached;
  const candidates = [env.FFMPEG_PATH, bundled('ffmpeg-static'), 'ffmpeg'].filter((p): p is string => Boolean(p));
  const ffmpeg = candidates.find((c) => works(c, env));
  if (!ffmpeg) {
    throw new DreamreelError(
      env.FFMPEG_PATH
        ? `FFMPEG_PATH=${env.FFMPEG_PATH} is not a working ffmpeg`
        : 'ffmpeg was not found: install it (apt install ffmpeg, brew install ffmpeg) or set FFMPEG_PATH',
    );
  }
  if (env.FFPROBE_PATH && !works(env.FFPROBE_PATH, env)) throw new DreamreelError(`FFPROBE_PATH=${env.FFPROBE_PATH} is not a working ffprobe`);
  const beside = ffmpeg.includes('/') ? join(dirname(ffmpeg), 'ffprobe') : 'ffprobe';
  const probeCandidates = [env.FFPROBE_PATH, beside, bundled('ffprobe-static')].filter((p): p is string => Boolean(p));
  const found = { ffmpeg, ffprobe: probeCandidates.find((c) => works(c, env)) };
  if (env === process.env) cached = found;
  return found;
}

/** The last lines of a child's stderr, for error messages. */
export function stderrTail(text: string, lines = 3): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}
