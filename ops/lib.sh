#!/usr/bin/env bash
# Shared code for the ops/ scripts. Source it; do not execute it.
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# Progress and errors go to stderr so that stdout stays usable
# (ops/token prints only the token, ops/db env only export lines).

# shellcheck disable=SC2034  # some variables are used by the sourcing scripts

export NUGET_CERT_REVOCATION_MODE=offline
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

ATENCION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
ATENCION_DATA="$ATENCION_ROOT/.data"
ATENCION_DB_NAME=atencion
ATENCION_APP_ROLE=atencion_app
ATENCION_PG_SUPERUSER=postgres

ops_log() { printf '%s\n' "$*" >&2; }
ops_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ops_is_root() { [ "$(id -u)" -eq 0 ]; }

# ---------------------------------------------------------------- PostgreSQL binaries

# Sets PG_BIN to a directory holding initdb, pg_ctl and psql.
pg_locate_bin() {
  local initdb dir
  PG_BIN=""
  if initdb="$(command -v initdb 2>/dev/null)"; then
    dir="$(dirname "$(readlink -f "$initdb")")"
    if [ -x "$dir/pg_ctl" ] && [ -x "$dir/psql" ]; then PG_BIN="$dir"; return 0; fi
  fi
  dir="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then PG_BIN="$dir"; return 0; fi
  return 1
}

pg_install() {
  ops_log "PostgreSQL not found; installing it with apt-get..."
  local -a sudo=()
  if ! ops_is_root; then
    command -v sudo >/dev/null 2>&1 || ops_die "PostgreSQL is not installed and neither root nor sudo is available; install the 'postgresql' package"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
}

# The browser test's needs: Debian's Chromium at /usr/bin/chromium (a test tool's own browser download fails on
# machines without open internet) and tests/Browser's npm packages, exactly as its package-lock.json pins them.
# A failure is reported, not fatal: the browser test then fails saying what is missing, and the rest still runs.
browser_test_setup() {
  if [ ! -x /usr/bin/chromium ]; then
    ops_log "Chromium not found; installing Debian's chromium with apt-get for the browser test..."
    local -a sudo=()
    if ! ops_is_root; then
      if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else ops_log "neither root nor sudo: the browser test will fail"; fi
    fi
    if ops_is_root || [ "${#sudo[@]}" -gt 0 ]; then
      { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >&2 \
        && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >&2; } </dev/null \
        || ops_log "installing chromium failed: the browser test will fail"
    fi
  fi
  if command -v npm >/dev/null 2>&1; then
    (cd "$ATENCION_ROOT/tests/Browser" && npm ci --no-audit --no-fund --loglevel=error >&2) </dev/null \
      || ops_log "npm ci in tests/Browser failed: the browser test will fail"
  else
    ops_log "npm not found: the browser test will fail"
  fi
}

# Finds the binaries, installing PostgreSQL only when no initdb exists at all.
pg_find_bin() {
  [ -n "${PG_BIN:-}" ] && return 0
  if ! pg_locate_bin; then
    pg_install
    pg_locate_bin || ops_die "PostgreSQL was installed but initdb/pg_ctl cannot be found"
  fi
}

# ---------------------------------------------------------------- cluster owner

pg_ensure_owner_user() {
  ops_is_root || return 0
  if ! id -u "$ATENCION_PG_SUPERUSER" >/dev/null 2>&1; then
    ops_log "creating system user '$ATENCION_PG_SUPERUSER'"
    useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
      --shell /usr/sbin/nologin "$ATENCION_PG_SUPERUSER"
  fi
}

# Runs a command as the cluster owner: the postgres OS user when root, else the current user.
# Runs from / so a cwd the owner cannot read (e.g. under /root) does not matter; pass absolute paths.
# fd 9 (the cluster lock) is closed so a postmaster started here does not inherit the lock.
pg_as_owner() {
  if ops_is_root; then
    (cd / && runuser -u "$ATENCION_PG_SUPERUSER" -- "$@" 9>&-)
  else
    (cd / && "$@" 9>&-)
  fi
}

# Gives a directory (created if missing) to the cluster owner, mode 0700.
pg_own_dir() {
  mkdir -p "$1"
  if ops_is_root; then chown "$ATENCION_PG_SUPERUSER:" "$1"; fi
  chmod 700 "$1"
}

# ---------------------------------------------------------------- data directory

# pg_resolve_datadir WANTED RECORD_FILE
# Prints the data directory to use for WANTED. When the cluster owner cannot traverse to
# WANTED's parent (e.g. a repo under a 0700 /root), the cluster lives under
# /var/tmp/atencion-pg-<hash of WANTED>. The choice is written to RECORD_FILE.
pg_resolve_datadir() {
  local wanted="$1" record="$2" parent fallback actual
  mkdir -p "$(dirname "$wanted")"
  parent="$(cd "$(dirname "$wanted")" && pwd -P)"
  wanted="$parent/$(basename "$wanted")"
  fallback="/var/tmp/atencion-pg-$(printf '%s' "$wanted" | sha256sum | cut -c1-12)"
  if [ -f "$record" ] && [ "$(head -n 1 "$record")" = "$fallback" ] && [ -f "$fallback/PG_VERSION" ]; then
    actual="$fallback" # placed there before: stays there even if WANTED became reachable
  elif ! ops_is_root || runuser -u "$ATENCION_PG_SUPERUSER" -- test -x "$parent" 2>/dev/null; then
    actual="$wanted"
  else
    actual="$fallback"
    ops_log "note: user '$ATENCION_PG_SUPERUSER' cannot reach $parent; the cluster lives in $actual"
  fi
  printf '%s\n' "$actual" >"$record"
  printf '%s\n' "$actual"
}

pg_initdb_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then echo C.UTF-8; else echo C; fi
}

# pg_init_cluster DATADIR  — initdb (when not yet done) and the project's settings.
pg_init_cluster() {
  local datadir="$1" sockdir locale
  [ -f "$datadir/PG_VERSION" ] && return 0
  pg_ensure_owner_user
  pg_own_dir "$datadir"
  locale="$(pg_initdb_locale)"
  ops_log "initdb $datadir (locale $locale)"
  if ! pg_as_owner "$PG_BIN/initdb" -D "$datadir" --auth=trust --username="$ATENCION_PG_SUPERUSER" \
      --encoding=UTF8 --locale="$locale" >"$datadir.initdb.log" 2>&1; then
    cat "$datadir.initdb.log" >&2
    ops_die "initdb failed for $datadir"
  fi
  rm -f "$datadir.initdb.log"
  # Unix sockets go in the data dir (the owner can write there, /var/run may not be);
  # a socket path must stay under ~107 bytes, so very deep paths get TCP only.
  sockdir="$datadir"
  [ "${#datadir}" -gt 90 ] && sockdir=""
  cat >>"$datadir/postgresql.conf" <<EOF

# --- atencion (ops/lib.sh) ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
fsync = on
synchronous_commit = on
full_page_writes = on
idle_in_transaction_session_timeout = '60s'
max_connections = 200
EOF
}

# ---------------------------------------------------------------- ports

ops_have_python() { command -v python3 >/dev/null 2>&1 && python3 -c 'pass' >/dev/null 2>&1; }

# pg_port_free PORT — true when nothing listens on 127.0.0.1:PORT.
# The sockets in TIME_WAIT that a stopped cluster's connections leave behind do not count: PostgreSQL binds with
# SO_REUSEADDR and listens there again at once. A plain bind() test refused the port for a minute after every stop,
# so `ops/db stop; ops/db start` moved the cluster to another port and stranded the running service.
pg_port_free() {
  local port="$1"
  case "$port" in '' | *[!0-9]*) return 1 ;; esac
  if ops_have_python; then
    python3 - "$port" <<'EOF' 2>/dev/null
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
    return
  fi
  if command -v ss >/dev/null 2>&1; then
    [ -z "$(ss -ltnH "( sport = :$port )" 2>/dev/null)" ] || return 1
  fi
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

# pg_pick_port [PREFERRED] — PREFERRED when free, else a port the kernel hands out.
pg_pick_port() {
  local preferred="${1:-}" port i
  if [ -n "$preferred" ] && pg_port_free "$preferred"; then echo "$preferred"; return 0; fi
  if ops_have_python; then
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || true)"
    if [ -n "$port" ]; then echo "$port"; return 0; fi
  fi
  port=$((54320 + RANDOM % 1000))
  for ((i = 0; i < 1000; i++)); do
    if pg_port_free "$port"; then echo "$port"; return 0; fi
    port=$((port + 1))
  done
  ops_die "no free TCP port found on 127.0.0.1"
}

# ---------------------------------------------------------------- start / stop

pg_is_running() { pg_as_owner "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1; }

# Port of a running cluster (line 4 of postmaster.pid).
pg_running_port() { sed -n 4p "$1/postmaster.pid" 2>/dev/null; }

# pg_start DATADIR [PREFERRED_PORT] — starts the cluster unless it runs; sets PG_PORT.
# Retries with another port when the chosen one was taken in the meantime.
pg_start() {
  local datadir="$1" preferred="${2:-}" logfile="$1/server.log" attempt port before
  if pg_is_running "$datadir"; then
    PG_PORT="$(pg_running_port "$datadir")"
    [ -n "$PG_PORT" ] || ops_die "cluster $datadir runs but its port is unknown"
    return 0
  fi
  for attempt in 1 2 3 4 5; do
    port="$(pg_pick_port "$preferred")"
    preferred=""
    before=0
    [ -f "$logfile" ] && before="$(wc -c <"$logfile")"
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 -o "-p $port" start >/dev/null 2>&1; then
      PG_PORT="$port"
      ops_log "PostgreSQL running: $datadir on 127.0.0.1:$PG_PORT (log: $logfile)"
      return 0
    fi
    if tail -c +"$((before + 1))" "$logfile" 2>/dev/null | grep -qiE 'address already in use|could not create any TCP/IP sockets|could not bind'; then
      ops_log "port $port was taken; retrying (attempt $attempt)"
      continue
    fi
    tail -n 30 "$logfile" >&2 2>/dev/null || true
    ops_die "pg_ctl start failed for $datadir (log: $logfile)"
  done
  ops_die "could not start PostgreSQL: no usable port after 5 attempts"
}

# pg_stop DATADIR [MODE]
pg_stop() {
  local datadir="$1" mode="${2:-fast}"
  pg_is_running "$datadir" || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$datadir" -m "$mode" -w -t 60 stop >/dev/null
}

# ---------------------------------------------------------------- database bootstrap

pg_psql_admin() { # PORT DB [psql args...]
  local port="$1" db="$2"; shift 2
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$ATENCION_PG_SUPERUSER" -d "$db" "$@"
}

# pg_bootstrap PORT — database 'atencion' and login role 'atencion_app', idempotently.
pg_bootstrap() {
  local port="$1"
  pg_psql_admin "$port" postgres >/dev/null <<SQL
SELECT format('CREATE DATABASE %I', '$ATENCION_DB_NAME')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$ATENCION_DB_NAME')\gexec
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ATENCION_APP_ROLE') THEN
    CREATE ROLE $ATENCION_APP_ROLE LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;
  END IF;
END
\$\$;
SQL
}

# pg_export_env PORT
pg_export_env() {
  local port="$1"
  export ATENCION_DB_ADMIN="Host=127.0.0.1;Port=$port;Username=$ATENCION_PG_SUPERUSER;Database=$ATENCION_DB_NAME"
  export ATENCION_DB="Host=127.0.0.1;Port=$port;Username=$ATENCION_APP_ROLE;Database=$ATENCION_DB_NAME"
}

# ---------------------------------------------------------------- the persistent project cluster

# Files: .data/pg (or the /var/tmp fallback), .data/pg.location, .data/pg.port, .data/pg.lock
project_cluster_paths() {
  pg_find_bin
  pg_ensure_owner_user
  mkdir -p "$ATENCION_DATA"
  PG_DATADIR="$(pg_resolve_datadir "$ATENCION_DATA/pg" "$ATENCION_DATA/pg.location")"
  PG_PORT_FILE="$ATENCION_DATA/pg.port"
}

# Serialises concurrent ops/* calls that start or stop the project cluster (fd 9).
project_cluster_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$ATENCION_DATA/pg.lock"
    flock -w 120 9 || ops_die "timed out waiting for $ATENCION_DATA/pg.lock"
  fi
}
project_cluster_unlock() { exec 9>&-; }

# Inits, starts (when not running) and bootstraps the project cluster; exports
# ATENCION_DB and ATENCION_DB_ADMIN; sets PG_PORT and PG_DATADIR.
project_cluster_up() {
  local remembered=""
  project_cluster_paths
  project_cluster_lock
  pg_init_cluster "$PG_DATADIR"
  [ -f "$PG_PORT_FILE" ] && remembered="$(head -n 1 "$PG_PORT_FILE")"
  pg_start "$PG_DATADIR" "$remembered"
  printf '%s\n' "$PG_PORT" >"$PG_PORT_FILE"
  pg_bootstrap "$PG_PORT"
  project_cluster_unlock
  pg_export_env "$PG_PORT"
}

project_cluster_down() {
  project_cluster_paths
  project_cluster_lock
  if [ ! -f "$PG_DATADIR/PG_VERSION" ] || ! pg_is_running "$PG_DATADIR"; then
    ops_log "PostgreSQL not running ($PG_DATADIR)"
    return 0
  fi
  pg_stop "$PG_DATADIR" fast
  project_cluster_unlock
  ops_log "PostgreSQL stopped ($PG_DATADIR)"
}

# ---------------------------------------------------------------- development keys

# Creates .data/<name> (64 random bytes, base64, mode 600) when missing; prints its path.
ensure_dev_key() {
  local key="$ATENCION_DATA/$1" tmp
  mkdir -p "$ATENCION_DATA"
  if [ ! -s "$key" ]; then
    tmp="$(umask 077 && mktemp "$ATENCION_DATA/.$1.XXXXXX")"
    if command -v openssl >/dev/null 2>&1; then
      openssl rand -base64 64 | tr -d '\n' >"$tmp"
    else
      head -c 64 /dev/urandom | base64 -w0 >"$tmp"
    fi
    chmod 600 "$tmp"
    mv -f "$tmp" "$key"
    ops_log "created development key $key"
  fi
  chmod 600 "$key"
  printf '%s\n' "$key"
}

# The JWT signing key (exports ATENCION_SIGNING_KEY_FILE) and the hash chain's key (ATENCION_CHAIN_KEY_FILE).
# Keep both out of the database: whoever holds the chain key can forge history that verifies.
ensure_dev_signing_key() {
  ATENCION_SIGNING_KEY_FILE="$(ensure_dev_key dev-signing-key)"
  export ATENCION_SIGNING_KEY_FILE
  ATENCION_CHAIN_KEY_FILE="$(ensure_dev_key chain-key)"
  export ATENCION_CHAIN_KEY_FILE
}

# ---------------------------------------------------------------- .NET

ATENCION_SERVICE_PROJECT="src/CaseService"

# Builds the service quietly; shows the build output only when it fails.
build_service() {
  local out
  if ! out="$(cd "$ATENCION_ROOT" && dotnet build "$ATENCION_SERVICE_PROJECT" -c Release -v q -nologo 2>&1)"; then
    printf '%s\n' "$out" >&2
    ops_die "dotnet build $ATENCION_SERVICE_PROJECT failed"
  fi
}
