#!/usr/bin/env bash
# The two commands of the README.
#   ./dev.sh run    install dependencies, build (release), then run the main job
#   ./dev.sh test   install dependencies, build with ASan+UBSan, run every test, lint, fuzz
set -euo pipefail
cd "$(dirname "$0")"

jobs=$(nproc 2>/dev/null || echo 2)

build() {  # build PRESET
  bash scripts/deps.sh
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1" -j "$jobs"
}

case "${1:-}" in
  run)
    build release
    bin=build/release/src/cli/dengbao
    echo
    echo "== 测评目录概况 / catalog summary =="
    "$bin" catalog stats
    echo
    echo "== 定级示例：某三级甲等医院 HIS / grading the example hospital HIS =="
    "$bin" grade --name "示例医院 HIS（医院信息系统）" \
      --business order:serious --service order:serious --sector tertiary-hospital-core
    echo
    echo "== 第三级 S3A3 适用的安全计算环境（CES）测评单元 =="
    "$bin" catalog list --level 3 --sa S3A3 --scope general --category CES
    echo
    echo "== 按第三级检查本机（结果与证据；HTML 报告见 out/scan-localhost.html）=="
    mkdir -p out
    "$bin" scan --level 3 --format html --output out/scan-localhost.html || true
    "$bin" scan --level 3 --format json --output out/scan-localhost.json || true
    "$bin" scan --level 3 || true   # exit 1 = findings, which a fresh machine has
    example=examples/hospital/system.yaml
    echo
    echo "== 示例：江北市第一人民医院 HIS（第三级）测评结果、得分与高风险（估算）=="
    "$bin" assess --system "$example" || true   # exit 1 = does not pass yet
    echo
    echo "== 最省钱的达标整改方案（目标：中，即通过）=="
    "$bin" plan --system "$example" --target pass
    echo
    echo "== 本机作为示例中的 his-app-01 时的结论 =="
    "$bin" assess --system "$example" --scan his-app-01=out/scan-localhost.json | sed -n '1,4p' || true
    echo
    echo "== 文档 / documents =="
    for f in docx html md xlsx; do "$bin" report --system "$example" --format "$f" --output "out/his-report.$f"; done
    "$bin" assess questionnaire --system "$example" --format xlsx --all --output out/his-questionnaire.xlsx
    echo
    echo "== 入库与整改跟踪（SQLite：out/example.db）/ the store and the rectification workflow =="
    rm -f out/example.db out/example.db-wal out/example.db-shm
    db=(--db sqlite:out/example.db)
    "$bin" system import "$example" "${db[@]}"
    "$bin" system grade his --business order:serious --service order:serious "${db[@]}" | sed -n '1,4p'
    "$bin" round start his "${db[@]}"
    round=$("$bin" round list --system his "${db[@]}" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[-1]["id"])')
    "$bin" round import "$round" --system "$example" "${db[@]}"
    "$bin" round show "$round" "${db[@]}"
    echo
    echo "== 今天需要关注的事项 / due today =="
    "$bin" due --days 90 "${db[@]}" | sed -n '1,12p'
    echo
    "$bin" audit verify "${db[@]}"
    "$bin" backup --output out/example.dbk "${db[@]}"
    ;;
  test)
    build asan
    # LSan needs ptrace, which some sandboxes forbid; leak checks run where they can.
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    ctest --preset asan -j "$jobs"
    bash scripts/lint.sh build/asan
    bash scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
    echo "test: all passed"
    ;;
  *)
    echo "usage: ./dev.sh run | ./dev.sh test" >&2
    exit 2
    ;;
esac
