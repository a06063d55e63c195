/**
 * npm run bench: ms per forward pass and per dream step (forward + image gradient) for each
 * engine, GoogLeNet to inception_4c/output and MobileNet 1.0 to conv_pw_7_relu, real weights
 * from ../shared/models; then a whole `dreamreel image` at 512x512 with the defaults; then the
 * fused step, the step of `dreamreel image` as a whole process, and PyTorch's step measured in
 * the same run, with ratios (bench/step-figures.ts). BENCH_BACKENDS=ort-cpu skips tfjs-wasm;
 * BENCH_COMPARE_WITH=<checkout> adds another tree's CLI step, measured in turns with this one.
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
import { cliSteps, fusedStepFn, pytorchStepNow, timeIt } from './step-figures.js';
import { pairedSteps } from './paired-steps.js';

const backends = (process.env.BENCH_BACKENDS ?? 'ort-cpu,tfjs-wasm').split(',') as BackendName[];
const models = [
  { path: '../shared/models/bvlc_googlenet', layer: 'inception_4c/output' },
  { path: '../shared/models/mobilenet_v1_1.0_224', layer: 'conv_pw_7_relu' },
];

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
      const ms = ({ median, min }: { median: number; min: number }): string => `${median.toFixed(1).padStart(7)} ms (min ${min.toFixed(1)})`;
      console.log(
        `${engine.name.padEnd(10)} ${net.name.padEnd(22)} ${String(side).padStart(3)}²  forward ${ms(forward)}  step ${ms(step)}  (${(step.median / mp).toFixed(0)} ms/MP)  step/forward ${(step.median / forward.median).toFixed(2)}`,
      );
      if (yardstick && backend === 'ort-cpu') ortStep512 = step.median;
    }
    if (tensorsBefore !== undefined)
      console.log(`           numTensors before ${tensorsBefore}, after ${tf.memory().numTensors} (weights are created on first use)`);
    await engine.dispose();
  }
}

// A whole `dreamreel image` at 512x512, default octaves and steps.
const net = await loadModel('../shared/models/bvlc_googlenet');
const engine = await startEngine('ort-cpu', net);
const picture = await photo('astronaut.png', 512, 512);
const began = performance.now();
await dream(engine, picture, objectives.layer('inception_4c/output'), DEFAULT_DREAM);
console.log(
  `whole image 512x512, ${DEFAULT_DREAM.octaves} octaves x ${DEFAULT_DREAM.steps} steps on ${engine.name}: ${((performance.now() - began) / 1000).toFixed(2)} s`,
);
await engine.dispose();

// Issue 13: the step as the engine runs it (fused) and as a user gets it, beside PyTorch's, in this run.
const fusedEngine = await startEngine('ort-cpu', net);
const image512 = randomImage(512, 512);
const objective4c = objectives.layer('inception_4c/output');
const fusedStep = await fusedStepFn(fusedEngine, image512, objective4c);
const fused = fusedStep && (await timeIt(fusedStep, 12));
// Steps taken in turns with PyTorch's: the ratios that survive this machine's swings in speed.
const paired = await pairedSteps(
  { ...(fusedStep && { 'engine fused step': fusedStep }), 'engine step (lossAndGradient)': () => fusedEngine.lossAndGradient(image512, objective4c) },
  Number(process.env.BENCH_PAIRED_ROUNDS ?? 8),
);
await fusedEngine.dispose();
// BENCH_COMPARE_WITH=/path/to/other/checkout: that tree's CLI step too, measured in turns with this one.
const other = process.env.BENCH_COMPARE_WITH;
const [cli, cliOther] = cliSteps([process.cwd(), ...(other ? [other] : [])], Number(process.env.BENCH_CLI_PAIRS ?? 3));
clearInterval(sampler);
console.log(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB (this process); dreamreel image 512², 11 steps: ${cli!.peakRssMiB?.toFixed(0) ?? '?'} MiB`);

// Last, so that its process does not disturb the figures above.
const torchNow = ortStep512 === undefined ? undefined : pytorchStepNow();
const vs = (ms: number | undefined): string => (ms === undefined ? '' : torchNow ? `  ${(ms / torchNow.step_ms).toFixed(2)}x PyTorch` : '');
console.log(`GoogLeNet -> inception_4c/output, 512², ms per step (ratios to PyTorch measured in this run):`);
console.log(`  engine step (lossAndGradient)   ${ortStep512?.toFixed(1).padStart(7)}${vs(ortStep512)}`);
if (fused) console.log(`  engine fused step               ${fused.median.toFixed(1).padStart(7)}${vs(fused.median)}  (min ${fused.min.toFixed(1)})`);
console.log(`  dreamreel image, (t11 - t1)/10  ${cli!.stepMs.toFixed(1).padStart(7)}${vs(cli!.stepMs)}`);
if (cliOther)
  console.log(
    `  same, ${other!.padEnd(24)} ${cliOther.stepMs.toFixed(1).padStart(7)}${vs(cliOther.stepMs)}  (peak RSS ${cliOther.peakRssMiB?.toFixed(0) ?? '?'} MiB)`,
  );
if (torchNow) console.log(`  PyTorch ${torchNow.torch.padEnd(23)} ${torchNow.step_ms.toFixed(1).padStart(7)}`);
else console.log('  PyTorch: torch does not import here; no yardstick this run');
if (paired) {
  console.log(`in turns with PyTorch (median over rounds of each round's ratio; PyTorch's median ${paired.torchMs.toFixed(1)} ms):`);
  for (const p of paired.paired) console.log(`  ${p.name.padEnd(31)} ${p.medianMs.toFixed(1).padStart(7)}  ${p.ratio.toFixed(2)}x PyTorch`);
}
