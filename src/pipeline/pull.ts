import { Observable } from 'rxjs';

/**
 * An Observable over an async iterable that only pulls the next value when `demand` says so
 * (plus `initial` values up front): RxJS has no backpressure of its own, and concatMap would
 * otherwise buffer a whole clip. Unsubscribing returns the iterator (which kills ffmpeg).
 */
export function pull<T>(iterable: AsyncIterable<T>, demand: Observable<unknown>, initial: number): Observable<T> {
  return new Observable<T>((subscriber) => {
    const iterator = iterable[Symbol.asyncIterator]();
    let credit = initial;
    let reading = false;
    let closed = false;
    const next = async (): Promise<void> => {
      if (reading || closed) return;
      reading = true;
      try {
        while (credit > 0 && !closed) {
          credit--;
          const result = await iterator.next();
          if (closed) return;
          if (result.done) {
            closed = true;
            subscriber.complete();
            return;
          }
          subscriber.next(result.value);
        }
      } catch (e) {
        closed = true;
        subscriber.error(e);
      } finally {
        reading = false;
      }
    };
    const demandSubscription = demand.subscribe(() => {
      credit++;
      void next();
    });
    void next();
    return () => {
      const wasOpen = !closed;
      closed = true;
      demandSubscription.unsubscribe();
      if (wasOpen) void iterator.return?.(undefined);
    };
  });
}
