import React from 'react';
import { render } from 'ink';
import { BehaviorSubject, NEVER, ReplaySubject, Subject, type Observable } from 'rxjs';
import type { RenderEvent } from '../pipeline/events.js';
import { jsonLine, plainReporter } from './plain-reporter.js';
import { RenderApp } from './RenderApp.js';

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

/** The Ink app, on a terminal. */
export function terminalSink(): ProgressSink {
  // Replayed so the app's subscription, made after its first render, misses nothing.
  const events = new ReplaySubject<RenderEvent>(64);
  const stop$ = new Subject<'q' | 'ctrl-c'>();
  const paused$ = new BehaviorSubject(false);
  const app = render(<RenderApp events={events} onStop={(key) => stop$.next(key)} onPause={(p) => paused$.next(p)} previewColumns={Math.min(64, Math.max(16, (process.stdout.columns ?? 80) - 16))} />, { exitOnCtrlC: false, patchConsole: false });
  return {
    next: (e) => events.next(e),
    stop$,
    paused$,
    close: async () => {
      events.complete();
      // Let Ink draw the last state before leaving.
      await new Promise((r) => setTimeout(r, 50));
      app.unmount();
      await app.waitUntilExit();
    },
  };
}
