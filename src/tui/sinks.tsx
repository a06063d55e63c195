import { BehaviorSubject, NEVER, type Observable } from 'rxjs';
import type { RenderEvent } from '../pipeline/events.js';
import { jsonLine, plainReporter } from './plain-reporter.js';

/** Where a command's events go, and what the person watching asks of the work. */
export interface ProgressSink {
  next(event: RenderEvent): void;
  /** q or Ctrl-C in the terminal UI (raw mode: Ctrl-C is a key there, not SIGINT). */
  readonly stop$: Observable<'q' | 'ctrl-c'>;
  /** p in the terminal UI. */
  readonly paused$: Observable<boolean>;
  close(): Promise<void>;
}

const idle = { stop$: NEVER as Observable<'q' | 'ctrl-c'>, paused$: new BehaviorSubject(false) as Observable<boolean> };

export function jsonSink(write: (line: string) => void): ProgressSink {
  return { ...idle, next: (e) => write(jsonLine(e)), close: async () => {} };
}

export function plainSink(write: (line: string) => void): ProgressSink {
  const line = plainReporter();
  return {
    ...idle,
    next: (e) => {
      const text = line(e);
      if (text) write(text);
    },
    close: async () => {},
  };
}
