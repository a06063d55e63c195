import { randomBytes } from 'node:crypto';

/**
 * A temporary name beside `path` that no other writer picks, for writing under it and renaming:
 * two farm workers may save the same checkpoint frame at once (a chunk delivered twice), and
 * workers on other hosts sharing the storage can have the same process id.
 */
export function temporaryName(path: string, extension?: string): string {
  return `${path}.partial-${process.pid}-${randomBytes(4).toString('hex')}${extension ? `.${extension}` : ''}`;
}
