#!/usr/bin/env bash
# `engine: comfyui` against a ComfyUI server — a real one, or the stand-in — through `gaffer run`, case by case:
#   1. a model-free graph (EmptyImage → ImageAddNoise → CreateVideo → SaveVideo) COMPLETES, analyzed by the built-in analyzer;
#   2. a decision's seed adjustment (a preset's parameter_overrides) is in the next attempt's prompt in /history;
#   3. a graph with a runtime error ends in an escalation quoting ComfyUI's exception;
#   4. a ~17 s graph under a 3 s timeout is interrupted, and the server's queue is empty afterwards;
#   5. a graph in the original system's wrapper whose checkpoint the server lacks is refused by preflight
#      (CONTRACT_VIOLATION), in under a second, nothing posted;
#   6. Gaffer killed with -9 mid-prompt and started again: the prompt is not posted twice.
# Usage: bash scripts/comfyui_check.sh [SERVER]   (default http://127.0.0.1:8188; a real server: see
#        ../shared/reference/comfyui-api.md §6). Prints one line per case and exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
server="${1:-http://127.0.0.1:8188}"
curl -sf "$server/system_stats" > /dev/null || { echo "comfyui_check: no ComfyUI answers at $server" >&2; exit 2; }
swift build 2>&1 | grep -E "error:|Build complete" || true
gaffer="$(swift build --show-bin-path)/gaffer"
work=$(mktemp -d "${TMPDIR:-/tmp}/gaffer-comfyui-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
# ComfyUI reuses identical nodes of the previous prompt (an identical graph runs nothing): every run of this
# script uses seeds of its own.
base=$(( (RANDOM << 10) + $$ % 1000 ))
pass() { echo "PASS  $1"; }
fail() { echo "FAIL  $1"; failures=$((failures + 1)); }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {'d': d}))" "$@"; }
queue_empty() { curl -s "$server/queue" | python3 -c "import json,sys; q=json.load(sys.stdin); sys.exit(0 if not q['queue_running'] and not q['queue_pending'] else 1)"; }

integrity_policy='{"version": "qc_policy.v1", "policy_id": "integrity", "max_retries_default": 2,
 "gates": [{"gate_id": "integrity_gate", "metric": "integrity", "dimension": "technical", "threshold": 1.0, "direction": "min", "severity": "CRITICAL", "repairable": true, "failure_action": "RETRY_STAGE", "target_stage": "render"}],
 "routing": {"failure_action_priority": ["ABORT", "ESCALATE_USER", "RETRY_STAGE", "SWITCH_POLICY", "PROCEED"], "fallback_action": "ESCALATE_USER"}}'
# sandbox NAME GRAPH_JSON [timeout] [analyze] [extra stage yaml] [policy json]
sandbox() {
  local dir="$work/$1"
  mkdir -p "$dir/jobs" "$dir/workflows" "$dir/policies"
  printf '%s\n' "$2" > "$dir/workflows/graph.json"
  cat > "$dir/workflows/comfy.yaml" <<YAML
workflow_id: comfy_check_v1
stages:
  - name: render
    engine: comfyui
    comfyui:
      server: $server
      graph: graph.json
      inputs: {seed: noise.seed}
    output: ${5:-clip.mp4}
    timeout_seconds: ${3:-300}
    grace_seconds: 10
    analyze: ${4:-builtin}
    params: {seed: $((base + ${#1}))}
YAML
  printf '%s\n' "${6:-$integrity_policy}" > "$dir/policies/qc_policy.v1.json"
  echo "$dir"
}
video_graph='{"1": {"class_type": "EmptyImage", "inputs": {"width": 320, "height": 240, "batch_size": 24, "color": 3381606}},
 "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": 5, "strength": 0.35}, "_meta": {"title": "noise"}},
 "3": {"class_type": "CreateVideo", "inputs": {"images": ["2", 0], "fps": 12}},
 "4": {"class_type": "SaveVideo", "inputs": {"video": ["3", 0], "filename_prefix": "gaffer/check", "format": "mp4", "codec": "h264"}}}'

# 1. completes, analyzed
dir=$(sandbox ok "$video_graph")
echo '{"job_id": "check-ok-001"}' > "$dir/jobs/check-ok-001.job.json"
"$gaffer" run --once --sandbox "$dir" > "$work/ok.out" 2>&1
state=$(json "$dir/logs/check-ok-001/state.json" "d['state']")
frames=$(json "$dir/logs/check-ok-001/attempts/run-0001/production_metrics.v1.json" "int(d['quality_metrics']['decoded_frames'])" 2>/dev/null)
[[ "$state" == COMPLETED && "$frames" == 24 ]] && pass "1 noise clip: $state, the analyzer decoded $frames frames" || fail "1 noise clip: state $state, frames $frames"

# 2. a decision's seed adjustment reaches the next attempt's prompt
measure='["python3", "-c", "import json,sys; p=json.load(open(sys.argv[1])); json.dump({\"version\": \"1.0\", \"job_id\": sys.argv[3], \"attempt_id\": sys.argv[4], \"ts\": \"2026-01-01T00:00:00Z\", \"visual_metrics\": {}, \"quality_metrics\": {\"grain\": 0.9 if p.get(\"seed\") == 77 else 0.2}}, open(sys.argv[2], \"w\"))", "{params}", "{metrics}", "{job_id}", "{attempt_id}"]'
policy='{"version": "qc_policy.v1", "policy_id": "grain", "max_retries_default": 2,
 "gates": [{"gate_id": "grain_gate", "metric": "grain", "dimension": "technical", "threshold": 0.5, "direction": "min", "severity": "HIGH", "repairable": true, "failure_action": "RETRY_STAGE", "target_stage": "render"}],
 "failure_classification": {"classes": [{"class_id": "grainy", "metrics": ["grain"], "action": "RETRY_STAGE"}]},
 "workflow_presets": {"class_to_preset": [{"class_id": "grainy", "preset_id": "reseed_v1", "workflow_id": "comfy_check_v1", "parameter_overrides": {"seed": 77}}]},
 "routing": {"failure_action_priority": ["ABORT", "ESCALATE_USER", "RETRY_STAGE", "SWITCH_POLICY", "PROCEED"], "fallback_action": "ESCALATE_USER"}}'
dir=$(sandbox seed "$video_graph" 300 "$measure" "clip.mp4" "$policy")
echo '{"job_id": "check-seed-001"}' > "$dir/jobs/check-seed-001.job.json"
"$gaffer" run --once --sandbox "$dir" > "$work/seed.out" 2>&1
state=$(json "$dir/logs/check-seed-001/state.json" "d['state']")
p1=$(json "$dir/logs/check-seed-001/attempts/run-0001/production_metrics.v1.json" "d['engine_metrics']['engine_reported']['prompt_id']" 2>/dev/null)
p2=$(json "$dir/logs/check-seed-001/attempts/run-0002/production_metrics.v1.json" "d['engine_metrics']['engine_reported']['prompt_id']" 2>/dev/null)
s1=$(curl -s "$server/history/$p1" | python3 -c "import json,sys; d=json.load(sys.stdin); print(list(d.values())[0]['prompt'][2]['2']['inputs']['seed'])" 2>/dev/null)
s2=$(curl -s "$server/history/$p2" | python3 -c "import json,sys; d=json.load(sys.stdin); print(list(d.values())[0]['prompt'][2]['2']['inputs']['seed'])" 2>/dev/null)
[[ "$state" == COMPLETED && "$s1" == $((base + 4)) && "$s2" == 77 ]] && pass "2 seed adjustment: /history shows seed $s1 in $p1, then $s2 in $p2; $state" || fail "2 seed adjustment: state $state, seeds '$s1' '$s2'"

# 3. a runtime error is quoted in the escalation
error_graph='{"1": {"class_type": "EmptyImage", "inputs": {"width": 32, "height": 32, "batch_size": 1, "color": 0}},
 "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": 1, "strength": 0.5}, "_meta": {"title": "noise"}},
 "3": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "../escape"}}}'
dir=$(sandbox error "$error_graph" 300 none out.png)
echo '{"job_id": "check-error-001"}' > "$dir/jobs/check-error-001.job.json"
"$gaffer" run --once --max-retries 0 --sandbox "$dir" > "$work/error.out" 2>&1
escalation=$(ls "$dir"/logs/check-error-001/escalations/*.json 2>/dev/null | head -1)
quoted=$(json "$escalation" "d['evidence']['engine'].get('error', '')" 2>/dev/null)
[[ "$quoted" == *"Saving image outside the output folder is not allowed"* ]] && pass "3 runtime error: escalation quotes \"$quoted\"" || fail "3 runtime error: evidence '$quoted'"

# 4. a long graph under a 3 s timeout is interrupted; the queue is empty afterwards
slow_graph='{"1": {"class_type": "EmptyImage", "inputs": {"width": 2048, "height": 2048, "batch_size": 1, "color": 0}},
 "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["1", 0], "seed": 5, "strength": 0.5}, "_meta": {"title": "noise"}},
 "5": {"class_type": "ImageBlur", "inputs": {"image": ["2", 0], "blur_radius": 31, "sigma": 10.0}},
 "6": {"class_type": "ImageBlur", "inputs": {"image": ["5", 0], "blur_radius": 31, "sigma": 10.0}},
 "7": {"class_type": "ImageBlur", "inputs": {"image": ["6", 0], "blur_radius": 31, "sigma": 10.0}},
 "8": {"class_type": "ImageBlur", "inputs": {"image": ["7", 0], "blur_radius": 31, "sigma": 10.0}},
 "9": {"class_type": "ImageBlur", "inputs": {"image": ["8", 0], "blur_radius": 31, "sigma": 10.0}},
 "3": {"class_type": "SaveImage", "inputs": {"images": ["9", 0], "filename_prefix": "gaffer/slow"}}}'
dir=$(sandbox timeout "$slow_graph" 3 none out.png)
echo '{"job_id": "check-timeout-001"}' > "$dir/jobs/check-timeout-001.job.json"
start=$(date +%s)
"$gaffer" run --once --max-retries 0 --sandbox "$dir" > "$work/timeout.out" 2>&1
took=$(( $(date +%s) - start ))
timed=$(json "$dir/logs/check-timeout-001/attempts/run-0001/production_metrics.v1.json" "d['engine_metrics']['timed_out']" 2>/dev/null)
interrupted=$(grep -c "POST /interrupt" "$dir/logs/check-timeout-001/attempts/run-0001/engine.log")
queue_empty && empty=yes || empty=no
[[ "$timed" == True && "$interrupted" -ge 1 && "$empty" == yes ]] && pass "4 timeout: timed out and interrupted after ${took}s in all; the queue is empty" || fail "4 timeout: timed_out $timed, interrupts $interrupted, queue empty $empty"

# 5. preflight refuses the original's checkpoint graph
ckpt_graph='{"workflow_id": "caf_dance_loop_v1", "caf_capabilities": {"supports_pose": true},
 "nodes": {"4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
           "5": {"class_type": "EmptyImage", "inputs": {"width": 64, "height": 64, "batch_size": 1, "color": 0}},
           "2": {"class_type": "ImageAddNoise", "inputs": {"image": ["5", 0], "seed": 1, "strength": 0.2}, "_meta": {"title": "noise"}},
           "9": {"class_type": "SaveImage", "inputs": {"images": ["2", 0], "filename_prefix": "gaffer/ckpt"}}}}'
dir=$(sandbox preflight "$ckpt_graph" 300 none out.png)
echo '{"job_id": "check-preflight-001"}' > "$dir/jobs/check-preflight-001.job.json"
before=$(curl -s "$server/history" | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
"$gaffer" run --once --sandbox "$dir" > "$work/preflight.out" 2>&1
after=$(curl -s "$server/history" | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
escalation=$(ls "$dir"/logs/check-preflight-001/escalations/*.json 2>/dev/null | head -1)
reason=$(json "$escalation" "d['reason']" 2>/dev/null)
wall=$(json "$dir/logs/check-preflight-001/attempts/run-0001/production_metrics.v1.json" "round(d['engine_metrics']['execution_time_seconds'], 3)" 2>/dev/null)
line=$(grep -o 'ckpt_name "sd_xl_base_1.0.safetensors"[^;]*' "$dir/logs/check-preflight-001/attempts/run-0001/engine.log" | head -1)
[[ "$reason" == CONTRACT_VIOLATION && -n "$line" && "$before" == "$after" ]] && pass "5 preflight: $reason in ${wall}s, nothing posted: $line" || fail "5 preflight: reason $reason, history $before → $after, '$line'"

# 6. Gaffer killed with -9 mid-prompt, started again: one prompt
dir=$(sandbox kill "$slow_graph" 300 none out.png '{"version": "qc_policy.v1", "policy_id": "open", "gates": [], "routing": {}}')
echo '{"job_id": "check-kill-001"}' > "$dir/jobs/check-kill-001.job.json"
"$gaffer" run --once --sandbox "$dir" > "$work/kill.out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "POST /prompt" "$dir/logs/check-kill-001/attempts/run-0001/engine.log" 2>/dev/null && break; sleep 0.1; done
sleep 1
kill -9 "$pid"; wait "$pid" 2>/dev/null
prompt=$(python3 -c "import json; print(json.load(open('$dir/logs/check-kill-001/attempts/run-0001/comfyui_prompt.json'))['prompt_id'])")
"$gaffer" run --once --sandbox "$dir" > "$work/kill2.out" 2>&1
state=$(json "$dir/logs/check-kill-001/state.json" "d['state']")
adopted=$(grep -c "not posting it again" "$dir/logs/check-kill-001/attempts/run-0002/engine.log")
same=$(json "$dir/logs/check-kill-001/attempts/run-0002/production_metrics.v1.json" "d['engine_metrics']['engine_reported']['prompt_id']" 2>/dev/null)
[[ "$state" == COMPLETED && "$adopted" == 1 && "$same" == "$prompt" ]] && pass "6 gaffer kill -9: run-0002 followed prompt $prompt instead of posting it again; $state" || fail "6 gaffer kill -9: state $state, adopted $adopted, prompt $same vs $prompt"

echo
[[ $failures == 0 ]] && echo "comfyui_check: all cases passed against $server" || { echo "comfyui_check: $failures case(s) failed against $server (outputs in a kept copy: $work)"; trap - EXIT; exit 1; }
