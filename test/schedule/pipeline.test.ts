import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { lastValueFrom, Subject, tap, toArray } from 'rxjs';
import * as ort from 'onnxruntime-node';
import { renderFrames, type FrameJob } from '../../src/pipeline/render.js';
import { zoomSources } from '../../src/pipeline/zoom-sources.js';
import { frameSchedules, offsetSchedules } from '../../src/pipeline/frame-schedules.js';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import { splitSchedules } from '../../src/options/schedule.js';
import type { RenderEvent } from '../../src/pipeline/events.js';
import type { RgbImage } from '../../src/image/image.js';
import { conv, randomImage, tinyNet } from '../helpers/tiny-nets.js';
import { workDir } from '../helpers/clips.js';

const net = tinyNet([
  ['c1', ['data'], conv(3, 4, 3, { pads: [1, 1, 1, 1] })],
  ['r1', ['c1'], { kind: 'relu' }],
]);
const settings = { ...DEFAULT_DREAM, octaves: 1, steps: 2, jitter: 0 };
const still = { zoom: 1, rotateDegrees: 0, shift: [0, 0] as const };

function zoomJob(dir: string, flags: Record<string, string>, frames: number, resume = false): FrameJob {
  const schedules = frameSchedules(splitSchedules(flags).schedules, { fps: 12, frames });
  return {
    command: 'zoom',
    input: 'still',
    output: join(dir, 'z.mp4'),
    width: 32,
    height: 32,
    fps: 12,
    frames,
    first: settings,
    next: settings,
    blend: 1,
    crf: 30,
    resume,
    identity: { objective: 'r1' },
    schedules,
  };
}

const meanAbsDifference = (a: RgbImage, b: RgbImage): number => a.data.reduce((sum, v, i) => sum + Math.abs(v - b.data[i]!), 0) / a.data.length;

describe('schedules in the frame pipeline', () => {
  it('each frame is dreamed with its own lr and --steps-next', async () => {
    const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    try {
      const job = zoomJob(workDir(), { lr: '0.0005 + 0.02*(t % 2)', stepsNext: '1 + t' }, 5);
      const sources = zoomSources(randomImage(32, 32), 5, (i) => job.schedules!.step(i, still));
      const change: number[] = [];
      const watched = {
        ...sources,
        onWritten: (f: Parameters<NonNullable<typeof sources.onWritten>>[0]) => (sources.onWritten!(f), change.push(meanAbsDifference(f.dreamed, f.source))),
      };
      const events = await lastValueFrom(renderFrames(engine, job, watched, () => objectives.layer('r1')).pipe(toArray()));
      const steps = [0, 1, 2, 3, 4].map((i) => events.filter((e) => e.type === 'step' && e.frame === i).length);
      // Frame 0 is dreamed afresh (--steps); later frames take 1 + t steps.
      expect(steps).toEqual([2, 2, 3, 4, 5]);
      // Odd frames step 0.0205, even ones 0.0005: the dream's change per frame follows.
      for (const i of [1, 3]) expect(change[i]!).toBeGreaterThan(5 * change[i + 1]!);
    } finally {
      await engine.dispose();
    }
  });

  it('resume identity holds the schedules: another schedule is refused, the same one continues', async () => {
    const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    const dir = workDir();
    try {
      const stop$ = new Subject<void>();
      const first = zoomJob(dir, { lr: '0:(0.01), 5:(0.02)' }, 6);
      const stopAfterOne = (e: RenderEvent): void => void (e.type === 'frame-done' && stop$.next());
      await lastValueFrom(
        renderFrames(
          engine,
          first,
          zoomSources(randomImage(32, 32), 6, () => still),
          () => objectives.layer('r1'),
          { stop$ },
        ).pipe(tap(stopAfterOne), toArray()),
      );
      const other = zoomJob(dir, { lr: '0:(0.01), 5:(0.03)' }, 6, true);
      await expect(
        lastValueFrom(
          renderFrames(
            engine,
            other,
            zoomSources(randomImage(32, 32), 6, () => still),
            () => objectives.layer('r1'),
          ),
        ),
      ).rejects.toThrow(/schedules\.lr \("0:\(0\.01\), 5:\(0\.02\)" then, "0:\(0\.01\), 5:\(0\.03\)" now\)/);
      const same = zoomJob(dir, { lr: '0:(0.01), 5:(0.02)' }, 6, true);
      const events = await lastValueFrom(
        renderFrames(
          engine,
          same,
          zoomSources(randomImage(32, 32), 6, () => still),
          () => objectives.layer('r1'),
        ).pipe(toArray()),
      );
      expect((events[0] as Extract<RenderEvent, { type: 'start' }>).resumedFrom).toBeGreaterThanOrEqual(1);
      expect(events.at(-1)).toMatchObject({ type: 'done', frames: 6 });
    } finally {
      await engine.dispose();
    }
  });

  it("a farm chunk reads the render's schedule at its own frames", () => {
    const whole = frameSchedules(splitSchedules({ zoom: '0:(1), 100:(2)', blend: '0:(0), 100:(1)' }).schedules, { fps: 24, frames: 101 });
    const chunk = offsetSchedules(whole, 40);
    expect(chunk.params(0)).toEqual(whole.params(40));
    expect(chunk.step(10, still).zoom).toBeCloseTo(1.5, 12);
    expect(chunk.blend(60)).toBe(1);
    expect(chunk.identity).toEqual({ zoom: '0:(1), 100:(2)', blend: '0:(0), 100:(1)' });
  });
});
