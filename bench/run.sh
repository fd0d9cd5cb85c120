#!/usr/bin/env bash
# Gaffer benchmark: QC + decision through the library and through `gaffer smoke`, measured side by side
# in one run. Usage: bash bench/run.sh   (env: BENCH_COUNT, BENCH_SCENARIOS, BENCH_RUNS, BENCH_SEED)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

COUNT="${BENCH_COUNT:-100000}"        # metric sets through the library
SCENARIOS="${BENCH_SCENARIOS:-1000}"  # scenario files through `gaffer smoke`
RUNS="${BENCH_RUNS:-3}"               # timed smoke runs; the median is reported
SEED="${BENCH_SEED:-20260218}"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/gaffer-bench.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# --- build (release, once) -------------------------------------------------------------------------
# Every product: gaffer (the front), gaffer-full (the rest of the command line) and GafferBench.
echo "== build (release)"
swift build -c release --static-swift-stdlib
BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)"
GAFFER="$BIN/gaffer"
BENCH="$BIN/GafferBench"

# --- library half ------------------------------------------------------------------------------------
echo
echo "== library: $COUNT metric sets"
"$BENCH" --count "$COUNT" --seed "$SEED" | tee "$tmp/library.out"
json="$(tail -n 1 "$tmp/library.out")"
field() { # field NAME -> the number NAME holds in the library's JSON line
    local value
    value="$(sed -n "s/.*\"$1\":\([-0-9.eE+]*\).*/\1/p" <<<"$json")"
    [[ -n "$value" ]] || { echo "run.sh: no \"$1\" in the library's JSON line" >&2; exit 1; }
    echo "$value"
}
lib_per_s="$(field qc_decide_per_s)"
lib_mean_ns="$(field qc_decide_mean_ns)"
lib_p50_ns="$(field qc_decide_p50_ns)"
lib_p99_ns="$(field qc_decide_p99_ns)"
qc_mean_ns="$(field qc_only_mean_ns)"
load_mean_ns="$(field policy_load_mean_ns)"
ratio_decide_qc="$(field ratio_qc_decide_vs_qc_only_mean)"
ratio_load_eval="$(field ratio_policy_load_vs_evaluate)"

# --- CLI half ----------------------------------------------------------------------------------------
echo
echo "== CLI: gaffer smoke --quiet on $SCENARIOS scenario files (median of $RUNS runs)"
"$BENCH" --write-scenarios "$tmp/many" --count "$SCENARIOS" --seed "$SEED"
"$BENCH" --write-scenarios "$tmp/one" --count 1 --seed "$SEED" >/dev/null

# smoke_ns DIR EXPECTED_COUNT -> wall nanoseconds of one `gaffer smoke --quiet DIR`, which must pass all.
smoke_ns() {
    local start end
    start="$(date +%s%N)"
    if ! "$GAFFER" smoke --quiet "$1" >"$tmp/smoke.out" 2>&1; then
        echo "run.sh: gaffer smoke failed on $1:" >&2
        tail -n 20 "$tmp/smoke.out" >&2
        exit 1
    fi
    end="$(date +%s%N)"
    if [[ "$(tail -n 1 "$tmp/smoke.out")" != "$2 passed, 0 failed" ]]; then
        echo "run.sh: unexpected smoke result: $(tail -n 1 "$tmp/smoke.out")" >&2
        exit 1
    fi
    echo $((end - start))
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

many=()
one=()
for run in $(seq 1 "$RUNS"); do
    ns="$(smoke_ns "$tmp/many" "$SCENARIOS")"
    many+=("$ns")
    ns="$(smoke_ns "$tmp/one" 1)"
    one+=("$ns")
    echo "  run $run: $SCENARIOS scenarios $(awk -v n="${many[-1]}" 'BEGIN { printf "%.1f", n / 1e6 }') ms," \
        "1 scenario $(awk -v n="${one[-1]}" 'BEGIN { printf "%.1f", n / 1e6 }') ms"
done
cli_ns="$(median "${many[@]}")"
one_ns="$(median "${one[@]}")"
echo "  every run: all scenarios passed"

# --- summary -----------------------------------------------------------------------------------------
echo
echo "== summary (one run, one machine: $(nproc 2>/dev/null || echo '?') cores)"
awk -v count="$COUNT" -v scenarios="$SCENARIOS" -v runs="$RUNS" \
    -v lib_per_s="$lib_per_s" -v lib_mean="$lib_mean_ns" -v lib_p50="$lib_p50_ns" -v lib_p99="$lib_p99_ns" \
    -v qc_mean="$qc_mean_ns" -v load_mean="$load_mean_ns" \
    -v r_dq="$ratio_decide_qc" -v r_le="$ratio_load_eval" -v cli="$cli_ns" -v one="$one_ns" 'BEGIN {
    per_scenario = cli / scenarios                       # ns, process start-up included
    marginal = (scenarios > 1) ? (cli - one) / (scenarios - 1) : per_scenario   # ns, start-up excluded
    printf "%-46s %16s\n", "figure", "value"
    printf "%-46s %16s\n", "----------------------------------------------", "----------------"
    printf "%-46s %16.0f\n", "library: decisions/s (QC + decide, " count ")", lib_per_s
    printf "%-46s %13.2f µs\n", "library: mean per decision", lib_mean / 1e3
    printf "%-46s %13.2f µs\n", "library: p50 per decision", lib_p50 / 1e3
    printf "%-46s %13.2f µs\n", "library: p99 per decision", lib_p99 / 1e3
    printf "%-46s %13.2f µs\n", "library: mean QC evaluate only", qc_mean / 1e3
    printf "%-46s %13.2f µs\n", "library: mean policy load from JSON", load_mean / 1e3
    printf "%-46s %15.2f×\n", "ratio: QC+decide / QC only (mean)", r_dq
    printf "%-46s %15.1f×\n", "ratio: policy load / QC evaluate (mean)", r_le
    printf "%-46s %13.1f ms\n", "CLI: gaffer smoke, " scenarios " files (median of " runs ")", cli / 1e6
    printf "%-46s %16.0f\n", "CLI: scenarios/s", scenarios / (cli / 1e9)
    printf "%-46s %13.3f ms\n", "CLI: per scenario (start-up included)", per_scenario / 1e6
    printf "%-46s %13.1f ms\n", "CLI: gaffer smoke, 1 file (start-up)", one / 1e6
    printf "%-46s %13.3f ms\n", "CLI: per scenario beyond start-up", marginal / 1e6
    printf "%-46s %15.0f×\n", "ratio: CLI per scenario / library per decision", per_scenario / lib_mean
    printf "%-46s %15.0f×\n", "ratio: same, start-up excluded", marginal / lib_mean
}'
