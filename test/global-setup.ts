import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** What two thirds of the suite needs: real weights in ../shared/models beside the checkout. */
export const SHARED_MODELS = resolve(process.cwd(), '../shared/models');

/**
 * In CI a missing ../shared/models is a broken setup, not a reason to skip: the run fails here,
 * loudly, before a test starts. On a developer's machine the tests that need it skip with a reason.
 */
export function checkSharedModels(env: NodeJS.ProcessEnv, models = SHARED_MODELS): string | undefined {
  if (existsSync(`${models}/bvlc_googlenet/deploy.prototxt`)) return undefined;
  const why = `${models} is missing (expected bvlc_googlenet/deploy.prototxt there): the tests on real weights cannot run`;
  if (env.CI) throw new Error(`CI: ${why}. Put ../shared beside the checkout; refusing to report a suite that skipped them.`);
  return why;
}

export default function setup(): void {
  const skipped = checkSharedModels(process.env);
  if (skipped) console.warn(`\n*** ${skipped}: they are SKIPPED on this machine (CI fails instead) ***\n`);
}
