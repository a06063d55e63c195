/**
 * npm run bench: ms per forward pass and per dream step (forward + image gradient) for each
 * engine, GoogLeNet to inception_4c/output and MobileNet 1.0 to conv_pw_7_relu, real weights
 * from ../shared/models; then a whole `dreamreel image` at 512x512 with the defaults.
 * Yardstick: PyTorch 1.13 on this 2-core CPU, 335 ms per GoogLeNet step at 512x512.
 * Times are medians (and minimums) of repeated runs.
 */
import { loadModel } from '../src/dream/models/load-model.js';
import { startEngine, type BackendName } from '../src/dream/engines/select-engine.js';
import { objectives } from '../src/dream/objectives/index.js';
import { dream } from '../src/dream/ascent.js';
import { DEFAULT_DREAM } from '../src/dream/settings.js';
import { randomImage } from '../test/helpers/tiny-nets.js';
import { photo } from '../test/helpers/shared.js';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';

const PYTORCH_STEP_512_MS = 335;

/** PyTorch's step measured now, on the same weights (bench/pytorch-yardstick.py), where torch imports. */
function pytorchStepNow(): { step_ms: number; torch: string } | undefined {
  const run = spawnSync('python3', ['bench/pytorch-yardstick.py', '../shared/models/bvlc_googlenet/weights', '512', '10'], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { step_ms: number; torch: string };
}
const backends = (process.env.BENCH_BACKENDS ?? 'ort-cpu,tfjs-wasm').split(',') as BackendName[];
const models = [
  { path: '../shared/models/bvlc_googlenet', layer: 'inception_4c/output' },
  { path: '../shared/models/mobilenet_v1_1.0_224', layer: 'conv_pw_7_relu' },
];

/** Median and fastest of `repeats` runs after two warm-ups: this shared machine's speed drifts by 20%. */
async function timeIt(fn: () => Promise<unknown>, repeats: number): Promise<{ median: number; min: number }> {
  await fn();
  await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const began = performance.now();
    await fn();
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(repeats / 2)]!, min: times[0]! };
}

(await import('./startup.js')).printStartup(); // First, while nothing else of this bench runs: --help, presets, models list against bare node.
let peakRss = 0;
let ortStep512: number | undefined;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

for (const backend of backends) {
  for (const { path, layer } of models) {
    const net = await loadModel(path);
    const engine = await startEngine(backend, net);
    const objective = objectives.layer(layer);
    const tensorsBefore = backend.startsWith('tfjs') ? tf.memory().numTensors : undefined;
    for (const side of [224, 512]) {
      const image = randomImage(side, side);
      const repeats = backend === 'ort-cpu' ? 12 : 3;
      const forward = await timeIt(() => engine.activations(image, [layer]), repeats);
      const step = await timeIt(() => engine.lossAndGradient(image, objective), repeats);
      const mp = (side * side) / 1e6;
      const yardstick = net.name === 'bvlc_googlenet' && side === 512;
      const vsTorch = yardstick ? `  (${(step.median / PYTORCH_STEP_512_MS).toFixed(2)}x PyTorch's ${PYTORCH_STEP_512_MS} ms)` : '';
      const ms = ({ median, min }: { median: number; min: number }): string => `${median.toFixed(1).padStart(7)} ms (min ${min.toFixed(1)})`;
      console.log(`${engine.name.padEnd(10)} ${net.name.padEnd(22)} ${String(side).padStart(3)}²  forward ${ms(forward)}  step ${ms(step)}  (${(step.median / mp).toFixed(0)} ms/MP)  step/forward ${(step.median / forward.median).toFixed(2)}${vsTorch}`);
      if (yardstick && backend === 'ort-cpu') ortStep512 = step.median;
    }
    if (tensorsBefore !== undefined) console.log(`           numTensors before ${tensorsBefore}, after ${tf.memory().numTensors} (weights are created on first use)`);
    await engine.dispose();
  }
}

// A whole `dreamreel image` at 512x512, default octaves and steps.
const net = await loadModel('../shared/models/bvlc_googlenet');
const engine = await startEngine('ort-cpu', net);
const picture = await photo('astronaut.png', 512, 512);
const began = performance.now();
await dream(engine, picture, objectives.layer('inception_4c/output'), DEFAULT_DREAM);
console.log(`whole image 512x512, ${DEFAULT_DREAM.octaves} octaves x ${DEFAULT_DREAM.steps} steps on ${engine.name}: ${((performance.now() - began) / 1000).toFixed(2)} s`);
clearInterval(sampler);
console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);

// Last, so that its process does not disturb the figures above.
const torchNow = ortStep512 === undefined ? undefined : pytorchStepNow();
if (torchNow) console.log(`PyTorch ${torchNow.torch}, same GoogLeNet weights, 512² step: ${torchNow.step_ms.toFixed(1)} ms; ort-cpu's ${ortStep512!.toFixed(1)} ms is ${(ortStep512! / torchNow.step_ms).toFixed(2)}x of it`);
