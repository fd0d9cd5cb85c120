#!/usr/bin/env bash
# The test command: installs what is needed, builds, checks every shipped file, runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
swift build --build-tests

echo "== embedded schemas and prompts match shared/ and prompts/"
python3 scripts/embed-schemas.py >/dev/null
git diff --quiet -- Sources/GafferContracts/Loading/BundledSchemas.swift Sources/GafferAdvisor/BundledPrompts.swift 2>/dev/null || {
  echo "BundledSchemas.swift or BundledPrompts.swift is stale: run python3 scripts/embed-schemas.py and commit" >&2; exit 1; }

echo "== shipped files against the independent validator (Python jsonschema)"
python3 scripts/schema_oracle.py check-schemas shared
python3 scripts/schema_oracle.py auto policies scenarios examples workflows | grep -v '"valid": true' || true

echo "== smoke scenarios"
"$(swift build --show-bin-path)/gaffer" smoke --quiet scenarios

echo "== swift test"
swift test
