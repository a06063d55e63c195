import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, MODELS } from '../helpers/shared.js';
import { probe, testClip, workDir } from '../helpers/clips.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const tmux = (...args: string[]): string => execFileSync('tmux', args).toString();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A real pseudo-terminal: the UI must update during a render, and q must leave a playable, resumable file. */
describe.runIf(hasShared && hasTmux)('in a real terminal (tmux)', () => {
  it('updates the screen while rendering and stops cleanly on q', async () => {
    const dir = workDir();
    const clip = testClip(dir, { frames: 120, fps: 12, size: '320x192', audio: false });
    const out = join(dir, 'dream.mp4');
    const session = `dreamreel-${process.pid}`;
    const command = `cd ${process.cwd()} && env -u CI DREAMREEL_MODELS=${MODELS} ${process.execPath} --import tsx src/cli/main.ts render ${clip} -o ${out} --octaves 2 --steps 3 --steps-next 3; sleep 600`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
    try {
      let first = '';
      for (let i = 0; i < 300 && !/\d+\/120 frames/.test(first); i++) {
        await sleep(200);
        first = tmux('capture-pane', '-p', '-t', session);
      }
      const done1 = Number(/(\d+)\/120 frames/.exec(first)?.[1]);
      // The screen must move on while rendering: wait (generously) for a later count, never a fixed sleep.
      let done2 = done1;
      for (let i = 0; i < 300 && !(done2 > done1); i++) {
        await sleep(200);
        done2 = Number(/(\d+)\/120 frames/.exec(tmux('capture-pane', '-p', '-t', session))?.[1]);
      }
      expect(done2).toBeGreaterThan(done1);
      tmux('send-keys', '-t', session, 'q');
      let last = '';
      for (let i = 0; i < 300 && !last.includes('add --resume to continue'); i++) {
        await sleep(200);
        last = tmux('capture-pane', '-p', '-t', session);
      }
      expect(last).toMatch(/stopped after \d+ frames: .*dream\.partial\.mp4 plays what is done; add --resume to continue/);
      const partial = join(dir, 'dream.partial.mp4');
      const frames = Number((probe(partial).streams[0] as { nb_read_frames?: string }).nb_read_frames);
      expect(frames).toBeGreaterThanOrEqual(done2);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.dreamreel-checkpoint`)).toBe(true);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });
});
