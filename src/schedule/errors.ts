import { DreamreelError } from '../errors.js';

/** Where a schedule came from, so every message names the option and shows the text. */
export interface ScheduleSource {
  /** The option it was given for, as the user typed it: `--zoom`, `--layers weight`. */
  readonly option: string;
  readonly text: string;
}

/** Long schedules are shown around the position, so the message stays one readable line. */
function excerpt(text: string, position: number): string {
  if (text.length <= 72) return JSON.stringify(text);
  const from = Math.max(0, position - 30);
  const to = Math.min(text.length, from + 60);
  return `${from > 0 ? '…' : ''}${JSON.stringify(text.slice(from, to))}${to < text.length ? '…' : ''}`;
}

/**
 * The one shape of a schedule's messages (like validate.ts's):
 * `Expected ")" for --zoom at position 9 of "0:(1.0 +* 2)" but received "*"`.
 * Positions count characters from 1, as an editor's column does.
 */
export function scheduleError(source: ScheduleSource, position: number, expected: string, received: string, after = ''): DreamreelError {
  return new DreamreelError(
    `Expected ${expected} for ${source.option} at position ${position + 1} of ${excerpt(source.text, position)} but received ${JSON.stringify(received)}${after}`,
  );
}
