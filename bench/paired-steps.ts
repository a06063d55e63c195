/**
 * PyTorch's step and the engine's, taken in turns: on a shared machine whose speed swings by
 * several times over minutes, the ratio of two steps measured back to back is the figure
 * that holds. PyTorch runs as a server (bench/pytorch-yardstick.py with SERVE=1).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** One PyTorch step per call; undefined where torch does not import. */
export async function startTorchSteps(side = 512): Promise<{ step(): Promise<number>; close(): void } | undefined> {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const child = spawn(python, ['bench/pytorch-yardstick.py', '../shared/models/bvlc_googlenet/weights', String(side)], {
    env: { ...process.env, SERVE: '1' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => (await lines.next()).value as string | undefined;
  if ((await next()) !== 'ready') return undefined;
  return {
    async step() {
      child.stdin.write('step\n');
      return Number(await next());
    },
    close: () => child.stdin.end(),
  };
}

export interface Paired {
  readonly name: string;
  readonly medianMs: number;
  /** Median over rounds of (this step / PyTorch's step in the same round). */
  readonly ratio: number;
}

/** `rounds` rounds of: each engine step once, then PyTorch's once. */
export async function pairedSteps(steps: Record<string, () => Promise<unknown>>, rounds: number): Promise<{ torchMs: number; paired: Paired[] } | undefined> {
  const torch = await startTorchSteps();
  if (!torch) return undefined;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const names = Object.keys(steps);
  const times = new Map(names.map((n) => [n, [] as number[]]));
  const torchTimes: number[] = [];
  for (const fn of Object.values(steps)) await fn();
  for (let r = 0; r < rounds; r++) {
    for (const name of names) {
      const began = performance.now();
      await steps[name]!();
      times.get(name)!.push(performance.now() - began);
    }
    torchTimes.push(await torch.step());
  }
  torch.close();
  const paired = names.map((name) => ({ name, medianMs: median(times.get(name)!), ratio: median(times.get(name)!.map((t, r) => t / torchTimes[r]!)) }));
  return { torchMs: median(torchTimes), paired };
}
