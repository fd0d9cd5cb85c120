# Sourced by bench/loop.sh and bench/fleet.sh: write_noop_sandbox DIR N PREFIX writes a sandbox of N jobs
# (PREFIX-0001 …) of a one-stage workflow whose engine does nothing, under an open policy (no gates).
write_noop_sandbox() {
  local sandbox="$1" count="$2" prefix="$3"
  mkdir -p "$sandbox/jobs" "$sandbox/workflows" "$sandbox/policies"
  cat > "$sandbox/workflows/noop.yaml" <<'YAML'
workflow_id: noop_v1
engine_env: [PATH]
stages:
  - name: video
    command: ["/bin/sh", "-c", ": > {output}"]
    output: out.txt
    timeout_seconds: 30
    analyze: none
YAML
  echo '{"version": "qc_policy.v1", "policy_id": "open", "gates": [], "routing": {}}' > "$sandbox/policies/qc_policy.v1.json"
  for i in $(seq -w 1 "$count"); do echo "{\"job_id\": \"$prefix-$i\"}" > "$sandbox/jobs/$prefix-$i.job.json"; done
}
