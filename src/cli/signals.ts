import { Subject, type Observable } from 'rxjs';

/**
 * Ctrl-C or SIGTERM once: stop cleanly after abandoning the frame in progress (what is done stays
 * playable and resumable). Twice: exit at once; the checkpoint still holds every finished frame.
 */
export function stopSignals(log: (line: string) => void): { stop$: Observable<void>; dispose: () => void } {
  const stop$ = new Subject<void>();
  let count = 0;
  const handler = (): void => {
    count++;
    if (count === 1) {
      log('stopping after this frame; press Ctrl-C again to quit at once');
      stop$.next();
    } else process.exit(130);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    stop$,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
