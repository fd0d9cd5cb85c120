#!/usr/bin/env bash
# The main job: installs what is needed, builds Gaffer, and runs `gaffer demo` — a sandbox of sample jobs
# run end to end with the built-in ffmpeg engines: a clean pass, a frozen-motion fault repaired by a stage
# retry whose decision changed the engine's parameters, an unrepairable fault escalated to an operator, and a
# handoff that moves a job to POSTED.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build 2>&1 | grep -E "error|warning:|Build complete" || true
# bin/gaffer: the built binary, so the README's commands work as printed after `export PATH="$PWD/bin:$PATH"`.
mkdir -p bin && ln -sf "$(swift build --show-bin-path)/gaffer" bin/gaffer
# Extra arguments go to `gaffer demo`, e.g. `--serve` to keep the review page running afterwards.
exec "$(swift build --show-bin-path)/gaffer" demo --dir demo-sandbox "$@"
