/**
 * The figures of issue 13, each measured in the run that prints them: the engine's step
 * (today's lossAndGradient, and the fused step), the step as a user gets it through
 * `dreamreel image` (whole process, (t11 - t1) / 10), and PyTorch's step on the same weights.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DreamEngine } from '../src/dream/engine.js';
import { paddedBlurKernel } from '../src/dream/fused-step.js';
import type { RgbImage } from '../src/image/image.js';
import type { Objective } from '../src/dream/objectives/objective.js';
import { composeTransforms, jitter } from '../src/dream/transforms.js';
import { seededRandom } from '../src/dream/random.js';

export interface Timing {
  readonly median: number;
  readonly min: number;
}

/** Median and fastest of `repeats` runs after two warm-ups: this shared machine's speed drifts by 20%. */
export async function timeIt(fn: () => Promise<unknown>, repeats: number): Promise<Timing> {
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

/** One fused engine step at the image's size per call (random jitter, blur sigma 1): what a `dreamreel image` step costs inside the engine. */
export async function fusedStepFn(engine: DreamEngine, image: RgbImage, objective: Objective): Promise<(() => Promise<number>) | undefined> {
  const stepper = await engine.fusedStepper?.({ objective, width: image.width, height: image.height, normalise: 'meanAbs', blurRadius: 3, flips: false });
  if (!stepper) return undefined;
  stepper.load(image);
  const random = seededRandom(1);
  const kernel = paddedBlurKernel(1, 3);
  return () => stepper.step({ axes: composeTransforms([jitter(32)], random).axes!(image.width, image.height), kernel, stepSize: 0.01 });
}

export interface CliStep {
  readonly stepMs: number;
  /** Peak RSS of the 11-step process, MiB (from /usr/bin/time), when measurable. */
  readonly peakRssMiB?: number;
}

/** One whole `dreamreel image` process at 512x512, one octave, in `checkout`: wall seconds and peak RSS. */
function runImage(steps: number, checkout: string): { seconds: number; rssMiB?: number } {
  const out = join(tmpdir(), `dreamreel-bench-${process.pid}.png`);
  const cli = [
    process.execPath,
    '--import',
    'tsx',
    'src/cli/main.ts',
    'image',
    resolve('../shared/images/chelsea.png'),
    '--size',
    '512x512',
    '--octaves',
    '1',
    '--steps',
    String(steps),
    '--backend',
    'ort-cpu',
    '-o',
    out,
  ];
  const [command, ...args] = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'maxrss_kb=%M', ...cli] : cli;
  const began = performance.now();
  const run = spawnSync(command!, args, { cwd: checkout, encoding: 'utf8', env: { ...process.env, DREAMREEL_MODELS: resolve('../shared/models') } });
  const seconds = (performance.now() - began) / 1000;
  if (run.status !== 0) throw new Error(`dreamreel image failed in ${checkout}: ${run.stderr}`);
  const kb = /maxrss_kb=(\d+)/.exec(run.stderr ?? '')?.[1];
  return { seconds, rssMiB: kb ? Number(kb) / 1024 : undefined };
}

/**
 * (t11 - t1) / 10 for each checkout, median over `pairs` pairs of runs: start-up and model
 * loading cancel out. Checkouts take turns, so a before/after (e.g. main's tree beside this
 * one) shares the machine's slow and fast spells.
 */
export function cliSteps(checkouts: readonly string[], pairs = 3): CliStep[] {
  const steps = checkouts.map(() => [] as number[]);
  const peaks = checkouts.map(() => 0);
  for (let i = 0; i < pairs; i++)
    checkouts.forEach((checkout, k) => {
      const one = runImage(1, checkout);
      const eleven = runImage(11, checkout);
      steps[k]!.push(((eleven.seconds - one.seconds) * 1000) / 10);
      peaks[k] = Math.max(peaks[k]!, eleven.rssMiB ?? 0);
    });
  return steps.map((s, k) => ({ stepMs: [...s].sort((a, b) => a - b)[Math.floor(pairs / 2)]!, peakRssMiB: peaks[k] || undefined }));
}

/** PyTorch's step measured now, on the same weights (bench/pytorch-yardstick.py), with the system's python3 where torch imports. */
export function pytorchStepNow(side = 512, repeats = 10): { step_ms: number; torch: string } | undefined {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const run = spawnSync(python, ['bench/pytorch-yardstick.py', '../shared/models/bvlc_googlenet/weights', String(side), String(repeats)], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { step_ms: number; torch: string };
}
