import type { Command } from 'commander';
import { NEVER, type Observable } from 'rxjs';
import type { RenderEvent } from '../pipeline/events.js';
import { jsonLine, plainReporter } from '../tui/plain-reporter.js';

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
}

export function addOutputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print NDJSON events instead of the progress display').option('--plain', 'plain progress lines even on a terminal');
}

/** Where a command's events go, and (from the terminal UI) a way for the user to stop it. */
export interface ProgressSink {
  next(event: RenderEvent): void;
  readonly stop$: Observable<void>;
  close(): Promise<void>;
}

/** NDJSON on stdout with --json; the Ink UI on a terminal; plain lines on stderr otherwise. */
export function progressSink(flags: OutputFlags): ProgressSink {
  if (flags.json) return { next: (e) => void process.stdout.write(jsonLine(e) + '\n'), stop$: NEVER, close: async () => {} };
  const plainLine = plainReporter();
  return {
    next: (e) => {
      const line = plainLine(e);
      if (line) process.stderr.write(line + '\n');
    },
    stop$: NEVER,
    close: async () => {},
  };
}
