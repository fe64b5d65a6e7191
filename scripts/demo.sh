#!/usr/bin/env bash
# Set everything up, make a demo database (once) and start the program on it, with a local sync
# server on 127.0.0.1 when the server is available. Extra arguments go to crm-desktop (e.g. --lang en).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p var
DB=${CRM_DEMO_DB:-var/demo.db}
if [ ! -f "$DB" ]; then
  .venv/bin/crm-desktop seed --accounts "${CRM_DEMO_ACCOUNTS:-3000}" --db "$DB"
fi
.venv/bin/crm-desktop migrate --db "$DB" >/dev/null  # the server imports it at the newest schema

server_pid=""
if [ -x scripts/demo_server.sh ]; then
  server_pid=$(bash scripts/demo_server.sh start "$DB")
fi
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  echo "No screen found: starting under a virtual screen (Xvfb). Set DISPLAY to use yours."
  xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/crm-desktop --db "$DB" "$@"
else
  .venv/bin/crm-desktop --db "$DB" "$@"
fi
