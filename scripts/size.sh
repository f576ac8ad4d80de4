#!/usr/bin/env bash
# Size report of the npm package as users get it (pkg/, built by `make pkg`): the WebAssembly
# and the JS glue, raw, gzip -9 and brotli -q 11, and the total a page downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/kakao_sync_bg.wasm ] || { echo "size: pkg/ is not built; run 'make pkg'" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }
br() { brotli -q 11 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }

printf '%-28s %10s %10s %10s\n' file raw gzip-9 brotli
total_raw=0 total_gz=0 total_br=0
files=(pkg/kakao_sync_bg.wasm pkg/kakao_sync.js)
while IFS= read -r -d '' f; do files+=("$f"); done < <(find pkg/snippets -name '*.js' -print0 2>/dev/null)
for f in "${files[@]}"; do
  raw=$(wc -c < "$f"); g=$(gz "$f"); b=$(br "$f")
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + g)); total_br=$((total_br + b))
  printf '%-28s %10s %10s %10s\n' "${f#pkg/}" "$(kb "$raw")" "$(kb "$g")" "$(kb "$b")"
done
printf '%-28s %10s %10s %10s\n' "total (a page loads all)" "$(kb "$total_raw")" "$(kb "$total_gz")" "$(kb "$total_br")"
