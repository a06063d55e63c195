/**
 * npx tsx bench/fused-vs-js.ts: one 512² GoogLeNet dream step through the dream loop, fused (one
 * ONNX Runtime run) and in JavaScript around the same engine's gradient, taken in turns in one
 * process, so the per-round ratio holds even when the machine's speed swings. ROUNDS=n.
 */
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { dream } from '../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import type { DreamEngine } from '../src/dream/engine.js';
import { photo } from '../test/helpers/shared.js';
const net = await loadModel('../shared/models/bvlc_googlenet');
const engine = await startEngine('ort-cpu', net);
// The same engine without its fused step: the loop takes the JavaScript path.
const js: DreamEngine = {
  name: engine.name,
  network: engine.network,
  activations: (i, l) => engine.activations(i, l),
  lossAndGradient: (i, o) => engine.lossAndGradient(i, o),
  liveResources: () => 0,
  dispose: async () => {},
};
const img = await photo('chelsea.png', 512, 512);
const o = objectives.layer('inception_4c/output');
const s = { ...DEFAULT_DREAM, octaves: 1, steps: 1 };
const one = async (e: DreamEngine): Promise<number> => {
  const t = performance.now();
  await dream(e, img, o, s);
  return performance.now() - t;
};
await one(engine);
await one(js);
const ratios: number[] = [];
const f: number[] = [];
const j: number[] = [];
for (let r = 0; r < Number(process.env.ROUNDS ?? 6); r++) {
  const a = await one(engine);
  const b = await one(js);
  f.push(a);
  j.push(b);
  ratios.push(a / b);
  console.log(`round ${r}: fused ${a.toFixed(0)} ms, JS step ${b.toFixed(0)} ms, ratio ${(a / b).toFixed(3)}`);
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
console.log(`median fused ${med(f).toFixed(0)} ms, JS ${med(j).toFixed(0)} ms, median ratio ${med(ratios).toFixed(3)}`);
await engine.dispose();
