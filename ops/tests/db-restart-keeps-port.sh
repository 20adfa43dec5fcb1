#!/usr/bin/env bash
# ops/tests/db-restart-keeps-port.sh — `ops/db stop` then `ops/db start` keeps the cluster on its recorded port, even
# while the sockets of the connections the stop closed linger in TIME_WAIT on it. A service running with that port in
# its connection string then reconnects by itself. Run by tests/CaseService.Tests (Ops/DbRestartTests.cs), so ops/test
# counts it; it needs no other cluster. Exit 0 when the port stayed, 1 when it moved or the setup failed.
set -euo pipefail
# shellcheck source=ops/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

pg_find_bin
pg_ensure_owner_user

WORK="$(mktemp -d /tmp/atencion-db-restart.XXXXXX)"
# The cluster owner must reach $WORK/pg, else lib.sh places the cluster under /var/tmp.
chmod 711 "$WORK"
CLIENTS=()

# shellcheck disable=SC2317  # runs from the trap
cleanup() {
  local pid
  for pid in "${CLIENTS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${PG_DATADIR:-}" ] && [ -f "$PG_DATADIR/postmaster.pid" ]; then
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATADIR" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  case "${PG_DATADIR:-}" in /var/tmp/atencion-pg-*) rm -rf "$PG_DATADIR" ;; esac
  rm -rf "$WORK"
}
trap cleanup EXIT

fail() { printf 'FAIL: %s\n' "$*"; exit 1; }

# The same functions ops/db start and ops/db stop run, on a throwaway .data directory.
ATENCION_DATA="$WORK"
project_cluster_up
port="$PG_PORT"
[ "$(head -n 1 "$WORK/pg.port")" = "$port" ] || fail "ops/db start did not record port $port"

# Connections that the server ends at the stop: the server's side of each is left in TIME_WAIT on the port.
for _ in 1 2 3 4 5 6 7 8; do
  "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U "$ATENCION_PG_SUPERUSER" -d postgres -c 'select pg_sleep(120)' >/dev/null 2>&1 &
  CLIENTS+=("$!")
done
for _ in $(seq 1 100); do
  sleeping="$(pg_psql_admin "$port" postgres -At -c "select count(*) from pg_stat_activity where query like 'select pg_sleep(120)%'")"
  [ "$sleeping" -ge 8 ] && break
  sleep 0.1
done
[ "$sleeping" -ge 8 ] || fail "only $sleeping of 8 connections came up"

project_cluster_down
for pid in "${CLIENTS[@]}"; do wait "$pid" 2>/dev/null || true; done
CLIENTS=()

lingering="$(ss -tanH state time-wait "( sport = :$port )" 2>/dev/null | wc -l)"
# Without them this test would prove nothing.
[ "$lingering" -gt 0 ] || fail "no TIME_WAIT socket on port $port after the stop"

project_cluster_up
[ "$PG_PORT" = "$port" ] || fail "the restart moved PostgreSQL from port $port to $PG_PORT ($lingering sockets in TIME_WAIT on $port)"
[ "$(head -n 1 "$WORK/pg.port")" = "$port" ] || fail "the restart recorded port $(head -n 1 "$WORK/pg.port") instead of $port"
pg_psql_admin "$port" "$ATENCION_DB_NAME" -At -c 'select 1' >/dev/null || fail "the restarted cluster does not answer on port $port"
echo "ok: restarted on port $port with $lingering sockets in TIME_WAIT on it"
