import { join } from 'node:path';
import { ffmpeg } from '../test/helpers/clips.js';
import { IMAGES } from '../test/helpers/shared.js';

/**
 * A real photograph panned diagonally, `speed` pixels right and `speed / 2` down per frame, at
 * 24 fps: the benches' clip with steady, known motion.
 */
export function pannedClip(dir: string, frames: number, width: number, height: number, speed = 1): string {
  const path = join(dir, `pan-${frames}-${width}x${height}-${speed}.mp4`);
  const crop = `crop=${width}:${height}:x='10+${speed}*n':y='10+${speed / 2}*n'`;
  ffmpeg([
    '-loop',
    '1',
    '-i',
    `${IMAGES}/rocket.jpg`,
    '-vf',
    `scale=${width * 1.3}:-2,${crop},format=yuv420p`,
    '-frames:v',
    String(frames),
    '-r',
    '24',
    '-c:v',
    'libx264',
    path,
  ]);
  return path;
}
