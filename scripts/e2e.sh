#!/usr/bin/env bash
# The end-to-end journeys (www/e2e/): builds the emulator and the backend, then runs node's test
# runner over the Playwright tests in headless Chromium. Expects pkg/ (`make pkg`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [[ ! -f pkg/kakao_sync.js ]]; then
  echo "e2e: pkg/ is missing; run 'make pkg' first" >&2
  exit 1
fi

cargo build --quiet -p kakao-sync-emulator -p kakao-sync-backend
export KAKAO_SYNC_BIN_DIR="${CARGO_TARGET_DIR:-$root/target}/debug"
cd www
exec node --test e2e/
