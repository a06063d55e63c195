import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * Which Vulkan drivers (ICDs) the Vulkan loader would offer Dawn, read from their JSON
 * manifests the way the loader finds them (VK_DRIVER_FILES / VK_ICD_FILENAMES override the
 * search; VK_ADD_DRIVER_FILES adds to it). ONNX Runtime does not tell which adapter Dawn
 * picked, even in its verbose log, so this is how dreamreel names a software adapter: when
 * every driver Dawn could see runs on the CPU, the WebGPU adapter is a software one.
 */

/** Library names of Vulkan drivers that run on the CPU, and what to call them. */
const SOFTWARE_DRIVERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/swiftshader/i, 'SwiftShader'],
  [/lvp|lavapipe/i, 'lavapipe'],
  [/llvmpipe/i, 'llvmpipe'],
  [/mock_icd/i, 'Vulkan mock driver'],
];

function listSplit(value: string | undefined): string[] {
  return (value ?? '').split(':').filter((p) => p !== '');
}

function manifestsIn(path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(path, f));
  } catch {
    return [];
  }
}

/** The manifest files the loader would read, in its order. */
export function icdManifests(env: NodeJS.ProcessEnv = process.env): string[] {
  const override = listSplit(env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES);
  const added = listSplit(env.VK_ADD_DRIVER_FILES);
  if (override.length > 0) return [...override, ...added].flatMap(manifestsIn);
  const config = listSplit(env.XDG_CONFIG_DIRS ?? '/etc/xdg');
  const data = listSplit(env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share');
  const home = env.XDG_DATA_HOME ?? join(env.HOME ?? homedir(), '.local/share');
  const dirs = [...config, '/etc', ...data, home].map((d) => join(d, 'vulkan/icd.d'));
  return [...added, ...dirs].flatMap(manifestsIn);
}

/** The driver library a manifest names, or undefined when it cannot be read. */
function driverLibrary(manifest: string): string | undefined {
  try {
    const json = JSON.parse(readFileSync(manifest, 'utf8')) as { ICD?: { library_path?: unknown } };
    const path = json.ICD?.library_path;
    return typeof path === 'string' ? basename(path) : undefined;
  } catch {
    return undefined;
  }
}

/** What to call a driver library when it runs on the CPU; undefined for a hardware driver. */
export function softwareDriverName(library: string): string | undefined {
  return SOFTWARE_DRIVERS.find(([pattern]) => pattern.test(library))?.[1];
}

/**
 * The software drivers' names (e.g. "SwiftShader") when every Vulkan driver the loader would
 * offer runs on the CPU; undefined when there is none, or any may be a real GPU's.
 */
export function onlySoftwareVulkan(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const libraries = icdManifests(env)
    .map(driverLibrary)
    .filter((l): l is string => l !== undefined);
  if (libraries.length === 0) return undefined;
  const names = libraries.map(softwareDriverName);
  if (names.some((n) => n === undefined)) return undefined;
  return [...new Set(names)].join(', ');
}
