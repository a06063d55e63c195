import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { DreamreelError } from '../errors.js';

interface Holder {
  readonly pid: number;
  readonly host: string;
}

export const lockPathFor = (output: string): string => `${output}.dreamreel-lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return Number.isInteger(h.pid) && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the lock file exclusively (O_EXCL); undefined when another holds it. */
function create(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DreamreelError(`cannot lock ${path}: ${(e as Error).message}`);
  }
  writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() } satisfies Holder));
  closeSync(fd);
  return true;
}

/**
 * An exclusive lock on an output: `<output>.dreamreel-lock` holds the pid and host of the run
 * writing it, so a second render of the same output is refused instead of destroying the first's
 * partial file and checkpoint. A lock whose process is gone from this host is stale and taken over.
 * Returns the release; it also runs if the process exits at once (a second Ctrl-C).
 */
export function lockOutput(output: string): () => void {
  const path = lockPathFor(output);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (create(path)) {
      const release = (): void => {
        process.off('exit', release);
        // Only our own lock: if it was deleted by hand and another run took it, that one keeps it.
        const holder = holderOf(path);
        if (holder && holder.pid === process.pid && holder.host === hostname()) rmSync(path, { force: true });
      };
      process.on('exit', release);
      return release;
    }
    const holder = holderOf(path);
    if (!(holder && holder.host === hostname() && !alive(holder.pid))) {
      const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another run';
      throw new DreamreelError(`${output} is being rendered by ${who}: wait for it to finish, or delete ${path} if that run is gone`);
    }
    rmSync(path, { force: true });
  }
  throw new DreamreelError(`cannot lock ${output}: ${path} keeps coming back`);
}
