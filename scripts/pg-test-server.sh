#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests.
#   pg-test-server.sh start [DIR]  creates DIR (default: a new temp dir), runs initdb and pg_ctl
#                                  there, listening only on a Unix socket in DIR (no TCP), and
#                                  prints two lines: the connection URL, then DIR.
#   pg-test-server.sh stop DIR     stops the cluster and deletes DIR.
# When run as root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail

BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PORT=5432  # only names the socket file (.s.PGSQL.5432) inside DIR; nothing listens on TCP

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ -n "${2:-}" ]; then
      dir=$2
      mkdir -p "$dir"
    else
      dir=$(mktemp -d /tmp/dengbao-pg.XXXXXX)
      # A failed start leaves no server and no temp dir behind.
      trap '[ -n "${started:-}" ] || { as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }' EXIT
    fi
    chmod 0700 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    as_owner "$BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync=off: a test cluster, thrown away afterwards; crash safety does not matter here.
    as_owner "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -p $PORT -c fsync=off" start >/dev/null ||
      { cat "$dir/server.log" >&2; exit 1; }
    started=1
    echo "postgresql:///postgres?host=$dir&port=$PORT&user=postgres"
    echo "$dir"
    ;;
  stop)
    dir=${2:?usage: pg-test-server.sh stop DIR}
    if [ -d "$dir/data" ]; then as_owner "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true; fi
    case "$dir" in /tmp/dengbao-pg.*) rm -rf "$dir" ;; *) rm -rf "$dir/data" "$dir"/*.log ;; esac
    ;;
  *)
    echo "usage: $0 start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
