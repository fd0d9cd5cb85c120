import Foundation
import GafferLoop
import Logging

/// Chooses how Gaffer logs, once per process: JSON lines when stderr is not a terminal, readable lines with a
/// live progress display when it is. `GAFFER_LOG_LEVEL` (trace…critical) overrides the level.
enum LogSetup {
    static let board = ProgressBoard(enabled: StandardError.isTerminal)

    static let bootstrap: Void = {
        let level = ProcessInfo.processInfo.environment["GAFFER_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let terminal = StandardError.isTerminal
        LoggingSystem.bootstrap { label in
            if terminal {
                var handler = TerminalLogHandler(board: board)
                handler.logLevel = level
                return handler
            }
            var handler = JSONLinesLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
    }()

    static func logger(_ component: String) -> Logger {
        _ = bootstrap
        var logger = Logger(label: "gaffer.\(component)")
        logger[metadataKey: "component"] = .string(component)
        return logger
    }

    static var progress: @Sendable (AttemptProgress) -> Void { { board.update($0) } }
}
