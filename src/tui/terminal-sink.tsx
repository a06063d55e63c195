import { render } from 'ink';
import { BehaviorSubject, ReplaySubject, Subject } from 'rxjs';
import type { RenderEvent } from '../pipeline/events.js';
import { RenderApp } from './RenderApp.js';
import type { ProgressSink } from './sinks.js';

/** The Ink app, on a terminal (its own module: Ink and React load only here). */
export function terminalSink(): ProgressSink {
  // Replayed so the app's subscription, made after its first render, misses nothing.
  const events = new ReplaySubject<RenderEvent>(64);
  const stop$ = new Subject<'q' | 'ctrl-c'>();
  const paused$ = new BehaviorSubject(false);
  const app = render(
    <RenderApp
      events={events}
      onStop={(key) => stop$.next(key)}
      onPause={(p) => paused$.next(p)}
      previewColumns={Math.min(64, Math.max(16, (process.stdout.columns ?? 80) - 16))}
    />,
    { exitOnCtrlC: false, patchConsole: false },
  );
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
