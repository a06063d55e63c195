import type { Command } from 'commander';
import { listModels, MODEL_NAMES, modelLayers, pullModel } from '../../api/models.js';
import { layerListingOptions, modelOptions, parseFlags } from '../../api/options.js';
import { addFlags, PREPROCESS_FLAGS } from '../flags.js';

export function modelsCommand(program: Command): void {
  const models = program.command('models').description('list, download and inspect models');
  models
    .command('list')
    .description('the models dreamreel knows, and whether each is here')
    .action(() => {
      const { dir, models: rows } = listModels();
      process.stdout.write(`models directory: ${dir}\n`);
      for (const e of rows)
        process.stdout.write(`${e.name.padEnd(18)} ${e.ready ? 'ready ' : 'absent'}  ${e.description}; layers: ${e.layers.slice(0, 3).join(', ')}\n`);
    });
  models
    .command('pull')
    .description('download a model into the models directory, verified')
    .argument('<name>', MODEL_NAMES.join(' | '))
    .option('--force', 'download again over an existing folder of that name, renaming that folder aside (never deleted)')
    .action(async (name: string, raw: { force?: boolean }) => {
      const { path, keptAs } = await pullModel(name, (file) => process.stderr.write(`fetched ${file}\n`), raw.force === true);
      process.stdout.write(`${name} ready in ${path}${keptAs ? `; the folder that was there is now ${keptAs}` : ''}\n`);
    });
  const layers = models
    .command('layers')
    .description('every addressable tensor with its shape at an input size; module paths (ONNX) first')
    .argument('<name|path>', 'registry model or model path')
    .option('-s, --size <px>', 'square input size', '224');
  addFlags(layers, modelOptions, PREPROCESS_FLAGS).action(async (spec: string, flags: Record<string, unknown>) => {
    const o = parseFlags(layerListingOptions, flags);
    process.stdout.write(await modelLayers(spec, o, o.size));
  });
}
