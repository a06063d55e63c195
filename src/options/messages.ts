import type { ZodError, ZodIssue } from 'zod';
import { DreamreelError } from '../errors.js';
import { nameOf, sayWith, type Surface } from './naming.js';

/**
 * The one shape of every message about a value (after sharp's errors):
 * "Expected <what> for <name> but received <value>", always with the value the user gave.
 */
export function invalid(name: string, expected: string, received: unknown): DreamreelError {
  return new DreamreelError(`Expected ${expected} for ${name} but received ${JSON.stringify(received)}`);
}

/** A sentence about several options (`{crop} cannot be combined with {class}`), named for this surface. */
export const conflict = (sentence: string, surface: Surface): DreamreelError => new DreamreelError(sayWith(sentence, surface));

/** The value at an issue's path, down to the option itself (a tuple's whole value, not one item). */
function receivedAt(input: unknown, path: readonly (string | number)[]): unknown {
  let value = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) break;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}

/** The option's name: a flag or camelCase key for a top-level option, a dotted path inside a file. */
function issueName(issue: ZodIssue, surface: Surface | 'file'): string {
  const keys = issue.path.filter((p): p is string => typeof p === 'string');
  if (surface === 'file') return keys.join('.') || '(top level)';
  return nameOf(keys[0] ?? '', surface);
}

/** The first issue of a failed parse as one DreamreelError, in the shape above. */
export function optionsError(error: ZodError, input: unknown, surface: Surface | 'file'): DreamreelError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const where = surface === 'cli' ? 'flag' : 'option';
    return new DreamreelError(`unknown ${where} "${issue.keys[0]}"${issue.path.length ? ` in ${issue.path.join('.')}` : ''}`);
  }
  // A schedule's refusal is already one whole line (its position, the frame, the flag it names).
  if (issue.code === 'custom' && issue.params?.whole) return new DreamreelError(issue.message);
  if (issue.code === 'custom' && issue.params?.sentence) return new DreamreelError(sayWith(issue.message, surface === 'file' ? 'library' : surface));
  return invalid(issueName(issue, surface), issue.message, receivedAt(input, issue.path));
}
