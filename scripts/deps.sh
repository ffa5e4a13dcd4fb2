#!/usr/bin/env bash
# Installs every Debian package Dengbao needs to build, test and fuzz. Idempotent: prints nothing
# and touches nothing when all packages are already present. Called by ./dev.sh (README) and CI.
set -euo pipefail

PACKAGES=(
  # toolchain
  g++ cmake ninja-build pkg-config git
  clang-19 libclang-rt-19-dev          # libFuzzer and sanitizers for the fuzz preset
  clang-format-19 clang-tidy-19        # lint (19: understands C++23 <expected>)
  # libraries
  libyaml-cpp-dev nlohmann-json3-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libzip-dev libpugixml-dev            # OOXML reports: zip container, XML parsing when reading
  libssl-dev                           # libcrypto: SHA-1 for OSCAL UUIDs, SHA-256 for the audit chain
  libcpp-httplib-dev                   # the HTTP server (dengbao serve)
  libargon2-dev                        # argon2id password hashes (dengbao serve accounts)
  libsqlite3-dev libpq-dev postgresql  # store backends; the server only for the store tests (throwaway cluster)
  # tests that drive the CLI
  python3 python3-yaml
  # report tests convert generated DOCX/XLSX with LibreOffice and read the PDF text back
  libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
  fonts-wqy-microhei                   # a small CJK font, so PDFs of Chinese documents carry the text
)

# Peer tools for the side-by-side benchmarks (bench/), installed only with --bench.
BENCH_PACKAGES=(lynis openscap-scanner ssg-debian time)
if [ "${1:-}" = "--bench" ]; then PACKAGES+=("${BENCH_PACKAGES[@]}"); fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
