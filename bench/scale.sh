#!/usr/bin/env bash
# The PostgreSQL store at scale: 10,000 jobs (15,000 attempts with gate results, 500 open escalations) written
# straight into a throw-away cluster with SQL, then `gaffer status` (table and --json) and `gaffer serve`'s
# /metrics and /api/jobs timed (median of 5, each a full run or response), with the peak RSS of both processes.
# Usage: bash bench/scale.sh [JOBS]   (default 10000; env BENCH_RUNS=5)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/pg-cluster.sh
JOBS=${1:-10000}
RUNS=${BENCH_RUNS:-5}
swift build -c release 2>&1 | grep -E "error|Build" || true
gaffer="$(swift build -c release --show-bin-path)/gaffer"
start_pg_cluster
serve_pid=""
on_exit_extra() { [ -n "$serve_pid" ] && kill "$serve_pid" 2> /dev/null; }
psql -d postgres -c "CREATE DATABASE scale" > /dev/null
url="postgres://gaffer@127.0.0.1:$port/scale"
sandbox="$work/sandbox"
mkdir -p "$sandbox/jobs" "$sandbox/workflows" "$sandbox/policies" "$sandbox/logs"
"$gaffer" status --store "$url" --sandbox "$sandbox" > /dev/null  # applies the migrations

t0=$(date +%s%N)
psql -d scale -q <<SQL
BEGIN;
-- Every 20th job ESCALATED, then POSTED, ABORTED, VALIDATED by residue, the rest COMPLETED; even jobs have two
-- attempts (a RETRY_STAGE, then the last one), odd jobs one: 1.5 attempts per job.
-- Each job keeps its admitted content (as admission stores it): a 400-byte job file.
INSERT INTO jobs (job_id, source_path, state, stage, attempt_id, reason, workflow_id, policy_path, created_at, updated_at, content)
SELECT format('scale-job-%s', lpad(i::text, 6, '0')), format('jobs/scale-job-%s.job.json', lpad(i::text, 6, '0')),
       CASE WHEN i % 20 = 0 THEN 'ESCALATED' WHEN i % 7 = 0 THEN 'POSTED' WHEN i % 11 = 0 THEN 'ABORTED'
            WHEN i % 13 = 0 THEN 'VALIDATED' ELSE 'COMPLETED' END,
       'video', CASE WHEN i % 2 = 0 THEN 'run-0002' ELSE 'run-0001' END,
       'All 6 blocking gates passed. QC recommends PROCEED.', 'demo_v1', 'qc_policy.v1.json',
       '2026-02-18T08:00:00.000Z', '2026-02-18T08:10:00.000Z',
       format('{"job_id": "scale-job-%s", "workflow": "demo_v1", "priority": 0, "params": {"prompt": "a red kite over a grey sea at dusk, wide shot, slow pan", "seed": %s, "duration_seconds": 6, "fps": 24, "width": 1280, "height": 720}, "continuity": {"character": "kite-001", "costume": "none"}, "platforms": ["youtube", "tiktok"], "notes": "scale bench"}', lpad(i::text, 6, '0'), i)
FROM generate_series(1, $JOBS) AS i;
INSERT INTO events (job_id, ts, run_id, event, from_state, to_state, details)
SELECT format('scale-job-%s', lpad(i::text, 6, '0')), '2026-02-18T08:00:00.000Z', 'r-bench', 'validated', 'DISCOVERED', 'VALIDATED', '{}'
FROM generate_series(1, $JOBS) AS i;
INSERT INTO attempts (job_id, attempt_id, number, stage, status, started_at, ended_at, engine, wall_seconds,
                      decision_action, decision_reason, score, gate_results)
SELECT format('scale-job-%s', lpad(i::text, 6, '0')), 'run-0001', 1, 'video', 'decided', '2026-02-18T08:00:00.000Z',
       '2026-02-18T08:01:00.000Z', '{"exit_code":0,"missing_outputs":[],"stalled":false,"timed_out":false}',
       0.2 + (i % 97) * 1.3, CASE WHEN i % 2 = 0 THEN 'RETRY_STAGE' WHEN i % 11 = 0 THEN 'ABORT' ELSE 'PROCEED' END,
       'bench', 0.5 + (i % 50) / 100.0,
       CASE WHEN i % 2 = 0
            THEN '{"audio_video_gate":"PASS","freeze_ratio_gate":"HARD_FAIL","identity_gate":"PASS","loop_seam_gate":"PASS","silence_ratio_gate":"PASS","temporal_stability_gate":"SOFT_FAIL"}'
            ELSE '{"audio_video_gate":"PASS","freeze_ratio_gate":"PASS","identity_gate":"PASS","loop_seam_gate":"PASS","silence_ratio_gate":"PASS","temporal_stability_gate":"PASS"}' END
FROM generate_series(1, $JOBS) AS i;
INSERT INTO attempts (job_id, attempt_id, number, stage, status, source_attempt_id, started_at, ended_at, engine,
                      wall_seconds, decision_action, decision_reason, escalation_reason, score, gate_results)
SELECT format('scale-job-%s', lpad(i::text, 6, '0')), 'run-0002', 2, 'video', 'decided', 'run-0001', '2026-02-18T08:02:00.000Z',
       '2026-02-18T08:03:00.000Z', '{"exit_code":0,"missing_outputs":[],"stalled":false,"timed_out":false}',
       0.4 + (i % 89) * 2.1, CASE WHEN i % 20 = 0 THEN 'ESCALATE_USER' ELSE 'PROCEED' END, 'bench',
       CASE WHEN i % 20 = 0 THEN 'ARTIFACT_CORRUPTED' END, 0.9,
       '{"audio_video_gate":"PASS","freeze_ratio_gate":"PASS","identity_gate":"PASS","loop_seam_gate":"PASS","silence_ratio_gate":"PASS","temporal_stability_gate":"PASS"}'
FROM generate_series(1, $JOBS) AS i WHERE i % 2 = 0;
COMMIT;
ANALYZE;
SQL
t1=$(date +%s%N)
echo "== store: $(psql -d scale -c "SELECT (SELECT count(*) FROM jobs) || ' jobs, ' || (SELECT count(*) FROM attempts) || ' attempts'"), written in $(( (t1 - t0) / 1000000 )) ms"

# median_ms CMD... : median wall ms of RUNS runs, and the peak RSS (MB) of the last one.
median_ms() {
  local samples=() rss
  for _ in $(seq "$RUNS"); do
    local a b; a=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$work/rss" "$@" > "$work/out" 2> "$work/err" || { echo "scale.sh: $* failed:"; cat "$work/err"; exit 1; }
    b=$(date +%s%N); samples+=($(( (b - a) / 1000 )))
  done
  rss=$(tail -1 "$work/rss")
  printf '%s\n' "${samples[@]}" | sort -n | awk -v rss="$rss" '{ v[NR] = $1 / 1000 } END { printf "%8.1f ms %8.1f MB\n", v[int((NR + 1) / 2)], rss / 1024 }'
}
printf '%-34s %11s %11s\n' "" "median" "peak RSS"
printf '%-34s %s\n' "gaffer status" "$(median_ms "$gaffer" status --store "$url" --sandbox "$sandbox")"
printf '%-34s %s\n' "gaffer status --json" "$(median_ms "$gaffer" status --json --store "$url" --sandbox "$sandbox")"

echo "bench-token-$RANDOM$RANDOM" > "$work/token"
"$gaffer" serve --store "$url" --sandbox "$sandbox" --host 127.0.0.1 --port 0 --token-file "$work/token" > "$work/serve.out" 2> "$work/serve.err" &
serve_pid=$!
base=""
for _ in $(seq 100); do
  base=$(sed -n 's/^listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$work/serve.out" | head -n 1)
  [ -n "$base" ] && break; sleep 0.1
done
[ -n "$base" ] || { echo "scale.sh: gaffer serve did not start"; cat "$work/serve.err"; exit 1; }
curl -s "$base/metrics" > /dev/null
for path in /metrics /api/jobs; do
  printf '%-34s %s\n' "GET $path (gaffer serve)" "$(for _ in $(seq "$RUNS"); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$base$path"; done |
    sort -k2 -g | awk '$1 != 200 { bad = 1 } { v[NR] = $2 * 1000 } END { if (bad) { print "not 200"; exit 1 } printf "%8.1f ms", v[int((NR + 1) / 2)] }')"
done
printf '%-34s %20.1f MB\n' "gaffer serve peak RSS" "$(awk '/VmHWM/ { print $2 / 1024 }' /proc/$serve_pid/status)"

# A worker over the same store: its scans list every job each tick; the queued ones (every 13th) name a workflow
# this sandbox lacks, so each is worked once (recorded INVALID) and the worker ends.
a=$(date +%s%N)
/usr/bin/time -f '%M' -o "$work/worker-rss" "$gaffer" run --once --store "$url" --sandbox "$sandbox" > /dev/null 2> "$work/worker.err" || true
b=$(date +%s%N)
printf '%-34s %8.1f s  %8.1f MB   (%s jobs left queued)\n' "gaffer run --once (a worker)" "$(echo "($b - $a) / 1000000000" | bc -l)" \
  "$(echo "$(tail -1 "$work/worker-rss") / 1024" | bc -l)" "$(psql -d scale -c "SELECT count(*) FROM jobs WHERE state = 'VALIDATED'")"
