import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ReplaySubject } from 'rxjs';
import { RenderApp } from '../../src/tui/RenderApp.js';
import { reduceProgress, initialProgress } from '../../src/tui/progress-state.js';
import { sparkline } from '../../src/tui/sparkline.js';
import { halfBlocks } from '../../src/tui/half-blocks.js';
import { jsonLine } from '../../src/tui/plain-reporter.js';
import { rgbImage } from '../../src/image/image.js';
import type { RenderEvent } from '../../src/pipeline/events.js';

/** Waits until `ready()` holds, polling the event loop (a generous 10 s deadline, never a fixed wait). */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (const start = Date.now(); !ready(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() - start > 10_000) throw new Error(`timed out waiting for ${what}`);
  }
}
const start: RenderEvent = {
  type: 'start',
  command: 'render',
  input: 'clip.mp4',
  output: 'dream.mp4',
  model: 'googlenet',
  objective: 'mean(inception_4c/output²)',
  backend: 'ort-cpu',
  frames: 4,
  width: 320,
  height: 180,
};

describe('terminal UI', () => {
  it('shows title, progress, frames/min, ETA, octave and step from the events', async () => {
    const events = new ReplaySubject<RenderEvent>();
    const ui = render(<RenderApp events={events} onStop={() => {}} onPause={() => {}} />);
    events.next(start);
    events.next({ type: 'frame-start', frame: 0, frames: 4 });
    events.next({ type: 'step', frame: 0, octave: 1, octaves: 3, step: 4, steps: 10, loss: 12.5, ms: 90, width: 320, height: 180 });
    events.next({ type: 'frame-done', frame: 0, frames: 4, loss: 12.5, ms: 30000, fpm: 2, etaSeconds: 90 });
    await until(() => ui.lastFrame()!.includes('1/4 frames'), 'the frame-done event on screen');
    const screen = ui.lastFrame()!;
    expect(screen).toContain('dreamreel render clip.mp4 → dream.mp4 · googlenet · mean(inception_4c/output²) · ort-cpu');
    expect(screen).toContain('1/4 frames · 2.0 frames/min · ETA 01:30');
    expect(screen).toContain('frame 1 · octave 2/3 · step 5/10 · loss 12.50');
    expect(screen).toContain('frame 1/4  loss 12.50  30.0 s');
    ui.unmount();
  });

  it('q asks to stop once, p toggles pause, v hides the preview', async () => {
    const events = new ReplaySubject<RenderEvent>();
    let stops = 0;
    const pauses: boolean[] = [];
    const ui = render(<RenderApp events={events} onStop={() => stops++} onPause={(p) => pauses.push(p)} previewColumns={8} />);
    events.next(start);
    events.next({ type: 'frame-done', frame: 0, frames: 4, loss: 1, ms: 10, fpm: 6, etaSeconds: 30, image: rgbImage(4, 4, new Float32Array(48).fill(1)) });
    await until(() => ui.lastFrame()!.includes('▀'), 'the preview');
    ui.stdin.write('p');
    await until(() => ui.lastFrame()!.includes('paused'), 'paused on screen');
    expect(pauses).toEqual([true]);
    ui.stdin.write('p');
    ui.stdin.write('v');
    await until(() => !ui.lastFrame()!.includes('▀'), 'the preview hidden');
    expect(pauses).toEqual([true, false]);
    ui.stdin.write('q');
    await until(() => stops === 1, 'the first q');
    ui.stdin.write('q');
    // Keys are handled in order: once this p is seen, the second q has been too.
    ui.stdin.write('p');
    await until(() => pauses.length === 3, 'the p after the second q');
    expect(stops).toBe(1);
    expect(pauses).toEqual([true, false, true]);
    await until(() => ui.lastFrame()!.includes('stopping…'), 'stopping… on screen');
    expect(ui.lastFrame()).toContain('stopping…');
    ui.unmount();
  });

  it('sparklines scale between min and max', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5], 10)).toBe('▄▄');
    expect(sparkline([1, 2, 3], 2)).toBe('▁█');
  });

  it('draws two pixels per cell in truecolor', () => {
    const img = rgbImage(1, 2, Float32Array.of(1, 0, 0, 0, 0, 1));
    expect(halfBlocks(img, 1)).toEqual(['\x1b[38;2;255;0;0m\x1b[48;2;0;0;255m▀\x1b[0m']);
  });

  it('folds events: resumed runs start counting at the resume point', () => {
    const s = [{ ...start, resumedFrom: 2 } as RenderEvent, { type: 'warning', message: 'scene cut' } as RenderEvent].reduce(reduceProgress, initialProgress);
    expect([s.framesDone, s.frames, s.warnings]).toEqual([2, 4, ['scene cut']]);
  });
});

/** Every event a render can print with --json, checked against its schema. */
describe('NDJSON events', () => {
  const schema: Record<RenderEvent['type'], Record<string, string>> = {
    start: {
      command: 'string',
      input: 'string',
      output: 'string',
      model: 'string',
      objective: 'string',
      backend: 'string',
      frames: 'number',
      width: 'number',
      height: 'number',
    },
    'frame-start': { frame: 'number', frames: 'number' },
    step: {
      frame: 'number',
      octave: 'number',
      octaves: 'number',
      step: 'number',
      steps: 'number',
      loss: 'number',
      ms: 'number',
      width: 'number',
      height: 'number',
    },
    'frame-done': { frame: 'number', frames: 'number', loss: 'number', ms: 'number', fpm: 'number', etaSeconds: 'number' },
    warning: { message: 'string' },
    done: { output: 'string', frames: 'number', seconds: 'number' },
  };
  it('are one JSON object per line with the documented fields, and no pictures', () => {
    const events: RenderEvent[] = [
      start,
      { type: 'frame-start', frame: 0, frames: 4 },
      { type: 'step', frame: 0, octave: 0, octaves: 1, step: 0, steps: 1, loss: 1, ms: 2, width: 8, height: 8 },
      { type: 'frame-done', frame: 0, frames: 4, loss: 1, ms: 2, fpm: 3, etaSeconds: 4, image: rgbImage(1, 1) },
      { type: 'warning', message: 'x' },
      { type: 'done', output: 'o', frames: 1, seconds: 1 },
    ];
    for (const e of events) {
      const line = jsonLine(e);
      expect(line).not.toContain('\n');
      const parsed = JSON.parse(line) as Record<string, unknown>;
      expect(parsed.image).toBeUndefined();
      for (const [field, type] of Object.entries(schema[e.type])) expect(typeof parsed[field], `${e.type}.${field}`).toBe(type);
    }
  });
});

describe('terminal graphics', () => {
  it('picks kitty, iTerm2 or half blocks from the environment', async () => {
    const { detectGraphics } = await import('../../src/tui/terminal-image.js');
    expect(detectGraphics({ TERM: 'xterm-kitty' })).toBe('kitty');
    expect(detectGraphics({ TERM_PROGRAM: 'iTerm.app' })).toBe('iterm2');
    expect(detectGraphics({ TERM: 'xterm-256color' })).toBe('blocks');
  });

  it('sends a PNG in the kitty and iTerm2 protocols', async () => {
    const { terminalImage } = await import('../../src/tui/terminal-image.js');
    // Noise compresses badly, so the PNG needs several kitty chunks.
    const { randomImage } = await import('../helpers/tiny-nets.js');
    const img = randomImage(96, 96);
    const kitty = await terminalImage(img, 20, 'kitty');
    expect(kitty).toMatch(/^\x1b_Gf=100,a=T,c=20,m=1;iVBORw0KGgo/);
    expect(kitty.endsWith('\x1b\\')).toBe(true);
    expect(kitty).toMatch(/\x1b_Gm=0;[A-Za-z0-9+/=]+\x1b\\$/);
    expect(await terminalImage(img, 20, 'iterm2')).toMatch(/^\x1b\]1337;File=inline=1;width=20;preserveAspectRatio=1:iVBORw0KGgo[A-Za-z0-9+/=]+\x07$/);
  });
});
