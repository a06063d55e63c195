import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ReplaySubject } from 'rxjs';
import { RenderApp } from '../../src/tui/RenderApp.js';
import { plainReporter } from '../../src/tui/plain-reporter.js';
import type { RenderEvent } from '../../src/pipeline/events.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 30));
const start: RenderEvent = {
  type: 'start',
  command: 'zoom',
  input: 'still.png',
  output: 'zoom.mp4',
  model: 'googlenet',
  objective: 'mean(inception_4c/output²)',
  backend: 'ort-cpu',
  frames: 48,
  width: 320,
  height: 180,
};

describe('scheduled values beside the loss', () => {
  it("the live panel shows the current frame's values, the log each finished frame's", async () => {
    const events = new ReplaySubject<RenderEvent>();
    const ui = render(<RenderApp events={events} onStop={() => {}} onPause={() => {}} />);
    events.next(start);
    events.next({ type: 'frame-start', frame: 0, frames: 48, params: { zoom: 1, lr: 0.002 } });
    events.next({ type: 'frame-done', frame: 0, frames: 48, loss: 3.5, ms: 1000, fpm: 60, etaSeconds: 47, params: { zoom: 1, lr: 0.002 } });
    events.next({ type: 'frame-start', frame: 1, frames: 48, params: { zoom: 1.0312345, lr: 0.0175 } });
    events.next({ type: 'step', frame: 1, octave: 0, octaves: 1, step: 0, steps: 4, loss: 4.25, ms: 90, width: 320, height: 180 });
    await tick();
    const screen = ui.lastFrame()!;
    expect(screen).toContain('frame 2 · octave 1/1 · step 1/4 · loss 4.25 · zoom 1.031 · lr 0.0175');
    expect(screen).toContain('frame 1/48  loss 3.50  1.0 s  zoom 1 · lr 0.002');
    ui.unmount();
  });

  it('plain lines carry them too; nothing is added when no option is scheduled', () => {
    const line = plainReporter();
    line(start);
    expect(line({ type: 'frame-done', frame: 4, frames: 48, loss: 2, ms: 500, fpm: 120, etaSeconds: 21.5, params: { rotate: -2.5 } })).toBe(
      'frame 5/48  loss 2.000  0.5 s  120.0 frames/min  ETA 00:22  rotate -2.5',
    );
    expect(line({ type: 'frame-done', frame: 4, frames: 48, loss: 2, ms: 500, fpm: 120, etaSeconds: 21.5 })).toBe(
      'frame 5/48  loss 2.000  0.5 s  120.0 frames/min  ETA 00:22',
    );
  });
});
