#!/usr/bin/env bash
# `gaffer qc` per call as a whole process, beside a minimal Swift process built the same way (release,
# -static-stdlib, Foundation linked in), both started N times in one run — the figure a CI that calls `gaffer qc`
# once per clip pays. The call is the original system's: its policy file and its example recast report.
# Usage: bash bench/qc.sh   (env: BENCH_CALLS, default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
CALLS="${BENCH_CALLS:-300}"
original="${GAFFER_ORIGINAL_FILES:-../shared/reference/original-files}"
work=$(mktemp -d "${TMPDIR:-/tmp}/gaffer-qc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== build (release, static Swift runtime and Foundation)"
swift build -c release --static-swift-stdlib 2>&1 | grep -E "error:|Compiling gaffer|Build" || true
gaffer="$(swift build -c release --static-swift-stdlib --show-bin-path)/gaffer"
cat > "$work/minimal.swift" <<'SWIFT'
import Foundation
// Reads a file and writes a line: the least a QC command does, with the same runtime and Foundation.
let data = FileManager.default.contents(atPath: CommandLine.arguments[1]) ?? Data()
FileHandle.standardOutput.write(Data("\(data.count)\n".utf8))
SWIFT
swiftc -O -static-stdlib "$work/minimal.swift" -o "$work/minimal"
# The front is linked the way this one is: one static executable on FoundationEssentials (Package.swift) — the floor
# for a process built like it.
cat > "$work/essentials.swift" <<'SWIFT'
import FoundationEssentials
let data = (try? Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))) ?? Data()
print(data.count)
SWIFT
swiftc -O -static-executable "$work/essentials.swift" -o "$work/essentials" 2>/dev/null || true
[[ -x "$work/essentials" ]] || { echo "bench/qc.sh: the static FoundationEssentials reference did not build" >&2; exit 1; }

# The floor for a command line built on swift-argument-parser (the project's parser): the same eight options
# parsed, the file read, nothing else — so the figure shows what the parser costs apart from Gaffer's own work.
mkdir -p "$work/parser/Sources/parser"
cat > "$work/parser/Package.swift" <<'SWIFT'
// swift-tools-version:6.2
import PackageDescription
let package = Package(
    name: "parser",
    dependencies: [.package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2")],
    targets: [.executableTarget(name: "parser", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")])])
SWIFT
cat > "$work/parser/Sources/parser/main.swift" <<'SWIFT'
import ArgumentParser
import Foundation
struct QC: ParsableCommand {
    @Option var policy: String
    @Option var metrics: [String]
    @Option var job: String?
    @Option var root: String?
    @Option var stage: String?
    @Option(name: .customLong("job-id")) var jobID: String?
    @Option(name: .customLong("attempt-id")) var attemptID: String?
    @Option var out: String?
    func run() throws {
        let data = FileManager.default.contents(atPath: policy) ?? Data()
        FileHandle.standardOutput.write(Data("\(data.count)\n".utf8))
    }
}
QC.main()
SWIFT
(cd "$work/parser" && swift build -c release --static-swift-stdlib 2>&1 | grep -E "error:" || true)
parser="$work/parser/.build/release/parser"
[[ -x "$parser" ]] || { echo "bench/qc.sh: the swift-argument-parser reference did not build" >&2; exit 1; }

policy="$original/repo/shared/qc_policy.v1.json"
metrics="$original/repo/examples/recast_quality_report.v1.example.json"
"$gaffer" qc --policy "$policy" --metrics "$metrics" --job-id bench-qc-0001 > "$work/report.json" || true
grep -q '"version": "qc_report.v1"' "$work/report.json" || { echo "bench/qc.sh: gaffer qc wrote no report" >&2; exit 1; }

now() { date +%s%N; }
per_call() {  # per_call CMD… → microseconds per call over $CALLS calls
  local start end
  start=$(now)
  for _ in $(seq "$CALLS"); do "$@" > /dev/null 2>&1 || true; done
  end=$(now)
  echo $(( (end - start) / CALLS / 1000 ))
}
# Interleaved rounds, the best of three of each: the figure is the process, not the machine's noise.
# `gaffer` is the front (it answers qc itself); `gaffer-full qc` is the same call through the whole command line.
best_qc=""; best_min=""; best_parser=""; best_full=""; best_ess=""
for _ in 1 2 3; do
  f=$(per_call "$gaffer-full" qc --policy "$policy" --metrics "$metrics" --job-id bench-qc-0001)
  [[ -z "$best_full" || "$f" -lt "$best_full" ]] && best_full=$f
  q=$(per_call "$gaffer" qc --policy "$policy" --metrics "$metrics" --job-id bench-qc-0001)
  m=$(per_call "$work/minimal" "$metrics")
  e=$(per_call "$work/essentials" "$metrics")
  [[ -z "$best_ess" || "$e" -lt "$best_ess" ]] && best_ess=$e
  p=$(per_call "$parser" --policy "$policy" --metrics "$metrics" --job-id bench-qc-0001)
  [[ -z "$best_qc" || "$q" -lt "$best_qc" ]] && best_qc=$q
  [[ -z "$best_min" || "$m" -lt "$best_min" ]] && best_min=$m
  [[ -z "$best_parser" || "$p" -lt "$best_parser" ]] && best_parser=$p
done
echo
echo "gaffer qc (original policy + recast report), per call: ${best_qc} µs   (best of 3 rounds of $CALLS)"
echo "gaffer-full qc (the whole command line), per call: ${best_full} µs"
echo "minimal static Swift process (reads the file),  per call: ${best_min} µs"
echo "minimal static executable on FoundationEssentials (the front's linking), per call: ${best_ess} µs"
echo "the same eight options parsed by swift-argument-parser, per call: ${best_parser} µs"
awk -v q="$best_qc" -v m="$best_min" -v p="$best_parser" -v f="$best_full" -v e="$best_ess" 'BEGIN { printf "ratio gaffer qc / minimal process: %.2fx; gaffer qc / minimal static executable: %.2fx (beyond its start-up: %.2f ms); gaffer-full qc / gaffer qc: %.2fx; swift-argument-parser alone: %.2f ms\n", q / m, q / e, (q - e) / 1000, f / q, (p - m) / 1000 }'
