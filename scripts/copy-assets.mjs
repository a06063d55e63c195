// tsc compiles TypeScript only; Caffe's schema and its licence travel beside the compiled loader.
import { cpSync } from 'node:fs';
for (const file of ['caffe.proto', 'LICENSE.caffe']) cpSync(`src/dream/models/caffe/${file}`, `dist/dream/models/caffe/${file}`);
