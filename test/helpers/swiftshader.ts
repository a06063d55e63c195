import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The SwiftShader Vulkan manifest the GPU tests run ort-webgpu on: DREAMREEL_TEST_VK_ICD (set
 * by .ci/run), else the copy scripts/fetch-swiftshader.sh unpacks into .cache/swiftshader.
 * Undefined, with the reason in `swiftShaderMissing`, where neither is there.
 */
const fromEnv = process.env.DREAMREEL_TEST_VK_ICD;
const unpacked = resolve(process.cwd(), '.cache/swiftshader/usr/lib/chromium/vk_swiftshader_icd.json');

/** A variable that names a missing file is a mistake to hear about, not a reason to look elsewhere. */
const candidate = fromEnv || unpacked;
export const swiftShaderIcd: string | undefined = existsSync(candidate) ? candidate : undefined;

export const swiftShaderMissing = swiftShaderIcd
  ? undefined
  : fromEnv
    ? `DREAMREEL_TEST_VK_ICD names ${fromEnv}, which does not exist`
    : 'no SwiftShader manifest: set DREAMREEL_TEST_VK_ICD or run scripts/fetch-swiftshader.sh';

/** The environment of a child process whose only Vulkan driver is SwiftShader. */
export const onSwiftShader = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  VK_ICD_FILENAMES: swiftShaderIcd,
  VK_DRIVER_FILES: swiftShaderIcd,
  ...extra,
});
