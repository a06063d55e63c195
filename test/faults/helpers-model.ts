import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MODELS } from '../helpers/shared.js';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The real CLI as a child process. Asynchronous on purpose: a test's own HTTP server must keep
 * answering while the child downloads from it.
 */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      env: { ...process.env, CI: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    // Never outlive the test (vitest's timeout is 120 s): a run that hangs must not keep eating memory.
    const guard = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

const made: string[] = [];

/** A fresh temporary folder, removed by cleanScratch (model copies are tens of MB each). */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dreamreel-fault-'));
  made.push(dir);
  return dir;
}

export function cleanScratch(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A writable copy of one of ../shared/models' folders, to corrupt. */
export function copyModel(name: string): string {
  const to = join(scratch(), name);
  cpSync(join(MODELS, name), to, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', to]);
  return to;
}

/** The one line the CLI printed for a user-actionable fault (no stack trace). */
export function expectOneLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((l) => l.startsWith('dreamreel: '));
  if (lines.length !== 1 || /\n\s+at /.test(result.stderr) || result.stderr.includes('internal error'))
    throw new Error(`expected one error line, got:\n${result.stderr}`);
  return lines[0]!;
}

/**
 * A loopback HTTP server standing in for the models' hosts: `files` by URL path, or `fallback`
 * for any other path (an attacker's server answers whatever is asked).
 */
export async function serveFiles(files: Record<string, Uint8Array | string>, fallback?: Uint8Array | string): Promise<{ url: string; close: () => void }> {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    const body = files[req.url!] ?? fallback;
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as import('node:net').AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
