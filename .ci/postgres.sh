#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1:${PGPORT:-55432} (trust auth, loopback
# only) and prints its URL. Used by .ci/run and by developers who want the PostgreSQL suite.
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGROOT=${PGROOT:-/tmp/campustwin-pg}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "postgresql is not installed" >&2; exit 1; }
id -u postgres >/dev/null 2>&1 || useradd -r -m postgres
if ! [ -f "$PGROOT/data/PG_VERSION" ]; then
  mkdir -p "$PGROOT"; chown postgres "$PGROOT"
  su postgres -c "$BIN/initdb -D $PGROOT/data -A trust -U postgres >/dev/null"
fi
if ! su postgres -c "$BIN/pg_ctl -D $PGROOT/data status" >/dev/null 2>&1; then
  su postgres -c "$BIN/pg_ctl -D $PGROOT/data -l $PGROOT/log -w -o '-c listen_addresses=127.0.0.1 -p $PGPORT -k /tmp -c fsync=off' start" >/dev/null
fi
echo "postgres://postgres@127.0.0.1:$PGPORT/postgres"
