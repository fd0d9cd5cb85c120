#!/usr/bin/env bash
# The real-footage table: every clip of a corpus built by scripts/real_footage.py, measured by `gaffer engine analyze`
# and judged by `gaffer qc` under a policy, one Markdown row each (metrics, then the verdict and the blocking gates
# that did not pass; "?" marks UNKNOWN). A clip whose manifest says it carries no sound is judged as a job with
# `audio.mode: none`.
#   bash scripts/real_footage_table.sh CORPUS_DIR [POLICY]      (POLICY: policies/technical_v1.json)
# env GAFFER: the gaffer binary (default: this checkout's release build). Exit 2 on usage errors.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:?usage: real_footage_table.sh CORPUS_DIR [POLICY]}"
policy="${2:-policies/technical_v1.json}"
gaffer="${GAFFER:-$(swift build -c release --static-swift-stdlib --show-bin-path)/gaffer}"
[ -f "$corpus/manifest.json" ] || { echo "real_footage_table: $corpus/manifest.json: not found (build it: python3 scripts/real_footage.py $corpus)" >&2; exit 2; }
[ -x "$gaffer" ] || { echo "real_footage_table: $gaffer: not built (swift build -c release --static-swift-stdlib)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/gaffer-footage-table.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo '{"job_id": "real-footage", "audio": {"mode": "none"}}' > "$work/silent.job.json"
echo '{"job_id": "real-footage"}' > "$work/sound.job.json"

echo '| clip | temporal | flicker | blur | block | black | freeze | audio | silence | a/v | LUFS | integrity | verdict (failing blocking gates) |'
echo '|---|---|---|---|---|---|---|---|---|---|---|---|---|'
python3 -c 'import json, sys
for clip in json.load(open(sys.argv[1]))["clips"]:
    print(clip["name"], clip["file"], "sound" if clip["audio_expected"] else "silent")' "$corpus/manifest.json" |
while read -r name file audio; do
  metrics="$work/$name.metrics.json"
  report="$work/$name.report.json"
  # A file ffprobe cannot read still gets its metrics file (integrity 0); any other failure leaves none: a row of —.
  "$gaffer" engine analyze --video "$corpus/$file" --out "$metrics" >/dev/null 2>&1 || true
  # Exit 3 is a QC failure, the point of the table; a report is written either way.
  "$gaffer" qc --policy "$policy" --metrics "$metrics" --job "$work/$audio.job.json" --out "$report" >/dev/null 2>&1 || true
  python3 - "$name" "$metrics" "$report" <<'PY'
import json, sys
name, metrics_path, report_path = sys.argv[1:]
try:
    metrics = json.load(open(metrics_path))["quality_metrics"]
except (OSError, ValueError, KeyError):
    metrics = {}
def cell(key, digits=2):
    value = metrics.get(key)
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:.{digits}f}"
try:
    report = json.load(open(report_path))
    failing = [gate["gate_id"].removesuffix("_gate") + ("?" if gate["status"] == "UNKNOWN" else "")
               for gate in report["gates"]
               if gate["status"] != "PASS" and gate.get("blocking", True) and gate.get("applies", True)]
    verdict = report["overall"]["recommended_action"] + (": " + ", ".join(failing) if failing else "")
except (OSError, ValueError, KeyError):
    verdict = "no report (gaffer qc refused its input)"
print(f"| {name} | {cell('temporal_stability', 3)} | {cell('flicker', 3)} | {cell('blur_mean')} | {cell('blockiness')} "
      f"| {cell('black_ratio', 3)} | {cell('freeze_ratio', 3)} | {cell('has_audio')} | {cell('silence_ratio', 3)} "
      f"| {cell('audio_video', 3)} | {cell('loudness_lufs', 1)} | {cell('integrity', 0)} | {verdict} |")
PY
done
