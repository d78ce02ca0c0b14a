# A throwaway PostgreSQL cluster for tests and benchmarks; source this file.
#   pg_cluster_start [-c name=value ...]  initdb in a fresh /tmp directory and start
#       a server listening only on a Unix socket in it; sets PG_CLUSTER_DIR and
#       PG_CLUSTER_DSN (the superuser's DSN). Fails when PostgreSQL is not installed.
#   pg_cluster_stop  stops the server and removes the directory (safe to repeat).
# initdb refuses to run as root, so as root the cluster runs as user postgres.

pg_cluster_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

pg_cluster_start() {
  local bin
  bin=$(pg_cluster_bindir) || return 1
  PG_CLUSTER_BIN=$bin
  PG_CLUSTER_DIR=$(mktemp -d /tmp/omnibus-pg.XXXXXX)
  PG_CLUSTER_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$PG_CLUSTER_DIR"
    PG_CLUSTER_AS=(runuser -u postgres --)
  fi
  if ! "${PG_CLUSTER_AS[@]}" "$bin/initdb" -D "$PG_CLUSTER_DIR/data" -U postgres -A trust \
      -E UTF8 --no-locale >"$PG_CLUSTER_DIR/initdb.log" 2>&1; then
    cat "$PG_CLUSTER_DIR/initdb.log" >&2
    pg_cluster_stop
    return 1
  fi
  if ! "${PG_CLUSTER_AS[@]}" "$bin/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" \
      -w -t 60 -o "-c listen_addresses= -k $PG_CLUSTER_DIR -c max_connections=200 $*" \
      start >/dev/null; then
    cat "$PG_CLUSTER_DIR/server.log" >&2
    pg_cluster_stop
    return 1
  fi
  PG_CLUSTER_DSN="postgresql:///postgres?host=$PG_CLUSTER_DIR&user=postgres"
}

pg_cluster_stop() {
  [ -n "${PG_CLUSTER_DIR:-}" ] || return 0
  if [ -f "$PG_CLUSTER_DIR/data/postmaster.pid" ]; then
    "${PG_CLUSTER_AS[@]}" "$PG_CLUSTER_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m immediate \
      -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=
}
