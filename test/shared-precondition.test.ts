import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkSharedModels } from './global-setup.js';
import { workDir } from './helpers/clips.js';

describe('the ../shared/models precondition', () => {
  const absent = join(workDir(), 'no-such-models');

  it('fails the run in CI when the models are missing', () => {
    expect(() => checkSharedModels({ CI: 'true' }, absent)).toThrow(`CI: ${absent} is missing`);
  });

  it('outside CI, says what is skipped and why', () => {
    expect(checkSharedModels({}, absent)).toContain('the tests on real weights cannot run');
  });
});
