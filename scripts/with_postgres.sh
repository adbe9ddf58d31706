#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: initdb + pg_ctl with a socket in a
# temporary folder and no TCP, DATABASE_URL exported, the cluster removed afterwards.
#   scripts/with_postgres.sh .venv/bin/python benchmarks/import_csv.py
# Exits 69 (EX_UNAVAILABLE) when PostgreSQL is not installed.
set -euo pipefail

PG_BIN=""
for candidate in "$(command -v pg_ctl 2>/dev/null || true)" /usr/lib/postgresql/*/bin/pg_ctl; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then PG_BIN="$(dirname "$candidate")"; break; fi
done
if [ -z "$PG_BIN" ]; then
    echo "PostgreSQL is not installed (no pg_ctl found)" >&2
    exit 69
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
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on $PG_DIR" >&2
# The cluster's own database; the test runner creates test_postgres beside it.
export DATABASE_URL="postgres://postgres@/postgres?host=$PG_DIR"
"$@"
