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

/** The step the screen shows; a screen without one fails the test (no fallback value). */
function stepShown(screen: string): number {
  const m = /step (\d+)\/1000/.exec(screen);
  expect(m, screen).not.toBeNull();
  return Number(m![1]);
}

/** Polls until the screen shows step `n` or later; returns the step shown. */
async function stepAtLeast(session: string, n: number): Promise<number> {
  let step = -1;
  for (let i = 0; i < 1500 && step < n; i++) {
    await poll();
    step = Number(/step (\d+)\/1000/.exec(tmux('capture-pane', '-p', '-t', session))?.[1] ?? -1);
  }
  expect(step).toBeGreaterThanOrEqual(n);
  return step;
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

  it('image: p pauses the dream (no step over a measured pause), p resumes it, Ctrl-C stops it with exit 130 and writes nothing', async () => {
    const out = join(dir, 'keys.png');
    const session = `dreamreel-image-${process.pid}`;
    inTerminal(session, `image ${IMAGES}/chelsea.png -o ${out} --size 96 --octaves 1 --steps 1000 -l inception_3b/output --backend ort-cpu`);
    try {
      // The step time, measured on this machine: the pause below is watched for several of them.
      const from = stepShown(await screenMatching(session, /step ([2-9]|\d\d+)\/1000/));
      const since = Date.now();
      const to = await stepAtLeast(session, from + 3);
      const stepMs = (Date.now() - since) / (to - from);
      tmux('send-keys', '-t', session, 'p');
      const stepAtPause = stepShown(await screenMatching(session, /paused/));
      // Paused: at most the step already under way finishes, over a watch of at least five step times.
      const watch = Math.max(5 * stepMs, 2000);
      let latest = stepAtPause;
      for (const start = Date.now(); Date.now() - start < watch;) {
        await poll();
        latest = stepShown(tmux('capture-pane', '-p', '-t', session));
        expect(latest).toBeLessThanOrEqual(stepAtPause + 1);
      }
      // The same measure sees steps again once p resumes: the watch above could have failed.
      tmux('send-keys', '-t', session, 'p');
      expect(await stepAtLeast(session, stepAtPause + 2)).toBeGreaterThan(stepAtPause + 1);
      tmux('send-keys', '-t', session, 'C-c');
      const last = await screenMatching(session, /exit=\d+/);
      expect(last).toMatch(/exit=130/);
      expect(existsSync(out)).toBe(false);
    } finally {
      tmux('kill-session', '-t', session);
    }
  });
});
