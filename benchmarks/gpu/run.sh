#!/usr/bin/env bash
# Runs on the GPU machine from the folder benchmarks/gpu/prepare.sh made; needs nothing from outside
# (no registry, no apt). Prints the adapter, bench:train at the tutorial's 256x256 base 32 depth 5
# with batch 8 and 16, then one end-to-end epoch of `maskflow train` with the input pipeline on a
# synthetic Carvana-size set (1918x1280 JPEG + GIF masks).
#   ./run.sh            the real configuration
#   ./run.sh --tiny     a tiny one (32x32 base 4 depth 2), to check the folder works, e.g. on lavapipe
# Vulkan driver: the system's (NVIDIA's driver installs nvidia_icd.json); set MASKFLOW_VULKAN_ICD to
# use another manifest. Results: stdout, and results/*.json beside this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export PATH="$here/node/bin:$PATH"
export LD_LIBRARY_PATH="$here/vulkan/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export MALLOC_ARENA_MAX=2
cd "$here/project"
mkdir -p "$here/results"

if [ "${1:-}" = "--tiny" ]; then
  configs=32x4x2x2,32x4x2x4; train=(--size 32 --base-filters 4 --depth 2 --batch-size 4 --synthetic-cars 2 --split image --max-steps 4)
else
  configs=256x32x5x8,256x32x5x16; train=(--size 256 --base-filters 32 --depth 5 --batch-size 8 --synthetic-cars 40)
fi

echo "== node $(node --version), $(nproc) cores; nvidia-smi:"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "   (no nvidia-smi)"
for f in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do [ -f "$f" ] && echo "   Vulkan ICD: $f"; done
echo "== adapter (maskflow doctor)"
node packages/trainer/bin/maskflow.js doctor

echo "== bench:train on maskflow-webgpu: $configs"
node --import tsx benchmarks/train/benchTrain.ts --configs "$configs" --backends maskflow-webgpu --steps 10 --no-e2e --json \
  | tee "$here/results/bench-train.txt"
tail -1 "$here/results/bench-train.txt" >"$here/results/bench-train.json"

echo "== one end-to-end epoch: maskflow train --backend webgpu ${train[*]}"
node packages/trainer/bin/maskflow.js train --backend webgpu --preset tutorial --epochs 1 "${train[@]}" \
  --out "$here/results/run" --json | tee "$here/results/train.jsonl"
