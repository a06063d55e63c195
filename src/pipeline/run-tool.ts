import { spawn } from 'node:child_process';

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  /** The last 8000 characters: enough for ffmpeg's reason, never a whole log. */
  readonly stderr: string;
}

/** Runs ffmpeg or ffprobe to the end, collecting what it says; never throws for a non-zero exit. */
export function runTool(binary: string, args: readonly string[]): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
