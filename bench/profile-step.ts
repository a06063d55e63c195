/**
 * npm run bench:profile: ONNX Runtime's own profile of the fused GoogLeNet step at 512²
 * (inception_4c/output), as a table of the op types and nodes that take the most time.
 * PROFILE_SIDE and PROFILE_STEPS change the size and the number of profiled steps, PROFILE_NODES the rows of the node table (15).
 */
import * as ort from 'onnxruntime-node';
import { availableParallelism, tmpdir } from 'node:os';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../src/dream/models/load-model.js';
import { objectives } from '../src/dream/objectives/index.js';
import { layerShapes } from '../src/dream/network/shapes.js';
import { buildStepGraph } from '../src/dream/engines/ort/step-graph.js';
import { buildGradientGraph, IMAGE_INPUT, scaleInput, shiftInput } from '../src/dream/engines/ort/gradient-graph.js';
import { OrtFusedStepper } from '../src/dream/engines/ort/fused-step.js';
import { paddedBlurKernel } from '../src/dream/fused-step.js';
import { composeTransforms, jitter } from '../src/dream/transforms.js';
import { seededRandom } from '../src/dream/random.js';
import { randomImage } from '../test/helpers/tiny-nets.js';

const side = Number(process.env.PROFILE_SIDE ?? 512);
const steps = Number(process.env.PROFILE_STEPS ?? 10);
const prefix = `dreamreel-profile-${process.pid}`;
const network = await loadModel('../shared/models/bvlc_googlenet');
const objective = objectives.layer('inception_4c/output');
const plan = { objective, width: side, height: side, normalise: 'meanAbs' as const, blurRadius: 3, flips: false };
// PROFILE_PLAIN=1: the unfused forward + gradient graph instead, for comparison.
const plain = process.env.PROFILE_PLAIN === '1';
const bytes = plain
  ? buildGradientGraph({ network, layers: objective.layers, height: side, width: side, mode: 'linear' }).bytes
  : buildStepGraph({ network, layers: objective.layers, ...plan });
const session = await ort.InferenceSession.create(bytes, {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: availableParallelism(),
  interOpNumThreads: 1,
  enableProfiling: true,
  profileFilePrefix: join(tmpdir(), prefix),
});
const seeds = objective.linearSeeds(layerShapes(network, objective.layers, side, side))!;
const stepper = new OrtFusedStepper(
  ort,
  () => Promise.resolve(session),
  { width: side, height: side, bgr: network.preprocess.channelOrder === 'BGR', flips: false },
  seeds,
);
stepper.load(randomImage(side, side));
const random = seededRandom(1);
const plainFeeds: Record<string, ort.Tensor> = { [IMAGE_INPUT]: new ort.Tensor('float32', randomImage(side, side).data, [1, side, side, 3]) };
for (const [layer, { scale, shift }] of seeds) {
  plainFeeds[scaleInput(layer)] = new ort.Tensor('float32', scale, [1, scale.length, 1, 1]);
  plainFeeds[shiftInput(layer)] = new ort.Tensor('float32', shift, [1, shift.length, 1, 1]);
}
const began = performance.now();
for (let i = 0; i < steps; i++) {
  if (plain) await session.run(plainFeeds);
  else await stepper.step({ axes: composeTransforms([jitter(32)], random).axes!(side, side), kernel: paddedBlurKernel(1, 3), stepSize: 0.01 });
}
const wall = (performance.now() - began) / steps;
session.endProfiling();
await session.release();
// ONNX Runtime names the file after the prefix and the start time.
const file = join(
  tmpdir(),
  readdirSync(tmpdir()).find((f) => f.startsWith(prefix))!,
);

interface TraceEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}
const events = (JSON.parse(readFileSync(file, 'utf8')) as TraceEvent[]).filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
rmSync(file, { force: true });
const total = (key: (e: TraceEvent) => string): [string, number, number][] => {
  const sums = new Map<string, [number, number]>();
  for (const e of events) {
    const [t, n] = sums.get(key(e)) ?? [0, 0];
    sums.set(key(e), [t + e.dur, n + 1]);
  }
  return [...sums].map(([k, [t, n]]) => [k, t / 1000 / steps, n / steps] as [string, number, number]).sort((a, b) => b[1] - a[1]);
};
const kernels = total(() => 'all')[0]![1];
console.log(
  `${plain ? 'unfused gradient graph' : 'fused step'} ${side}², ${steps} profiled steps: ${wall.toFixed(1)} ms per step wall, ${kernels.toFixed(1)} ms in kernels`,
);
console.log('| op type | ms per step | share | nodes |\n|---|---|---|---|');
for (const [op, ms, n] of total((e) => e.args?.op_name ?? '?').slice(0, 15))
  console.log(`| ${op} | ${ms.toFixed(1)} | ${((100 * ms) / kernels).toFixed(1)}% | ${n.toFixed(0)} |`);
console.log('\n| node | ms per step |\n|---|---|');
for (const [node, ms] of total((e) => e.name.replace(/_kernel_time$/, '')).slice(0, Number(process.env.PROFILE_NODES ?? 15)))
  console.log(`| ${node} | ${ms.toFixed(2)} |`);
// The step's own ops, outside the network: what fusing added.
const own = total((e) => (e.name.startsWith('step:') ? 'step' : 'network'));
console.log(`\nstep ops outside the network (roll, blur, normalise, update, loss): ${own.find(([k]) => k === 'step')?.[1].toFixed(1) ?? 0} ms per step`);
