import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs one delivery: JSON, with `X-Gaffer-Delivery`, `X-Gaffer-Event` and, when signed, `X-Gaffer-Signature`.
/// Any 2xx is delivered; anything else (or no answer within `timeout`) is a failure that is retried.
public struct WebhookSender: Sendable {
    let client: HTTPClient
    let timeout: TimeAmount

    public init(client: HTTPClient = .shared, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    public enum Outcome: Sendable, Equatable {
        case delivered(status: Int)
        case failed(String)
    }

    public func send(_ delivery: Delivery, to url: URL) async -> Outcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "gaffer-notify")
        request.headers.add(name: "X-Gaffer-Delivery", value: delivery.id)
        request.headers.add(name: "X-Gaffer-Event", value: delivery.kind.rawValue)
        if let signature = delivery.signature { request.headers.add(name: "X-Gaffer-Signature", value: signature) }
        request.body = .bytes(ByteBuffer(bytes: delivery.body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            _ = try? await response.body.collect(upTo: 64 << 10)
            let status = Int(response.status.code)
            return (200..<300).contains(status) ? .delivered(status: status) : .failed("HTTP \(status)")
        } catch {
            return .failed("\(error)")
        }
    }
}
