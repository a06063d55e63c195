import type { Command } from 'commander';
import type { EventSink } from '../pipeline/events.js';
import { jsonLine, plainLine } from '../tui/plain-reporter.js';

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print NDJSON events instead of the progress display').option('--plain', 'plain progress lines even on a terminal');
}

/** Where events go: NDJSON on stdout, or plain lines on stderr. */
export function eventSink(flags: OutputFlags): EventSink {
  if (flags.json) return (e) => void process.stdout.write(jsonLine(e) + '\n');
  return (e) => {
    const line = plainLine(e);
    if (line) process.stderr.write(line + '\n');
  };
}
