/**
 * npx tsx bench/webgpu-software.ts: ms per fused dream step of ort-webgpu on SwiftShader (a
 * Vulkan driver that runs on the CPU) against ort-cpu on the same machine, GoogLeNet to
 * inception_4c/output and MobileNet 0.25 to conv_pw_3_relu at 64x64 and 224x224. For the record
 * only: these are NOT GPU figures, they show why a software adapter is never chosen by default.
 * The manifest comes from DREAMREEL_TEST_VK_ICD or .cache/swiftshader (scripts/fetch-swiftshader.sh);
 * the script runs itself again with it as the only Vulkan driver. BENCH_SW_SIDES, BENCH_SW_STEPS.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import * as ort from 'onnxruntime-node';
import { OrtEngine } from '../src/dream/engines/ort/ort-engine.js';
import { startEngine } from '../src/dream/engines/select-engine.js';
import { fusedRun } from '../src/dream/engines/engine-agreement.js';
import { loadModel } from '../src/dream/models/load-model.js';
import { objectives } from '../src/dream/objectives/index.js';
import { photo } from '../test/helpers/shared.js';
import { swiftShaderIcd, swiftShaderMissing } from '../test/helpers/swiftshader.js';

if (!process.env.VK_ICD_FILENAMES) {
  if (!swiftShaderIcd) throw new Error(swiftShaderMissing);
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, VK_ICD_FILENAMES: swiftShaderIcd, VK_DRIVER_FILES: swiftShaderIcd, DREAMREEL_PROBE_CACHE: 'off' },
  });
  process.exit(child.status ?? 1);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sides = (process.env.BENCH_SW_SIDES ?? '64,224').split(',').map(Number);
const steps = Number(process.env.BENCH_SW_STEPS ?? 3);
const cases = [
  { model: '../shared/models/bvlc_googlenet', layer: 'inception_4c/output' },
  { model: '../shared/models/mobilenet_v1_0.25_224', layer: 'conv_pw_3_relu' },
];
console.log(
  `load average at start: ${loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')}`,
);
for (const { model, layer } of cases) {
  const network = await loadModel(model);
  const engines = [await startEngine('ort-webgpu', network), new OrtEngine(ort, network, { device: 'cpu' })];
  for (const side of sides) {
    const image = await photo('chelsea.png', side, side);
    const row = [];
    for (const engine of engines) {
      const { ms } = await fusedRun(engine, image, objectives.layer(layer), steps);
      // The first step builds the session (and, on WebGPU, its shaders): reported apart.
      row.push(`${engine.name} ${median(ms.slice(1)).toFixed(1)} ms (first ${ms[0]!.toFixed(0)} ms)`);
    }
    console.log(`${network.name} ${layer} ${side}x${side}, fused step, median of ${steps - 1}: ${row.join(', ')}`);
  }
  await Promise.all(engines.map((e) => e.dispose()));
}
console.log(
  `load average at the end: ${loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')} (SwiftShader: a Vulkan driver on the CPU, not a GPU)`,
);
