#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster on 127.0.0.1 and print DATABASE_URL=…
# Stop it with .ci/pg-down.sh. initdb and pg_ctl refuse root, so they run as postgres.
set -euo pipefail
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGPORT="${PGPORT:-54329}"
PGROOT="${PGROOT:-${TMPDIR:-/tmp}/registry-pg-$PGPORT}"
[ -x "$PGBIN/initdb" ] || { echo "ERROR: PostgreSQL 15 server binaries not found in $PGBIN (apt install postgresql-15)" >&2; exit 1; }
AS=()
if [ "$(id -u)" -eq 0 ]; then AS=(runuser -u postgres --); fi
cd /  # the postgres user may not be able to read the current directory
if [ -f "$PGROOT/data/postmaster.pid" ]; then "${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
rm -rf "$PGROOT"
if [ "$(id -u)" -eq 0 ]; then install -d -o postgres -g postgres -m 700 "$PGROOT"; else install -d -m 700 "$PGROOT"; fi
"${AS[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$PGROOT/initdb.log" 2>&1 \
  || { echo "ERROR: initdb failed, see $PGROOT/initdb.log" >&2; exit 1; }
"${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" >/dev/null \
  || { echo "ERROR: PostgreSQL did not start, see $PGROOT/server.log" >&2; exit 1; }
"${AS[@]}" "$PGBIN/psql" -h "$PGROOT" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE registry LOGIN CREATEDB PASSWORD 'registry'" -c "CREATE DATABASE registry OWNER registry" >/dev/null
echo "DATABASE_URL=postgres://registry:registry@127.0.0.1:$PGPORT/registry"
