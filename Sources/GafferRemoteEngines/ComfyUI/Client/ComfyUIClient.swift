import AsyncHTTPClient
import Foundation
import GafferContracts
import GafferStore
import NIOCore
import NIOHTTP1

/// ComfyUI's HTTP API as a real 0.3.64 server answers it (../shared/reference/comfyui-api.md §1).
struct ComfyUIClient: Sendable {
    let base: String
    let client: HTTPClient
    /// How long one request may take (the attempt's own deadline is enforced around it).
    var requestTimeout: TimeAmount = .seconds(30)

    init(base: String, client: HTTPClient = .shared) {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
        self.client = client
    }

    /// A request to the server; a 5xx answer is a server in trouble (ComfyUI's "Server got itself in trouble"):
    /// unreachable, so the attempt snoozes.
    func send(_ method: HTTPMethod, _ path: String, json: JSONValue? = nil, body: Data? = nil, contentType: String? = nil,
              limit: Int = 64 << 20, timeout: TimeAmount? = nil) async throws -> RemoteHTTP.Answer {
        let answer = try await RemoteHTTP.request(
            client, method: method, url: base + path, headers: contentType.map { ["Content-Type": $0] } ?? [:], json: json, body: body,
            limit: limit, timeout: timeout ?? requestTimeout)
        if answer.status >= 500 {
            throw RemoteHTTP.Unreachable(description: "\(method) \(path): HTTP \(answer.status) \(answer.text.prefix(200))")
        }
        return answer
    }

    // MARK: - The calls the adapter makes

    /// Every node class the server knows, with its input specs.
    func objectInfo() async throws -> [String: JSONValue] {
        try await send(.GET, "/object_info").json().objectValue ?? [:]
    }

    /// The prompt ids running and waiting. `timeout` short for the first contact: an unreachable server is found
    /// in seconds (the HTTP client retries a refused connection until the request's deadline).
    func queue(timeout: TimeAmount? = nil) async throws -> (running: [String], pending: [String]) {
        let items = try await queueItems(timeout: timeout)
        return (items.filter(\.running).map(\.id), items.filter { !$0.running }.map(\.id))
    }

    /// The queue's items: prompt id, the client that posted it, and whether it runs.
    func queueItems(timeout: TimeAmount? = nil) async throws -> [(id: String, client: String?, running: Bool)] {
        let queue = try await send(.GET, "/queue", timeout: timeout).json()
        func items(_ key: String, running: Bool) -> [(id: String, client: String?, running: Bool)] {
            (queue[key]?.arrayValue ?? []).compactMap { item in
                item[1]?.stringValue.map { ($0, item[3]?["client_id"]?.stringValue, running) }
            }
        }
        return items("queue_running", running: true) + items("queue_pending", running: false)
    }

    /// The history entry of a prompt, or nil when the server has none (never ran, or forgotten in a restart).
    func history(_ promptID: String) async throws -> JSONValue? {
        let all = try await send(.GET, "/history/" + (promptID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? promptID)).json()
        return all[promptID]
    }

    enum Submission {
        case queued(number: JSONValue?)
        /// 400, or 200 with non-empty `node_errors` (`queued`: the server runs the outputs that passed): the graph
        /// is refused as it is.
        case refused(JSONValue, queued: Bool)
    }

    func submit(prompt: JSONValue, clientID: String, promptID: String) async throws -> Submission {
        let answer = try await send(
            .POST, "/prompt", json: ["prompt": prompt, "client_id": .string(clientID), "prompt_id": .string(promptID)])
        let body = try answer.json()
        if answer.status == 400 { return .refused(body, queued: false) }
        guard answer.status == 200 else { throw RemoteHTTP.Unexpected(description: "POST /prompt: HTTP \(answer.status) \(answer.text.prefix(200))") }
        if let errors = body["node_errors"]?.objectValue, !errors.isEmpty { return .refused(body, queued: true) }
        return .queued(number: body["number"])
    }

    /// Interrupts the prompt if it is the one running (a no-op otherwise, on the server's side).
    func interrupt(_ promptID: String) async throws {
        _ = try await send(.POST, "/interrupt", json: ["prompt_id": .string(promptID)])
    }

    /// Removes waiting prompts (a running one is not affected).
    func delete(_ promptIDs: [String]) async throws {
        _ = try await send(.POST, "/queue", json: ["delete": .array(promptIDs.map(JSONValue.string))])
    }

    /// One output file, fetched with `/view` into `path` (atomically), at most `limit` bytes.
    func download(filename: String, subfolder: String, type: String, to path: String, limit: Int) async throws -> Int {
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "filename", value: filename), URLQueryItem(name: "subfolder", value: subfolder),
                            URLQueryItem(name: "type", value: type)]
        let answer = try await send(.GET, "/view" + (query.string ?? ""), limit: limit)
        guard answer.status == 200 else {
            throw RemoteHTTP.Unexpected(description: "GET /view \(subfolder.isEmpty ? "" : subfolder + "/")\(filename): HTTP \(answer.status)")
        }
        try AtomicFile.write(Data(answer.body.readableBytesView), to: path)
        return answer.body.readableBytes
    }

    /// Uploads a file as an input; the name the server gave it (`subfolder/name` when in a subfolder).
    func upload(_ path: String) async throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw RemoteHTTP.Unexpected(description: "\(path): cannot read the file to upload") }
        let boundary = "gaffer-\(UUID().uuidString)"
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\((path as NSString).lastPathComponent)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n--\(boundary)--\r\n".utf8))
        let answer = try await send(.POST, "/upload/image", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        let reply = try answer.json()
        guard answer.status == 200, let name = reply["name"]?.stringValue else {
            throw RemoteHTTP.Unexpected(description: "POST /upload/image \(path): HTTP \(answer.status) \(answer.text.prefix(200))")
        }
        let subfolder = reply["subfolder"]?.stringValue ?? ""
        return subfolder.isEmpty ? name : subfolder + "/" + name
    }
}
