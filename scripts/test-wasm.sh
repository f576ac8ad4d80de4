#!/usr/bin/env bash
# `make test-wasm`: the crate's browser tests, wasm-bindgen-test in headless Chromium through
# chromedriver (the Makefile sets the runner's environment). Chromium reaches the runner's file
# server through scripts/loopback-proxy.mjs (webdriver.json's proxy arguments): without it, the
# server intermittently left a test page's module request unread and the page never ran its
# tests (the proxy's header says why).
set -euo pipefail
cd "$(dirname "$0")/.."

# The port webdriver.json's `--proxy-server` names.
PROXY_PORT=47391
coproc PROXY { exec node scripts/loopback-proxy.mjs "$PROXY_PORT"; }
proxy_pid=$PROXY_PID
trap 'kill "$proxy_pid" 2>/dev/null || true' EXIT
read -r ready <&"${PROXY[0]}"
[ "$ready" = ready ] || { echo "test-wasm: loopback-proxy did not start" >&2; exit 1; }

cargo test -p kakao-sync --target wasm32-unknown-unknown --tests
