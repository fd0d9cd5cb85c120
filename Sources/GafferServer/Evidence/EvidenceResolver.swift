import Foundation

/// Maps the path of an `/evidence/…` request to a file under `<sandbox>/logs/`, or to nothing.
///
/// Refused (nil, so the route answers 404 and says nothing about what exists): empty, `.` or `..` segments
/// (also percent-encoded), absolute paths, NUL bytes, types outside ``EvidenceMediaType``, anything that is not
/// a regular file, and anything whose real path (symlinks resolved) is not inside the real `logs/` folder.
struct EvidenceResolver: Sendable {
    let logsFolder: String

    init(sandbox: String) { logsFolder = sandbox + "/logs" }

    struct Evidence: Equatable, Sendable {
        var path: String
        var mediaType: EvidenceMediaType
        var size: Int
    }

    /// - Parameter requestPath: the URI path after `/evidence/`, still percent-encoded.
    func resolve(_ requestPath: Substring) -> Evidence? {
        guard !requestPath.isEmpty, !requestPath.hasPrefix("/") else { return nil }
        var segments: [String] = []
        for raw in requestPath.split(separator: "/", omittingEmptySubsequences: false) {
            guard let segment = String(raw).removingPercentEncoding, !segment.isEmpty, segment != ".", segment != "..",
                !segment.contains("/"), !segment.contains("\0")
            else { return nil }
            segments.append(segment)
        }
        guard let name = segments.last, let mediaType = EvidenceMediaType(fileName: name),
            let realLogs = Self.realPath(logsFolder),
            let realFile = Self.realPath(logsFolder + "/" + segments.joined(separator: "/")),
            realFile.hasPrefix(realLogs + "/")
        else { return nil }
        var info = stat()
        guard stat(realFile, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return Evidence(path: realFile, mediaType: mediaType, size: Int(info.st_size))
    }

    /// The canonical absolute path (every symlink resolved), nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
