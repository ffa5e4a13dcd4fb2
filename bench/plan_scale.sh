#!/usr/bin/env bash
# Scoring and planning at scale (issue #4 target: 1,000 systems × 211 units × 20 targets < 1 s).
# Builds the release preset with the benchmarks into build/bench, runs
#   plan_bench    the optimiser alone on 1,000 abstract systems (211 units × 20 cells each)
#   assess_bench  the whole path on 1,000 real assessments built from the shipped catalog:
#                 both profiles' scores, remediation items, cheapest passing plan
# and writes their section of docs/benchmarks.md. There is no peer tool that predicts MLPS
# scores or optimises rectification plans, so nothing runs beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh --bench
cmake --preset release -B build/bench -DDENGBAO_BENCH=ON -DDENGBAO_TESTS=OFF >/dev/null
cmake --build build/bench -j "$(nproc)" --target plan_bench assess_bench >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
build/bench/bench/plan_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$tmp/plan.json"
build/bench/bench/assess_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_format=json >"$tmp/assess.json"
. /etc/os-release
python3 - "$tmp/plan.json" "$tmp/assess.json" <<'PY' | bash bench/doc_section.sh plan
import json, sys
def medians(path):
    out = {}
    for b in json.load(open(path))["benchmarks"]:
        if b.get("aggregate_name") == "median":
            out[b["run_name"]] = b
    return out
plan, assess = medians(sys.argv[1]), medians(sys.argv[2])
print("## Scoring and planning at scale (issue #4)")
print()
print("Target: 1,000 systems × 211 units × 20 targets scored and planned in < 1 s on 2 cores.")
print("Reproduce: `bash bench/plan_scale.sh` (writes this section). Medians of repeated runs, wall time.")
print("No peer tool predicts MLPS scores or optimises rectification plans, so nothing runs beside it.")
print()
print("| benchmark | threads | wall ms | what one run does |")
print("|---|---|---|---|")
for name, b in sorted(plan.items()):
    t = name.split("/")[1] if "/" in name else "1"
    print(f"| optimiser (`plan_bench`) | {t} | {b['real_time']:.0f} | 1,000 systems × 211 units × 20 cells (4.2 M cells): score numerator + exact cheapest plan to 70 % |")
for name, b in sorted(assess.items()):
    t = name.split("/")[1]
    cells = int(b.get("cells", 0))
    print(f"| whole path (`assess_bench`) | {t} | {b['real_time']:.0f} | 1,000 real level-3 assessments × 20 targets ({cells/1000:.0f} k cells: a unit only applies to some target types): both profiles' scores with arithmetic, remediation items, exact cheapest passing plan |")
PY
sed -n '/<!-- plan:begin -->/,/<!-- plan:end -->/p' docs/benchmarks.md
