#!/usr/bin/env bash
# Stop and remove the throwaway cluster started by .ci/pg-up.sh.
set -uo pipefail
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
PGPORT="${PGPORT:-54329}"
PGROOT="${PGROOT:-${TMPDIR:-/tmp}/registry-pg-$PGPORT}"
[ -d "$PGROOT/data" ] || exit 0
AS=()
if [ "$(id -u)" -eq 0 ]; then AS=(runuser -u postgres --); fi
cd /
"${AS[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null 2>&1 || true
rm -rf "$PGROOT"
