#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GafferContracts

/// The terminal: results on stdout, diagnostics on stderr. Written with write(2), not `FileHandle`, so the
/// `gaffer` front needs no more than FoundationEssentials.
public enum Console {
    public static func out(_ text: String) { write(line(text), to: 1) }

    public static func out(_ data: Data) { _ = data.withUnsafeBytes { AtomicFile.writeAll(1, $0) } }

    public static func error(_ text: String) { write(line(text), to: 2) }

    private static func line(_ text: String) -> String { text.hasSuffix("\n") ? text : text + "\n" }

    /// Every byte, across short writes and EINTR; a closed pipe ends the write quietly (the reader left). The string's
    /// own UTF-8 storage, not a `Data` copy: `Data(text.utf8)` is generic, and its first use costs a short `gaffer qc`
    /// a conformance scan.
    private static func write(_ text: String, to descriptor: Int32) {
        var text = text
        _ = text.withUTF8 { AtomicFile.writeAll(descriptor, UnsafeRawBufferPointer($0)) }
    }
}
