import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ffmpeg } from '../helpers/clips.js';
import { MODELS } from '../helpers/shared.js';

/** Few, small steps: the farm's behaviour is under test here, not the dream's. */
export const FAST = ['--octaves', '2', '--steps', '2', '--steps-next', '1', '-l', 'inception_3b/output', '--backend', 'ort-cpu', '--plain'];

/** testsrc2 with a sine tone lasting the whole clip (-frames:v would cut the tone short). */
export function clipWithAudio(dir: string, frames: number, fps = 12): string {
  const path = join(dir, `farm-${frames}.mp4`);
  const seconds = String(frames / fps);
  ffmpeg([
    '-f',
    'lavfi',
    '-t',
    seconds,
    '-i',
    `testsrc2=size=160x96:rate=${fps}`,
    '-f',
    'lavfi',
    '-t',
    seconds,
    '-i',
    'sine=frequency=440:sample_rate=44100',
    '-c:a',
    'aac',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    path,
  ]);
  return path;
}

/** Polls `check` until it holds; `what` may be a function, read at the deadline (a worker's output so far, say). */
export async function until(what: string | (() => string), check: () => boolean | Promise<boolean>, deadlineMs = 300_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The real CLI as a separate process, its output kept for assertions. */
export class Cli {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, DREAMREEL_MODELS: MODELS, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => void (this.stdout += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => void (this.stderr += c.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** A worker confined to `root`: the tests' clips and outputs live under the system's temporary folder. */
  static worker(url: string, env: Record<string, string> = {}, root = tmpdir()): Cli {
    return new Cli(['worker', '--redis', url, '--root', root], env);
  }

  async waitFor(pattern: RegExp, deadlineMs = 300_000): Promise<void> {
    await until(
      `${pattern} from dreamreel ${this.child.spawnargs.slice(3, 4).join(' ')}\n${this.stderr.slice(-2000)}`,
      () => pattern.test(this.stderr + this.stdout) || this.child.exitCode !== null,
      deadlineMs,
    );
    if (!pattern.test(this.stderr + this.stdout)) throw new Error(`exited (${this.child.exitCode}) before ${pattern}:\n${this.stderr.slice(-2000)}`);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }
}

/** Dreamed frames checkpointed so far in any chunk of `output`. */
export function checkpointedFrames(output: string): number {
  const dir = `${output}.dreamreel-checkpoint`;
  if (!existsSync(dir)) return 0;
  let count = 0;
  for (const sub of readdirSync(dir).filter((d) => d.startsWith('chunks-'))) {
    for (const inner of readdirSync(join(dir, sub)).filter((d) => d.endsWith('.dreamreel-checkpoint')))
      count += readdirSync(join(dir, sub, inner)).filter((f) => /^frame-\d+\.png$/.test(f)).length;
  }
  return count;
}

export function frameCount(path: string, probe: (p: string) => { streams: { codec_type: string }[] }): number {
  return Number((probe(path).streams.find((s) => s.codec_type === 'video') as { nb_read_frames?: string }).nb_read_frames);
}
