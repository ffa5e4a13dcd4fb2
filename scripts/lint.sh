#!/usr/bin/env bash
# Lint: clang-format (no diff allowed), clang-tidy over the C++ sources, and a few house rules
# (no raw new/delete outside tests, no tabs in YAML data). Usage: scripts/lint.sh [BUILD_DIR]
# BUILD_DIR must hold compile_commands.json (default build/asan).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build/asan}
status=0

mapfile -t sources < <(git ls-files -co --exclude-standard 'src/*.cc' 'src/*.h' 'fuzz/*.cc' 'bench/*.cc')

if ! clang-format-19 --dry-run --Werror "${sources[@]}" 2>/tmp/dengbao-format.log; then
  echo "lint: clang-format differences (run: clang-format-19 -i <file>):" >&2
  grep -E "^[^ ].*: (error|warning)" /tmp/dengbao-format.log | cut -d: -f1 | sort -u >&2
  status=1
fi

# House rule (STYLE.md 7): no naked new/delete in product code.
if grep -nE '(^|[^_a-zA-Z])(new|delete) [A-Za-z_:<]' $(printf '%s\n' "${sources[@]}" | grep -v '_test\.cc$') \
    | grep -vE '^\S+:[0-9]+:\s*//' ; then
  echo "lint: raw new/delete found (use std::make_unique / values)" >&2
  status=1
fi

# YAML data must not contain tabs (YAML forbids them for indentation; they hide in editors).
if grep -rlP '\t' catalogs rules 2>/dev/null; then
  echo "lint: tab characters in YAML data above" >&2
  status=1
fi

if [ -f "$build_dir/compile_commands.json" ]; then
  tidy_sources=$(printf '%s\n' "${sources[@]}" | grep '^src/.*\.cc$' | grep -v '_test\.cc$')
  # -p: flags from the build; run two at a time on a 2-core machine.
  if ! printf '%s\n' $tidy_sources | xargs -P 2 -n 4 clang-tidy-19 -p "$build_dir" --quiet \
       > /tmp/dengbao-tidy.log 2>&1; then
    grep -E "(warning|error):" /tmp/dengbao-tidy.log | sort -u | head -50 >&2
    echo "lint: clang-tidy findings above (full log: /tmp/dengbao-tidy.log)" >&2
    status=1
  fi
else
  echo "lint: $build_dir/compile_commands.json missing; configure first (clang-tidy skipped)" >&2
  status=1
fi

[ $status -eq 0 ] && echo "lint: ok"
exit $status
