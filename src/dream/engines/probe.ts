import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import envPaths from 'env-paths';
import { slowerThanCpu, softwareAdapter, speedModelBase64, SPEED_CHILD, type Speeds } from './probe-speed.js';

/**
 * Whether a GPU backend can start here, asked of a child process: a GPU driver can hang or
 * crash while its adapter is requested, and ONNX Runtime creates sessions synchronously on
 * the calling thread. The answer is kept for the process and, keyed by everything that could
 * change it (ONNX Runtime and Node versions, GPU driver files and devices), in the user's
 * cache directory, so a CPU-only machine pays the probe once, not on every run.
 */

export const GPU_BACKENDS = ['ort-webgpu', 'ort-cuda', 'tfjs-node-gpu'] as const;
export type GpuBackend = (typeof GPU_BACKENDS)[number];

export interface ProbeResult {
  readonly available: boolean;
  /** Why not, in one line. */
  readonly reason?: string;
  /** Where the answer came from: a child process, this process's memo, the cache file, or a check made every run (a missing package). */
  readonly source: 'probe' | 'process' | 'disk' | 'check';
  /**
   * Set when the backend runs but automatic selection passes it over, and why: a software
   * adapter, or slower than ort-cpu in a timed probe (see probe-speed.ts).
   */
  readonly notChosen?: string;
}

const require = createRequire(import.meta.url);
const TTL_MS = 7 * 24 * 3600 * 1000;
const memo = new Map<GpuBackend, Promise<ProbeResult>>();

/** Milliseconds a probe may take before it counts as a hang: DREAMREEL_PROBE_TIMEOUT_MS, default 20 s. */
function timeoutMs(env: NodeJS.ProcessEnv): number {
  const v = Number(env.DREAMREEL_PROBE_TIMEOUT_MS);
  return Number.isFinite(v) && v > 0 ? v : 20_000;
}

const ortPackageDir = (): string => dirname(require.resolve('onnxruntime-node/package.json'));
const ortVersion = (): string => (JSON.parse(readFileSync(join(ortPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;

function listing(dir: string): string {
  try {
    return readdirSync(dir)
      .sort()
      .map((f) => `${f}@${statSync(join(dir, f)).mtimeMs}`)
      .join(',');
  } catch {
    return '';
  }
}

function nvidiaDevices(): string {
  try {
    return readdirSync('/dev')
      .filter((f) => f.startsWith('nvidia'))
      .sort()
      .join(',');
  } catch {
    return '';
  }
}

const FINGERPRINT_ENV = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES', 'CUDA_VISIBLE_DEVICES', 'LD_LIBRARY_PATH', 'DISPLAY', 'WAYLAND_DISPLAY'];
const fingerprints = new Map<string, string>();

/** What the answer depends on: runtime versions, GPU driver files and device nodes, the relevant environment. Once per process. */
export function driverFingerprint(env: NodeJS.ProcessEnv = process.env): string {
  const envPart = FINGERPRINT_ENV.map((k) => env[k] ?? '').join('\n');
  const known = fingerprints.get(envPart);
  if (known) return known;
  const parts = [
    ortVersion(),
    process.version,
    `${process.platform}-${process.arch}`,
    existsSync('/proc/driver/nvidia/version') ? readFileSync('/proc/driver/nvidia/version', 'utf8') : '',
    ...['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d', '/dev/dri'].map(listing),
    nvidiaDevices(),
    envPart,
  ];
  const print = createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
  fingerprints.set(envPart, print);
  return print;
}

function cacheFile(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DREAMREEL_PROBE_CACHE === 'off') return undefined;
  return join(envPaths('dreamreel', { suffix: '' }).cache, 'backend-probes.json');
}

type Cache = Record<string, { available: boolean; reason?: string; notChosen?: string; at: number }>;
function readCache(file: string): Cache {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Cache;
  } catch {
    return {};
  }
}

type ChildAnswer = { json?: { ok: boolean; error?: string; speeds?: Speeds }; stderr: string; timedOut: boolean };

/**
 * One child process that runs `code` (an ES module) and prints one JSON line. The answer is
 * taken as soon as that line arrives: a GPU driver may take long, or hang, tearing down.
 */
function runChild(code: string, childEnv: Record<string, string>, limit: number, env: NodeJS.ProcessEnv): Promise<ChildAnswer> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...env, ...childEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const settle = (answer: ChildAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(answer);
    };
    const timer = setTimeout(() => settle({ stderr, timedOut: true }), limit);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const json = parseAnswer(stdout);
      // Dawn's warnings arrive on stderr before the answer; give them a moment to be read.
      if (json) setImmediate(() => settle({ json, stderr, timedOut: false }));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', () => settle({ json: parseAnswer(stdout), stderr, timedOut: false }));
  });
}

function parseAnswer(stdout: string): ChildAnswer['json'] {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  try {
    return line ? (JSON.parse(line) as ChildAnswer['json']) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A one-node model (Relu over 4 floats) run once on the provider, CPU fallback disabled; then,
 * when given a speed model, the timed probe of probe-speed.ts.
 */
const ORT_CHILD = `
const ort = await import(process.env.DREAMREEL_PROBE_ORT);
const provider = process.env.DREAMREEL_PROBE_PROVIDER;
${SPEED_CHILD}
try {
  const s = await ort.InferenceSession.create(Buffer.from(process.env.DREAMREEL_PROBE_MODEL, 'base64'),
    { executionProviders: [provider], logSeverityLevel: 3, extra: { session: { disable_cpu_ep_fallback: '1' } } });
  const r = await s.run({ x: new ort.Tensor('float32', Float32Array.of(-1, 2, -3, 4), [4]) });
  const y = Array.from(r.y.data);
  if (y.join() !== '0,2,0,4') throw new Error('wrong answer from a one-node model: ' + y.join());
  const model = process.env.DREAMREEL_PROBE_SPEED_MODEL;
  console.log(JSON.stringify({ ok: true, ...(model ? { speeds: await speeds(Buffer.from(model, 'base64'), provider) } : {}) }));
} catch (e) { console.log(JSON.stringify({ ok: false, error: String(e.message ?? e) })); }
`;

const IMPORT_CHILD = `
try { await import(process.env.DREAMREEL_PROBE_MODULE); console.log(JSON.stringify({ ok: true })); }
catch (e) { console.log(JSON.stringify({ ok: false, error: String(e.message ?? e) })); }
`;

async function reluModelBase64(): Promise<string> {
  const { OnnxGraph } = await import('../onnx/onnx-graph.js');
  const g = new OnnxGraph();
  g.input('x', [4]);
  g.op('Relu', ['x'], {}, 'y');
  g.output('y', [4]);
  return Buffer.from(g.encode()).toString('base64');
}

const firstLine = (s: string): string =>
  s
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '')
    ?.slice(0, 240) ?? '';

/** ORT's and Dawn's words turned into one line a user can act on. */
export function webGpuReason(error: string, stderr: string): string {
  const dawn = stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^Warning: |not supported|required/i.test(l));
  const hint = dawn ? ` (Dawn: ${dawn.replace(/^Warning: /, '')})` : '';
  const adapter = /Failed to get a WebGPU adapter:?\s*([^\n]*)/.exec(error);
  if (adapter) return `no WebGPU adapter: ${adapter[1]!.trim() || 'none found'}${hint}`;
  return `the WebGPU provider did not start: ${firstLine(error.replace(/^\S+\.cc:\d+ \S+.*? was false\. /, ''))}${hint}`;
}

async function probeOrt(device: 'webgpu' | 'cuda', env: NodeJS.ProcessEnv): Promise<Omit<ProbeResult, 'source'>> {
  const limit = timeoutMs(env);
  // A software adapter is named from the Vulkan drivers; any other WebGPU adapter is timed against the CPU.
  const software = device === 'webgpu' ? softwareAdapter(env) : undefined;
  const timed = device === 'webgpu' && !software && env.DREAMREEL_PROBE_SPEED !== 'off';
  const { json, stderr, timedOut } = await runChild(
    ORT_CHILD,
    {
      DREAMREEL_PROBE_ORT: pathToFileURL(require.resolve('onnxruntime-node')).href,
      DREAMREEL_PROBE_PROVIDER: device,
      DREAMREEL_PROBE_MODEL: await reluModelBase64(),
      ...(timed ? { DREAMREEL_PROBE_SPEED_MODEL: await speedModelBase64() } : {}),
    },
    limit,
    env,
  );
  const what = device === 'webgpu' ? 'the WebGPU adapter request' : 'the CUDA provider';
  if (timedOut) return { available: false, reason: `${what} did not answer within ${limit / 1000} s` };
  if (!json) return { available: false, reason: `${what} crashed its probe process: ${firstLine(stderr) || 'no message'}` };
  if (json.ok) {
    const notChosen = software ?? (json.speeds ? slowerThanCpu(json.speeds) : undefined);
    return { available: true, ...(notChosen ? { notChosen } : {}) };
  }
  const error = json.error ?? '';
  return { available: false, reason: device === 'webgpu' ? webGpuReason(error, stderr) : `ONNX Runtime's CUDA provider did not start: ${firstLine(error)}` };
}

async function probeTfjsNodeGpu(env: NodeJS.ProcessEnv): Promise<Omit<ProbeResult, 'source'>> {
  const entry = require.resolve('@tensorflow/tfjs-node-gpu');
  const limit = timeoutMs(env);
  const { json, stderr, timedOut } = await runChild(IMPORT_CHILD, { DREAMREEL_PROBE_MODULE: pathToFileURL(entry).href }, limit, env);
  if (timedOut) return { available: false, reason: `@tensorflow/tfjs-node-gpu did not load within ${limit / 1000} s` };
  if (json?.ok) return { available: true };
  return { available: false, reason: `@tensorflow/tfjs-node-gpu did not load: ${firstLine(json?.error ?? stderr)}` };
}

/**
 * What can be told without a child process: a missing package or provider library. Checked on
 * every run, before the cache, so installing one is noticed at once.
 */
function missingPiece(name: GpuBackend): string | undefined {
  if (name === 'ort-cuda' && process.platform === 'linux') {
    // The provider library is a separate download; without it a session only prints ORT's error log.
    const bin = join(ortPackageDir(), 'bin/napi-v6/linux', process.arch);
    if (!existsSync(join(bin, 'libonnxruntime_providers_cuda.so'))) return "ONNX Runtime's CUDA provider is not installed (see README: GPU)";
  }
  if (name === 'tfjs-node-gpu') {
    try {
      require.resolve('@tensorflow/tfjs-node-gpu');
    } catch {
      return '@tensorflow/tfjs-node-gpu is not installed';
    }
  }
  return undefined;
}

function probeNow(name: GpuBackend, env: NodeJS.ProcessEnv): Promise<Omit<ProbeResult, 'source'>> {
  if (name === 'ort-webgpu') return probeOrt('webgpu', env);
  if (name === 'ort-cuda') return probeOrt('cuda', env);
  return probeTfjsNodeGpu(env);
}

async function probeCached(name: GpuBackend, env: NodeJS.ProcessEnv): Promise<ProbeResult> {
  const missing = missingPiece(name);
  if (missing) return { available: false, reason: missing, source: 'check' };
  const file = cacheFile(env);
  const key = `${name}|${driverFingerprint(env)}`;
  const hit = file ? readCache(file)[key] : undefined;
  if (hit && Date.now() - hit.at < TTL_MS) {
    return { available: hit.available, ...(hit.reason ? { reason: hit.reason } : {}), ...(hit.notChosen ? { notChosen: hit.notChosen } : {}), source: 'disk' };
  }
  const result = await probeNow(name, env);
  if (file) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const cache = readCache(file);
      cache[key] = { ...result, at: Date.now() };
      // Written whole under a temporary name, then renamed: concurrent runs never read half a file.
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(cache, null, 1));
      renameSync(tmp, file);
    } catch {
      // A read-only cache directory only costs the next run another probe.
    }
  }
  return { ...result, source: 'probe' };
}

/** Whether a GPU backend can start here, and why not; asked once per process. */
export async function probeBackend(name: GpuBackend, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  const known = memo.get(name);
  if (known) return { ...(await known), source: 'process' };
  const fresh = probeCached(name, env);
  memo.set(name, fresh);
  return fresh;
}

/** Forgets this process's answers (tests). */
export function forgetProbes(): void {
  memo.clear();
}
