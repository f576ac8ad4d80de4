#!/usr/bin/env bash
# Size report of the npm package as users get it (pkg/, built by `make pkg`): the WebAssembly
# and the JS glue, raw, gzip -9 and brotli -q 11, and the total a page downloads; then the same
# build without the `ui` feature, to show what the button and the terms panel add.
set -euo pipefail
cd "$(dirname "$0")/.."
# The same wasm-opt as `make pkg` (binaryen from npm; see the Makefile).
export PATH="$PWD/www/node_modules/.bin:$PATH"
[ -f pkg/kakao_sync_bg.wasm ] || { echo "size: pkg/ is not built; run 'make pkg'" >&2; exit 1; }

gz() { cat "$@" | gzip -9 -c | wc -c; }
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

# Its own target dir: cargo does not always re-copy a fresh artifact, and pkg/ must never pick
# up this variant.
variant=$(mktemp -d)
trap 'rm -rf "$variant"' EXIT
CARGO_TARGET_DIR=target/no-ui wasm-pack --quiet build --release --target web --out-dir "$variant" \
  --out-name kakao_sync -- --no-default-features >/dev/null 2>&1
node scripts/pkg.mjs "$variant"
core_files=("$variant/kakao_sync_bg.wasm" "$variant/kakao_sync.js")
while IFS= read -r -d '' f; do core_files+=("$f"); done < <(find "$variant/snippets" -name '*.js' -print0 2>/dev/null)
core_raw=$(cat "${core_files[@]}" | wc -c)
core_gz=0 core_br=0
for f in "${core_files[@]}"; do
  core_gz=$((core_gz + $(gz "$f"))); core_br=$((core_br + $(br "$f")))
done
printf '%-28s %10s %10s %10s\n' "without the ui feature" "$(kb "$core_raw")" "$(kb "$core_gz")" "$(kb "$core_br")"
printf '%-28s %10s %10s %10s\n' "the UI adds" "$(kb $((total_raw - core_raw)))" "$(kb $((total_gz - core_gz)))" "$(kb $((total_br - core_br)))"
