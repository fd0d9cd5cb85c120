import Crypto
import Foundation

/// SHA-256 of a job file's bytes, hex: what the store keeps at admission to notice a later edit.
enum ContentDigest {
    static func of(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
