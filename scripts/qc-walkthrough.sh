#!/usr/bin/env bash
# The decision core by hand (gaffer qc / decide / validate / smoke): installs, builds, and walks through the
# cases an operator meets — a pass, a repairable motion fault, its retry budget running out,
# an unrepairable costume fault escalated with its evidence — then runs the recorded scenario suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh >/dev/null
swift build 2>&1 | grep -E "error|warning:|Compiling gaffer|Build complete" || true
gaffer="$(swift build --show-bin-path)/gaffer"
policy=policies/qc_policy.v1.json
dir="${1:-qc-walkthrough}"
mkdir -p "$dir"

metrics() {  # name, then overrides as k=v (value JSON)
  local name=$1; shift
  python3 - "$dir/$name.metrics.json" "$@" <<'PY'
import json, sys
q = {m: 0.95 for m in ["identity_consistency", "mask_edge_bleed", "temporal_stability", "loop_seam",
     "audio_video", "background_stability", "identity_drift"]}
q["costume_fidelity"] = True
for kv in sys.argv[2:]:
    k, v = kv.split("=", 1); q[k] = json.loads(v)
doc = {"version": "1.0", "job_id": "demo-" + sys.argv[1].split("/")[-1].split(".")[0], "attempt_id": "run-0001",
       "ts": "2026-11-21T00:00:00Z", "visual_metrics": {}, "quality_metrics": q}
json.dump(doc, open(sys.argv[1], "w"), indent=2)
PY
}

step() { if [[ -t 1 ]]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi; }
show() { echo "\$ gaffer $*"; set +e; "$gaffer" "$@"; local rc=$?; set -e; echo "(exit $rc)"; }

step "1. A healthy attempt passes every gate"
metrics healthy
show qc --policy $policy --metrics "$dir/healthy.metrics.json" --out "$dir/healthy.qc_report.json"
show decide --report "$dir/healthy.qc_report.json" --out "$dir/healthy.decision.json"
python3 -c "import json;d=json.load(open('$dir/healthy.decision.json'))['decision'];print('decision:',d['action'],'-',d['reasoning'])"

step "2. A frozen-motion attempt fails its gate; the supervisor retries the motion stage with the motion-safe preset"
metrics motion temporal_stability=0.5
show qc --policy $policy --metrics "$dir/motion.metrics.json" --out "$dir/motion.qc_report.json"
show decide --report "$dir/motion.qc_report.json" --out "$dir/motion.decision.json"
python3 -c "import json;d=json.load(open('$dir/motion.decision.json'))['decision'];print('decision:',d['action'],'target',d['target_stage'],'profile',d['workflow_profile'],'adjust',d['parameter_adjustments'])"

step "3. The same fault on the third attempt (max_retries 2): escalated, naming the best attempt"
show decide --report "$dir/motion.qc_report.json" --stage-attempts 3 --out "$dir/motion3.decision.json" --escalation-out "$dir/motion3.user_action_required.json"
python3 -c "import json;e=json.load(open('$dir/motion3.user_action_required.json'));print('escalation:',e['escalation_id'],e['reason'],'| best attempt',e['best_attempt_id'],'|',e['threshold_failed'])"

step "4. A costume mismatch cannot be repaired by retrying: escalated as an identity conflict"
metrics costume costume_fidelity=false
show qc --policy $policy --metrics "$dir/costume.metrics.json" --out "$dir/costume.qc_report.json"
show decide --report "$dir/costume.qc_report.json" --out "$dir/costume.decision.json" --escalation-out "$dir/costume.user_action_required.json"
python3 -c "import json;e=json.load(open('$dir/costume.user_action_required.json'));print('escalation:',e['reason'],'| needs',e['required_artifact'],'| answers',e['allowed_responses']);print('example fix:',e['example_fix'])"

step "5. Every artifact written above validates against its schema"
show validate "$dir"/*.json

step "6. The recorded smoke scenarios a pipeline's CI runs"
show smoke --quiet scenarios
echo
echo "Artifacts are in $dir/. For the whole loop with real engines, run: bash scripts/demo.sh"
