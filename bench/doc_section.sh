#!/usr/bin/env bash
# Replaces the section NAME of docs/benchmarks.md (between <!-- NAME:begin --> and
# <!-- NAME:end -->) with standard input; appends it when absent. Each bench script owns one
# section, so re-running one does not erase the others' results.
set -euo pipefail
name=$1
doc=${2:-docs/benchmarks.md}
body=$(cat)
[ -f "$doc" ] || printf '# Benchmarks\n' >"$doc"
python3 - "$doc" "$name" "$body" <<'PY'
import sys
doc, name, body = sys.argv[1], sys.argv[2], sys.argv[3]
begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
text = open(doc, encoding="utf-8").read()
block = f"{begin}\n{body.rstrip()}\n{end}"
if begin in text and end in text:
    head, rest = text.split(begin, 1)
    text = head + block + rest.split(end, 1)[1]
else:
    text = text.rstrip() + "\n\n" + block + "\n"
open(doc, "w", encoding="utf-8").write(text)
PY
