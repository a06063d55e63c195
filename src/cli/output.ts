import type { Command } from 'commander';
import type { ProgressSink } from '../tui/sinks.js';

export type { ProgressSink } from '../tui/sinks.js';

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print NDJSON events instead of the progress display').option('--plain', 'plain progress lines even on a terminal');
}

/** NDJSON on stdout with --json; the Ink UI on a terminal; plain lines on stderr otherwise (pipes, CI). */
export async function progressSink(flags: OutputFlags): Promise<ProgressSink> {
  const { jsonSink, plainSink } = await import('../tui/sinks.js');
  if (flags.json) return jsonSink((line) => process.stdout.write(line + '\n'));
  if (flags.plain || !process.stdout.isTTY || !process.stdin.isTTY || process.env.CI) return plainSink((line) => process.stderr.write(line + '\n'));
  // Ink and React load only for a terminal.
  const { terminalSink } = await import('../tui/terminal-sink.js');
  return terminalSink();
}
