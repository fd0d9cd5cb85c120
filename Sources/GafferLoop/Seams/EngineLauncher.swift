import GafferEngines

/// How an attempt's engine runs (SPEC §13): the supervised process runner today; ComfyUI and HTTP-job adapters
/// next. One method, like `Service`. Cancelling the calling task is graceful shutdown: the engine is stopped and the
/// result says `interrupted`.
public protocol EngineLauncher: Sendable {
    /// Runs `command` to its end and reports what happened. `onStart` is called once the engine runs, with its
    /// pid and process group, for the caller to record; the engine is supervised meanwhile, and the launch returns
    /// only after `onStart` has.
    func launch(_ command: EngineCommand, onStart: @escaping @Sendable (Int32, Int32) async -> Void) async throws -> EngineRun
}

/// The default launcher: a subprocess in its own session and process group, supervised by `EngineRunner`.
public struct ProcessLauncher: EngineLauncher {
    public init() {}

    public func launch(_ command: EngineCommand, onStart: @escaping @Sendable (Int32, Int32) async -> Void) async throws -> EngineRun {
        try await EngineRunner.run(command, onStart: onStart)
    }
}
