/**
 * The run was stopped on request (Ctrl-C, q, SIGTERM): its finished work is kept, and the exit
 * code tells a script it did not finish: 130 for an interrupt, 143 for SIGTERM (128 + signal).
 */
export class Stopped extends Error {
  override readonly name = 'Stopped';
  constructor(readonly exitCode: number) {
    super(`stopped (exit ${exitCode})`);
  }
}
