#!/usr/bin/env bash
# 重新生成 scans/<服务器>.json：按 tests/scan/fixtures_test.py 的方式准备离线目录
# （复制 root/、应用 modes.tsv 属主与权限、运行 extend.sh、应用 mtimes.tsv），
# 再执行 `dengbao scan --root 目录 --level 3 --json`。
# Regenerates the saved scans of the example servers from hosts/<id>/ the way the host-fixture
# test runner prepares trees. Needs root (modes.tsv sets owners). Uses $DENGBAO_BIN, else
# build/release/src/cli/dengbao of this repository.
#
# 输出稳定：只有 scanned_at 会变；host（临时目录）改写为 hosts/<id>/root，duration_ms 置 0。
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
example=$(dirname "$here")
repo=$(cd "$example/../.." && pwd)
bin=${DENGBAO_BIN:-$repo/build/release/src/cli/dengbao}
servers=(his-app-01 his-app-02 his-db-01)

if [[ ! -x $bin ]]; then
  echo "regenerate.sh: 找不到 dengbao 可执行文件 / binary not found: $bin（可设置 DENGBAO_BIN）" >&2
  exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "regenerate.sh: 需要 root 才能按 modes.tsv 设置属主 / needs root to apply owners from modes.tsv" >&2
  exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

prepare() {  # prepare <host dir> <dest root>
  local src=$1 root=$2 path mode uid gid days target now
  cp -a "$src/root" "$root"
  if [[ -f $src/modes.tsv ]]; then
    while IFS=$'\t' read -r path mode uid gid || [[ -n $path ]]; do
      [[ -z $path || $path == \#* ]] && continue
      target=$root/${path#/}
      [[ -e $target || -L $target ]] || continue
      chown -h "$uid:$gid" "$target"          # owner first: chown clears setuid/setgid
      [[ -L $target ]] || chmod "$mode" "$target"
    done < "$src/modes.tsv"
  fi
  if [[ -f $src/extend.sh ]]; then
    bash "$src/extend.sh" "$root"
  fi
  if [[ -f $src/mtimes.tsv ]]; then
    now=$(date +%s)
    while IFS=$'\t' read -r path days || [[ -n $path ]]; do
      [[ -z $path || $path == \#* ]] && continue
      target=$root/${path#/}
      if [[ ! -e $target && ! -L $target ]]; then
        echo "regenerate.sh: $src/mtimes.tsv: $path 不存在 / does not exist" >&2
        return 1
      fi
      touch -h -d "@$(awk -v n="$now" -v d="$days" 'BEGIN { printf "%d", n - d * 86400 }')" "$target"
    done < "$src/mtimes.tsv"
  fi
}

for id in "${servers[@]}"; do
  mkdir -p "$tmp/$id"
  prepare "$example/hosts/$id" "$tmp/$id/root"
  rc=0
  "$bin" scan --root "$tmp/$id/root" --level 3 --json \
    --catalog "$repo/catalogs/gbt22239-2019" --rules "$repo/rules" > "$tmp/$id.json" || rc=$?
  # 0 = 全部通过，1 = 有不符合项；其他退出码表示扫描失败 / 0 clean, 1 findings, else failure
  if [[ $rc -gt 1 || ! -s $tmp/$id.json ]]; then
    echo "regenerate.sh: 扫描 $id 失败 / scan failed (exit $rc, $(wc -c < "$tmp/$id.json") bytes of JSON)" >&2
    exit 1
  fi
  python3 - "$tmp/$id.json" "$here/$id.json" "$id" <<'PY'
import json, sys
src, dst, host_id = sys.argv[1:]
with open(src, encoding="utf-8") as f:
    doc = json.load(f)
doc["host"] = f"rootfs:hosts/{host_id}/root"
doc["duration_ms"] = 0
with open(dst, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=1)
    f.write("\n")
PY
  echo "$id: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["os"]["name"], d["summary"]["units"], "高风险", d["high_risk"])' "$here/$id.json")"
done
