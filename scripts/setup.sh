#!/usr/bin/env bash
# Set up everything the program and its tests need on a fresh Debian machine: system libraries
# (Qt offscreen/Xvfb, PDF tools, libfaketime and cc for CI's runs at chosen instants), a
# virtualenv with the project and its dev tools from the lock (requirements/dev.txt), translations.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6
  libasound2 fonts-dejavu-core xvfb xdotool poppler-utils qpdf
  faketime gcc libc6-dev # libfaketime, and a C compiler for scripts/faketime/monotonic_sleep.c
  iproute2 nftables) # the rural-link test's namespace, rate (tc) and packet loss (nft)

apt_install() {
  echo "setup: installing system packages: $*"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "$@" >/dev/null
}
missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then apt_install "${missing[@]}"; fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv; then # Debian's own python3 needs python3-venv (ensurepip) first
    rm -rf .venv
    apt_install python3-venv
    "$PYTHON" -m venv .venv
  fi
fi
pip_install() { # pip's status is kept; its notes on this machine's local wheel folders are not
  .venv/bin/python -m pip install -q "$@" 2> >(grep -v "^WARNING: Location" >&2)
}
# Reinstall when the locks or the project's own metadata change.
stamp=.venv/.installed-$(cat requirements/*.txt setup.py pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  # Every dependency at its locked version, each file checked against its locked hash; then the
  # project itself (editable), whose dependencies are exactly those.
  pip_install --require-hashes -r requirements/dev.txt
  pip_install --no-deps --no-build-isolation -e . # built with the locked setuptools and PySide6
  .venv/bin/python -m pip check # fail loudly if the lock misses something pyproject asks for
  .venv/bin/python -c "import crm_desktop, crm_server, PySide6, sqlalchemy, reportlab"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

.venv/bin/python scripts/update_translations.py >/dev/null
.venv/bin/python scripts/build_translations.py
