#!/usr/bin/env bash
# Pin every dependency (with hashes) from pyproject.toml into requirements/*.txt, with uv.
#   bash scripts/lock.sh            re-resolve, keeping the current pins where they still fit
#   bash scripts/lock.sh --upgrade  move every pin to the newest release the ranges allow
#   bash scripts/lock.sh --check    fail if the lock files no longer match pyproject.toml
# dev.txt (desktop + server + dev tools: what setup.sh and CI install) is resolved first; the
# desktop's lock and the bundle's are resolved inside it, so all three pin the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
upgrade=()
case "$mode" in
  "" | --check) ;;
  --upgrade) upgrade=(--upgrade) ;;
  *) echo "usage: $0 [--upgrade|--check]" >&2; exit 2 ;;
esac
UV=.venv/bin/uv
if [ ! -x "$UV" ]; then
  [ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
  .venv/bin/python -m pip install -q "uv>=0.5,<1" # setup.sh then pins it from the lock
fi
if [ "$mode" = --check ]; then
  saved=$(mktemp -d)
  cp requirements/*.txt "$saved/"
  trap 'cp "$saved"/*.txt requirements/; rm -rf "$saved"' EXIT # --check never changes them
fi

# The locks hold on every platform (--universal: Windows- and macOS-only pins carry markers) and
# for Python 3.11 upwards; no index URL or local wheel folder is written into them.
compile() {
  "$UV" pip compile --quiet --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "bash scripts/lock.sh" "${upgrade[@]}" "$@"
}
compile pyproject.toml --extra server --extra dev --output-file requirements/dev.txt
compile pyproject.toml --constraint requirements/dev.txt --output-file requirements/desktop.txt
compile requirements/bundle.in --constraint requirements/dev.txt --output-file requirements/bundle.txt

if [ "$mode" = --check ]; then
  if ! diff -ru "$saved" requirements --exclude=bundle.in >&2; then
    echo "lock: requirements/*.txt do not match pyproject.toml; run: bash scripts/lock.sh" >&2
    exit 1
  fi
  echo "lock: requirements/*.txt match pyproject.toml"
fi
