import { lastValueFrom, tap } from 'rxjs';
import type { PreparedFrames } from '../api/frames.js';
import { progressSink, type OutputFlags } from './output.js';
import { stopSignals } from './signals.js';
import { Stopped } from './stopped.js';

/**
 * A prepared render or zoom on the terminal: the progress display (Ink, plain or NDJSON) and
 * Ctrl-C / q / p wired to the pipeline; the engine and output lock released whatever happens.
 * A stopped run ends in `Stopped` (exit 130, or 143 for SIGTERM).
 */
export async function runFrames(flags: OutputFlags, prepared: PreparedFrames): Promise<void> {
  const sink = await progressSink(flags);
  const signals = stopSignals((message) => sink.next({ type: 'warning', message }), sink.stop$);
  try {
    const events$ = prepared.run({ stop$: signals.stop$, paused$: sink.paused$ });
    await lastValueFrom(events$.pipe(tap((e) => sink.next(e))), { defaultValue: undefined });
  } finally {
    signals.dispose();
    await sink.close();
    await prepared.close();
  }
  const code = signals.code();
  if (code !== undefined) throw new Stopped(code);
}
