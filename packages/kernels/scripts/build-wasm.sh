#!/usr/bin/env sh
# Builds the two WebAssembly kernel modules from csrc/*.c into DIR (default wasm/), both committed
# (users and CI need no compiler):
# - kernels.wasm: plain SIMD, Debian's clang-14 + lld-14 (apt-get install clang-14 lld-14);
# - kernels-relaxed.wasm: the same sources with relaxed SIMD (MASKFLOW_RELAXED_SIMD: the
#   convolution micro-kernels' multiply-adds as f32x4.relaxed_madd), Debian's clang-16 + lld-16
#   (clang-14 emits the proposal's pre-standard opcodes, which V8 rejects).
# Shared, growable memory imported from JS so worker threads run the same kernels on the same data.
set -eu
cd "$(dirname "$0")/.."
DIR="${1:-wasm}"
build() {
  clang="$1"; out="$2"; shift 2
  "$clang" --target=wasm32 -O3 -msimd128 "$@" -matomics -mbulk-memory -mmutable-globals -nostdlib -ffreestanding \
    -fno-builtin -Wall -Wextra -Werror \
    -Wl,--no-entry -Wl,--export-dynamic -Wl,--import-memory -Wl,--shared-memory \
    -Wl,--max-memory=4294967296 -Wl,-z,stack-size=65536 \
    -Wl,--export=__stack_pointer -Wl,--export=__heap_base \
    -o "$out" csrc/*.c
}
build "${CLANG:-clang-14}" "$DIR/kernels.wasm"
build "${CLANG_RELAXED:-clang-16}" "$DIR/kernels-relaxed.wasm" -mrelaxed-simd -DMASKFLOW_RELAXED_SIMD
# Record what the committed binaries were built from, so a test without a compiler still catches
# C sources (or this script) changed without a rebuild.
if [ "$DIR" = "wasm" ]; then
  sha256sum csrc/*.c csrc/*.h scripts/build-wasm.sh > wasm/kernels.wasm.sources
fi
