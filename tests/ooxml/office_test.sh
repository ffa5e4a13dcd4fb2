#!/usr/bin/env bash
# Opens generated files in LibreOffice, the strictest consumer we can run headless: the sample
# DOCX is converted to PDF and its text checked with pdftotext (Chinese heading, table cell,
# header row repeated on page 3, page-number footer); the sample XLSX is converted to CSV and
# re-saved as XLSX, which our reader must read back.
# Usage: office_test.sh PATH_TO_ooxml_sample
# Missing LibreOffice is a failure (CI installs it via scripts/deps.sh) unless DENGBAO_NO_OFFICE=1.
set -euo pipefail
sample_bin=$1

for tool in soffice pdftotext; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    if [ "${DENGBAO_NO_OFFICE:-}" = 1 ]; then
      echo "office_test: $tool missing, skipped because DENGBAO_NO_OFFICE=1"
      exit 0
    fi
    echo "office_test: FAIL: $tool not found (run scripts/deps.sh, or set DENGBAO_NO_OFFICE=1)" >&2
    exit 1
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passes=0

# A private profile per run, so parallel runs and a user's own LibreOffice do not clash.
office() {
  if ! timeout 300 soffice "-env:UserInstallation=file://$work/profile" --headless --norestore "$@" \
      > "$work/soffice.log" 2>&1; then
    cat "$work/soffice.log" >&2
    echo "office_test: FAIL: soffice $*" >&2
    exit 1
  fi
}

# expect NAME HAYSTACK_FILE NEEDLE: fixed-string search.
expect() {
  if grep -qF -- "$3" "$2"; then
    passes=$((passes + 1))
  else
    echo "office_test: FAIL: $1: '$3' not found in $2:" >&2
    head -40 "$2" >&2
    failures=$((failures + 1))
  fi
}

"$sample_bin" write "$work"

office --convert-to pdf --outdir "$work/pdf" "$work/sample.docx"
pdftotext "$work/pdf/sample.pdf" "$work/docx.txt"
pdftotext -f 3 -l 3 "$work/pdf/sample.pdf" "$work/docx-page3.txt"
expect "docx title" "$work/docx.txt" "差距分析报告"
expect "docx heading 1" "$work/docx.txt" "第一章 概述"
expect "docx table cell" "$work/docx.txt" "部分符合"
expect "docx escaped text" "$work/docx.txt" "第二项 & <特殊>"
expect "docx header row repeated on page 3" "$work/docx-page3.txt" "测评项"
# pdftotext drops the spaces around the field results: "第3页共7页".
tr -d ' ' < "$work/docx-page3.txt" > "$work/docx-page3-nospace.txt"
expect "docx footer page fields" "$work/docx-page3-nospace.txt" "第3页共"

office --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$work/csv" "$work/sample.xlsx"
expect "xlsx header" "$work/csv/sample.csv" '"序号","测评项","结果"'
expect "xlsx last row" "$work/csv/sample.csv" '20,"身份鉴别 第20项","不符合"'

# LibreOffice's own XLSX (other part layout, inline styles) must be readable by our reader, and
# it keeps the list validation it understood.
office --convert-to xlsx --outdir "$work/resaved" "$work/sample.xlsx"
"$sample_bin" dump "$work/resaved/sample.xlsx" > "$work/resaved.tsv"
expect "reader on LibreOffice xlsx" "$work/resaved.tsv" $'测评记录\tB21\t身份鉴别 第20项'
expect "reader number cell" "$work/resaved.tsv" $'测评记录\tA21\t20'
unzip -p "$work/resaved/sample.xlsx" xl/worksheets/sheet1.xml > "$work/resaved-sheet1.xml" 2>/dev/null ||
  python3 -c 'import sys,zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml"))' \
    "$work/resaved/sample.xlsx" > "$work/resaved-sheet1.xml"
expect "validation kept by LibreOffice" "$work/resaved-sheet1.xml" '符合,部分符合,不符合,不适用,未测'

echo "$passes passed, $failures failed"
[ "$failures" -eq 0 ]
