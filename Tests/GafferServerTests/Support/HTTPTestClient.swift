import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GafferContracts

/// One answer from the server under test.
struct HTTPReply: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    func json() throws -> JSONValue { try JSONParser.parse(body) }
}

/// URLSession against the server under test (no HummingbirdTesting: it would pull in AsyncHTTPClient).
struct HTTPTestClient: Sendable {
    let port: Int

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 10
        return URLSession(configuration: configuration)
    }()

    var base: String { "http://127.0.0.1:\(port)" }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPReply {
        var request = URLRequest(url: try url(path))
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        return try await send(request)
    }

    /// POSTs `body` (raw text, usually JSON) with `Authorization: Bearer <token>` when a token is given.
    func post(_ path: String, _ body: String, token: String? = ServerFixture.token, authorization: String? = nil) async throws -> HTTPReply {
        var request = URLRequest(url: try url(path))
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let authorization {
            request.setValue(authorization, forHTTPHeaderField: "Authorization")
        } else if let token {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        return try await send(request)
    }

    func post(_ path: String, json: JSONValue, token: String? = ServerFixture.token) async throws -> HTTPReply {
        try await post(path, String(decoding: json.serialized(pretty: false), as: UTF8.self), token: token)
    }

    private func url(_ path: String) throws -> URL {
        guard let url = URL(string: base + path) else { throw FixtureError("bad test URL \(path)") }
        return url
    }

    private func send(_ request: URLRequest) async throws -> HTTPReply {
        let (data, response) = try await Self.session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw FixtureError("not an HTTP response") }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        return HTTPReply(status: http.statusCode, headers: headers, body: data)
    }
}

/// A request written byte for byte on a socket, for paths an HTTP client would normalise (`/evidence/../x`).
/// Runs on its own thread so a blocking read never holds one of the few cooperative threads the server needs.
enum RawHTTP {
    static func get(port: Int, rawPath: String) async throws -> HTTPReply {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try blockingGet(port: port, rawPath: rawPath) })
            }
            thread.start()
        }
    }

    private static func blockingGet(port: Int, rawPath: String) throws -> HTTPReply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FixtureError("socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw FixtureError("connect to port \(port) failed") }
        let request = Array("GET \(rawPath) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else {
            throw FixtureError("short write")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let statusLine = text.split(separator: "\r\n").first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { throw FixtureError("no HTTP status line in \(text.prefix(200))") }
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        return HTTPReply(status: status, headers: [:], body: Data(body.utf8))
    }
}
