import Crypto
import Foundation
import GafferContracts
import GafferStore

/// SHA-256 of a job file's bytes, hex: what the store keeps at admission to notice a later edit.
enum ContentDigest {
    static func of(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}

extension ContentDigest {
    /// SHA-256 (hex) of a file, read in 1 MiB pieces (an output of gigabytes is not held in memory); nil when it
    /// cannot be read.
    static func ofFile(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let piece: Data?
            do { piece = try handle.read(upToCount: 1 << 20) } catch { return nil }
            // nil (or empty) at the end of the file.
            guard let piece, !piece.isEmpty else { break }
            hasher.update(data: piece)
        }
        return hex(hasher.finalize())
    }
}

extension ContentDigest {
    /// The digest of the current output of each stage the waivers name (SPEC §7: a waiver holds while the output it was
    /// granted on stays): `judged`'s from `judgedDigest` (this attempt's output), the others' accepted outputs.
    static func ofWaivedOutputs(
        _ waivers: [GateWaiver], judged: StageName, judgedDigest: () -> String?, accepted: [AcceptedOutput], layout: SandboxLayout
    ) -> [StageName: String] {
        let stages = Set(waivers.map(\.stage))
        var digests: [StageName: String] = [:]
        if stages.contains(judged) { digests[judged] = judgedDigest() }
        for output in accepted where output.stage != judged && stages.contains(output.stage) {
            digests[output.stage] = ofFile(layout.path(output.path))
        }
        return digests
    }
}
