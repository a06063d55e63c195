/**
 * A failure the user can act on (a missing file, an unknown layer, a missing ffmpeg): the
 * CLI prints its message as one line and exits non-zero, without a stack trace.
 */
export class DreamreelError extends Error {
  override readonly name = 'DreamreelError';
}
