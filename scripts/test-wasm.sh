#!/usr/bin/env bash
# `make test-wasm`: the crate's browser tests, wasm-bindgen-test in headless Chromium through
# chromedriver (the Makefile sets the runner's environment), with webdriver.json's capabilities.
# Chromium reaches the runner's file server through scripts/loopback-proxy.mjs, which this script
# starts and adds to a copy of those capabilities: without it, the server intermittently left a
# test page's module request unread and the page never ran its tests (the proxy's header says
# why).
set -euo pipefail
cd "$(dirname "$0")/.."

coproc PROXY { exec node scripts/loopback-proxy.mjs; }
proxy_pid=$PROXY_PID
capabilities=$(mktemp --suffix=.json)
trap 'kill "$proxy_pid" 2>/dev/null || true; rm -f "$capabilities"' EXIT
read -r ready port <&"${PROXY[0]}" || true
[ "${ready:-}" = ready ] || { echo "test-wasm: scripts/loopback-proxy.mjs did not start" >&2; exit 1; }

PROXY="http://127.0.0.1:$port" node -e '
  const { readFileSync, writeFileSync } = require("node:fs");
  const capabilities = JSON.parse(readFileSync("webdriver.json", "utf8"));
  // "<-loopback>" takes loopback off the proxy bypass list Chromium has by default.
  capabilities["goog:chromeOptions"].args.push(`--proxy-server=${process.env.PROXY}`, "--proxy-bypass-list=<-loopback>");
  writeFileSync(process.argv[1], JSON.stringify(capabilities));
' "$capabilities"

WASM_BINDGEN_TEST_WEBDRIVER_JSON=$capabilities cargo test -p kakao-sync --target wasm32-unknown-unknown --tests
