# The README's two commands are `make demo` and `make test`; both set up a fresh machine first.
SHELL := /bin/bash
CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TERM_COLOR ?= never

.PHONY: setup pkg demo test test-lint test-wasm test-types test-host bench

setup:
	@scripts/setup.sh

# The npm package as users get it: wasm-pack --target web, size-first release build + wasm-opt.
pkg: setup
	wasm-pack build --release --target web --out-dir pkg --out-name kakao_sync

demo: pkg
	scripts/demo.sh

bench: pkg
	scripts/bench.sh

test: setup test-lint test-wasm test-types test-host

test-lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p kakao-sync --target wasm32-unknown-unknown --all-targets -- -D warnings

# wasm-bindgen-test in headless Chromium (Debian's chromium + chromedriver; see webdriver.json).
test-wasm:
	wasm-pack test --headless --chrome --chromedriver $(CHROMEDRIVER)

# The generated .d.ts, checked by tsc over a file that uses it.
test-types: pkg
	cd www && npx tsc -p tsconfig.json --noEmit

# Last, so the run ends with nextest's summary line.
test-host:
	cargo nextest run --workspace --no-fail-fast
