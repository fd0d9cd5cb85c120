#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GafferContracts

/// The terminal: results on stdout, diagnostics on stderr. Written with write(2), not `FileHandle`, so the
/// `gaffer` front needs no more than FoundationEssentials.
public enum Console {
    public static func out(_ text: String) { out(Data((text.hasSuffix("\n") ? text : text + "\n").utf8)) }

    public static func out(_ data: Data) { write(data, to: 1) }

    public static func error(_ text: String) { write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8), to: 2) }

    /// Every byte, across short writes and EINTR; a closed pipe ends the write quietly (the reader left).
    private static func write(_ data: Data, to descriptor: Int32) {
        _ = data.withUnsafeBytes { AtomicFile.writeAll(descriptor, $0) }
    }
}
