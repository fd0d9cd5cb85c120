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

/// A whole file's bytes by open(2)/read(2). `Data(contentsOf:)` parses the path as a URL and stats it first: a tenth
/// of a millisecond of a `gaffer qc` call that reads two small files (bench/qc.sh).
enum FileBytes {
    /// The file's bytes, or the system's reason it cannot be read.
    static func contents(of path: String) -> Result<Data, Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(errno: errno)) }
        defer { close(descriptor) }
        var info = stat()
        var bytes = [UInt8](repeating: 0, count: fstat(descriptor, &info) == 0 ? max(Int(info.st_size), 0) + 1 : 65_536)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if got > 0 {
                count += got
            } else if got == 0 {
                return .success(Data(bytes[..<count]))
            } else if errno != EINTR {
                return .failure(Failure(errno: errno))
            }
        }
    }

    struct Failure: Error {
        let errno: Int32
        var reason: String { String(cString: strerror(errno)) }
    }
}
