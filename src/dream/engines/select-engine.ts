import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DreamEngine } from '../engine.js';
import type { Network } from '../network/graph.js';
import type { TfModule } from './tfjs/tfjs-engine.js';
import type { OrtDevice } from './ort/providers.js';
import { GPU_BACKENDS, probeBackend, type GpuBackend } from './probe.js';

import { BACKENDS, type BackendName } from '../../options/dream.js';

// The list lives with the backend option (src/options/dream.ts), which the CLI loads without the engines.
export { BACKENDS, type BackendName };

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

async function ortWith(device: OrtDevice, network: Network): Promise<DreamEngine> {
  const ort = await import('onnxruntime-node');
  const { OrtEngine } = await import('./ort/ort-engine.js');
  return new OrtEngine(ort, network, { device });
}

/** A GPU backend starts only after its probe (in a child process, cached) says it can. */
async function requireProbe(name: GpuBackend): Promise<void> {
  const probe = await probeBackend(name);
  if (!probe.available) throw new BackendUnavailable(probe.reason ?? `${name} is not available here`);
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
    case 'ort-webgpu':
      await requireProbe('ort-webgpu');
      return ortWith('webgpu', network);
    case 'ort-cuda':
      await requireProbe('ort-cuda');
      return ortWith('cuda', network);
    case 'tfjs-node-gpu':
      await requireProbe('tfjs-node-gpu');
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

/** What selection did: the engine, the backends passed over and why, and what the user should hear. */
export interface Selection {
  readonly engine: DreamEngine;
  readonly skipped: string[];
  /** Whether a GPU backend's answer came from a fresh probe (not this process's or the cache's). */
  readonly freshProbe: boolean;
  /** One line when a backend asked for by name runs, but slowly (a software adapter). */
  readonly warning?: string;
}

/** A GPU backend that runs here but is passed over by default, and why; undefined when it may be chosen. */
async function passedOver(name: BackendName): Promise<{ why?: string; fresh: boolean }> {
  if (!(GPU_BACKENDS as readonly string[]).includes(name)) return { fresh: false };
  const probe = await probeBackend(name as GpuBackend);
  const fresh = probe.source === 'probe';
  return probe.available && probe.notChosen ? { why: `runs, not chosen: ${probe.notChosen}`, fresh } : { fresh };
}

/** The one-line warning for a backend asked for by name that the probe found slow here. */
async function slowWarning(name: BackendName): Promise<string | undefined> {
  if (!(GPU_BACKENDS as readonly string[]).includes(name)) return undefined;
  const probe = await probeBackend(name as GpuBackend);
  return probe.available && probe.notChosen ? `dreamreel: warning: ${name} runs here on a ${probe.notChosen}` : undefined;
}

/**
 * The fastest backend that starts here, GPU first: ONNX Runtime's bundled WebGPU, its CUDA
 * provider, tfjs-node-gpu (each probed, see probe.ts), then ONNX Runtime on the CPU (about
 * 10x tfjs-wasm), then the tfjs CPU backends. A GPU backend that runs but is slower than
 * ort-cpu (a software adapter) is never chosen by default. `preferred` (from --backend or
 * DREAMREEL_BACKEND) is used alone when given, with a warning when it is such a one.
 */
export async function selectEngine(network: Network, preferred?: BackendName): Promise<Selection> {
  if (preferred) {
    const engine = await startEngine(preferred, network);
    const warning = await slowWarning(preferred);
    return { engine, skipped: [], freshProbe: false, ...(warning ? { warning } : {}) };
  }
  const skipped: string[] = [];
  let freshProbe = false;
  for (const name of BACKENDS) {
    try {
      const { why, fresh } = await passedOver(name);
      freshProbe ||= fresh;
      if (why) throw new BackendUnavailable(why);
      return { engine: await startEngine(name, network), skipped, freshProbe };
    } catch (e) {
      if (!(e instanceof BackendUnavailable)) throw e;
      skipped.push(`${name}: ${e.message}`);
    }
  }
  throw new BackendUnavailable(`no backend could start:\n${skipped.join('\n')}`);
}

/**
 * One line saying why no GPU backend was used, or undefined when one was (or none was tried).
 * People without a GPU hear it once, when the probe was made (it is cached for a week), not on
 * every run: `dreamreel backends` says it whenever asked.
 */
export function fallbackLine(selection: Pick<Selection, 'engine' | 'skipped' | 'freshProbe'>): string | undefined {
  const { engine, skipped } = selection;
  const gpu = skipped.filter((line) => GPU_BACKENDS.some((b) => line.startsWith(`${b}: `)));
  if (!selection.freshProbe || gpu.length === 0 || (GPU_BACKENDS as readonly string[]).includes(engine.name)) return undefined;
  return `no GPU backend here (${gpu.join('; ')}); using ${engine.name}`;
}
