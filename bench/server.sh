#!/usr/bin/env bash
# Ops server under load: a sandbox of 10,000 jobs (15,000 attempts with gate results, 500 open escalations)
# written straight into gaffer.sqlite with the sqlite3 CLI, served by `gaffer serve`; times /metrics,
# /api/jobs and the review page with curl (median of 5, each a full response).
# Usage: bash bench/server.sh   (env: BENCH_JOBS=10000, BENCH_RUNS=5, BENCH_CONFIG=release|debug,
#                               BENCH_SCRATCH=.build-server)
set -euo pipefail
cd "$(dirname "$0")/.."

JOBS=${BENCH_JOBS:-10000}
RUNS=${BENCH_RUNS:-5}
CONFIG=${BENCH_CONFIG:-release}
SCRATCH=${BENCH_SCRATCH:-.build-server}
for tool in sqlite3 curl; do
    command -v "$tool" > /dev/null || { echo "server.sh: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done

echo "== build ($CONFIG, scratch $SCRATCH)"
swift build -c "$CONFIG" --scratch-path "$SCRATCH" 2>&1 | grep -E "error|warning: .*Sources/|Build" || true
gaffer="$(swift build -c "$CONFIG" --scratch-path "$SCRATCH" --show-bin-path)/gaffer"
"$gaffer" serve --help > /dev/null || { echo "server.sh: this gaffer has no 'serve' command" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/gaffer-server-bench.XXXXXX")
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2> /dev/null; then kill "$server_pid"; wait "$server_pid" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
sandbox="$work/sandbox"
mkdir -p "$sandbox/jobs" "$sandbox/workflows" "$sandbox/policies" "$sandbox/logs"

# Let Gaffer create and migrate the store (the schema of Sources/GafferStore/SQLite/SQLiteSchema.swift,
# migrations recorded in grdb_migrations), then fill it in one transaction.
"$gaffer" status --sandbox "$sandbox" > /dev/null
t0=$(date +%s%N)
sqlite3 "$sandbox/gaffer.sqlite" > /dev/null <<SQL
PRAGMA busy_timeout = 10000;
BEGIN;
CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $JOBS) INSERT INTO n SELECT i FROM seq;

-- Every 20th job ESCALATED, then POSTED, ABORTED, RUNNING by residue, the rest COMPLETED.
-- Even jobs have two attempts (a RETRY_STAGE, then the last one), odd jobs one: 1.5 attempts per job.
INSERT INTO jobs (job_id, source_path, state, stage, attempt_id, reason, workflow_id, policy_path,
                  pending_overrides, budget_floor, created_at, updated_at)
SELECT printf('bench-job-%06d', i), printf('jobs/bench-job-%06d.job.json', i),
       CASE WHEN i % 20 = 0 THEN 'ESCALATED' WHEN i % 7 = 0 THEN 'POSTED' WHEN i % 11 = 0 THEN 'ABORTED'
            WHEN i % 13 = 0 THEN 'RUNNING' ELSE 'COMPLETED' END,
       'video', CASE WHEN i % 2 = 0 THEN 'run-0002' ELSE 'run-0001' END,
       'All 6 blocking gates passed. QC recommends PROCEED.', 'demo_v1', 'policies/qc_policy.v1.json', '{}', 0,
       '2026-02-18T08:00:00.000Z', '2026-02-18T08:10:00.000Z'
FROM n;

INSERT INTO events (job_id, ts, run_id, event, from_state, to_state, details)
SELECT printf('bench-job-%06d', i), '2026-02-18T08:00:00.000Z', 'r-bench', 'DISCOVERED', NULL, 'VALIDATED', '{}' FROM n;

INSERT INTO attempts (job_id, attempt_id, number, stage, status, started_at, ended_at, engine, wall_seconds,
                      decision_action, decision_reason, escalation_reason, score, pose_retry, gate_results)
SELECT printf('bench-job-%06d', i), 'run-0001', 1, 'video', 'decided', '2026-02-18T08:00:00.000Z',
       '2026-02-18T08:01:00.000Z',
       CASE WHEN i % 50 = 0 THEN '{"missing_outputs":[],"signal":9,"stalled":false,"timed_out":true}'
            ELSE '{"exit_code":0,"missing_outputs":[],"stalled":false,"timed_out":false}' END,
       0.2 + (i % 97) * 1.3,
       CASE WHEN i % 2 = 0 THEN 'RETRY_STAGE' WHEN i % 11 = 0 THEN 'ABORT' ELSE 'PROCEED' END,
       'bench', NULL, 0.5 + (i % 50) / 100.0, 0,
       CASE WHEN i % 2 = 0
            THEN '{"audio_video_gate":"PASS","freeze_ratio_gate":"HARD_FAIL","identity_gate":"PASS","loop_seam_gate":"PASS","silence_ratio_gate":"PASS","temporal_stability_gate":"SOFT_FAIL"}'
            ELSE '{"audio_video_gate":"PASS","freeze_ratio_gate":"PASS","identity_gate":"PASS","loop_seam_gate":"PASS","silence_ratio_gate":"PASS","temporal_stability_gate":"PASS"}' END
FROM n;

INSERT INTO attempts (job_id, attempt_id, number, stage, status, source_attempt_id, started_at, ended_at, engine,
                      wall_seconds, decision_action, decision_reason, escalation_reason, score, pose_retry, gate_results)
SELECT printf('bench-job-%06d', i), 'run-0002', 2, 'video', 'decided', 'run-0001', '2026-02-18T08:02:00.000Z',
       '2026-02-18T08:03:00.000Z', '{"exit_code":0,"missing_outputs":[],"stalled":false,"timed_out":false}',
       0.4 + (i % 89) * 2.1,
       CASE WHEN i % 20 = 0 THEN 'ESCALATE_USER' ELSE 'PROCEED' END, 'bench',
       CASE WHEN i % 20 = 0 THEN 'ARTIFACT_CORRUPTED' END, 0.9, 0,
       CASE WHEN i % 20 = 0
            THEN '{"audio_video_gate":"PASS","freeze_ratio_gate":"PASS","identity_gate":"PASS","loop_seam_gate":"PASS","silence_ratio_gate":"HARD_FAIL","temporal_stability_gate":"PASS"}'
            ELSE '{"audio_video_gate":"PASS","freeze_ratio_gate":"PASS","identity_gate":"PASS","loop_seam_gate":"PASS","silence_ratio_gate":"PASS","temporal_stability_gate":"PASS"}' END
FROM n WHERE i % 2 = 0;

INSERT INTO escalations (escalation_id, job_id, status, created_at, document)
SELECT printf('esc-bench-job-%06d-run-0002', i), printf('bench-job-%06d', i), 'OPEN',
       printf('2026-02-18T08:%02d:00.000Z', i % 60),
       json_object(
           'version', 'user_action_required.v1', 'job_id', printf('bench-job-%06d', i), 'reason', 'ARTIFACT_CORRUPTED',
           'required_artifact', 'a stage output that passes silence_ratio_gate',
           'expected_format', 'an output whose scores meet the thresholds in threshold_failed',
           'threshold_failed', 'silence_ratio_gate: 0.75 > 0.1 (HARD_FAIL)',
           'escalation_ts', printf('2026-02-18T08:%02d:00.000Z', i % 60),
           'escalation_id', printf('esc-bench-job-%06d-run-0002', i), 'stage', 'video', 'attempt_id', 'run-0002',
           'evidence', json_object(
               'failing_gates', json_array(json_object(
                   'gate_id', 'silence_ratio_gate', 'metric', 'silence_ratio', 'status', 'HARD_FAIL', 'score', 0.75,
                   'threshold', 0.1, 'direction', 'max', 'severity', 'HIGH')),
               'engine', json_object('exit_code', 0, 'missing_outputs', json_array(), 'stalled', json('false'),
                                     'timed_out', json('false')),
               'outputs', json_array(), 'thumbnails', json_array()),
           'allowed_responses', json_array('PROCEED', 'RETRY_STAGE', 'SWITCH_POLICY', 'ABORT'),
           'best_attempt_id', 'run-0001', 'status', 'OPEN')
FROM n WHERE i % 20 = 0;
COMMIT;
SQL
t1=$(date +%s%N)
counts=$(sqlite3 "$sandbox/gaffer.sqlite" "SELECT (SELECT count(*) FROM jobs) || ' jobs, ' || (SELECT count(*) FROM attempts) || ' attempts, ' || (SELECT count(*) FROM escalations WHERE status = 'OPEN') || ' open escalations'")
echo "== sandbox: $counts, written in $(( (t1 - t0) / 1000000 )) ms; store $(du -h "$sandbox/gaffer.sqlite" | cut -f1)"

echo "bench-token-$RANDOM$RANDOM" > "$work/token"
"$gaffer" serve --sandbox "$sandbox" --host 127.0.0.1 --port 0 --token-file "$work/token" > "$work/serve.out" 2> "$work/serve.err" &
server_pid=$!
base=""
for _ in $(seq 1 100); do
    base=$(sed -n 's/^listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$work/serve.out" | head -n 1)
    [[ -n "$base" ]] && break
    kill -0 "$server_pid" 2> /dev/null || { echo "server.sh: gaffer serve exited:" >&2; cat "$work/serve.err" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$base" ]] || { echo "server.sh: gaffer serve did not say where it listens" >&2; exit 1; }
echo "== gaffer serve at $base (pid $server_pid)"

# time PATH -> prints "median min max bytes" in ms; every run must answer 200.
time_path() {
    local path=$1 samples=() out code
    for _ in $(seq 1 "$RUNS"); do
        out=$(curl -s -o "$work/body" -w '%{http_code} %{time_total}' "$base$path")
        code=${out%% *}
        [[ "$code" == 200 ]] || { echo "server.sh: GET $path answered $code" >&2; exit 1; }
        samples+=("${out#* }")
    done
    printf '%s\n' "${samples[@]}" | sort -g | awk -v bytes="$(stat -c %s "$work/body")" '
        { v[NR] = $1 * 1000 } END { printf "%.1f %.1f %.1f %d\n", v[int((NR + 1) / 2)], v[1], v[NR], bytes }'
}

curl -s "$base/metrics" > /dev/null # first scrape: warms the store's page cache
printf '%-22s %10s %10s %10s %12s\n' "GET" "median ms" "min ms" "max ms" "bytes"
for path in /metrics /api/jobs /api/escalations / /healthz; do
    read -r median min max bytes <<< "$(time_path "$path")"
    printf '%-22s %10s %10s %10s %12s\n' "$path" "$median" "$min" "$max" "$bytes"
done

jobs_listed=$(curl -s "$base/api/jobs" | grep -o '"job_id":' | wc -l)
open_gauge=$(curl -s "$base/metrics" | sed -n 's/^gaffer_escalations_open \(.*\)/\1/p')
echo "== check: /api/jobs lists $jobs_listed jobs; gaffer_escalations_open $open_gauge; peak RSS of the server $(grep VmHWM /proc/"$server_pid"/status | awk '{print $2, $3}')"
