import { describe, expect, it } from 'vitest';
import { differences, modelIdentity } from '../../src/pipeline/checkpoint-identity.js';
import type { Network } from '../../src/dream/network/graph.js';

const net = (over: Partial<Network> = {}): Network => ({
  name: 'googlenet',
  input: 'data',
  nodes: [],
  suggestedLayers: [],
  preprocess: { channelOrder: 'BGR', scale: [255, 255, 255], offset: [-104, -117, -123] },
  ...over,
});
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('checkpoint identity of a model', () => {
  it('holds the name, the content hash and the resolved preprocessing', () => {
    expect(modelIdentity(net({ contentSha256: A }))).toEqual({
      model: 'googlenet',
      modelContent: A,
      preprocess: { channelOrder: 'BGR', scale: [255, 255, 255], offset: [-104, -117, -123] },
    });
    expect(modelIdentity(net())).not.toHaveProperty('modelContent');
  });

  it('names a replaced model in words and a changed preprocessing by its part', () => {
    const then = modelIdentity(net({ contentSha256: A }));
    const now = modelIdentity(net({ contentSha256: B, preprocess: { channelOrder: 'RGB', scale: [255, 255, 255], offset: [-104, -117, -123] } }));
    expect(differences(then, now)).toEqual(['model content (changed since the checkpoint)', 'preprocess.channelOrder ("BGR" then, "RGB" now)']);
  });

  it('a hash appearing where there was none is shown as it is, not as a change of content', () => {
    expect(differences({ modelContent: undefined }, { modelContent: A })).toEqual([`modelContent (unset then, "${A}" now)`]);
    expect(differences({ still: A, guide: B }, { still: B, guide: B })).toEqual(['still picture content (changed since the checkpoint)']);
  });
});
