import GafferContracts
import Hummingbird

/// A refusal, reported as `{"error": "…", "path": "/json/pointer"}` with its status. `path` names the member of
/// the request body at fault (RFC 6901; `""` is the whole body) and is present for every 400 about a body.
struct APIError: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var message: String
    var path: JSONPointer?

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: JSONValue] = ["error": .string(message)]
        if let path { body["path"] = .string(path.description) }
        var response = JSONResponse.make(.object(body), status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = #"Bearer realm="gaffer""# }
        return response
    }

    static func badRequest(_ message: String, at path: JSONPointer) -> APIError {
        APIError(status: .badRequest, message: message, path: path)
    }

    static func badRequest(_ message: String, at member: String) -> APIError {
        badRequest(message, at: JSONPointer(tokens: [member]))
    }

    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, message: message) }
    static func conflict(_ message: String) -> APIError { APIError(status: .conflict, message: message) }
    static func unauthorized(_ message: String) -> APIError { APIError(status: .unauthorized, message: message) }
    static func forbidden(_ message: String) -> APIError { APIError(status: .forbidden, message: message) }
}
