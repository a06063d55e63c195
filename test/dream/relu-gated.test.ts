import { describe, expect, it } from 'vitest';
import { reluGatedTensors } from '../../src/dream/network/relu-gated.js';
import { conv, tinyNet } from '../helpers/tiny-nets.js';

describe('ReLU-gated tensors (where max-pool gradients may take the mask route)', () => {
  it('follows ReLU zeros through pooling, LRN, concatenation, padding and sums, and stops at anything signed', () => {
    const pool = { kind: 'maxPool', kernel: [3, 3], stride: [1, 1], pads: [1, 1, 1, 1], ceilMode: false } as const;
    const net = tinyNet([
      ['c', ['data'], conv(3, 4, 3, { pads: [1, 1, 1, 1] })],
      ['r', ['c'], { kind: 'relu' }],
      ['p', ['r'], pool],
      ['n', ['p'], { kind: 'lrn', size: 3, alpha: 1, beta: 0.75, k: 1 }],
      ['cat', ['n', 'r'], { kind: 'concat' }],
      ['signed', ['cat'], conv(8, 8, 1)],
      ['mixed', ['cat', 'signed'], { kind: 'add' }],
      ['pooledSigned', ['signed'], pool],
    ]);
    const gated = reluGatedTensors(net.nodes);
    expect([...gated].sort()).toEqual(['cat', 'n', 'p', 'r']);
  });
});
