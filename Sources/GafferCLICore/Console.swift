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

/// The terminal: results on stdout, diagnostics on stderr. Written with write(2), not `FileHandle`, so the
/// `gaffer` front needs no more than FoundationEssentials.
public enum Console {
    public static func out(_ text: String) { out(Data((text.hasSuffix("\n") ? text : text + "\n").utf8)) }

    public static func out(_ data: Data) { write(data, to: 1) }

    public static func error(_ text: String) { write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8), to: 2) }

    /// Every byte, across short writes and EINTR; a closed pipe ends the attempt quietly (the reader left).
    private static func write(_ data: Data, to descriptor: Int32) {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            guard var next = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                #if canImport(Glibc)
                    let written = Glibc.write(descriptor, next, left)
                #else
                    let written = Darwin.write(descriptor, next, left)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                next += written
                left -= written
            }
        }
    }
}
