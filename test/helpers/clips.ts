import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IMAGES } from './shared.js';

export const workDir = (): string => mkdtempSync(join(tmpdir(), 'dreamreel-test-'));

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args]);
}

/** testsrc2 with a sine tone: frames and audio of known count and rate. */
export function testClip(dir: string, { frames = 12, fps = 12, size = '160x96', audio = true } = {}): string {
  const path = join(dir, `testsrc-${frames}-${fps}-${audio}.mp4`);
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=${fps}`,
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100'] : []),
    '-frames:v',
    String(frames),
    ...(audio ? ['-t', String(frames / fps), '-c:a', 'aac'] : []),
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    path,
  ]);
  return path;
}

/** A real photograph panned and zoomed slowly: real texture, known smooth motion. */
export function pannedPhoto(dir: string, frames = 12, photo = 'chelsea.png'): string {
  const path = join(dir, `pan-${frames}.mp4`);
  ffmpeg([
    '-loop',
    '1',
    '-i',
    `${IMAGES}/${photo}`,
    '-vf',
    `scale=360:240,crop=192:128:x='40+2*n':y='30+n',format=yuv420p`,
    '-frames:v',
    String(frames),
    '-r',
    '12',
    '-c:v',
    'libx264',
    '-crf',
    '12',
    path,
  ]);
  return path;
}

export function probe(path: string): {
  streams: { codec_type: string; codec_name: string; nb_frames?: string; r_frame_rate: string; duration?: string; width?: number; height?: number }[];
} {
  return JSON.parse(
    execFileSync('ffprobe', [
      '-v',
      'error',
      '-count_frames',
      '-show_entries',
      'stream=codec_type,codec_name,nb_read_frames,nb_frames,r_frame_rate,duration,width,height',
      '-of',
      'json',
      path,
    ]).toString(),
  );
}
