#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's postgresql-15 binaries, a fresh cluster in a
# folder of its own, listening on loopback only, run as a non-root user (PostgreSQL refuses root).
#
#   scripts/postgres-scratch.sh start   # prints the URL to export as INTERLUDE_TEST_DATABASE_URL
#   scripts/postgres-scratch.sh stop    # stops the server and deletes the cluster
#
# INTERLUDE_PG_SCRATCH_DIR (default /tmp/interlude-pg) and INTERLUDE_PG_SCRATCH_PORT (default 55432)
# let two checkouts run their own servers side by side. The cluster trusts loopback connections: it
# holds test data only and disappears on stop.
set -euo pipefail

dir="${INTERLUDE_PG_SCRATCH_DIR:-/tmp/interlude-pg}"
port="${INTERLUDE_PG_SCRATCH_PORT:-55432}"
bindir="${INTERLUDE_PG_BINDIR:-/usr/lib/postgresql/15/bin}"
user="${INTERLUDE_PG_SCRATCH_USER:-postgres}"

# As root, every server command runs as $user (Debian's package creates `postgres`); otherwise as us.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

start() {
  if [ ! -x "$bindir/initdb" ]; then
    echo "postgres-scratch: no PostgreSQL 15 at $bindir (apt-get install postgresql-15)" >&2
    exit 1
  fi
  stop_quietly
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown "$user" "$dir"; fi
  chmod 700 "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U interlude --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  # Sized for tests on a small machine: no fsync (the cluster is thrown away), a socket in the folder.
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null || {
    cat "$dir/server.log" >&2
    exit 1
  }
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U interlude interlude
  echo "postgres://interlude@127.0.0.1:$port/interlude"
}

stop_quietly() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop_quietly ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
