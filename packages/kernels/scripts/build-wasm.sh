#!/usr/bin/env sh
# Builds wasm/kernels.wasm from csrc/*.c with Debian's clang-14 and lld-14
# (apt-get install clang-14 lld-14). The .wasm is committed: users and CI need no compiler.
# Shared, growable memory imported from JS so worker threads run the same kernels on the same data.
set -eu
cd "$(dirname "$0")/.."
CLANG="${CLANG:-clang-14}"
OUT="${1:-wasm/kernels.wasm}"
"$CLANG" --target=wasm32 -O3 -msimd128 -matomics -mbulk-memory -mmutable-globals -nostdlib -ffreestanding \
  -fno-builtin -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--export-dynamic -Wl,--import-memory -Wl,--shared-memory \
  -Wl,--max-memory=4294967296 -Wl,-z,stack-size=65536 \
  -Wl,--export=__stack_pointer -Wl,--export=__heap_base \
  -o "$OUT" csrc/*.c
# Record what the committed binary was built from, so a test without a compiler still catches
# C sources (or this script) changed without a rebuild.
if [ "$OUT" = "wasm/kernels.wasm" ]; then
  sha256sum csrc/*.c csrc/*.h scripts/build-wasm.sh > wasm/kernels.wasm.sources
fi
