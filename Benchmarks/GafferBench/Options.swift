import Foundation

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A bad command line: reported with the usage text.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Command-line options (no ArgumentParser: the target depends only on Gaffer's libraries).
struct Options {
    static let usage = """
        usage: GafferBench [--count N] [--loads N] [--seed N] [--policy PATH]
               GafferBench --write-scenarios DIR [--count N] [--seed N] [--policy PATH]

          --count N              metric sets to decide (default 100000; 1000 with --write-scenarios)
          --loads N              policy loads from JSON for the load baseline (default 1000)
          --seed N               PRNG seed (default \(Options.defaultSeed))
          --policy PATH          qc_policy.v1 file (default policies/qc_policy.v1.json)
          --write-scenarios DIR  write N smoke_scenario.v1 files for `gaffer smoke` and exit
        """
    static let defaultSeed: UInt64 = 20_260_218

    var count: Int?
    var loads = 1_000
    var seed = Options.defaultSeed
    var policyPath: String
    var writeScenarios: String?
    var help = false

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options(policyPath: defaultPolicyPath())
        var rest = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            return next
        }
        func positive(_ flag: String) throws -> Int {
            let text = try value(flag)
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")), number > 0 else {
                throw UsageError("\(flag) needs a positive integer, got \"\(text)\"")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--count": options.count = try positive(argument)
            case "--loads": options.loads = try positive(argument)
            case "--seed":
                let text = try value(argument)
                guard let seed = UInt64(text) else { throw UsageError("--seed needs an unsigned integer, got \"\(text)\"") }
                options.seed = seed
            case "--policy": options.policyPath = absolute(try value(argument))
            case "--write-scenarios": options.writeScenarios = absolute(try value(argument))
            case "-h", "--help": options.help = true
            default: throw UsageError("unknown argument \"\(argument)\"")
            }
        }
        return options
    }

    /// `policies/qc_policy.v1.json` under the working directory, else under the package this file is in.
    static func defaultPolicyPath() -> String {
        let relative = "policies/qc_policy.v1.json"
        if FileManager.default.fileExists(atPath: relative) { return absolute(relative) }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).standardizedFileURL.path
    }

    static func absolute(_ path: String) -> String {
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path
    }
}
