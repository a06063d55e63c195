import type { Command } from 'commander';
import { jsonSink, plainSink, terminalSink, type ProgressSink } from '../tui/sinks.js';

export type { ProgressSink } from '../tui/sinks.js';

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print NDJSON events instead of the progress display').option('--plain', 'plain progress lines even on a terminal');
}

/** NDJSON on stdout with --json; the Ink UI on a terminal; plain lines on stderr otherwise (pipes, CI). */
export function progressSink(flags: OutputFlags): ProgressSink {
  if (flags.json) return jsonSink((line) => process.stdout.write(line + '\n'));
  if (flags.plain || !process.stdout.isTTY || !process.stdin.isTTY || process.env.CI) return plainSink((line) => process.stderr.write(line + '\n'));
  return terminalSink();
}
