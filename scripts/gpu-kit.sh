#!/usr/bin/env bash
# Packs everything the GPU measurement needs on a machine with nothing to download:
#   gpu-kit/dreamreel-gpu-kit.tar.xz  (kept out of git, see .gitignore), holding
#   bin/node                     this machine's Node (self-contained)
#   dreamreel/                   dist/, package.json, scripts/gpu-measure.mjs and the production
#                                node_modules, pruned (onnxruntime-node: linux x64 only; tfjs: the
#                                Node bundles only; no maps, typings or docs)
#   models/                      MobileNet 0.25 (real weights), GoogLeNet's deploy.prototxt, and
#                                its 28 MB of weights only if the kit stays under the limit
#   run.sh                       unpacked there: runs the measurement, figures to $OUT
# Usage: scripts/gpu-kit.sh [--no-build]; KIT_LIMIT_MIB (default 64), DREAMREEL_SHARED (../shared).
set -euo pipefail
cd "$(dirname "$0")/.."
LIMIT_MIB=${KIT_LIMIT_MIB:-64}
SHARED=${DREAMREEL_SHARED:-../shared}
OUT=gpu-kit
KIT=$OUT/dreamreel-gpu-kit.tar.xz
STAGE=$(mktemp -d)
PACKAGES=
trap 'rm -rf "$STAGE" "$PACKAGES"' EXIT

[ "${1:-}" = "--no-build" ] || npm run build >/dev/null
mkdir -p "$OUT" "$STAGE/bin" "$STAGE/dreamreel/scripts" "$STAGE/models"
cp "$(command -v node)" "$STAGE/bin/node"
cp -r dist package.json "$STAGE/dreamreel/"
cp scripts/gpu-measure.mjs "$STAGE/dreamreel/scripts/"

# The production dependency tree, without what Node never loads.
PACKAGES=$(mktemp)
npm ls --omit=dev --all --parseable 2>/dev/null | sed "s#^$PWD/##" | grep '^node_modules/' | sort -u >"$PACKAGES"
tar -cf - \
  --exclude='*.map' --exclude='*.d.ts' --exclude='*.md' --exclude='*.markdown' --exclude='*.ts' \
  --exclude='onnxruntime-node/bin/napi-v6/darwin' --exclude='onnxruntime-node/bin/napi-v6/win32' \
  --exclude='onnxruntime-node/bin/napi-v6/linux/arm64' \
  -T "$PACKAGES" | tar -xf - -C "$STAGE/dreamreel"
# tfjs packages: Node loads each one's "main" bundle (and the wasm backend its .wasm files).
for pkg in "$STAGE"/dreamreel/node_modules/@tensorflow/*; do
  main=$(node -e "console.log(require('$pkg/package.json').main.replace(/^\\.\\//, ''))")
  find "$pkg" -type f ! -path "$pkg/package.json" ! -path "$pkg/$main" ! -name '*.wasm' ! -path "$pkg/node_modules/*" -delete
done

cp -r "$SHARED/models/mobilenet_v1_0.25_224" "$STAGE/models/"
mkdir -p "$STAGE/models/bvlc_googlenet"
cp "$SHARED/models/bvlc_googlenet/deploy.prototxt" "$STAGE/models/bvlc_googlenet/"

cat >"$STAGE/run.sh" <<'EOF'
#!/usr/bin/env bash
# On the GPU machine, after `tar -xJf dreamreel-gpu-kit.tar.xz -C DIR`: DIR/run.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
mkdir -p "$out"
export PATH="$here/bin:$PATH" DREAMREEL_MODELS="$here/models" DREAMREEL_GOOGLENET="$here/models/bvlc_googlenet"
export XDG_CACHE_HOME="$out/cache" GPU_MEASURE_JSON="$out/gpu-measure.json"
{ nvidia-smi -L; ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null; node -v; } 2>&1 | tee "$out/machine.txt"
node "$here/dreamreel/scripts/gpu-measure.mjs" 2>"$out/stderr.txt" | tee "$out/gpu-measure.txt"
EOF
chmod +x "$STAGE/run.sh"

pack() { tar -C "$STAGE" -cf - . | xz -6 -T0 >"$KIT.partial" && mv "$KIT.partial" "$KIT"; }
pack
size=$(stat -c %s "$KIT")
weights=$(du -sb "$SHARED/models/bvlc_googlenet/weights" | cut -f1)
# Float weights hardly compress: carry them only if the kit stays under the limit raw.
if [ $((size + weights)) -lt $((LIMIT_MIB * 1024 * 1024)) ]; then
  cp -r "$SHARED/models/bvlc_googlenet/weights" "$STAGE/models/bvlc_googlenet/"
  pack
  size=$(stat -c %s "$KIT")
fi
echo "$KIT: $((size / 1024 / 1024)) MiB ($size bytes; limit $LIMIT_MIB MiB)$( [ -d "$STAGE/models/bvlc_googlenet/weights" ] && echo ', GoogLeNet weights carried' || echo ', GoogLeNet weights generated there')"
[ "$size" -lt $((LIMIT_MIB * 1024 * 1024)) ] || { echo "the kit is over $LIMIT_MIB MiB" >&2; exit 1; }
