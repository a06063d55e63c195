import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { insideFolder } from '../../src/dream/models/safe-path.js';

describe('names from downloaded files stay inside their folder', () => {
  const root = '/tmp/models/mobilenet.partial-1';
  it('keeps names inside, nested or not', () => {
    expect(insideFolder(root, 'group1-shard1of1', 'shard path')).toBe(join(root, 'group1-shard1of1'));
    expect(insideFolder(root, 'a/b/../c.bin', 'shard path')).toBe(join(root, 'a/c.bin'));
  });
  it.each(['../../escaped-shard', '/etc/passwd', '../mobilenet.partial-1x/evil', '.', ''])('refuses %j', (name) => {
    expect(() => insideFolder(root, name, 'shard path')).toThrow(/points outside the model's folder/);
  });
});
