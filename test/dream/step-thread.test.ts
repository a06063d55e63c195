import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { OrtEngine } from '../../src/dream/engines/ort/ort-engine.js';
import { objectives } from '../../src/dream/objectives/index.js';
import { dream } from '../../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../../src/dream/settings.js';
import { conv, randomImage, tinyNet } from '../helpers/tiny-nets.js';

const net = tinyNet([
  ['c1', ['data'], conv(3, 16, 3, { pads: [1, 1, 1, 1] })],
  ['r1', ['c1'], { kind: 'relu' }],
  ['c2', ['r1'], conv(16, 16, 3, { pads: [1, 1, 1, 1] })],
  ['r2', ['c2'], { kind: 'relu' }],
]);
const settings = { ...DEFAULT_DREAM, octaves: 2, steps: 6, seed: 5 };

/** Dreams `image` and counts the event loop's turns meanwhile (a chain of setImmediate). */
async function dreamCountingTurns(engine: OrtEngine, width: number, height: number): Promise<{ data: Float32Array; turns: number; losses: number[] }> {
  let turns = 0;
  let running = true;
  const spin = (): void => void (running && (turns++, setImmediate(spin)));
  setImmediate(spin);
  const losses: number[] = [];
  const out = await dream(engine, randomImage(width, height, 3), objectives.layer('r2'), settings, { onStep: (e) => void losses.push(e.loss) });
  running = false;
  return { data: out.data, turns, losses };
}

describe('fused steps on the step thread', () => {
  it('dream exactly what the same steps on the main thread dream, and leave the main thread free meanwhile', async () => {
    const onThread = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    const onMain = new OrtEngine(ort, net, { device: 'cpu', threads: 1, stepThread: false });
    try {
      const a = await dreamCountingTurns(onThread, 160, 120);
      const b = await dreamCountingTurns(onMain, 160, 120);
      expect(a.losses).toEqual(b.losses);
      expect(a.data).toEqual(b.data);
      // A blocking run on the main thread lets the loop turn about once between steps; on the thread it turns throughout.
      expect(b.turns).toBeLessThan(20 * settings.octaves * settings.steps);
      expect(a.turns).toBeGreaterThan(10 * b.turns);
    } finally {
      await Promise.all([onThread.dispose(), onMain.dispose()]);
    }
  });

  it('reports a failure on the thread as a rejection, and the engine keeps dreaming after it', async () => {
    const engine = new OrtEngine(ort, net, { device: 'cpu', threads: 1 });
    try {
      const stepper = (await engine.fusedStepper({
        objective: objectives.layer('r2'),
        width: 32,
        height: 24,
        normalise: 'meanAbs',
        blurRadius: 1,
        flips: false,
      }))!;
      stepper.load(randomImage(32, 24));
      // Maps of the wrong length: ONNX Runtime refuses the gather.
      const bad = { rows: new Int32Array(3), cols: new Int32Array(3) };
      await expect(stepper.step({ axes: bad, kernel: Float32Array.of(0, 1, 0), stepSize: 1 })).rejects.toThrow(/step thread/);
      await stepper.read(new Float32Array(32 * 24 * 3));
      const out = await dream(engine, randomImage(32, 24), objectives.layer('r2'), { ...settings, octaves: 1 });
      expect(out.data.every(Number.isFinite)).toBe(true);
      expect(engine.liveResources()).toBeGreaterThan(0);
    } finally {
      await engine.dispose();
    }
    expect(engine.liveResources()).toBe(0);
  });
});
