#!/usr/bin/env bash
# The fleet on PostgreSQL, side by side in one run: 1, 2 and 4 `gaffer run --once` workers sharing one store and one
# sandbox of N no-op jobs (the engine does nothing). Prints jobs per second for each fleet size, and the dispatch
# latency of a busy worker slot (from one attempt's end to the slot's next attempt start: the claim, its
# transaction and the views) as p50 / p99.
# A throw-away cluster is started for the run (initdb into a temp folder, a loopback port; as the postgres user
# when run as root) and removed at the end.
# Usage: bash bench/fleet.sh [N]   (default 400)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/noop-sandbox.sh
source bench/pg-cluster.sh
N=${1:-400}
swift build -c release 2>&1 | grep -E "error|Build" || true
gaffer="$(swift build -c release --show-bin-path)/gaffer"
start_pg_cluster
now() { date +%s%N; }

echo "== fleet on PostgreSQL ($("$pg_bin/postgres" --version | cut -d' ' -f3)): $N one-stage jobs, engine /bin/sh -c ': > {output}', concurrency 2 per worker"
printf '%-8s %10s %10s %12s %12s %8s\n' workers "wall ms" "jobs/s" "dispatch p50" "dispatch p99" workers_used
for workers in 1 2 4; do
  db="fleet_$workers"; psql -d postgres -c "CREATE DATABASE $db" > /dev/null
  sandbox="$work/sandbox-$workers"; write_noop_sandbox "$sandbox" "$N" fleet-job
  url="postgres://gaffer@127.0.0.1:$port/$db"
  # The workers admit the inbox themselves (each job once: the first insert wins), as a fleet does.
  t0=$(now)
  pids=()
  for w in $(seq "$workers"); do
    "$gaffer" run --once --store "$url" --sandbox "$sandbox" --worker-id "w$w" > /dev/null 2> "$work/w$workers-$w.log" & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
  t1=$(now)
  completed=$(psql -d "$db" -c "SELECT count(*) FROM jobs WHERE state = 'COMPLETED'")
  used=$(psql -d "$db" -c "SELECT count(DISTINCT worker_id) FROM attempts")
  # Dispatch latency: per worker, attempts ordered by start; the gap from an attempt's end to the start of the
  # worker's next attempt after it (a slot refilled), in ms.
  read -r p50 p99 < <(psql -d "$db" -F ' ' -c "
    WITH a AS (
      SELECT worker_id, started_at::timestamptz AS s, ended_at::timestamptz AS e FROM attempts WHERE ended_at IS NOT NULL),
    gaps AS (
      SELECT EXTRACT(EPOCH FROM (SELECT min(b.s) FROM a b WHERE b.worker_id = a.worker_id AND b.s >= a.e) - a.e) * 1000 AS ms FROM a)
    SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 2), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 2)
    FROM gaps WHERE ms IS NOT NULL")
  ms=$(( (t1 - t0) / 1000000 ))
  awk -v w="$workers" -v ms="$ms" -v n="$completed" -v p50="$p50" -v p99="$p99" -v used="$used" \
    'BEGIN { printf "%-8s %10d %10.1f %10s ms %10s ms %8s\n", w, ms, n * 1000 / ms, p50, p99, used }'
  [ "$completed" = "$N" ] || echo "  (only $completed of $N COMPLETED)"
done
