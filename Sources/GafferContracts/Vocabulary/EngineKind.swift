/// How a stage's attempt runs (SPEC §13): a supervised process, a ComfyUI server, or a hosted job API.
public enum EngineKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// The stage's argv template, run by the supervised runner (§13.1, the default).
    case process
    /// A graph posted to a ComfyUI server and followed over its WebSocket (§13.2).
    case comfyui
    /// A hosted generation API: submit, poll, download (§13.3).
    case httpJob = "http_job"
}
