#!/usr/bin/env bash
# `make bench`, after `make pkg`: builds the servers for speed (`--profile server`), installs the
# bench's pinned npm packages when missing, and runs scripts/bench.mjs, which prints a table and
# writes bench/results.md. BENCH_SIGN_INS sets the sign-ins per measured row (default 1000).
# Then the soak (backend/benches/soak.rs; SOAK_SIGN_INS, default 10000) appends its table; it
# exits non-zero when a member, session or consent record was lost, duplicated or orphaned.
# `scripts/bench.sh size` measures only what a page downloads (seconds, no servers) and replaces
# that section of bench/results.md; KAKAO_SDK_JS=path/kakao.min.js measures a copy of Kakao's SDK
# (checked against its SRI) instead of the recorded figures (bench/size.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/kakao_sync_bg.wasm ] || { echo "bench: pkg/ is not built; run 'make pkg'" >&2; exit 1; }
[ -d bench/node_modules ] || npm ci --prefix bench --no-audit --no-fund
if [ "${1:-}" = size ]; then
  exec node bench/size.mjs --write
fi
cargo build --profile server -p kakao-sync-backend -p kakao-sync-emulator --bins
node scripts/bench.mjs
cargo bench -p kakao-sync-backend --bench soak | tee -a bench/results.md
