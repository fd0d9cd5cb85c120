import Foundation
import GafferContracts

/// Steps that several end-to-end tests take before the command they are about.
extension GafferProcess {
    /// What `gaffer qc` produced for one metrics file.
    public struct QCRun: Sendable {
        /// Absolute path of the `qc_report.v1` written.
        public let reportPath: String
        /// The report, parsed.
        public let report: JSONValue
        public let result: ProcessResult
    }

    /// Writes `metrics` as a production_metrics.v1 file in `folder`, runs `gaffer qc` on it with
    /// `policy`, and returns the report.
    /// - Throws: ``ProcessLaunchError`` when gaffer exits with anything but 0 (pass) or 3 (QC
    ///   failure) or writes no readable report, with everything it printed.
    public static func qcReport(
        in folder: TemporaryFolder, metrics: JSONValue, policy: String = ArtifactFixtures.defaultPolicyPath,
        name: String = "qc", extraArguments: [String] = []
    ) async throws -> QCRun {
        let metricsPath = try folder.write("\(name).production_metrics.v1.json", json: metrics)
        let reportPath = folder.path("\(name).qc_report.v1.json")
        let result = try await runDetached(["qc", "--policy", policy, "--metrics", metricsPath, "--out", reportPath] + extraArguments)
        guard result.status == 0 || result.status == 3 else {
            throw ProcessLaunchError("gaffer qc was expected to exit 0 or 3 while preparing a report:\n\(result)")
        }
        guard let report = try? JSONValue.read(reportPath) else {
            throw ProcessLaunchError("gaffer qc wrote no readable report at \(reportPath):\n\(result)")
        }
        return QCRun(reportPath: reportPath, report: report, result: result)
    }
}

extension JSONValue {
    /// The gate of a `qc_report.v1` (or a policy) with this `gate_id`.
    public func gate(_ gateID: String) -> JSONValue? {
        self["gates"]?.arrayValue?.first { $0["gate_id"]?.stringValue == gateID }
    }
}
