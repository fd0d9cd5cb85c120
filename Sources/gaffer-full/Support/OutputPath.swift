import ArgumentParser
import GafferCLICore

extension OutputPath {
    /// The core's check, as the usage error swift-argument-parser prints with the command's usage.
    static func validate(_ path: String?, option: String) throws {
        if let problem = problem(path, option: option) { throw ValidationError(problem) }
    }
}
