# Quality Responsibility Registry — the README's commands.
#   make run    install what is missing, migrate SQLite, load the demo data, serve on 127.0.0.1:$(PORT)
#   make test   install what the tests need, lint, then the whole suite on SQLite and on PostgreSQL
#   make install / make install-test   set-up only (idempotent)
PORT ?= 8000
PY := .venv/bin/python

.PHONY: run install install-test test lint format messages demo clean-demo

install:
	@.ci/bootstrap.sh run

install-test:
	@.ci/bootstrap.sh test

run: install
	@echo "==> database: migrate (SQLite under var/ unless DATABASE_URL is set)"
	@DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input -v0
	@echo "==> demo data: seed_demo (skips what exists)"
	@DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@echo "==> serving http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	@DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-test
	@.ci/test.sh

lint:
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	@.venv/bin/ruff check --fix . && .venv/bin/ruff format .

# Update translation catalogues after changing strings: make messages APPS="projects materials"
APPS ?= --all
messages:
	@DJANGO_DEBUG=1 $(PY) manage.py app_messages $(APPS)
	@.ci/bootstrap.sh run >/dev/null

clean-demo:
	rm -rf var/registry.sqlite3* var/media
