#!/usr/bin/env node
// The README's first command: dream the bundled sample clip. On the project's own offline
// machines the models come from ../shared/models; anywhere else dreamreel downloads
// GoogLeNet (53 MB, checksum-verified) into its cache on first use.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
if (!env.DREAMREEL_MODELS && existsSync('../shared/models/bvlc_googlenet')) env.DREAMREEL_MODELS = '../shared/models';
const args = ['dist/cli/main.js', 'render', 'samples/clip.mp4', '-o', 'dream.mp4', ...process.argv.slice(2)];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
