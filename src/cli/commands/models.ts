import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPulled } from '../../dream/models/download.js';
import { modelsDir } from '../../dream/models/models-dir.js';
import { REGISTRY, registryEntry } from '../../dream/models/registry.js';
import { layerListing } from '../layer-listing.js';
import { addPreprocessOptions, preprocessSpec, type PreprocessFlags } from '../preprocess-options.js';
import { DreamreelError } from '../../errors.js';
import { integerIn } from '../validate.js';

export function modelsCommand(program: Command): void {
  const models = program.command('models').description('list, download and inspect models');
  models
    .command('list')
    .description('the models dreamreel knows, and whether each is here')
    .action(() => {
      const dir = modelsDir();
      process.stdout.write(`models directory: ${dir}\n`);
      for (const e of REGISTRY) {
        const here = isPulled(e, dir);
        process.stdout.write(`${e.name.padEnd(18)} ${here ? 'ready ' : 'absent'}  ${e.description}; layers: ${e.suggestedLayers.slice(0, 3).join(', ')}\n`);
      }
    });
  models
    .command('pull')
    .description('download a model into the models directory, verified')
    .argument('<name>', REGISTRY.map((e) => e.name).join(' | '))
    .option('--force', 'download again over an existing folder of that name, renaming that folder aside (never deleted)')
    .action(async (name: string, raw: { force?: boolean }) => {
      // Loaded here: zod is not loaded at start-up.
      const flags = (await import('../../options/models-pull.js')).modelsPullOptions.parse(raw);
      const entry = registryEntry(name);
      if (!entry) throw new DreamreelError(`unknown model "${name}": expected one of ${REGISTRY.map((e) => e.name).join(', ')}`);
      const { keptName, pullModel } = await import('../../dream/models/download.js');
      const keptAs = keptName(join(modelsDir(), entry.folders[0]!));
      const kept = flags.force && existsSync(join(modelsDir(), entry.folders[0]!));
      const path = await pullModel(entry, modelsDir(), ({ file, bytes, total }) => {
        if (total && bytes === total) process.stderr.write(`fetched ${file}\n`);
      }, { force: flags.force, keptAs });
      process.stdout.write(`${entry.name} ready in ${path}${kept ? `; the folder that was there is now ${keptAs}` : ''}\n`);
    });
  const layers = models
    .command('layers')
    .description('every addressable tensor with its shape at an input size; module paths (ONNX) first')
    .argument('<name|path>', 'registry model or model path')
    .option('-s, --size <px>', 'square input size', '224');
  addPreprocessOptions(layers).action(async (spec: string, flags: { size: string } & PreprocessFlags) => {
    const preprocess = preprocessSpec(flags);
    const { loadModel } = await import('../../dream/models/load-model.js');
    const net = await loadModel(spec, preprocess ? { preprocess } : {});
    const side = integerIn('--size', flags.size, 8, 4096);
    process.stdout.write(layerListing(net, side));
  });
}
