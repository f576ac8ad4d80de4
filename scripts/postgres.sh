#!/usr/bin/env bash
# A throwaway PostgreSQL for the backend's tests: Debian's postgresql, a fresh cluster in a
# temporary directory, listening on 127.0.0.1 only, trust auth for the one test role.
#
#   eval "$(scripts/postgres.sh start)"   # exports KAKAO_SYNC_TEST_POSTGRES_URL
#   cargo test -p kakao-sync-backend      # the flow suite now also runs on PostgreSQL
#   scripts/postgres.sh stop
#
# Idempotent: `start` on a running cluster prints the same export again.
set -euo pipefail

PGPORT=${KAKAO_SYNC_PGPORT:-54329}
PGDATA=${KAKAO_SYNC_PGDATA:-/tmp/kakao-sync-postgres}
ROLE=kakao_sync
URL="postgres://${ROLE}@127.0.0.1:${PGPORT}/postgres"

say() { printf 'postgres.sh: %s\n' "$*" >&2; }

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    say "installing Debian's postgresql"
    local sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  printf '%s' "$dir"
}

# PostgreSQL refuses to run as root; root runs it as the `postgres` user the package created.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(bindir)
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      mkdir -p "$PGDATA"
      [ "$(id -u)" -ne 0 ] || chown postgres: "$PGDATA"
      as_owner "$bin/initdb" -D "$PGDATA" -U "$ROLE" -A trust --no-sync >/dev/null
    fi
    if ! as_owner "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGDATA -c fsync=off" start >/dev/null
      say "running on 127.0.0.1:$PGPORT (data in $PGDATA)"
    fi
    printf 'export KAKAO_SYNC_TEST_POSTGRES_URL=%s\n' "$URL"
    ;;
  stop)
    bin=$(bindir)
    if [ -s "$PGDATA/PG_VERSION" ]; then
      as_owner "$bin/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
      rm -rf "$PGDATA"
    fi
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
