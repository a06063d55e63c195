import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import { ffmpeg, workDir } from '../helpers/clips.js';
import { hasShared } from '../helpers/shared.js';
import { pannedClip } from '../helpers/known-motion.js';

describe.runIf(hasShared)('dreamreel flicker reports dream strength', () => {
  it('gives strength beside flicker, per frame with --json: a uniform +20 levels reads as 20, the source itself as 0', async () => {
    const dir = workDir();
    const source = pannedClip(dir, { frames: 5, width: 96, height: 64 });
    const brighter = join(dir, 'brighter.mp4');
    // Darkened first so that adding 20 never clips: every pixel moves by exactly 20 levels.
    const darker = join(dir, 'darker.mp4');
    ffmpeg(['-i', source, '-vf', 'format=rgb24,lutrgb=r=val*0.8:g=val*0.8:b=val*0.8', '-c:v', 'libx264rgb', '-qp', '0', darker]);
    ffmpeg(['-i', darker, '-vf', 'format=rgb24,lutrgb=r=val+20:g=val+20:b=val+20', '-c:v', 'libx264rgb', '-qp', '0', brighter]);
    const json = await cli(['flicker', brighter, '--source', darker, '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as { strength: number; pairs: number; frames: { warpingError: number | null; strength: number }[] };
    expect(report.frames).toHaveLength(5);
    expect(report.frames[0]!.warpingError).toBeNull();
    for (const f of report.frames) expect(f.strength).toBeCloseTo(20, 0);
    expect(report.strength).toBeCloseTo(20, 0);
    const self = await cli(['flicker', darker, '--source', darker]);
    expect(self.code, self.stderr).toBe(0);
    expect(self.stdout).toMatch(/dream strength 0\.00 /);
  });
});
