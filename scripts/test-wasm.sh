#!/usr/bin/env bash
# `make test-wasm`: the crate's browser tests, wasm-bindgen-test in headless Chromium through
# chromedriver (the Makefile sets the runner's environment). wasm-bindgen-test-runner's own file
# server sometimes leaves one of the test page's module requests unanswered on this 2-core
# machine (seen 2026-12-02 for `snippets/.../src/ui/elements.js`, `terms.js`, `talk-wait.js`, in
# tests/browser.rs, shapes.rs and ui.rs alike): the page never runs its tests, and chromedriver
# times out on it (webdriver.json's `pageLoad`). That run, and only that one (no test failed, no
# panic, chromedriver's renderer timeout), is tried again, at most four times: on 2026-12-02 the
# ui.rs page hung in 3 of 6 runs, and every retry that day got through.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
for attempt in 1 2 3 4 5; do
  cargo test -p kakao-sync --target wasm32-unknown-unknown --tests 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] && exit 0
  if grep -q -e "test result: FAILED" -e "panicked at" "$log" \
    || ! grep -q "Timed out receiving message from renderer" "$log"; then
    exit "$status"
  fi
  echo "test-wasm: the test page never loaded (attempt $attempt of 5, the runner's file server); running again" >&2
done
exit 1
