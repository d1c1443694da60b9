#!/usr/bin/env bash
# Install what the registry needs, idempotently: system packages, Python >= 3.12,
# the virtualenv in .venv/ and the pinned requirements, compiled translations.
#
#   .ci/bootstrap.sh run     # what `make run` needs
#   .ci/bootstrap.sh test    # plus PostgreSQL 15, Chromium and the test tools
#
# A second run changes nothing and takes seconds. Every failure says which step
# and which package.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-run}"

say()  { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
fail() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

RUN_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-wqy-microhei fontconfig poppler-utils gettext)
TEST_PACKAGES=(postgresql-15 chromium)

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_system_packages() {
  local wanted=("${RUN_PACKAGES[@]}")
  [ "$MODE" = test ] && wanted+=("${TEST_PACKAGES[@]}")
  command -v dpkg-query >/dev/null || fail "this set-up expects Debian or Ubuntu (dpkg/apt); install by hand: ${wanted[*]}"
  mapfile -t missing < <(missing_packages "${wanted[@]}")
  if [ "${#missing[@]}" -eq 0 ]; then
    say "system packages: all present (${#wanted[@]})"
    return
  fi
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "need root or sudo to install: ${missing[*]}"
    SUDO="sudo"
  fi
  say "system packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq || fail "apt-get update failed (network or sources.list)"
  # --no-upgrade: never upgrade what is already there (e.g. a running PostgreSQL).
  for p in "${missing[@]}"; do
    $SUDO apt-get install -y -qq --no-upgrade --no-install-recommends "$p" >/dev/null \
      || fail "apt-get install $p failed"
  done
  fc-list :lang=zh | grep -q . || fail "no CJK font visible to fontconfig after installing fonts-wqy-microhei"
}

find_python() {
  # A real interpreter >= 3.12; pyenv shims for versions that are not selected fail, so probe each.
  local candidates=(python3.13 python3.12 python3)
  if command -v pyenv >/dev/null; then
    local v
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.|$)' | sort -Vr); do
      candidates=("$(PYENV_VERSION=$v pyenv which python 2>/dev/null || true)" "${candidates[@]}")
    done
  fi
  local c
  for c in "${candidates[@]}"; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
      "$c" -c 'import sys; print(sys.executable)'
      return
    fi
  done
  return 1
}

make_venv() {
  if [ -x .venv/bin/python ] && .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
    say "python: .venv ($(.venv/bin/python -V))"
  else
    local py
    py="$(find_python)" || fail "Python >= 3.12 not found (Django 6 needs it). Install python3.12 (Ubuntu 24.04: apt install python3.12-venv; Debian 12: pyenv install 3.12) and run again."
    say "python: creating .venv with $py"
    rm -rf .venv
    "$py" -m venv .venv || fail "python -m venv failed (Debian/Ubuntu: apt install python3-venv)"
  fi
  .venv/bin/python -m uv --version >/dev/null 2>&1 || .venv/bin/python -m pip install -q uv \
    || fail "pip install uv failed (is PyPI reachable?)"
  local reqs=(requirements.txt)
  [ "$MODE" = test ] && reqs+=(requirements-dev.txt)
  local stamp=".venv/.installed-$MODE-$(cat "${reqs[@]}" | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ]; then
    say "python packages: up to date (${reqs[*]})"
  else
    say "python packages: installing ${reqs[*]}"
    local args=()
    for r in "${reqs[@]}"; do args+=(-r "$r"); done
    UV_PYTHON_DOWNLOADS=never .venv/bin/python -m uv pip install -q --python .venv/bin/python "${args[@]}" \
      || fail "installing ${reqs[*]} failed"
    rm -f .venv/.installed-"$MODE"-*
    touch "$stamp"
  fi
}

compile_messages() {
  local po mo changed=0
  for po in */locale/*/LC_MESSAGES/django.po; do
    [ -e "$po" ] || continue
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then
      msgfmt --check-format -o "$mo" "$po" || fail "msgfmt failed for $po"
      changed=$((changed + 1))
    fi
  done
  say "translations: $changed catalogue(s) compiled"
}

install_system_packages
make_venv
compile_messages
mkdir -p var
say "install ($MODE): done"
