import Crypto
import Foundation
import GafferContracts

/// Who may change things through the server, and under what name (SPEC §10).
///
/// Either the one bearer token of `gaffer serve` (nameless, admin: answers carry the `by` the request gives), or a
/// tokens file of named operators: `{"tokens": [{"name": "ana", "sha256": "<hex of the token's SHA-256>",
/// "role": "operator"}]}`. The file holds digests only; a presented token is hashed and compared with every entry in
/// constant time, and is never logged or shown.
public struct OperatorTokens: Sendable {
    public struct Entry: Sendable, Hashable {
        /// The operator's name: what `by` records. Nil for the single unnamed token.
        public let name: String?
        let digest: [UInt8]
        public let role: OperatorRole
    }

    public let entries: [Entry]

    /// The single token of `gaffer serve` (admin, nameless).
    public init(single token: String) {
        entries = token.isEmpty ? [] : [Entry(name: nil, digest: Array(SHA256.hash(data: Data(token.utf8))), role: .admin)]
    }

    /// Reads a tokens file; every fault names the file and the JSON path.
    public init(file path: String) throws(ContractError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(source: path, reason: "cannot read the tokens file")
        }
        try self.init(data: data, source: path)
    }

    public init(data: Data, source: String) throws(ContractError) {
        func fault(_ path: JSONPointer, _ message: String) -> ContractError {
            .violations(source: source, [SchemaViolation(path: path, message: message)])
        }
        let document: JSONValue
        do { document = try JSONParser.parse(data) } catch { throw .unreadable(source: source, reason: "not JSON: \(error)") }
        guard case .array(let list)? = document.objectValue?["tokens"] else {
            throw fault(.root, "expected {\"tokens\": [{\"name\", \"sha256\", \"role\"}, …]}")
        }
        var entries: [Entry] = []
        var names: Set<String> = []
        for (index, item) in list.enumerated() {
            let at = JSONPointer.root.appending("tokens").appending(index)
            guard let object = item.objectValue else { throw fault(at, "each token is an object {name, sha256, role}") }
            for key in object.keys.sorted() where !["name", "sha256", "role"].contains(key) {
                throw fault(at.appending(key), "unknown member; expected name, sha256, role")
            }
            guard case .string(let name)? = object["name"], !name.isEmpty, name != "expiry" else {
                throw fault(at.appending("name"), "a non-empty name is required (and \"expiry\" is reserved)")
            }
            guard names.insert(name).inserted else { throw fault(at.appending("name"), "\(name) is listed twice") }
            guard case .string(let hex)? = object["sha256"], let digest = Self.bytes(hex: hex), digest.count == 32 else {
                throw fault(at.appending("sha256"), "the SHA-256 of the token, 64 hex digits (printf %s \"$TOKEN\" | sha256sum)")
            }
            guard case .string(let roleName)? = object["role"], let role = OperatorRole(rawValue: roleName) else {
                throw fault(at.appending("role"), "one of \(OperatorRole.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            entries.append(Entry(name: name, digest: digest, role: role))
        }
        guard !entries.isEmpty else { throw fault(JSONPointer.root.appending("tokens"), "list at least one token") }
        self.entries = entries
    }

    public enum Verdict: Equatable, Sendable {
        case accepted(Entry)
        case missing
        case malformed
        case wrong
    }

    /// The caller an `Authorization` header names.
    public func identify(authorization header: String?) -> Verdict {
        guard let header else { return .missing }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .malformed }
        let presented = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
        guard !presented.isEmpty else { return .wrong }
        let digest = Array(SHA256.hash(data: Data(presented.utf8)))
        // Every entry is compared (no early exit): the time says nothing about which entry, or how much, matched.
        var found: Entry?
        for entry in entries where BearerToken.constantTimeEqual(entry.digest, digest) { found = found ?? entry }
        return found.map(Verdict.accepted) ?? .wrong
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
