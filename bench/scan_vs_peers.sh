#!/usr/bin/env bash
# Side-by-side benchmark of a live level-3 host scan: Dengbao vs Lynis (and OpenSCAP when
# ssg-debian ships a data stream for this release; it has Debian 10/11 only). Also the --deep
# single-pass filesystem walk vs find(1) over the same tree. Writes its section of docs/benchmarks.md.
# Usage: bench/scan_vs_peers.sh [RUNS]   (default 5 Dengbao runs; peers run once: they are slow)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bash scripts/deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release --target dengbao >/dev/null
bin=$PWD/build/release/src/cli/dengbao
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure NAME CMD... -> appends "NAME wall_s cpu_s rss_mb" to $tmp/results
measure() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || true
  # GNU time prefixes "Command exited with non-zero status N" when a scan reports findings.
  read -r wall user sys rss < <(tail -n 1 "$tmp/time")
  awk -v n="$name" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
    'BEGIN { printf "%s %.2f %.2f %.1f\n", n, w, u + s, r / 1024 }' >>"$tmp/results"
}

for i in $(seq "$runs"); do measure "dengbao" "$bin" scan --level 3 --json; done
dengbao_checks=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["rules"]))' "$tmp/dengbao.out")
dengbao_units=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["units"]))' "$tmp/dengbao.out")

measure "lynis" lynis audit system --quick --no-colors --no-log --report-file "$tmp/lynis-report.dat"
lynis_checks=$(grep -c '^tests_executed' "$tmp/lynis-report.dat" 2>/dev/null || true)
if grep -q '^tests_executed=' "$tmp/lynis-report.dat" 2>/dev/null; then
  lynis_checks=$(grep '^tests_executed=' "$tmp/lynis-report.dat" | head -1 | cut -d= -f2 | tr '|' '\n' | grep -c .)
fi

. /etc/os-release
ds=/usr/share/xml/scap/ssg/content/ssg-debian${VERSION_ID%%.*}-ds.xml
oscap_note="skipped: ssg-debian ships no data stream for ${PRETTY_NAME} (it has Debian 10/11 only)"
if [ -f "$ds" ]; then
  measure "oscap" oscap xccdf eval --profile xccdf_org.ssgproject.content_profile_standard "$ds"
  oscap_note="profile standard of $(basename "$ds")"
fi

# --deep walk vs find over the same filesystem.
measure "dengbao-deep" "$bin" scan --level 3 --deep --json
measure "find" find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run \) -prune -o \
  \( -perm -4000 -o -perm -2000 -o \( -type f -perm -0002 \) -o -nouser -o -nogroup \) -print

median() { grep "^$1 " "$tmp/results" | sort -k2 -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
row() {
  local line
  line=$(median "$1")
  [ -n "$line" ] || return 0
  read -r _ wall cpu rss <<<"$line"
  echo "| $2 | $wall | $cpu | $rss | $3 |"
}

{
  echo "Measured by \`bench/scan_vs_peers.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores, $(uname -r), ${PRETTY_NAME}."
  echo "Reproduce: \`bash bench/scan_vs_peers.sh\` (as root, on the machine to scan). Dengbao: median of $runs runs;"
  echo "peers run once. CPU = user + system seconds; RSS = peak resident set (GNU time)."
  echo
  echo "## Live level-3 host scan (issue #3)"
  echo
  echo "| tool | wall s | CPU s | peak RSS MB | checks |"
  echo "|---|---|---|---|---|"
  row dengbao "Dengbao \`scan --level 3\`" "$dengbao_checks rules → $dengbao_units units"
  row lynis "Lynis \`audit system --quick\`" "${lynis_checks:-?} tests"
  if [ -f "$ds" ]; then row oscap "OpenSCAP xccdf eval" "$oscap_note"; else echo "| OpenSCAP | – | – | – | $oscap_note |"; fi
  echo
  echo "Targets (issue #3): full level-3 scan of a live host ≤ 1 s wall and ≤ 30 MB RSS on 2 cores."
  echo
  echo "## Whole-filesystem walk (\`scan --deep\`) vs find(1)"
  echo
  echo "| tool | wall s | CPU s | peak RSS MB | what |"
  echo "|---|---|---|---|---|"
  row dengbao-deep "Dengbao \`scan --deep\` (whole scan incl. walk)" "world-writable, unowned, SUID/SGID in one pass"
  row find "find / -xdev (same three tests)" "one pass"
} | bash bench/doc_section.sh scan
sed -n '/<!-- scan:begin -->/,/<!-- scan:end -->/p' docs/benchmarks.md
