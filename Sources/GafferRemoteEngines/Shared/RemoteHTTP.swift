import AsyncHTTPClient
import Foundation
import GafferContracts
import NIOCore
import NIOHTTP1

/// One HTTP exchange with a remote engine, its faults in the engine's terms. No request carries an `Origin` header
/// (ComfyUI refuses one whose host differs from its own).
enum RemoteHTTP {
    /// The server cannot be reached (refused, reset, timed out): the attempt snoozes.
    struct Unreachable: Error, CustomStringConvertible {
        let description: String
    }

    /// An answer the API does not give (not JSON where JSON is due).
    struct Unexpected: Error, CustomStringConvertible {
        let description: String
    }

    /// The answer is longer than the caller accepts.
    struct TooLarge: Error, CustomStringConvertible {
        let limit: Int
        var description: String { "the answer passed \(limit) bytes" }
    }

    struct Answer: Sendable {
        let status: UInt
        let body: ByteBuffer
        let headers: HTTPHeaders
        var text: String { String(buffer: body) }
        var retryAfter: String? { headers.first(name: "Retry-After") }

        func json() throws -> JSONValue {
            do { return try JSONParser.parse(text) } catch { throw Unexpected(description: "HTTP \(status): the answer is not JSON: \(text.prefix(200))") }
        }
    }

    static func request(
        _ client: HTTPClient, method: HTTPMethod, url: String, headers: [String: String] = [:], json: JSONValue? = nil,
        body: Data? = nil, limit: Int, timeout: TimeAmount = .seconds(30)
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        if let json {
            if request.headers["Content-Type"].isEmpty { request.headers.add(name: "Content-Type", value: "application/json") }
            request.body = .bytes(ByteBuffer(bytes: json.serialized(pretty: false)))
        } else if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let path = URL(string: url).map { $0.path } ?? url
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Unreachable(description: "\(method) \(path): \(describe(error))")
        }
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: limit)
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw TooLarge(limit: limit)
        } catch {
            throw Unreachable(description: "\(method) \(path): the answer broke off: \(describe(error))")
        }
        return Answer(status: response.status.code, body: bytes, headers: response.headers)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout { return "timed out" }
            if error == .connectTimeout { return "connection timed out" }
            if error == .remoteConnectionClosed { return "the server closed the connection" }
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("connection refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        return text
    }
}
