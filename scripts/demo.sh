#!/usr/bin/env bash
# `make demo` (after `make pkg`): the Kakao emulator on :9000 and the backend on :8080 serving the
# demo site (www/ with pkg/ beside it) on one origin. Ctrl-C stops both.
#
# Against the real Kakao: `KAKAO_ENV_FILE=kakao.env make demo`, where kakao.env holds the
# backend's KEY=VALUE settings for your app (KAKAO_REST_API_KEY, KAKAO_CLIENT_SECRET,
# KAKAO_ADMIN_KEY, KAKAO_APP_ID, KAKAO_REDIRECT_URIS=http://localhost:8080/redirect.html,
# KAKAO_LOGOUT_REDIRECT_URI=http://localhost:8080/, KAKAO_TERMS=[…your terms tags…],
# TOKEN_KEY=k1:<32 random bytes in base64>, which seals Kakao's tokens in the database). No
# emulator starts, and the site's config.js carries your REST API key instead.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
site_url=http://localhost:8080
kakao_url=http://localhost:9000
env_file=${KAKAO_ENV_FILE:-}

if [[ ! -f pkg/kakao_sync.js ]]; then
  echo "demo: pkg/ is missing; run 'make pkg' (or 'make demo') first" >&2
  exit 1
fi
if [[ -n $env_file ]]; then
  env_file=$(realpath "$env_file")
  rest_api_key=$(sed -n 's/^[[:space:]]*KAKAO_REST_API_KEY[[:space:]]*=[[:space:]]*//p' "$env_file" | tail -n 1)
  if [[ ! $rest_api_key =~ ^[A-Za-z0-9_-]+$ ]]; then
    echo "demo: $env_file has no usable KAKAO_REST_API_KEY=…" >&2
    exit 1
  fi
fi

cargo build --quiet -p kakao-sync-emulator -p kakao-sync-backend
bin="${CARGO_TARGET_DIR:-$root/target}/debug"

work=$(mktemp -d "${TMPDIR:-/tmp}/kakao-sync-demo.XXXXXX")
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# The backend serves one directory: the site's files and pkg/ linked side by side, so edits to
# www/ show on reload.
mkdir "$work/site"
ln -s "$root"/www/*.html "$root"/www/*.js "$root"/www/*.css "$work/site/"
ln -s "$root/pkg" "$work/site/pkg"

# Waits (at most 20 s) until the program `pid` accepts connections on `port`.
wait_for() {
  local port=$1 pid=$2
  for _ in $(seq 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "demo: nothing is listening on port $port" >&2
  exit 1
}

# Each server runs in its own session: Ctrl-C reaches only this script, which stops both (bash
# would not run its trap if a child exited on the same SIGINT first).
if [[ -n $env_file ]]; then
  rm "$work/site/config.js"
  printf 'export default { clientId: "%s" };\n' "$rest_api_key" >"$work/site/config.js"
  RUST_LOG=${RUST_LOG:-warn} setsid "$bin/kakao-sync-backend" --config "$env_file" \
    --static "$work/site" --port 8080 &
  pids+=($!)
  wait_for 8080 "${pids[-1]}"
  printf '\n  kakao-sync demo: %s (real Kakao, settings from %s)\n  Ctrl-C to stop.\n\n' \
    "$site_url" "$env_file"
else
  setsid "$bin/kakao-sync-emulator" --port 9000 --issuer "$kakao_url" >/dev/null &
  pids+=($!)
  wait_for 9000 "${pids[-1]}"

  # The default fixture's app (emulator/README.md).
  KAKAO_AUTH_URL=$kakao_url \
  KAKAO_API_URL=$kakao_url \
  KAKAO_REST_API_KEY=kakao-sync-demo-rest-api-key \
  KAKAO_CLIENT_SECRET=kakao-sync-demo-client-secret \
  KAKAO_ADMIN_KEY=kakao-sync-demo-admin-key \
  KAKAO_APP_ID=1234567 \
  KAKAO_REDIRECT_URIS=$site_url/redirect.html \
  KAKAO_LOGOUT_REDIRECT_URI=$site_url/ \
  KAKAO_TERMS='[{"tag":"terms_service","title":"서비스 이용약관","url":"https://example.com/terms","required":true},
  {"tag":"terms_privacy","title":"개인정보 수집 및 이용","url":"https://example.com/privacy","required":true},
  {"tag":"terms_marketing","title":"마케팅 정보 수신","required":false}]' \
  DATABASE_URL="sqlite://$work/members.sqlite?mode=rwc" \
  TOKEN_KEY="demo:$(head -c 32 /dev/urandom | base64)" \
  RUST_LOG=${RUST_LOG:-warn} \
    setsid "$bin/kakao-sync-backend" --static "$work/site" --port 8080 &
  pids+=($!)
  wait_for 8080 "${pids[-1]}"

  cat <<EOF

  kakao-sync demo: $site_url
  Kakao (emulator): $kakao_url   control API: $kakao_url/__emulator/users

  Test accounts (pick one on the emulator's login page):
    4200000001  라이언  ryan@example.com    (also the KakaoTalk in-app browser's account)
    4200000002  어피치  apeach@example.com
    4200000003  무지    muzi@example.com    (email not verified)
    3891047281234567890  네오  neo@example.com

  Members live in a temporary SQLite file, gone when the demo stops. Ctrl-C to stop.

EOF
fi

# Either program ending on its own ends the demo (and the trap stops the other).
wait -n "${pids[@]}"
echo "demo: a server stopped unexpectedly" >&2
exit 1
