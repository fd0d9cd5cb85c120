#!/usr/bin/env bash
# Measures, side by side in one run:
#  1. the loop's own overhead: N jobs of a one-stage workflow whose engine does nothing, through
#     `gaffer run --once`, against the same engine run N times by a plain shell loop — on disk, then in /dev/shm;
#  2. `gaffer engine analyze` on a 10 s 1080p clip against a bare ffmpeg decode, and against running
#     each detector as its own ffmpeg pass.
# Usage: bash bench/loop.sh [N]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/noop-sandbox.sh
N=${1:-1000}
CONCURRENCY=${BENCH_CONCURRENCY:-2}
swift build -c release --static-swift-stdlib 2>&1 | grep -E "error|Compiling gaffer|Build" || true
gaffer="$(swift build -c release --static-swift-stdlib --show-bin-path)/gaffer"
work=$(mktemp -d /tmp/gaffer-loop-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

loop_overhead() {  # $1: the folder the sandbox and the shell loop's files go in
local base="$1"
echo "== 1. loop overhead in $base: $N one-stage jobs, engine: /bin/sh -c ': > {output}', no analysis, no gates"
sandbox="$base/sandbox"; write_noop_sandbox "$sandbox" "$N" bench-job

t0=$(now); "$gaffer" run --once --concurrency "$CONCURRENCY" --sandbox "$sandbox" > /dev/null 2> "$base/run.log"; t1=$(now)
completed=$("$gaffer" status --json --sandbox "$sandbox" | grep -c '"state": "COMPLETED"' || true)
mkdir -p "$base/plain"
t2=$(now); for i in $(seq 1 "$N"); do /bin/sh -c ": > $base/plain/out$i.txt"; done; t3=$(now)
gaffer_ms=$(ms "$t0" "$t1"); shell_ms=$(ms "$t2" "$t3")
echo "gaffer run --once ($CONCURRENCY at once): ${gaffer_ms} ms for $N jobs ($completed COMPLETED)"
echo "plain shell loop (one at a time):        ${shell_ms} ms"
awk -v g="$gaffer_ms" -v s="$shell_ms" -v n="$N" -v c="$CONCURRENCY" 'BEGIN {
  printf "ratio gaffer / shell: %.1fx\n", g / s
  printf "per stage: gaffer %.2f ms wall (%.2f ms of work per job at concurrency %d), shell %.2f ms\n", g / n, g * c / n, c, s / n
  printf "gaffer overhead per stage: %.2f ms wall\n", (g - s) / n }'
}

# On disk (where a sandbox lives), then in memory: the difference is the file system's share (on an ext4 without a
# journal, as here, creating files costs more the more were deleted in the last minutes, so runs vary).
mkdir -p "$work/disk"; loop_overhead "$work/disk"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  shm=$(mktemp -d /dev/shm/gaffer-loop-bench.XXXXXX)
  trap 'rm -rf "$work" "$shm"' EXIT
  echo; loop_overhead "$shm"
fi

echo
echo "== 2. analyze: a 10 s 1080p30 clip"
clip="$work/clip.mp4"
echo '{"duration": 10, "width": 1920, "height": 1080, "fps": 30, "seed": 1, "freeze_at": 6, "freeze_seconds": 2, "black_at": 3, "black_seconds": 1, "silence_at": 3, "silence_seconds": 2}' > "$work/params.json"
"$gaffer" engine render --params "$work/params.json" --out "$clip"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { local runs=3 out=(); for _ in $(seq $runs); do local a; a=$(now); "$@" > /dev/null 2>&1; out+=($(ms "$a" "$(now)")); done; printf '%s\n' "${out[@]}" | median; }
analyze_ms=$(timeit "$gaffer" engine analyze --video "$clip" --out "$work/m.json")
decode_ms=$(timeit ffmpeg -hide_banner -nostats -y -i "$clip" -f null -)
sep=0
for filter in "-an -vf blackdetect=d=0.1:pix_th=0.10" "-an -vf freezedetect=n=-60dB:d=0.5" "-an -vf signalstats" \
              "-an -vf scale=320:-2,select='not(mod(n\,4))',blurdetect" "-vn -af silencedetect=n=-50dB:d=0.3" "-vn -af ebur128" ; do
  # shellcheck disable=SC2086
  t=$(timeit ffmpeg -hide_banner -nostats -y -i "$clip" $filter -f null -); sep=$((sep + t))
done
probe_ms=$(timeit ffprobe -v error -print_format json -show_format -show_streams "$clip")
sep=$((sep + probe_ms))
echo "gaffer engine analyze (one pass + ffprobe): ${analyze_ms} ms (median of 3)"
echo "bare decode (ffmpeg -i X -f null -):        ${decode_ms} ms"
echo "each detector as its own pass (+ ffprobe):  ${sep} ms"
awk -v a="$analyze_ms" -v d="$decode_ms" -v s="$sep" 'BEGIN {
  printf "ratio analyze / bare decode:       %.2fx\n", a / d
  printf "ratio analyze / separate passes:   %.2fx (below 1 means the single pass wins)\n", a / s }'
