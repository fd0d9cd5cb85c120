import Foundation
import GafferContracts
import Hummingbird

/// A request body read as a JSON object, with accessors whose refusals name the member's JSON path.
struct JSONBody: Sendable {
    /// Bodies larger than this are refused (the API's documents are a few hundred bytes).
    static let maximumSize = 1 << 20

    let members: [String: JSONValue]

    /// Parses `data` and checks it is an object with no members outside `allowed` (a misspelt member would
    /// otherwise be silently ignored).
    init(_ data: Data, allowed: [String]) throws(APIError) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(data)
        } catch {
            throw .badRequest("the body is not JSON: \(error)", at: .root)
        }
        guard case .object(let members) = value else {
            throw .badRequest("the body must be a JSON object, not \(value.typeName)", at: .root)
        }
        for key in members.keys.sorted() where !allowed.contains(key) {
            throw .badRequest("unknown member \"\(key)\"; expected: \(allowed.joined(separator: ", "))", at: key)
        }
        self.members = members
    }

    /// Reads the whole body of `request` (up to ``maximumSize``) and parses it.
    static func read(_ request: Request, allowed: [String]) async throws -> JSONBody {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumSize)
        return try JSONBody(Data(buffer.readableBytesView), allowed: allowed)
    }

    func requiredString(_ key: String) throws(APIError) -> String {
        guard let text = try optionalString(key) else { throw .badRequest("missing: \(key) is required", at: key) }
        return text
    }

    /// The member as a non-empty string; nil when absent or null.
    func optionalString(_ key: String) throws(APIError) -> String? {
        switch members[key] {
        case nil, .null?: return nil
        case .string(let text)?:
            guard !text.isEmpty else { throw .badRequest("\(key) must not be empty", at: key) }
            return text
        case let other?: throw .badRequest("\(key) must be a string, not \(other.typeName)", at: key)
        }
    }

    func optionalBool(_ key: String) throws(APIError) -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case let other?: throw .badRequest("\(key) must be true or false, not \(other.typeName)", at: key)
        }
    }

    func optionalObject(_ key: String) throws(APIError) -> [String: JSONValue]? {
        switch members[key] {
        case nil, .null?: return nil
        case .object(let object)?: return object
        case let other?: throw .badRequest("\(key) must be an object, not \(other.typeName)", at: key)
        }
    }
}
