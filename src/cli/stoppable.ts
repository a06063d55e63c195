import type { ProgressSink } from './output.js';
import { stopSignals, type StopControl } from './signals.js';

/** The keys and signals of one dream, as the ascent loop takes them: an abort signal and a pause gate. */
export interface StoppableDream {
  readonly signal: AbortSignal;
  readonly beforeStep: () => Promise<void>;
  readonly stops: StopControl;
  readonly dispose: () => void;
}

/** Wires Ctrl-C, SIGTERM, q (stop) and p (pause) to a single dream, as render wires them to its frames. */
export function stoppableDream(sink: ProgressSink): StoppableDream {
  const abort = new AbortController();
  const stops = stopSignals((message) => sink.next({ type: 'warning', message }), sink.stop$);
  const stopping = stops.stop$.subscribe(() => abort.abort());
  let paused = false;
  const pausing = sink.paused$.subscribe((p) => void (paused = p));
  const beforeStep = async (): Promise<void> => {
    while (paused && !abort.signal.aborted) await new Promise((r) => setTimeout(r, 100));
  };
  return {
    signal: abort.signal,
    beforeStep,
    stops,
    dispose: () => {
      stopping.unsubscribe();
      pausing.unsubscribe();
      stops.dispose();
    },
  };
}
