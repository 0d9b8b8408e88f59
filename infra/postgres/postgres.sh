#!/usr/bin/env bash
# Finds or starts the PostgreSQL that Governor uses, and prints its URL on stdout.
#
#   infra/postgres/postgres.sh start [database]   print the URL to use, creating the database
#   infra/postgres/postgres.sh stop               stop the local cluster, if this script started one
#
# In order: DATABASE_URL if set (used as it is); else the server at 127.0.0.1:5432 when one answers
# (as user postgres); else a local cluster under infra/.data/postgres when initdb and pg_ctl are
# installed; else a message saying what to install.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_root="${GOVERNOR_DATA_DIR:-$here/../.data}"
cluster="$data_root/postgres"
local_port="${GOVERNOR_LOCAL_PG_PORT:-54329}"

log() { printf '[postgres] %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_bin() {
  local tool="$1" found
  found="$(command -v "$tool" 2>/dev/null || true)"
  if [[ -z "$found" ]]; then
    found="$(ls -d /usr/lib/postgresql/*/bin/"$tool" 2>/dev/null | sort -V | tail -n 1 || true)"
  fi
  printf '%s' "$found"
}

# initdb and postgres refuse to run as root: run them as the postgres user when we are root.
as_owner() {
  if [[ "$(id -u)" == "0" ]]; then
    id postgres >/dev/null 2>&1 || { log "running as root and there is no 'postgres' user to own the local cluster"; exit 1; }
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_database() {
  local base_url="$1" db="$2"
  # Creating the database is the one thing done outside migrations: schemas live inside it.
  node -e '
    const { Client } = require("pg");
    const [base, db] = process.argv.slice(1);
    (async () => {
      const c = new Client({ connectionString: base });
      await c.connect();
      const r = await c.query("select 1 from pg_database where datname = $1", [db]);
      if (r.rowCount === 0) await c.query(`create database "${db.replace(/"/g, "")}"`);
      await c.end();
    })().catch((e) => { console.error("[postgres] cannot create database " + db + ": " + e.message); process.exit(1); });
  ' "$base_url" "$db"
}

start_local_cluster() {
  local initdb pg_ctl
  initdb="$(pg_bin initdb)"; pg_ctl="$(pg_bin pg_ctl)"
  if [[ -z "$initdb" || -z "$pg_ctl" ]]; then
    log "no PostgreSQL answers on 127.0.0.1:5432, DATABASE_URL is not set, and initdb/pg_ctl are not installed."
    log "Install PostgreSQL (apt-get install postgresql) or set DATABASE_URL=postgres://user:pass@host:port/db."
    exit 1
  fi
  mkdir -p "$cluster"
  [[ "$(id -u)" == "0" ]] && chown postgres "$cluster"
  if [[ ! -f "$cluster/PG_VERSION" ]]; then
    log "creating a local cluster in $cluster"
    as_owner "$initdb" -D "$cluster" -U postgres --auth=trust >/dev/null
  fi
  if ! port_open "$local_port"; then
    log "starting the local cluster on 127.0.0.1:$local_port"
    as_owner "$pg_ctl" -D "$cluster" -l "$cluster/server.log" -w \
      -o "-p $local_port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  fi
}

start() {
  local db="${1:-governor}"
  if [[ -n "${DATABASE_URL:-}" ]]; then
    printf '%s\n' "$DATABASE_URL"
    return
  fi
  local base
  if port_open 5432; then
    base="postgres://postgres@127.0.0.1:5432"
  else
    start_local_cluster
    base="postgres://postgres@127.0.0.1:$local_port"
  fi
  ensure_database "$base/postgres" "$db"
  printf '%s/%s\n' "$base" "$db"
}

stop() {
  local pg_ctl
  pg_ctl="$(pg_bin pg_ctl)"
  if [[ -f "$cluster/postmaster.pid" && -n "$pg_ctl" ]]; then
    as_owner "$pg_ctl" -D "$cluster" -m fast stop >/dev/null && log "local cluster stopped"
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) echo "usage: $0 start [database]|stop" >&2; exit 2 ;;
esac
