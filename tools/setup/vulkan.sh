#!/usr/bin/env bash
# The software Vulkan driver the webgpu tests run on: Mesa 25's lavapipe from Debian's
# bookworm-backports, unpacked into <repo>/.cache/mesa-vulkan without touching the system's Mesa.
#
# Why not the system's: Debian 12's own lavapipe (Mesa 22.3) is rejected by Dawn
# ("shaderUniform*ArrayDynamicIndexing required"). Why not `apt-get install -t bookworm-backports`:
# that would replace the machine's Mesa for every program on it. So the package is downloaded with
# a private apt source list and unpacked with `dpkg -x`; its run-time libraries (libLLVM-15, the
# xcb/wayland client libraries it links) are ordinary bookworm packages and are installed normally.
#
# @maskflow/webgpu finds the driver through .cache/mesa-vulkan/lvp_icd.json (absolute library path),
# so no environment variable has to be set by hand. Idempotent: a second run only checks.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cache="$root/.cache/mesa-vulkan"
icd="$cache/lvp_icd.json"
say() { echo "[setup] $*" >&2; }

runtime_libs=(libvulkan1 libllvm15 libdrm2 libdrm-amdgpu1 libelf1 libexpat1 libzstd1 libwayland-client0
  libx11-xcb1 libxcb-dri3-0 libxcb-present0 libxcb-randr0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxshmfence1)

missing=()
for p in "${runtime_libs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
lib="$(find "$cache/root" -name libvulkan_lvp.so 2>/dev/null | head -1)"
if [ ${#missing[@]} -eq 0 ] && [ -n "$lib" ] && [ -f "$icd" ]; then exit 0; fi

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  say "the webgpu tests need Mesa 25's lavapipe: run 'sudo bash tools/setup/vulkan.sh' once (Debian 12)"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive

if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} (run-time libraries of the software Vulkan driver)"
  if ! (apt-get update -qq && apt-get install -y -qq "${missing[@]}") >/tmp/maskflow-setup-vulkan.log 2>&1; then
    tail -20 /tmp/maskflow-setup-vulkan.log >&2
    say "apt-get install failed (log: /tmp/maskflow-setup-vulkan.log)"
    exit 1
  fi
fi

if [ -z "$lib" ] || [ ! -f "$icd" ]; then
  say "downloading mesa-vulkan-drivers from bookworm-backports into .cache/mesa-vulkan (system Mesa untouched)"
  apt_dir="$cache/apt"
  rm -rf "$cache/root" "$apt_dir"
  mkdir -p "$apt_dir/lists/partial" "$cache/root"
  echo 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main' \
    >"$apt_dir/sources.list"
  opts=(-o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$apt_dir/lists")
  # apt's download sandbox user cannot write into a root-owned project folder; the files are
  # still verified against the signed Release file.
  chmod 777 "$apt_dir"
  if ! (apt-get "${opts[@]}" update -qq && cd "$apt_dir" && apt-get "${opts[@]}" download -qq mesa-vulkan-drivers/bookworm-backports) \
    >/tmp/maskflow-setup-vulkan.log 2>&1; then
    tail -20 /tmp/maskflow-setup-vulkan.log >&2
    say "could not download mesa-vulkan-drivers from bookworm-backports (log: /tmp/maskflow-setup-vulkan.log)"
    exit 1
  fi
  dpkg -x "$apt_dir"/mesa-vulkan-drivers_*.deb "$cache/root"
  lib="$(find "$cache/root" -name libvulkan_lvp.so | head -1)"
  api="$(sed -n 's/.*"api_version": *"\([^"]*\)".*/\1/p' "$cache/root/usr/share/vulkan/icd.d/lvp_icd.json")"
  printf '{\n  "file_format_version": "1.0.0",\n  "ICD": { "api_version": "%s", "library_path": "%s" }\n}\n' "${api:-1.3.0}" "$lib" >"$icd"
  version="$(dpkg-deb -f "$apt_dir"/mesa-vulkan-drivers_*.deb Version)"
  rm -f "$apt_dir"/*.deb
  say "lavapipe (mesa-vulkan-drivers $version) ready: $icd"
fi
