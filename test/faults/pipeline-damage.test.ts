import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared } from '../helpers/shared.js';
import { testClip, workDir } from '../helpers/clips.js';
import { FAST, SLOW, oneLine, run, start } from './helpers-pipeline.js';

/** A small tmpfs, where this machine lets us mount one (root, or a container allowing it). */
function smallDisk(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
  if (!mounted) console.log(`skipped: cannot mount a ${size} tmpfs at ${dir} here (needs root and mount rights)`);
  return mounted;
}

/** Faults the user can act on get one line, exit 1, temporary files removed and finished frames kept. */
describe.runIf(hasShared)('faults: damage and full disks', { timeout: 600_000 }, () => {
  const dir = workDir();

  it('a full disk while saving a checkpoint frame: one line, exit 1, no .png.partial, finished frames kept', async (t) => {
    const clip = testClip(dir, { frames: 24, fps: 12, audio: false });
    const disk = join(dir, 'small-disk');
    if (!smallDisk(disk, '48k')) return t.skip();
    try {
      const out = join(disk, 'dream.mp4');
      const { code, stderr } = await run(['render', clip, '-o', out, '--size', '64', '--json', ...FAST]);
      expect(code, stderr).toBe(1);
      expect(oneLine(stderr)).toMatch(/disk is full.*add --resume/);
      const checkpoint = readdirSync(`${out}.dreamreel-checkpoint`);
      expect(checkpoint.filter((f) => f.includes('partial'))).toEqual([]);
      expect(checkpoint).toContain('frame-000000.png');
      expect(readdirSync(disk).filter((f) => f.includes('partial') || f.includes('lock'))).toEqual([]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });

  it('a damaged checkpoint frame or state.json: one line naming the file and --restart, exit 1, checkpoint kept', async () => {
    const clip = testClip(dir, { frames: 48, fps: 12, audio: false });
    for (const damage of ['frame-000000.png', 'state.json']) {
      // A real unfinished render (its identity matches the resume below), then one file of it broken.
      const out = join(dir, `interrupted-${damage.slice(0, 5)}.mp4`);
      const args = ['render', clip, '-o', out, '--size', '64', '--json', ...SLOW];
      const running = start(args);
      await running.waitFor(/"type":"frame-done"/);
      running.child.kill('SIGINT');
      expect((await running.finished).code).toBe(130);
      const checkpoint = `${out}.dreamreel-checkpoint`;
      writeFileSync(join(checkpoint, damage), damage === 'state.json' ? '{"identity": tru' : 'not a png');
      const { code, stderr } = await run([...args, '--resume']);
      expect(code, stderr).toBe(1);
      const line = oneLine(stderr);
      expect(line).toContain(`the unfinished render in ${checkpoint} is damaged (${join(checkpoint, damage)}: `);
      expect(line).toMatch(/\): --restart discards it$/);
      expect(readFileSync(join(checkpoint, damage), 'utf8')).toMatch(/^not a png$|^\{"identity": tru$/);
      expect(existsSync(join(checkpoint, 'frame-000000.png'))).toBe(true);
    }
  });
});
