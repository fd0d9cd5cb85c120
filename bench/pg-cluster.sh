# Sourced by bench/fleet.sh and bench/scale.sh: start_pg_cluster starts a throw-away PostgreSQL cluster (initdb into
# a temp folder, a loopback port; as the postgres user when run as root), sets $work, $port, $pg_bin and a psql
# function, and removes it all on exit.
start_pg_cluster() {
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  work=$(mktemp -d "${TMPDIR:-/tmp}/gaffer-pg-bench.XXXXXX")
  local as_pg=()
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$work"; as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --); fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as_pg[@]}" "$pg_bin/initdb" -D "$work/data" -U gaffer --auth=trust --no-locale -E UTF8 --no-sync > /dev/null
  "${as_pg[@]}" "$pg_bin/postgres" -D "$work/data" -h 127.0.0.1 -p "$port" -k "$work" -c max_connections=200 > "$work/server.log" 2>&1 &
  pg_server=$!
  trap 'on_exit_extra 2>/dev/null || true; kill -INT $pg_server 2>/dev/null; wait $pg_server 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
}
psql() { command psql -h 127.0.0.1 -p "$port" -U gaffer -At "$@"; }
