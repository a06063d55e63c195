import { availableParallelism } from 'node:os';
import type * as Ort from 'onnxruntime-node';
import { rewriteForWebGpu } from './webgpu-graph.js';

/** ONNX Runtime execution providers dreamreel runs its graphs on. */
export type OrtDevice = 'cpu' | 'cuda' | 'webgpu';

export interface ProviderOptions {
  readonly threads?: number;
  /**
   * Outputs that stay in GPU memory (WebGPU: 'gpu-buffer' tensors) to be fed to the next run,
   * such as the picture of a fused dream step. Everything else comes back to JavaScript.
   */
  readonly keepOnDevice?: readonly string[];
  /** Make a node the provider cannot run an error rather than a silent CPU fallback. */
  readonly strict?: boolean;
}

/** DREAMREEL_ORT_STRICT=1 turns ONNX Runtime's silent CPU fallbacks into session errors. */
export const strictFromEnv = (env: NodeJS.ProcessEnv = process.env): boolean => env.DREAMREEL_ORT_STRICT === '1';

/** The graph as the provider wants it: WebGPU gets ops it has kernels for (same numbers). */
export function graphFor(device: OrtDevice, bytes: Uint8Array): Uint8Array {
  return device === 'webgpu' ? rewriteForWebGpu(bytes) : bytes;
}

/** Session options for one provider. */
export function sessionOptionsFor(device: OrtDevice, options: ProviderOptions = {}): Ort.InferenceSession.SessionOptions {
  const common: Ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    // Threads serve the CPU provider, and any node a GPU provider hands back to it.
    intraOpNumThreads: options.threads ?? availableParallelism(),
    interOpNumThreads: 1,
    // The memory pattern is planned over the first runs: the second run of every new session then
    // cost 1.6-2x a steady one at 512x512, and steady runs measured 4-8% slower with it than without.
    enableMemPattern: false,
    // Only a GPU provider can fall back (ONNX Runtime refuses the option on the CPU provider itself).
    ...(options.strict && device !== 'cpu' ? { extra: { session: { disable_cpu_ep_fallback: '1' } } } : {}),
  };
  if (device !== 'webgpu') return { ...common, executionProviders: [device] };
  const kept = options.keepOnDevice ?? [];
  return {
    ...common,
    executionProviders: [{ name: 'webgpu', preferredLayout: 'NCHW' }],
    ...(kept.length > 0 ? { preferredOutputLocation: Object.fromEntries(kept.map((name) => [name, 'gpu-buffer' as const])) } : {}),
  };
}
