#!/usr/bin/env bash
# Installs the Debian packages winnow needs to build, test and benchmark.
# Does nothing when they are all present already.
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config
      libicu-dev libtbb-dev libxxhash-dev libcli11-dev
      zlib1g-dev libisal-dev libxml2-dev libbrotli-dev libzstd-dev libgtest-dev libgmock-dev libbenchmark-dev
      openmpi-bin libopenmpi-dev  # multi-rank runs (pipeline/dist); optional at configure time
      clang libclang-rt-14-dev
      time zstd
      chromium)  # the explain page's browser test (tests/explain_page_browser.sh)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
