#!/usr/bin/env bash
# Size report of the npm package as users get it (pkg/, built by `make pkg`): the WebAssembly,
# the JS glue and its snippets, raw, gzip -9 and brotli -q 11, and the total a page downloads for
# `kakao-sync` (everything) and for `kakao-sync/core` (no button or terms panel), whose
# difference is what the UI adds.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/kakao_sync_bg.wasm ] && [ -f pkg/core/kakao_sync_bg.wasm ] ||
  { echo "size: pkg/ is not built; run 'make pkg'" >&2; exit 1; }

gz() { gzip -9 -c "$1" | wc -c; }
br() { brotli -q 11 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1024 }'; }
row() { printf '%-62s %10s %10s %10s\n' "$1" "$(kb "$2")" "$(kb "$3")" "$(kb "$4")"; }

# What a page importing the module in directory $1 downloads, file by file, then its total in
# the globals raw, gzip and brotli.
entry() {
  raw=0 gzip=0 brotli=0
  local files=("$1/kakao_sync_bg.wasm" "$1/kakao_sync.js") f r g b
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$1/snippets" -name '*.js' -print0 2>/dev/null)
  for f in "${files[@]}"; do
    r=$(wc -c < "$f"); g=$(gz "$f"); b=$(br "$f")
    raw=$((raw + r)); gzip=$((gzip + g)); brotli=$((brotli + b))
    row "  ${f#pkg/}" "$r" "$g" "$b"
  done
}

printf '%-62s %10s %10s %10s\n' file raw gzip-9 brotli
entry pkg/core
core=("$raw" "$gzip" "$brotli")
row "kakao-sync/core (a page loads all)" "${core[@]}"
entry pkg
row "kakao-sync (a page loads all)" "$raw" "$gzip" "$brotli"
row "the UI adds" $((raw - core[0])) $((gzip - core[1])) $((brotli - core[2]))
