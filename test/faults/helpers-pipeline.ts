import { spawn, spawnSync, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { MODELS } from '../helpers/shared.js';

/** The smallest dream that still runs the real network: fault tests are about files, not pictures. */
export const FAST = ['--octaves', '1', '--steps', '1', '--steps-next', '1', '-l', 'inception_3b/output', '--backend', 'ort-cpu'];
/** The same for `image`, which has no frames after the first. */
export const FAST_IMAGE = ['--octaves', '1', '--steps', '1', '-l', 'inception_3b/output', '--backend', 'ort-cpu'];
/** Slow enough per frame that a signal lands mid-render. */
export const SLOW = ['--octaves', '1', '--steps', '15', '--steps-next', '15', '-l', 'inception_3b/output', '--backend', 'ort-cpu'];

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once stdout + stderr so far match. */
  readonly waitFor: (pattern: RegExp) => Promise<void>;
  readonly finished: Promise<Finished>;
}

/** The real CLI as a child process (tsx, as a user's `npx dreamreel` would run the built one). */
export function start(args: readonly string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, CI: 'true', DREAMREEL_MODELS: MODELS, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (!w.pattern.test(stdout + stderr)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout.on('data', (c: Buffer) => ((stdout += c.toString()), check()));
  child.stderr.on('data', (c: Buffer) => ((stderr += c.toString()), check()));
  const finished = new Promise<Finished>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const waitFor = (pattern: RegExp): Promise<void> =>
    new Promise((resolve, reject) => {
      waiters.push({ pattern, resolve });
      check();
      void finished.then((f) => reject(new Error(`exited ${f.code} before ${pattern}: ${f.stderr.slice(-2000)}`)));
    });
  return { child, waitFor, finished };
}

export const run = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Finished> => start(args, env).finished;

/** One line on stderr, as every refusal of the CLI should be. */
export function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  if (lines.length !== 1 || !lines[0]!.startsWith('dreamreel: ')) throw new Error(`expected one "dreamreel:" line, got:\n${stderr}`);
  return lines[0]!;
}

export function framesOf(path: string): number {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=nb_read_frames,width,height',
    '-of',
    'json',
    path,
  ]).toString();
  return Number((JSON.parse(out) as { streams: { nb_read_frames: string }[] }).streams[0]!.nb_read_frames);
}

export function sizeOf(path: string): [number, number] {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'json', path]).toString();
  const s = (JSON.parse(out) as { streams: { width: number; height: number }[] }).streams[0]!;
  return [s.width, s.height];
}

export const listing = (dir: string): string[] => readdirSync(dir).sort();

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
