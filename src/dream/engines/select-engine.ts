import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DreamEngine } from '../engine.js';
import type { Network } from '../network/graph.js';
import type { TfModule } from './tfjs/tfjs-engine.js';

export const BACKENDS = ['tfjs-node-gpu', 'ort-cuda', 'ort-cpu', 'tfjs-node', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Raised when a named backend cannot start here; the message says why. */
export class BackendUnavailable extends Error {}

const require = createRequire(import.meta.url);

async function tfjsWith(backend: 'tensorflow' | 'wasm' | 'cpu'): Promise<TfModule> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm files are read from the package folder, not fetched.
    wasm.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
  }
  if (!(await tf.setBackend(backend))) throw new BackendUnavailable(`tfjs backend ${backend} did not initialise`);
  await tf.ready();
  return tf;
}

/** The tfjs engine's module (and tfjs itself) load only when a tfjs backend is asked for. */
async function tfjsEngine(backend: 'tensorflow' | 'wasm' | 'cpu', network: Network, label: string): Promise<DreamEngine> {
  const tf = await tfjsWith(backend);
  const { TfjsEngine } = await import('./tfjs/tfjs-engine.js');
  return new TfjsEngine(tf, network, label);
}

async function ortWith(device: 'cpu' | 'cuda', network: Network): Promise<DreamEngine> {
  const ort = await import('onnxruntime-node');
  const { OrtEngine } = await import('./ort/ort-engine.js');
  if (device === 'cuda') await probeOrtCuda(ort);
  return new OrtEngine(ort, network, { device });
}

/** The CUDA provider is a separate download; a one-node session tells whether it is there. */
async function probeOrtCuda(ort: typeof import('onnxruntime-node')): Promise<void> {
  // Look for the provider library first: a failed session would print ORT's own error log.
  if (process.platform === 'linux') {
    const binDir = dirname(require.resolve('onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'));
    if (!existsSync(join(binDir, 'libonnxruntime_providers_cuda.so'))) {
      throw new BackendUnavailable("ONNX Runtime's CUDA provider is not installed (see README: GPU)");
    }
  }
  const { OnnxGraph } = await import('../onnx/onnx-graph.js');
  const g = new OnnxGraph();
  g.input('x', [1]);
  g.op('Relu', ['x'], {}, 'y');
  g.output('y', [1]);
  try {
    const s = await ort.InferenceSession.create(g.encode(), { executionProviders: ['cuda'], logSeverityLevel: 4 });
    await s.release();
  } catch (e) {
    throw new BackendUnavailable(`ONNX Runtime's CUDA provider is not installed (${(e as Error).message.split('\n')[0]})`);
  }
}

async function tryImport(pkg: string): Promise<void> {
  try {
    await import(pkg);
  } catch (e) {
    throw new BackendUnavailable(`${pkg} is not installed or did not load (${(e as Error).message.split('\n')[0]})`);
  }
}

/** Starts one backend by name, or throws BackendUnavailable. */
export async function startEngine(name: BackendName, network: Network): Promise<DreamEngine> {
  switch (name) {
    case 'ort-cpu':
      return ortWith('cpu', network);
    case 'ort-cuda':
      return ortWith('cuda', network);
    case 'tfjs-node-gpu':
      await tryImport('@tensorflow/tfjs-node-gpu');
      return tfjsEngine('tensorflow', network, 'node-gpu');
    case 'tfjs-node':
      await tryImport('@tensorflow/tfjs-node');
      return tfjsEngine('tensorflow', network, 'node');
    case 'tfjs-wasm':
      return tfjsEngine('wasm', network, 'wasm');
    case 'tfjs-cpu':
      return tfjsEngine('cpu', network, 'cpu');
  }
}

/**
 * The fastest backend that starts here, GPU first: tfjs-node-gpu, ONNX Runtime CUDA, then
 * ONNX Runtime on the CPU (about 10x tfjs-wasm), then the tfjs CPU backends. `preferred`
 * (from --backend or DREAMREEL_BACKEND) is used alone when given.
 */
export async function selectEngine(network: Network, preferred?: BackendName): Promise<{ engine: DreamEngine; skipped: string[] }> {
  if (preferred) return { engine: await startEngine(preferred, network), skipped: [] };
  const skipped: string[] = [];
  for (const name of BACKENDS) {
    try {
      return { engine: await startEngine(name, network), skipped };
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      skipped.push(`${name}: ${e.message}`);
    }
  }
  throw new BackendUnavailable(`no backend could start:\n${skipped.join('\n')}`);
}
