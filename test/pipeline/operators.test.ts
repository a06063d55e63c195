import { describe, expect, it } from 'vitest';
import { TestScheduler } from 'rxjs/testing';
import { Subject, firstValueFrom, toArray, take, lastValueFrom } from 'rxjs';
import * as ort from 'onnxruntime-node';
import { pairWithPrevious } from '../../src/pipeline/operators/pair-with-previous.js';
import { pull } from '../../src/pipeline/pull.js';
import { rgbImage, type RgbImage } from '../../src/image/image.js';
import { renderFrames } from '../../src/pipeline/render.js';
import { zoomSources } from '../../src/pipeline/zoom-sources.js';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import type { DreamEngine } from '../../src/dream/engine.js';
import { conv, randomImage, tinyNet } from '../helpers/tiny-nets.js';
import { workDir } from '../helpers/clips.js';
import { join } from 'node:path';

const frame = (id: number): RgbImage => rgbImage(1, 1, Float32Array.of(id, 0, 0));

describe('pipeline operators (marble tests, frames as ids)', () => {
  it('pairWithPrevious numbers frames and pairs each with the one before, in order', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const source = cold('a-b--c|', { a: frame(1), b: frame(2), c: frame(3) });
      const ids = source.pipe(pairWithPrevious());
      expectObservable(ids).toBe('a-b--c|', {
        a: { index: 0, source: frame(1) },
        b: { index: 1, source: frame(2), previousSource: frame(1) },
        c: { index: 2, source: frame(3), previousSource: frame(2) },
      });
    });
  });

  it('passes errors down the stream', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      expectObservable(cold('a-#', { a: frame(1) }, new Error('decode failed')).pipe(pairWithPrevious())).toBe(
        'a-#',
        { a: { index: 0, source: frame(1) } },
        new Error('decode failed'),
      );
    });
  });
});

describe('pull: backpressure from the dreamer to the decoder', () => {
  async function* counted(log: number[]): AsyncGenerator<number> {
    for (let i = 0; i < 100; i++) {
      log.push(i);
      yield i;
    }
  }

  /** Resolves once `count` values were seen (vitest's timeout is the deadline). */
  function seenCount(seen: number[], count: number, listeners: (() => void)[]): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => void (seen.length >= count && resolve());
      listeners.push(check);
      check();
    });
  }
  /** One turn of the event loop: every promise continuation already queued has run. */
  const drained = (): Promise<void> => new Promise((r) => setImmediate(r));

  it('reads only as many values as were asked for', async () => {
    const log: number[] = [];
    const demand = new Subject<void>();
    const seen: number[] = [];
    const listeners: (() => void)[] = [];
    const sub = pull(counted(log), demand, 2).subscribe((v) => (seen.push(v), listeners.forEach((l) => l())));
    await seenCount(seen, 2, listeners);
    await drained();
    // The generator logs each value as it is asked for: two asked, two seen, none read ahead.
    expect(seen).toEqual([0, 1]);
    expect(log).toEqual([0, 1]);
    demand.next();
    await seenCount(seen, 3, listeners);
    await drained();
    expect(seen).toEqual([0, 1, 2]);
    expect(log).toEqual([0, 1, 2]);
    sub.unsubscribe();
  });

  it('returns the iterator on unsubscribe (which is what kills ffmpeg)', async () => {
    let onReturn!: () => void;
    const returned = new Promise<void>((r) => (onReturn = r));
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        onReturn();
      }
    }
    const demand = new Subject<void>();
    expect(await firstValueFrom(pull(source(), demand, 1))).toBe(0);
    // Waits for the generator's finally block itself; a missing return() times the test out.
    await returned;
  });
});

describe('renderFrames teardown', () => {
  const net = tinyNet([
    ['c1', ['data'], conv(3, 4, 3, { pads: [1, 1, 1, 1] })],
    ['r1', ['c1'], { kind: 'relu' }],
  ]);

  it('dreams nothing more after the subscriber leaves', async () => {
    const inner = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    let calls = 0;
    const counting: DreamEngine = {
      ...inner,
      name: inner.name,
      network: net,
      activations: (i, l) => inner.activations(i, l),
      lossAndGradient: (i, o) => ((calls += 1), inner.lossAndGradient(i, o)),
      liveResources: () => 0,
      dispose: () => inner.dispose(),
    };
    const dir = workDir();
    // Many steps per frame: a teardown that did not abort the dream would show as steps after it.
    const settings = { ...DEFAULT_DREAM, octaves: 1, steps: 20 };
    const job = {
      command: 'zoom' as const,
      input: 'still',
      output: join(dir, 'z.mp4'),
      width: 32,
      height: 32,
      fps: 12,
      frames: 50,
      first: settings,
      next: settings,
      blend: 1,
      crf: 30,
      resume: false,
      identity: { objective: 'r1' },
    };
    // The run's end, as an event: its frame stream is torn down (the source iterator returned) only
    // once the dream has stopped; a render that went on would return it after all 50 frames.
    let onEnd!: () => void;
    const ended = new Promise<void>((r) => (onEnd = r));
    const zoom = zoomSources(randomImage(32, 32), 50, () => ({ zoom: 1.05, rotateDegrees: 0, shift: [0, 0] }));
    async function* tracked(): AsyncGenerator<RgbImage> {
      try {
        yield* zoom.frames;
      } finally {
        onEnd();
      }
    }
    const events = await lastValueFrom(renderFrames(counting, job, { ...zoom, frames: tracked() }, () => objectives.layer('r1')).pipe(take(8), toArray()));
    expect(events[0]!.type).toBe('start');
    const atUnsubscribe = calls;
    await ended;
    expect(calls - atUnsubscribe).toBeLessThanOrEqual(1); // at most the step already in flight
    expect(calls).toBeLessThan(50 * 2);
  });
});
