import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, IMAGES, MODELS } from '../helpers/shared.js';
import { testClip, workDir } from '../helpers/clips.js';
import { framesOf, hasTmux } from './helpers-pipeline.js';

const tmux = (...args: string[]): string => execFileSync('tmux', args).toString();
const poll = (): Promise<void> => new Promise((r) => setTimeout(r, 200));

/** The CLI in a real terminal (tmux), its exit code printed after it as `exit=N`. */
function inTerminal(session: string, args: string): void {
  const command = `cd ${process.cwd()} && env -u CI DREAMREEL_MODELS=${MODELS} ${process.execPath} --import tsx src/cli/main.ts ${args}; echo exit=$?; sleep 600`;
  tmux('new-session', '-d', '-s', session, '-x', '140', '-y', '45', command);
}

/** Polls the screen until it matches (a generous deadline, never a fixed wait). */
async function screenMatching(session: string, pattern: RegExp): Promise<string> {
  let screen = '';
  for (let i = 0; i < 1500 && !pattern.test(screen); i++) {
    await poll();
    screen = tmux('capture-pane', '-p', '-t', session);
  }
  expect(screen).toMatch(pattern);
  return screen;
}

describe.runIf(hasShared && hasTmux)('faults: keys in a real terminal', { timeout: 600_000 }, () => {
  const dir = workDir();

  it('render: q stops with exit 130, keeping the playable partial video and the checkpoint', async () => {
    const clip = testClip(dir, { frames: 120, fps: 12, audio: false });
    const out = join(dir, 'keys.mp4');
    const session = `dreamreel-q-${process.pid}`;
    inTerminal(session, `render ${clip} -o ${out} --size 96 --octaves 1 --steps 6 --steps-next 6 -l inception_3b/output --backend ort-cpu`);
    try {
      await screenMatching(session, /[1-9]\d*\/120 frames/);
      tmux('send-keys', '-t', session, 'q');
      await screenMatching(session, /exit=\d+/);
      expect(tmux('capture-pane', '-p', '-t', session)).toMatch(/exit=130/);
      expect(framesOf(join(dir, 'keys.partial.mp4'))).toBeGreaterThanOrEqual(1);
      expect(existsSync(join(`${out}.dreamreel-checkpoint`, 'frame-000000.png'))).toBe(true);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });

  it('image: p pauses the dream, Ctrl-C stops it with exit 130 and writes nothing', async () => {
    const out = join(dir, 'keys.png');
    const session = `dreamreel-image-${process.pid}`;
    inTerminal(session, `image ${IMAGES}/chelsea.png -o ${out} --size 96 --octaves 1 --steps 1000 -l inception_3b/output --backend ort-cpu`);
    try {
      await screenMatching(session, /step ([2-9]|\d\d+)\/1000/);
      tmux('send-keys', '-t', session, 'p');
      const paused = await screenMatching(session, /paused/);
      const stepAtPause = Number(/step (\d+)\/1000/.exec(paused)![1]);
      tmux('send-keys', '-t', session, 'C-c');
      const last = await screenMatching(session, /exit=\d+/);
      expect(last).toMatch(/exit=130/);
      // Paused: at most the step already under way finished after the pause showed.
      expect(Number(/step (\d+)\/1000/.exec(last)?.[1] ?? stepAtPause)).toBeLessThanOrEqual(stepAtPause + 1);
      expect(existsSync(out)).toBe(false);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });
});
