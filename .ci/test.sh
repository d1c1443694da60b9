#!/usr/bin/env bash
# Lint, migration check, the whole suite on SQLite, then again on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
say()  { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
export PGPORT="${PGPORT:-54329}"
trap '.ci/pg-down.sh' EXIT

say "lint: ruff check, ruff format --check"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

say "django: check and makemigrations --check"
DJANGO_SETTINGS_MODULE=config.settings_test $PY manage.py check --fail-level WARNING
DJANGO_SETTINGS_MODULE=config.settings_test $PY manage.py makemigrations --check --dry-run

# Two workers by default (CI has 2 cores); PYTEST_WORKERS=0 runs in one process.
WORKERS=(-n "${PYTEST_WORKERS:-2}")
[ "${PYTEST_WORKERS:-2}" = 0 ] && WORKERS=()

say "tests on SQLite"
env -u DATABASE_URL $PY -m pytest "${WORKERS[@]}" "$@"

say "tests on PostgreSQL (throwaway cluster on 127.0.0.1:$PGPORT)"
eval "export $(.ci/pg-up.sh | grep '^DATABASE_URL=')"
$PY -m pytest "${WORKERS[@]}" "$@"
say "all green"
