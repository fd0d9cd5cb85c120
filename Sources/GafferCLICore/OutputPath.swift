#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An output path whose folder does not exist is refused before anything is computed or written.
public enum OutputPath {
    /// Why `path` (given as `option`) cannot be written, or nil when it can (or is stdout: nil or `-`).
    public static func problem(_ path: String?, option: String) -> String? {
        guard let path, path != "-" else { return nil }
        if FileStatus(path) == .folder {
            return "\(option) \(path) is a folder; name a file inside it"
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileStatus(folder) == .folder else {
            return "\(option) \(path): folder \(folder) does not exist; create it first"
        }
        return nil
    }
}
