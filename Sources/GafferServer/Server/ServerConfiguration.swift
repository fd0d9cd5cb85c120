import GafferLoop

/// How `gaffer serve` listens and what it serves.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Who may change things: the one bearer token, or the named operators of a tokens file (SPEC §10).
    public var tokens: OperatorTokens
    public var layout: SandboxLayout
    public var workflowsFolder: String
    public var version: String
    /// The `PATH` searched for `ffmpeg` and `ffprobe` by `/readyz`; nil means this process's `PATH`.
    public var searchPath: String?
    /// Platform names accepted by the handoff API beside `HandoffDesk.knownPlatforms` (e.g. from `GAFFER_PLATFORMS`).
    public var extraPlatforms: Set<String>
    /// The loop running in this process (`run --serve`), woken when an answer is recorded so the job resumes at once.
    public var wakeup: Wakeup?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, tokens: OperatorTokens, layout: SandboxLayout, workflowsFolder: String? = nil,
        version: String, searchPath: String? = nil, extraPlatforms: Set<String> = [], wakeup: Wakeup? = nil
    ) {
        self.wakeup = wakeup
        self.host = host
        self.port = port
        self.tokens = tokens
        self.layout = layout
        self.workflowsFolder = workflowsFolder ?? layout.path("workflows")
        self.version = version
        self.searchPath = searchPath
        self.extraPlatforms = extraPlatforms
    }

    /// One unnamed bearer token (admin).
    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String, layout: SandboxLayout, workflowsFolder: String? = nil,
        version: String, searchPath: String? = nil, extraPlatforms: Set<String> = [], wakeup: Wakeup? = nil
    ) {
        self.init(
            host: host, port: port, tokens: OperatorTokens(single: token), layout: layout, workflowsFolder: workflowsFolder,
            version: version, searchPath: searchPath, extraPlatforms: extraPlatforms, wakeup: wakeup)
    }
}
