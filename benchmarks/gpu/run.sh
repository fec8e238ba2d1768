#!/usr/bin/env bash
# Runs on the GPU machine from the folder benchmarks/gpu/prepare.sh made; needs nothing from outside
# (no registry, no apt, no root). In order, each step bounded in time, results in results/ beside this script:
#   1. the Vulkan driver: each NVIDIA manifest found is tried until `maskflow doctor` picks maskflow-webgpu
#      (stops here when none does, printing what the loader said),
#   2. bench:train on maskflow-webgpu at the tutorial's 256x256 base 32 depth 5, batch 8 and 16, and the
#      same step in PyTorch on CUDA (float32, then TF32) when python3 imports torch with CUDA,
#   3. Maskflow's WebGPU tests on this adapter, and bench:kernels --step (stock vs Maskflow's kernels),
#   4. bench:generalization on a raster-drawn set (12 cars x 16 views, 1918x1280, drawn here while 2-3 run):
#      --preset tutorial, then the CPU preset's recipe at the tutorial's model (256, base 32, batch 8).
#   ./run.sh [--tiny] [--budget SECONDS] [--steps train,tests,kernels,generalization]
#   --tiny: 32x32 base 4 depth 2 and 2 cars, to check a folder (e.g. on lavapipe); --steps: which of 2-4 run (all by default;
#   train includes PyTorch).
# MASKFLOW_VULKAN_ICD=/path/icd.json skips step 1's search.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tiny=""; budget=540; steps=train,tests,kernels,generalization
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) tiny=1 ;;
    --budget) budget="$2"; shift ;;
    --steps) steps="$2"; shift ;;
    *) echo "usage: run.sh [--tiny] [--budget SECONDS] [--steps train,tests,kernels,generalization]" >&2; exit 2 ;;
  esac
  shift
done
for s in ${steps//,/ }; do
  case "$s" in train|tests|kernels|generalization) ;; *) echo "run.sh: unknown step '$s' in --steps (train, tests, kernels, generalization)" >&2; exit 2 ;; esac
done
wants() { case ",$steps," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
t0=$(date +%s)
left() { echo $(( budget - ($(date +%s) - t0) )); }
step() { echo "== [t+$(( $(date +%s) - t0 ))s] $*"; }
results="$here/results"; mkdir -p "$results"
exec > >(tee -a "$results/log.txt") 2>&1

# The Vulkan loader and GLVND. As root on a machine without a loader (`ldconfig -p` has no libvulkan),
# they go where the system's own would be, then ldconfig: the lender's recipe, and how NVIDIA's driver
# started on an H200 (with only the loader, on LD_LIBRARY_PATH and no GLVND, it did not; whether GLVND
# on LD_LIBRARY_PATH would do is untried). Otherwise they are unpacked beside the folder (never into /)
# and put first on the library path.
export PATH="$here/node/bin:$PATH"
if [ "$(id -u)" = 0 ] && ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' && [ -z "$tiny" ]; then
  for deb in "$here"/debs/*.deb; do dpkg-deb -x "$deb" /; done; ldconfig
  echo "-- loader and GLVND unpacked into / (root, no libvulkan.so.1 there before)"
else
  if [ ! -d "$here/gl" ]; then for deb in "$here"/debs/*.deb; do dpkg-deb -x "$deb" "$here/gl"; done; fi
  export LD_LIBRARY_PATH="$here/gl/usr/lib/x86_64-linux-gnu:/usr/local/nvidia/lib64${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# GLVND finds NVIDIA's EGL vendor library by this manifest; NVIDIA containers keep it under /usr/local/nvidia.
for egl in /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json /usr/share/glvnd/egl_vendor.d/10_nvidia.json; do
  if [ -f "$egl" ] && [ -z "${__EGL_VENDOR_LIBRARY_FILENAMES:-}" ]; then export __EGL_VENDOR_LIBRARY_FILENAMES=$egl; fi
done
export MALLOC_ARENA_MAX=2
cd "$here/project"
maskflow() { node packages/trainer/bin/maskflow.js "$@"; }

step "node $(node --version), $(nproc) cores; $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"
if [ -z "${MASKFLOW_VULKAN_ICD:-}" ]; then
  # Container runtimes put NVIDIA's manifest in different places, and one of them can name a library
  # the loader cannot use (seen on an H200 host: /usr/share/vulkan/icd.d/nvidia_icd.json, "Could not get
  # 'vkCreateInstance' via 'vk_icdGetInstanceProcAddr'"): try each until doctor picks maskflow-webgpu.
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json \
             /usr/share/vulkan/icd.d/nvidia_icd.json /usr/local/share/vulkan/icd.d/nvidia_icd.json; do
    [ -f "$icd" ] || continue
    echo "-- $icd: $(tr -d ' \n' <"$icd")"
    if MASKFLOW_VULKAN_ICD=$icd timeout 60 node packages/trainer/bin/maskflow.js doctor >"$results/doctor.txt" 2>&1 &&
       grep -q '^backend: *maskflow-webgpu' "$results/doctor.txt"; then
      export MASKFLOW_VULKAN_ICD=$icd; break
    fi
    grep -i 'warning\|webgpu:' "$results/doctor.txt" | head -4
    # What the loader and the driver said, for the next person: errors, warnings and driver lines only.
    MASKFLOW_VULKAN_ICD=$icd VK_LOADER_DEBUG=error,warn,driver timeout 60 node packages/trainer/bin/maskflow.js doctor 2>&1 |
      grep -v '^ *$' | head -30 >"$results/loader-$(echo "$icd" | tr / _).txt"
  done
  if [ -z "${MASKFLOW_VULKAN_ICD:-}" ] && [ -z "$tiny" ]; then
    step "no NVIDIA manifest gave a hardware adapter: stopping (what the machine has below; loader-*.txt in results/)"
    echo "NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-unset} __EGL_VENDOR_LIBRARY_FILENAMES=${__EGL_VENDOR_LIBRARY_FILENAMES:-unset}"
    ls /dev/nvidia* /dev/dri 2>&1 | tr '\n' ' '; echo
    ls /usr/local/nvidia/lib64 2>/dev/null | grep -i 'gl\|egl\|vk\|spirv\|gpucomp' | tr '\n' ' '; echo
    ldd /usr/local/nvidia/lib64/libGLX_nvidia.so.0 /usr/local/nvidia/lib64/libEGL_nvidia.so.0 2>/dev/null | grep 'not found'
    head -c 3000 "$results"/loader-*.txt
    exit 4
  fi
fi
step "adapter (maskflow doctor), manifest ${MASKFLOW_VULKAN_ICD:-none set: the loader searches}"
maskflow doctor

if [ -n "$tiny" ]; then
  configs=32x4x2x2,32x4x2x4; kernels=32x4x2x2; cars=2
  tutorial=(--split image --size 32 --base-filters 4 --depth 2 --max-steps 4); recipe=(--size 32 --base-filters 4 --depth 2 --epochs 2)
else
  configs=256x32x5x8,256x32x5x16; kernels=256x32x5x8; cars=12; tutorial=()
fi
if wants generalization; then
  step "drawing the raster set ($cars cars) in the background"
  data=/tmp/maskflow-gpu-raster25
  (node --import tsx --input-type=module -e "const { generateRasterCarvana } = await import('./benchmarks/generalization/generateRasterCarvana.ts');
    console.log(await generateRasterCarvana({ outDir: '$data', cars: $cars, seed: 25 }));" >"$results/data.txt" 2>&1) &
  drawing=$!
fi

if wants train; then
  step "bench:train on maskflow-webgpu: $configs"
  timeout 240 node --import tsx benchmarks/train/benchTrain.ts --configs "$configs" --backends maskflow-webgpu --steps 10 --no-e2e --json |
    tee "$results/bench-train.txt"
  if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
    step "the same step in PyTorch on CUDA: float32, then TF32"
    for tf32 in "" --tf32; do
      timeout 90 python3 benchmarks/train/torchUnetStep.py --device cuda $tf32 --configs "$configs" --steps 10 --warmup 3 | tee -a "$results/torch.jsonl"
    done
  fi
fi
if wants tests; then
  step "Maskflow's WebGPU tests on this adapter (whole output in tests.txt)"
  timeout 120 node node_modules/vitest/vitest.mjs run --reporter=verbose packages/webgpu packages/model/src/webgpuBackend.test.ts >"$results/tests.txt" 2>&1
  grep -E '✗|×|FAIL|AssertionError|Expected|Received|Test Files|Tests ' "$results/tests.txt" | head -40
fi
if wants kernels; then
  # bench:kernels prints each part as it ends (the step's profile by kernel, then the per-convolution rows,
  # then the fused training ops) and its time on stderr: a run cut off by the limit keeps what it measured.
  # On an H200 at 256x32x5x8 the whole of it took over 150 s.
  step "bench:kernels --step at $kernels (150 s at most)"
  timeout 150 node --import tsx benchmarks/webgpu/benchKernels.ts --config "$kernels" --reps 3 --step 2>&1 | tee "$results/kernels.txt"
fi

if wants generalization; then
  wait "$drawing"; step "raster set: $(tail -1 "$results/data.txt")"
  step "bench:generalization --preset tutorial on maskflow-webgpu"
  TMPDIR="$results" timeout 240 node --import tsx benchmarks/generalization/benchGeneralization.ts --data "$data" --presets tutorial --keep --json \
    -- --backend webgpu "${tutorial[@]}" | tee "$results/generalization-tutorial.txt"
  if [ -z "$tiny" ]; then
    minutes=$(awk -v s="$(left)" 'BEGIN { m = (s - 75) / 60; if (m > 3) m = 3; if (m < 0.5) m = 0.5; printf "%.1f", m }')
    recipe=(--size 256 --base-filters 32 --max-filters 0 --batch-size 8 --epochs 60 --max-minutes "$minutes")
  fi
  step "bench:generalization: the CPU preset's recipe at the tutorial's model on maskflow-webgpu (${recipe[*]})"
  TMPDIR="$results" timeout $(( $(left) > 90 ? $(left) : 90 )) node --import tsx benchmarks/generalization/benchGeneralization.ts --data "$data" \
    --presets cpu --keep --json -- --backend webgpu "${recipe[@]}" | tee "$results/generalization-recipe.txt"
  rm -rf "$results"/tsx-*
fi
step "done: $results"
