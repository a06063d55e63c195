import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DreamreelError } from '../../src/errors.js';
import { lockOutput, lockPathFor } from '../../src/pipeline/output-lock.js';

const output = (): string => join(mkdtempSync(join(tmpdir(), 'dreamreel-lock-')), 'out.mp4');

/** The pid of a process that has exited: no process has it (pids are not reused this soon). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DreamreelError);
    return (e as Error).message;
  }
  throw new Error('expected the lock to be refused');
}

describe('output lock', () => {
  it('holds this process and host in <output>.dreamreel-lock, and the release removes it', () => {
    const out = output();
    expect(lockPathFor(out)).toBe(`${out}.dreamreel-lock`);
    const exitHandlers = process.listenerCount('exit');
    const release = lockOutput(out);
    expect(JSON.parse(readFileSync(lockPathFor(out), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    // The release also runs at exit (a second Ctrl-C), and unhooks itself once run.
    expect(process.listenerCount('exit')).toBe(exitHandlers + 1);
    release();
    expect(existsSync(lockPathFor(out))).toBe(false);
    expect(process.listenerCount('exit')).toBe(exitHandlers);
    lockOutput(out)();
  });

  it('a run whose lock file was deleted by hand (as the refusal suggests) still ends cleanly', () => {
    const out = output();
    const release = lockOutput(out);
    rmSync(lockPathFor(out));
    expect(() => release()).not.toThrow();
    expect(existsSync(lockPathFor(out))).toBe(false);
  });

  it("a release never removes a lock another run took after this one's was deleted by hand", () => {
    const out = output();
    const release = lockOutput(out);
    rmSync(lockPathFor(out));
    // Another run (here: another process on this host) locks the output meanwhile.
    const other = JSON.stringify({ pid: process.pid + 1, host: hostname() });
    writeFileSync(lockPathFor(out), other);
    release();
    expect(readFileSync(lockPathFor(out), 'utf8')).toBe(other);
  });

  it('refuses a second render of the same output while the first runs, naming it', () => {
    const out = output();
    const release = lockOutput(out);
    expect(refusal(() => lockOutput(out))).toBe(
      `${out} is being rendered by process ${process.pid} on ${hostname()}: wait for it to finish, or delete ${lockPathFor(out)} if that run is gone`,
    );
    expect(existsSync(lockPathFor(out))).toBe(true);
    release();
  });

  it('takes over a stale lock whose process is gone from this host', () => {
    const out = output();
    writeFileSync(lockPathFor(out), JSON.stringify({ pid: deadPid(), host: hostname() }));
    const release = lockOutput(out);
    expect(JSON.parse(readFileSync(lockPathFor(out), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    release();
  });

  it('never takes over a lock of another host, or one it cannot read', () => {
    const out = output();
    const pid = deadPid();
    writeFileSync(lockPathFor(out), JSON.stringify({ pid, host: 'render-box-2' }));
    expect(refusal(() => lockOutput(out))).toBe(
      `${out} is being rendered by process ${pid} on render-box-2: wait for it to finish, or delete ${lockPathFor(out)} if that run is gone`,
    );
    for (const damaged of [
      '{ not json',
      JSON.stringify({ pid: 'x', host: hostname() }),
      JSON.stringify({ pid: 1.5, host: hostname() }),
      JSON.stringify({ pid: deadPid(), host: 7 }),
    ]) {
      writeFileSync(lockPathFor(out), damaged);
      expect(refusal(() => lockOutput(out))).toBe(
        `${out} is being rendered by another run: wait for it to finish, or delete ${lockPathFor(out)} if that run is gone`,
      );
      expect(readFileSync(lockPathFor(out), 'utf8')).toBe(damaged);
    }
  });

  it('a lock in a folder that does not exist fails in one line', () => {
    const out = join(output(), 'missing', 'out.mp4');
    expect(refusal(() => lockOutput(out))).toMatch(new RegExp(`^cannot lock ${lockPathFor(out).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT`));
  });
});
