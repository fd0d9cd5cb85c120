#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that a reader sees either the old bytes or the new ones, never a torn mix,
/// and a crash at any instant leaves no partial file under the real name.
///
/// A unique temp file in the same folder (so the rename cannot cross file systems and two writers
/// never share a temp name), fsync of the data, rename over the target, fsync of the folder.
/// A file that can be rebuilt from the store (a view) skips both fsyncs (`durable: false`): the rename still
/// makes it atomic for readers and against a crash of the process; after a crash of the machine the loop rebuilds
/// views that do not match the store.
public enum AtomicFile {
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let operation: String
        public let errno: Int32
        public var description: String { "\(path): \(operation) failed: \(String(cString: strerror(errno)))" }
    }

    /// Writes a file that matters only while one attempt runs (its `{params}`, its copy of the job): no temp file
    /// and no fsync — a crash re-runs the attempt in a new folder, so a torn file is never read.
    public static func writeScratch(_ data: Data, to path: String) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(path: path, operation: "open", errno: errno) }
        defer { close(fd) }
        let writeErrno = data.withUnsafeBytes { writeAll(fd, $0) }
        if writeErrno != 0 { throw WriteError(path: path, operation: "write", errno: writeErrno) }
    }

    public static func write(_ data: Data, to path: String, durable: Bool = true) throws(WriteError) {
        let (folder, name) = split(path)
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw WriteError(path: path, operation: "create temp file", errno: errno) }
        let tempPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var committed = false
        defer {
            if !committed { unlink(tempPath) }
        }
        do {
            defer { close(fd) }
            let writeErrno = data.withUnsafeBytes { writeAll(fd, $0) }
            if writeErrno != 0 { throw WriteError(path: path, operation: "write", errno: writeErrno) }
            guard fchmod(fd, 0o644) == 0 else { throw WriteError(path: path, operation: "chmod", errno: errno) }
            if durable {
                guard fsync(fd) == 0 else { throw WriteError(path: path, operation: "fsync", errno: errno) }
            }
        }
        guard rename(tempPath, path) == 0 else { throw WriteError(path: path, operation: "rename", errno: errno) }
        committed = true
        if durable { syncFolder(folder) }
    }

    /// The folder and the name of `path` (a relative name lives in the current folder).
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = path[..<slash]
        return (folder.isEmpty ? "/" : String(folder), String(path[path.index(after: slash)...]))
    }

    /// Writes every byte, retrying short writes and EINTR; returns 0 or the errno of the failure.
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Makes earlier `durable: false` writes of one folder durable together, before the step that relies on them is
    /// recorded: each file's data, then the folder's entries. The first fsync's journal commit carries the others'
    /// renames, so the files of one attempt cost one commit instead of two per file.
    public static func makeDurable(_ paths: [String], in folder: String) throws(WriteError) {
        for path in paths {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw WriteError(path: path, operation: "open", errno: errno) }
            defer { close(fd) }
            guard fsync(fd) == 0 else { throw WriteError(path: path, operation: "fsync", errno: errno) }
        }
        syncFolder(folder)
    }

    /// Makes the rename itself durable. Best effort: some file systems refuse fsync on a folder.
    static func syncFolder(_ folder: String) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
