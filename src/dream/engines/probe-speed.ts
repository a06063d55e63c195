import { onlySoftwareVulkan } from './vulkan-icds.js';

/**
 * Whether a GPU provider that runs here is worth choosing by default. A Vulkan driver that
 * runs on the CPU (SwiftShader, Mesa's lavapipe) gives Dawn a working WebGPU adapter that is
 * 100-300x slower than ONNX Runtime's own CPU provider, so "it runs" is not enough: where
 * every Vulkan driver is a software one the answer is no at once (and says which); elsewhere
 * a short timed probe runs the same small convolution network on both providers.
 */

const CHANNELS = 32;
const SIDE = 64;
const LAYERS = 4;

/** The timed probe's network: four 3x3 convolutions with ReLU, 32 channels at 64x64 (about 0.6 GFLOP). */
export async function speedModelBase64(): Promise<string> {
  const { OnnxGraph } = await import('../onnx/onnx-graph.js');
  const g = new OnnxGraph();
  let x = g.input('x', [1, CHANNELS, SIDE, SIDE]);
  // One weight tensor shared by every layer keeps the model (passed in an environment variable) small.
  const weights = g.floats(
    [CHANNELS, CHANNELS, 3, 3],
    new Float32Array(CHANNELS * CHANNELS * 9).map((_, i) => Math.sin(i * 7) * 0.05),
  );
  for (let layer = 0; layer < LAYERS; layer++) x = g.op('Relu', [g.op('Conv', [x, weights], { pads: [1, 1, 1, 1] })]);
  g.op('Identity', [x], {}, 'y');
  g.output('y', [1, CHANNELS, SIDE, SIDE]);
  return Buffer.from(g.encode()).toString('base64');
}

/** The child's part, run after its one-node check passed: fastest of a few runs on each provider. */
export const SPEED_CHILD = `
async function fastest(session, runs) {
  const x = new ort.Tensor('float32', new Float32Array(${CHANNELS * SIDE * SIDE}).fill(0.5), [1, ${CHANNELS}, ${SIDE}, ${SIDE}]);
  await session.run({ x });
  let best = Infinity;
  for (let i = 0; i < runs; i++) { const t = performance.now(); await session.run({ x }); best = Math.min(best, performance.now() - t); }
  return best;
}
async function speeds(model, provider) {
  const cpu = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  const cpuMs = await fastest(cpu, 3);
  const gpu = await ort.InferenceSession.create(model, { executionProviders: [provider], extra: { session: { disable_cpu_ep_fallback: '1' } } });
  return { cpuMs, gpuMs: await fastest(gpu, 1) };
}
`;

export interface Speeds {
  readonly cpuMs: number;
  readonly gpuMs: number;
}

/** Why the provider should not be chosen by default, or undefined when it should. */
export function slowerThanCpu(speeds: Speeds): string | undefined {
  if (speeds.gpuMs <= speeds.cpuMs) return undefined;
  return `slower than ort-cpu here (${speeds.gpuMs.toFixed(1)} ms against ${speeds.cpuMs.toFixed(1)} ms on a test network)`;
}

/** "software adapter (SwiftShader), slower than ort-cpu" where every Vulkan driver runs on the CPU. */
export function softwareAdapter(env: NodeJS.ProcessEnv): string | undefined {
  const names = onlySoftwareVulkan(env);
  return names ? `software adapter (${names}), slower than ort-cpu` : undefined;
}
