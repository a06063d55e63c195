import { resolve, sep } from 'node:path';
import { DreamreelError } from '../../errors.js';

/**
 * `name` resolved inside `root`, or a refusal: names come from downloaded files (model.json
 * shard paths, zip entries) and must never reach outside the folder they are unpacked into.
 * The separator matters: "/a/models-evil" starts with "/a/models" but is not inside it.
 */
export function insideFolder(root: string, name: string, what: string): string {
  const base = resolve(root);
  const target = resolve(base, name);
  if (!target.startsWith(base + sep))
    throw new DreamreelError(`${what} "${name}" points outside the model's folder: refused (the download is not trustworthy)`);
  return target;
}
