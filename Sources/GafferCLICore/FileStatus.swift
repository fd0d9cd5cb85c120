#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What is at a path, by stat(2): `FileManager`'s `isDirectory` flag is `ObjCBool` in one Foundation and `Bool` in
/// the other, and this module must build on FoundationEssentials alone.
enum FileStatus: Equatable {
    case missing
    case folder
    case other

    init(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = .missing
            return
        }
        self = (info.st_mode & S_IFMT) == S_IFDIR ? .folder : .other
    }

    /// Why `path` cannot be opened for reading (the system's words), or nil when it can.
    static func unreadableReason(_ path: String) -> String? {
        switch FileStatus(path) {
        case .missing: return "no such file"
        case .folder: return "it is a folder, not a file"
        case .other: break
        }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        close(descriptor)
        return nil
    }
}
