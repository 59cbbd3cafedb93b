#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: `start` prints its URL, `stop DIR` removes it.
#
#   url_and_dir=$(scripts/postgres.sh start)   # "postgresql://...<TAB>/tmp/pg.XXXX"
#   scripts/postgres.sh stop /tmp/pg.XXXX
#
# It never touches the machine's default cluster: a new data directory in a temp dir, a free port,
# a Unix socket inside that dir, trust auth on loopback only.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local candidate
  for candidate in /usr/lib/postgresql/*/bin/"$name"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  echo "scripts/postgres.sh: $name not found; install PostgreSQL 15 server binaries" \
    "(Debian: apt-get install -y postgresql-15)" >&2
  exit 1
}

# initdb refuses to run as root, so root hands the cluster to the postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{
    console.log(s.address().port);s.close()})'
}

start() {
  local initdb pg_ctl dir port
  initdb=$(find_bin initdb)
  pg_ctl=$(find_bin pg_ctl)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/traylinx-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  port=$(free_port)

  as_owner "$initdb" -D "$dir/data" -A trust -U postgres --no-sync >/dev/null
  as_owner "$pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" \
    start >/dev/null

  printf 'postgresql://postgres@127.0.0.1:%s/postgres\t%s\n' "$port" "$dir"
}

stop() {
  local dir=${1:?usage: scripts/postgres.sh stop DIR}
  as_owner "$(find_bin pg_ctl)" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: scripts/postgres.sh start | stop DIR" >&2; exit 2 ;;
esac
