import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { icdManifests, onlySoftwareVulkan } from '../../src/dream/engines/vulkan-icds.js';
import { slowerThanCpu, softwareAdapter } from '../../src/dream/engines/probe-speed.js';

const dir = mkdtempSync(join(tmpdir(), 'dreamreel-icds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(folder: string, name: string, library: string): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: library, api_version: '1.3.0' } }));
  return path;
}

describe('which Vulkan drivers Dawn could get, read from their manifests', () => {
  const swiftshader = manifest(join(dir, 'chromium'), 'vk_swiftshader_icd.json', './libvk_swiftshader.so');
  const lavapipe = manifest(join(dir, 'data/vulkan/icd.d'), 'lvp_icd.x86_64.json', '/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so');
  const nvidia = manifest(join(dir, 'nvidia'), 'nvidia_icd.json', 'libGLX_nvidia.so.0');
  const base = { HOME: dir, XDG_CONFIG_DIRS: join(dir, 'none'), XDG_DATA_DIRS: join(dir, 'data') };

  it('names a software adapter when every driver runs on the CPU', () => {
    expect(onlySoftwareVulkan({ ...base, VK_ICD_FILENAMES: swiftshader })).toBe('SwiftShader');
    expect(softwareAdapter({ ...base, VK_ICD_FILENAMES: swiftshader })).toBe('software adapter (SwiftShader), slower than ort-cpu');
    // Found by the loader's search path, as Mesa installs it.
    expect(icdManifests(base)).toEqual([lavapipe]);
    expect(onlySoftwareVulkan(base)).toBe('lavapipe');
    expect(onlySoftwareVulkan({ ...base, VK_ADD_DRIVER_FILES: swiftshader })).toBe('SwiftShader, lavapipe');
  });

  it('says nothing when a hardware driver is among them, or there is none', () => {
    expect(onlySoftwareVulkan({ ...base, VK_ADD_DRIVER_FILES: nvidia })).toBeUndefined();
    expect(onlySoftwareVulkan({ ...base, VK_DRIVER_FILES: `${nvidia}:${swiftshader}` })).toBeUndefined();
    expect(onlySoftwareVulkan({ ...base, XDG_DATA_DIRS: join(dir, 'none') })).toBeUndefined();
  });

  it('passes over a provider the timed probe found slower than the CPU, and only then', () => {
    expect(slowerThanCpu({ cpuMs: 2.4, gpuMs: 2877.8 })).toBe('slower than ort-cpu here (2877.8 ms against 2.4 ms on a test network)');
    expect(slowerThanCpu({ cpuMs: 12, gpuMs: 1.5 })).toBeUndefined();
  });
});
