#!/usr/bin/env bash
# Provision what the test suite needs on a fresh Debian 12 machine, then get out of the way.
# `pnpm test` runs this before vitest, and `.ci/run` runs `pnpm test`, so both see one list.
# Each need is checked first; on a provisioned machine this takes well under a second.
#
# - fonts-dejavu-core + fontconfig: plots render their text through fontconfig;
# - chromium: the browser demo's end-to-end test drives it;
# - clang-14 + lld-14 and clang-16 + lld-16: the kernels' test rebuilds wasm/kernels.wasm (clang-14)
#   and wasm/kernels-relaxed.wasm (clang-16, relaxed SIMD) and compares them byte for byte;
# - the software Vulkan driver for the webgpu tests: tools/setup/vulkan.sh (a project cache folder,
#   the system's Mesa untouched).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
say() { echo "[setup] $*" >&2; }

need=()
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core fontconfig)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
{ command -v clang-14 >/dev/null 2>&1 && command -v wasm-ld-14 >/dev/null 2>&1; } || need+=(clang-14 lld-14)
{ command -v clang-16 >/dev/null 2>&1 && command -v wasm-ld-16 >/dev/null 2>&1; } || need+=(clang-16 lld-16)
[ -e /usr/lib/x86_64-linux-gnu/libvulkan.so.1 ] || need+=(libvulkan1)

status=0
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing: ${need[*]}. Install them with: sudo apt-get install -y ${need[*]}"
    status=1
  else
    say "installing ${need[*]} (apt-get, about a minute on a fresh machine)"
    export DEBIAN_FRONTEND=noninteractive
    if ! (apt-get update -qq && apt-get install -y -qq "${need[@]}") >/tmp/maskflow-setup-apt.log 2>&1; then
      tail -20 /tmp/maskflow-setup-apt.log >&2
      say "apt-get install failed (log: /tmp/maskflow-setup-apt.log): the tests that need ${need[*]} will fail"
      status=1
    fi
  fi
fi

if [ -x "$here/vulkan.sh" ]; then
  "$here/vulkan.sh" || status=1
fi

# A provisioning problem is reported above; the suite still runs so every other test reports.
[ "$status" = 0 ] || say "provisioning incomplete; running the tests anyway"
exit 0
