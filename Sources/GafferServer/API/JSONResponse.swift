import Foundation
import GafferContracts
import Hummingbird

/// API responses: compact JSON with sorted keys, UTF-8, never cached.
///
/// The throwing encoders below are `@inline(never)` and loop instead of `try map { try … }`: inlined into the
/// `async` route handlers, they crashed the Swift 6.3.1 optimiser in release builds (signal 11 in LLVM's
/// coroutine splitting, `emitSetAndGetSwiftErrorValueAround`). Debug builds were not affected.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        let data = value.serialized(pretty: false, sortedKeys: true)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A typed document as JSON (through its own `Encodable` form).
    @inline(never)
    static func value(of encodable: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try JSONParser.parse(encoder.encode(encodable))
    }

    /// An escalation as its `user_action_required.v1` document (validated against the schema, as every artifact is).
    @inline(never)
    static func value(of escalation: UserActionRequired) throws -> JSONValue {
        try JSONParser.parse(ContractEncoder.encode(escalation, as: .userActionRequired))
    }

    /// Escalation documents as a JSON array.
    @inline(never)
    static func array(of escalations: [UserActionRequired]) throws -> JSONValue {
        var values: [JSONValue] = []
        values.reserveCapacity(escalations.count)
        for escalation in escalations { values.append(try value(of: escalation)) }
        return .array(values)
    }

    /// Encodable values as a JSON array.
    @inline(never)
    static func array(of items: [some Encodable]) throws -> JSONValue {
        var values: [JSONValue] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try value(of: item)) }
        return .array(values)
    }
}
