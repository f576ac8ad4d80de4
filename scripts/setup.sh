#!/usr/bin/env bash
# Installs what kakao-sync's build and tests need, and only what is missing: a second run takes
# seconds. Everything comes from a package registry (crates.io, Debian, npm) at a pinned version;
# nothing downloads a prebuilt binary or a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
NEXTEST_VERSION=0.9.143
CARGO_FUZZ_VERSION=0.13.2
# binaryen's wasm-opt comes from npm (www/package.json): Debian bookworm's 108 cannot parse the
# reference-types instructions wasm-bindgen emits for Rust 1.95's default wasm32 features.
# fonts-nanum: Hangul glyphs for the screenshots and the browser tests' rendering.
# postgresql: the backend's flow suite also runs on a throwaway PostgreSQL (scripts/postgres.sh).
DEBIAN_PACKAGES=(chromium chromium-driver brotli sqlite3 fonts-nanum postgresql)

say() { printf 'setup: %s\n' "$*"; }

# The toolchain pinned by rust-toolchain.toml, with its wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version"
  cargo install wasm-bindgen-cli --version "$wbg_version" --locked
fi
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

if ! cargo nextest --version >/dev/null 2>&1; then
  say "installing cargo-nextest $NEXTEST_VERSION"
  cargo install cargo-nextest --version "$NEXTEST_VERSION" --locked
fi

# libFuzzer needs a nightly compiler; the machine image ships one (rustup cannot fetch another).
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "setup: cargo-fuzz needs the image's nightly toolchain, and none is installed" >&2
  exit 1
fi
if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# www/'s dev dependencies (playwright-core, TypeScript, binaryen): exactly package-lock.json.
if [ ! -d www/node_modules ] || [ www/package-lock.json -nt www/node_modules/.package-lock.json ]; then
  say "installing www/ npm dev dependencies"
  (cd www && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

say "ready"
