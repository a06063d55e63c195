// tsc compiles TypeScript only; Caffe's schema and its licence travel beside the compiled loader.
import { cpSync } from 'node:fs';
for (const file of ['caffe.proto', 'LICENSE.caffe']) cpSync(`src/dream/models/caffe/${file}`, `dist/dream/models/caffe/${file}`);
// The dashboard's page is static files served as they are: no build step of its own.
cpSync('src/dashboard/public', 'dist/dashboard/public', { recursive: true });
