/**
 * npx tsx bench/probe-startup.ts: what the GPU probes add to a run's start. A cold probe
 * (child process: Node, onnxruntime-node, a WebGPU adapter request), a warm one (the answer
 * from the cache file), and a repeat in the same process. Medians of several runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetProbes, GPU_BACKENDS, probeBackend } from '../src/dream/engines/probe.js';

const home = mkdtempSync(join(tmpdir(), 'dreamreel-probe-bench-'));
process.env.XDG_CACHE_HOME = home;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function allProbes(env: NodeJS.ProcessEnv): Promise<number> {
  forgetProbes();
  const began = performance.now();
  for (const name of GPU_BACKENDS) await probeBackend(name, env);
  return performance.now() - began;
}

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < 5; i++) cold.push(await allProbes({ ...process.env, DREAMREEL_PROBE_CACHE: 'off' }));
await allProbes(process.env); // fills the cache file
for (let i = 0; i < 20; i++) warm.push(await allProbes(process.env));
const began = performance.now();
for (const name of GPU_BACKENDS) await probeBackend(name);
const repeat = performance.now() - began;
console.log(`GPU probes at start (ort-webgpu, ort-cuda, tfjs-node-gpu), median ms:`);
console.log(`  cold (child process, no cache): ${median(cold).toFixed(0)}`);
console.log(`  warm (answer from the cache file): ${median(warm).toFixed(2)}`);
console.log(`  again in the same process: ${repeat.toFixed(3)}`);
rmSync(home, { recursive: true, force: true });
