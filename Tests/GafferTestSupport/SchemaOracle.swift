import Foundation
import GafferContracts

/// An independent JSON Schema validator to check ours against: `scripts/schema_oracle.py`, which
/// uses Python's `jsonschema` (Draft7Validator with its format checker).
///
/// Nothing here skips: when python3 or jsonschema is missing, every call throws
/// ``SchemaOracle/Unavailable``, whose message says what to install, so the test fails loudly.
public enum SchemaOracle {
    /// The oracle's verdict on one file.
    public struct Verdict: Sendable, Hashable, CustomStringConvertible {
        public let valid: Bool
        /// Sorted, unique RFC 6901 pointers of the violations (`""` is the document root).
        /// `required` and `additionalProperties` faults point at the object that holds them.
        public let paths: [String]

        public init(valid: Bool, paths: [String]) {
            self.valid = valid
            self.paths = paths
        }

        public var description: String { valid ? "valid" : "invalid at \(paths.map { $0.isEmpty ? "/" : $0 })" }
    }

    /// python3 or its jsonschema package is not installed, or the oracle could not run.
    public struct Unavailable: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    /// A run of the oracle that did not produce what was asked for.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let message: String
        public var description: String { message }
    }

    /// The script, in the repository.
    public static let script = RepositoryPaths.path("scripts/schema_oracle.py")

    static let installHint =
        "the schema oracle needs python3 with the jsonschema package (4.18 or later, which brings `referencing`): "
        + "install python3-jsonschema (apt-get install python3-jsonschema where the distribution ships >= 4.18, "
        + "else pip install 'jsonschema>=4.18'); CI installs it"

    /// Throws ``Unavailable`` unless python3 can import jsonschema (and `referencing`, which the script uses).
    /// Probed once per test run.
    public static func requireAvailable() throws {
        try availability.get()
    }

    private static let availability: Result<Void, Unavailable> = Result { try probeAvailability() }
        .mapError { $0 as? Unavailable ?? Unavailable(message: "\(installHint); \($0)") }

    private static func probeAvailability() throws {
        let probe = "import jsonschema, referencing; from jsonschema import Draft7Validator"
        let result: ProcessResult
        do {
            result = try python(["-c", probe])
        } catch {
            throw Unavailable(message: "\(installHint); python3 could not be started: \(error)")
        }
        guard result.status == 0 else {
            let why = result.status == 127 ? "python3 is not on PATH" : "`python3 -c '\(probe)'` failed:\n\(result.stderr)"
            throw Unavailable(message: "\(installHint); \(why)")
        }
    }

    /// `schema_oracle.py validate SCHEMA FILE...`: the verdict on each file, keyed by the path as given.
    /// - Throws: ``Unavailable`` when python3/jsonschema is missing; ``Failure`` when the script's
    ///   output does not give one verdict per file.
    public static func validate(schema: String, files: [String]) throws -> [String: Verdict] {
        guard !files.isEmpty else { return [:] }
        try requireAvailable()
        let result = try python([script, "validate", schema] + files)
        var verdicts: [String: Verdict] = [:]
        for line in result.stdoutLines where line.hasPrefix("{") {
            guard let value = try? JSONParser.parse(line), let file = value["file"]?.stringValue,
                let valid = value["valid"]?.boolValue, let paths = value["paths"]?.arrayValue
            else {
                throw Failure(message: "schema_oracle.py printed a verdict line it should not have: \(line)\n\(result)")
            }
            verdicts[file] = Verdict(valid: valid, paths: paths.compactMap(\.stringValue))
        }
        let missing = files.filter { verdicts[$0] == nil }
        guard missing.isEmpty, result.status == 0 || result.status == 1 else {
            throw Failure(message: "schema_oracle.py validate \(schema) gave no verdict for \(missing.count) of \(files.count) files "
                + "(first: \(missing.first ?? "-"))\n\(result)")
        }
        return verdicts
    }

    /// The same, on a thread of its own: python takes seconds, and a test that waits for it on the cooperative pool
    /// (two threads on two cores) stalls every other test meanwhile.
    public static func validate(schema: String, files: [String]) async throws -> [String: Verdict] {
        try await offThePool { try validate(schema: schema, files: files) }
    }

    public static func checkSchemas(_ folder: String) async throws -> ProcessResult {
        try await offThePool { try checkSchemas(folder) }
    }

    /// `schema_oracle.py check-schemas DIR`: Draft7Validator.check_schema on every `*.schema.json`.
    public static func checkSchemas(_ folder: String) throws -> ProcessResult {
        try requireAvailable()
        return try python([script, "check-schemas", folder])
    }

    /// Runs python3 from PATH, in the repository root.
    public static func python(_ arguments: [String]) throws -> ProcessResult {
        try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments, cwd: RepositoryPaths.root.path)
    }
}
