import { Subject, type Observable } from 'rxjs';

/** What the person watching pressed in the terminal UI. */
export type StopKey = 'q' | 'ctrl-c';

export interface StopControl {
  /** Emits once, with the exit code the stopped run ends with. */
  readonly stop$: Observable<number>;
  /** The exit code once a stop was asked for. */
  readonly code: () => number | undefined;
  readonly dispose: () => void;
}

/**
 * Ctrl-C, q or SIGTERM once: stop cleanly after abandoning the frame in progress (what is done stays
 * playable and resumable); the run then exits 130 (143 for SIGTERM). Ctrl-C or SIGTERM twice: exit at
 * once; the checkpoint still holds every finished frame.
 */
export function stopSignals(log: (line: string) => void, keys$?: Observable<StopKey>): StopControl {
  const stop$ = new Subject<number>();
  let code: number | undefined;
  const request = (exitCode: number, interrupt: boolean): void => {
    if (code !== undefined) {
      if (interrupt) process.exit(exitCode);
      return;
    }
    code = exitCode;
    log('stopping after this frame; press Ctrl-C again to quit at once');
    stop$.next(exitCode);
  };
  const onInt = (): void => request(130, true);
  const onTerm = (): void => request(143, true);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const keys = keys$?.subscribe((key) => request(130, key === 'ctrl-c'));
  return {
    stop$,
    code: () => code,
    dispose: () => {
      keys?.unsubscribe();
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
