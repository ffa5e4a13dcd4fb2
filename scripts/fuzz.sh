#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 19, ASan+UBSan) and runs each for a bounded time.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30). Exits non-zero on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
cmake --preset fuzz >/dev/null
targets=(catalog_loader_fuzz probe_parsers_fuzz rule_loader_fuzz xlsx_reader_fuzz assess_inputs_fuzz ops_parsers_fuzz)
cmake --build --preset fuzz --target "${targets[@]}" >/dev/null
declare -A seed_dirs=([catalog_loader_fuzz]=catalog [probe_parsers_fuzz]=probes [rule_loader_fuzz]=rule
                      [xlsx_reader_fuzz]=xlsx [assess_inputs_fuzz]=assess [ops_parsers_fuzz]=ops)
for target in "${targets[@]}"; do
  seeds=fuzz/seeds/${seed_dirs[$target]}
  corpus=$(mktemp -d)
  echo "fuzz: $target for ${seconds}s"
  # -rss_limit_mb guards against runaway memory; crashes land in build/fuzz/artifacts/.
  mkdir -p build/fuzz/artifacts
  if ! build/fuzz/fuzz/$target "$corpus" "$seeds" -max_total_time="$seconds" -rss_limit_mb=2048 \
        -max_len=65536 -timeout=10 -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 \
        > "build/fuzz/$target.log" 2>&1; then
    tail -40 "build/fuzz/$target.log" >&2
    echo "fuzz: $target FAILED (log: build/fuzz/$target.log)" >&2
    rm -rf "$corpus"
    exit 1
  fi
  grep -E "stat::number_of_executed_units|cov:" "build/fuzz/$target.log" | tail -2
  rm -rf "$corpus"
done
