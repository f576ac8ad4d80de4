# The README's two commands are `make demo` and `make test`; both set up a fresh machine first.
SHELL := /bin/bash
# wasm-pack finds wasm-opt on PATH: binaryen from npm (www/), as Debian's is too old for the
# WebAssembly features Rust 1.95 emits.
export PATH := $(CURDIR)/www/node_modules/.bin:$(PATH)
export CARGO_TERM_COLOR ?= never
# wasm-bindgen-test in headless Chromium through Debian's chromedriver (see webdriver.json).
WASM_TEST_ENV := CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_ONLY_WEB=1 WASM_BINDGEN_TEST_TIMEOUT=60

.PHONY: setup pkg demo test test-lint test-js test-wasm test-types test-size test-package test-e2e test-fuzz test-host bench fuzz

setup:
	@scripts/setup.sh

# The npm package as users get it: wasm-pack --target web, size-first release builds + wasm-opt,
# one WebAssembly module per page role (Cargo.toml's features), each in a target dir of its own
# since every build writes the same artifact name. `kakao-sync` (pkg/) loads the login role with
# the login button and KakaoTalk easy login, and at their first call the redirect role and the
# account role with the terms panel (pkg/account-ui); `kakao-sync/core` (pkg/core) loads the
# redirect role, and at their first call Kakao Account login (pkg/login) and the account role
# (pkg/account). `kakao-sync/share` (pkg/share) is KakaoTalk share and the share and channel
# buttons, so pages that do not share never download it. From scratch: wasm-pack leaves
# snippets of earlier builds.
ROLE := wasm-pack build --release --target web --out-name kakao_sync
pkg: setup
	rm -rf pkg
	$(ROLE) --out-dir pkg -- --no-default-features --features button,helpers
	CARGO_TARGET_DIR=target/core $(ROLE) --out-dir pkg/core -- --no-default-features --features redirect,helpers
	CARGO_TARGET_DIR=target/account $(ROLE) --out-dir pkg/account -- --no-default-features --features account
	CARGO_TARGET_DIR=target/account-ui $(ROLE) --out-dir pkg/account-ui -- --no-default-features --features account,terms-panel
	CARGO_TARGET_DIR=target/login $(ROLE) --out-dir pkg/login -- --no-default-features --features login
	CARGO_TARGET_DIR=target/share $(ROLE) --out-dir pkg/share -- --no-default-features --features share
	node scripts/pkg.mjs

demo: pkg
	scripts/demo.sh

# A benchmark, not a test: the package's size (and what the UI adds), then the peers' sizes,
# page cost in Chromium and backend throughput (scripts/bench.sh writes bench/results.md).
bench: pkg
	scripts/bench.sh

# libFuzzer through cargo-fuzz on the image's nightly toolchain: five minutes a target.
fuzz: setup
	scripts/fuzz.sh 300

test: setup test-lint test-js test-wasm test-types test-size test-package test-e2e test-fuzz test-host

# clippy.toml and src/lib.rs hold the browser module's size rules (no core::fmt, RefCell,
# str::find or panicking path); the wasm32 lines check the code that exists only there.
test-lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p kakao-sync --target wasm32-unknown-unknown --all-targets -- -D warnings
	for role in button,helpers redirect,helpers account account,terms-panel login share; do \
		cargo clippy -p kakao-sync --target wasm32-unknown-unknown --no-default-features --features $$role -- -D warnings || exit 1; \
	done

# The crate's JS modules that run without a browser (src/ui/*.test.js: the login button's
# options, labels and classes; src/js/*.test.js: the facade's routing), under Node's test
# runner; no build needed.
test-js:
	node --test src/ui/ src/js/

test-wasm:
	$(WASM_TEST_ENV) scripts/test-wasm.sh

# The generated .d.ts, checked by tsc over a file that uses the whole API.
test-types: pkg
	cd www && tsc -p tsconfig.json

# The package's download per page (gzip -9) within its budget in scripts/size-gate.mjs.
test-size: pkg
	node scripts/size-gate.mjs

# The package as users get it: npm pack, installed into fresh folders, then used from Node (SSR),
# bundled by Vite, loaded by a static page with the custom elements, and walked through in a
# Vite + React app under its dev server and a Next.js app (build, start, dev) against the
# emulator and the backend.
test-package: pkg
	cargo build --quiet -p kakao-sync-emulator -p kakao-sync-backend
	cd www && node --test package/

# The user journeys (www/e2e/): Playwright in Debian's headless Chromium through the emulator's
# real pages and the backend; a failing journey leaves a trace in www/test-results/.
test-e2e: pkg
	scripts/e2e.sh

# Every fuzz target for ten seconds, from the committed corpus: no crash.
test-fuzz:
	scripts/fuzz.sh 10

# Last, so the run ends with nextest's summary line. A throwaway PostgreSQL on loopback makes
# the backend's flow suite run on PostgreSQL as well as SQLite.
test-host:
	eval "$$(scripts/postgres.sh start)"; status=0; \
	cargo nextest run --workspace --no-fail-fast || status=$$?; \
	scripts/postgres.sh stop; exit $$status
