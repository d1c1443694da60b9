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

say "tests on SQLite"
env -u DATABASE_URL $PY -m pytest "$@"

say "tests on PostgreSQL (throwaway cluster on 127.0.0.1:$PGPORT)"
eval "export $(.ci/pg-up.sh | grep '^DATABASE_URL=')"
$PY -m pytest "$@"
say "all green"
