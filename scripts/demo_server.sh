#!/usr/bin/env bash
# The demo's local sync server (called by scripts/demo.sh):
#   bash scripts/demo_server.sh start DB
# makes var/demo-server.db from the laptop file DB (once; again if DB is another demo database),
# starts `crm-server run` on 127.0.0.1:8765 in the background (log: var/demo-server.log), points
# DB's settings at it, and prints the server's PID: the only thing it writes on stdout. Anything
# that goes wrong is said on stderr and leaves stdout empty: the demo then runs without a server.
set -euo pipefail
cd "$(dirname "$0")/.."

HOST=127.0.0.1
PORT=${CRM_DEMO_SERVER_PORT:-8765}
PASSWORD=demo-pass-2026
SERVER_DB="$PWD/var/demo-server.db"
LOG=var/demo-server.log
URL="http://$HOST:$PORT"
WAIT_SECONDS=20

say() { echo "demo server: $*" >&2; }
give_up() { say "$* — the demo starts without a sync server."; exit 0; }

if [ "${1:-}" != start ] || [ -z "${2:-}" ]; then
  echo "usage: bash scripts/demo_server.sh start LAPTOP_DB" >&2
  exit 2
fi
DB=$2
[ -f "$DB" ] || give_up "there is no laptop database $DB"
mkdir -p var
server() { .venv/bin/crm-server --database-url "sqlite:///$SERVER_DB" "$@"; }
laptop() { .venv/bin/python scripts/demo_laptop.py "$@"; }
answers() { curl -fsS --max-time 1 "$URL/v1/health" >/dev/null 2>&1; }

# 1. The server's data: the laptop file's own rows at version 1, and a login per user.
if ! laptop matches "$SERVER_DB" "$DB"; then
  if [ -f "$SERVER_DB" ]; then
    say "var/demo-server.db was made from another demo database: making it again"
    rm -f "$SERVER_DB" "$SERVER_DB-wal" "$SERVER_DB-shm"
  fi
  say "making var/demo-server.db from $DB (once)"
  server migrate >&2 || give_up "the server database could not be made"
  server import-laptop-db "$DB" --password "$PASSWORD" >&2 ||
    { rm -f "$SERVER_DB"*; give_up "the import of $DB failed"; }
  laptop fresh "$DB" || give_up "the laptop's sync state could not be reset"
fi

# 2. The server, in the background, with its own log; answering within WAIT_SECONDS.
answers && give_up "something answers on $URL already (a demo server left running?)"
.venv/bin/crm-server --database-url "sqlite:///$SERVER_DB" run --host "$HOST" --port "$PORT" \
  </dev/null >>"$LOG" 2>&1 &
pid=$!
deadline=$((SECONDS + WAIT_SECONDS))
while [ "$SECONDS" -lt "$deadline" ]; do
  answers && break
  kill -0 "$pid" 2>/dev/null || give_up "the server stopped at once (see $LOG)"
  sleep 0.2
done
if ! answers; then
  kill "$pid" 2>/dev/null || true
  give_up "the server did not answer within $WAIT_SECONDS s (see $LOG)"
fi

# 3. The laptop's settings point at it; the sign-in is told once.
user=$(laptop settings "$DB" "$URL") ||
  { kill "$pid" 2>/dev/null || true; give_up "the settings of $DB could not be written"; }
say "sync server on $URL (pid $pid). Sign in as $user / $PASSWORD" \
  "(every demo user has that password; a manager, e.g. lfarango, sees every account)."
echo "$pid"
