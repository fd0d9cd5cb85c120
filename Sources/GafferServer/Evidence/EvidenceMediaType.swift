/// The kinds of evidence file the server hands out, by extension, with their `Content-Type`.
enum EvidenceMediaType: String, CaseIterable, Sendable {
    case jpeg = "image/jpeg"
    case png = "image/png"
    case mp4 = "video/mp4"
    case log = "text/plain; charset=utf-8"
    case json = "application/json; charset=utf-8"
    case ndjson = "application/x-ndjson; charset=utf-8"

    init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "jpg", "jpeg": self = .jpeg
        case "png": self = .png
        case "mp4": self = .mp4
        case "log", "txt": self = .log
        case "json": self = .json
        case "ndjson": self = .ndjson
        default: return nil
        }
    }

    var contentType: String { rawValue }
}
