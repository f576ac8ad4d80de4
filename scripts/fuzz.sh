#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ (cargo-fuzz, libFuzzer, on the nightly toolchain) for SECONDS
# each: `scripts/fuzz.sh` (10 s, the bounded run of `make test`), `scripts/fuzz.sh 300` for
# `make fuzz`. Seeds come from the committed fuzz/corpus/<target>/, read only; what a run finds
# goes to a scratch corpus, a crash to fuzz/artifacts/<target>/ and fails the run.
# Safe Rust needs no AddressSanitizer; debug assertions catch overflows (`-s none -a`).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-10}
flags=(--sanitizer none --debug-assertions)
cargo +nightly fuzz build "${flags[@]}"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in $(cargo +nightly fuzz list); do
  echo "fuzz: $target for ${seconds}s"
  mkdir -p "$scratch/$target"
  log="$scratch/$target.log"
  if ! cargo +nightly fuzz run "${flags[@]}" "$target" "$scratch/$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target crashed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units' "$log" || true
done
echo "fuzz: every target ran ${seconds}s without a crash"
