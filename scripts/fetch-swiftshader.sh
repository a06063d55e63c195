#!/usr/bin/env bash
# SwiftShader, Google's Vulkan driver that runs on the CPU, for the GPU tests: Debian's
# chromium-common ships it. The package is downloaded and unpacked into .cache/swiftshader
# (gitignored), never installed: no chromium, nothing outside the checkout. Prints the manifest's
# path, which the tests read from DREAMREEL_TEST_VK_ICD (test/helpers/swiftshader.ts also looks there).
set -euo pipefail
cd "$(dirname "$0")/.."
root=.cache/swiftshader
manifest="$PWD/$root/usr/lib/chromium/vk_swiftshader_icd.json"
if [ ! -f "$manifest" ]; then
  mkdir -p "$root-deb"
  # apt downloads into the current folder; as root it warns that _apt cannot write there.
  (cd "$root-deb" && apt-get download -qq chromium-common 2>&1 | grep -v 'unsandboxed' >&2 || true)
  deb=$(ls "$root-deb"/chromium-common_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || { echo "fetch-swiftshader: apt-get download chromium-common gave no package" >&2; exit 1; }
  dpkg -x "$deb" "$root"
  rm -rf "$root-deb"
fi
[ -f "$manifest" ] || { echo "fetch-swiftshader: $manifest missing after unpacking" >&2; exit 1; }
echo "$manifest"
