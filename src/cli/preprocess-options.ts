import type { Command } from 'commander';
import { PREPROCESS_NAMES, type PreprocessSpec } from '../dream/models/preprocess.js';
import { invalid, numberIn, oneOf } from './validate.js';

/** Flags that say how pixels become a network's input (ONNX files do not record it). */
export interface PreprocessFlags {
  preprocess?: string;
  mean?: string;
  std?: string;
  bgr?: boolean;
  scale?: string;
}

export function addPreprocessOptions(cmd: Command): Command {
  return cmd
    .option('--preprocess <kind>', `the model's input convention: ${PREPROCESS_NAMES.join(', ')} (default: the model's own; torch for .onnx)`)
    .option('--mean <r,g,b>', 'per-channel mean subtracted after --scale, in the network\'s channel order')
    .option('--std <r,g,b>', 'per-channel standard deviation divided by after the mean')
    .option('--bgr', 'the network reads channels in BGR order')
    .option('--scale <k>', 'what a white pixel becomes before the mean: 1 (torch), 255 (caffe)');
}

function triple(flag: string, raw: string, low: number, high: number): [number, number, number] {
  const parts = raw.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < low || p > high)) throw invalid(flag, `three numbers between ${low} and ${high} such as 0.485,0.456,0.406`, raw);
  return parts as [number, number, number];
}

/** The validated spec, or undefined when no flag was given (the model's own convention then). */
export function preprocessSpec(f: PreprocessFlags): PreprocessSpec | undefined {
  const spec: PreprocessSpec = {
    ...(f.preprocess !== undefined ? { preprocess: oneOf('--preprocess', f.preprocess, PREPROCESS_NAMES) } : {}),
    ...(f.mean !== undefined ? { mean: triple('--mean', f.mean, -1000, 1000) } : {}),
    ...(f.std !== undefined ? { std: triple('--std', f.std, 1e-6, 1000) } : {}),
    ...(f.bgr ? { bgr: true } : {}),
    ...(f.scale !== undefined ? { scale: numberIn('--scale', f.scale, 1e-6, 1e6) } : {}),
  };
  return Object.keys(spec).length ? spec : undefined;
}
