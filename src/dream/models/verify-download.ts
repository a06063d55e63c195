import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DreamreelError } from '../../errors.js';
import { graphDefType } from './graphdef/graphdef-schema.js';
import type { RegistryEntry } from './registry.js';

/** Every .pb in the folder must parse as a GraphDef with nodes: a zip of anything else is refused. */
async function checkGraphDefs(folder: string): Promise<void> {
  const graphs = (await readdir(folder, { recursive: true })).filter((f) => f.endsWith('.pb'));
  if (graphs.length === 0) throw new DreamreelError('the download holds no .pb graph');
  for (const file of graphs) {
    let nodes = 0;
    try {
      nodes = (graphDefType().decode(await readFile(join(folder, file))) as unknown as { node?: unknown[] }).node?.length ?? 0;
    } catch {
      /* reported below */
    }
    if (nodes === 0) throw new DreamreelError(`${file} in the download is not a TensorFlow GraphDef`);
  }
}

/**
 * Structural checks of a staged download whose files have no published checksum, before it is
 * renamed into the models folder (tfjs shards are checked against weightSpecs as they arrive).
 */
export async function verifyStaged(entry: RegistryEntry, staging: string): Promise<void> {
  if (entry.format === 'graphdef') await checkGraphDefs(staging);
}
