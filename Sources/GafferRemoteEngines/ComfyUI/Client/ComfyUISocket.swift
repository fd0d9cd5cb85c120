import Foundation
import GafferContracts
import Logging
import NIOCore
import WSClient

/// The server's WebSocket (`/ws?clientId=C`): every frame is an event; the stream ends when the socket does.
///
/// ComfyUI sends execution events only to the socket whose clientId posted the prompt, so the socket is opened
/// before the prompt is posted. It sends no pings, and a dying server ends the connection without a close frame.
struct ComfyUISocket: Sendable {
    enum Event: Sendable {
        /// A JSON text frame `{"type", "data"}`.
        case message(type: String, data: JSONValue)
        /// A binary frame (a preview image): a sign of life, nothing to read.
        case binary(Int)
        /// The socket ended: the server closed it, died, or could not be reached.
        case closed(String)
    }

    /// Frames up to 16 MiB are accepted (a 1024² PNG preview is ~2 MB).
    static let maximumFrame = 16 << 20

    /// Connects and streams events until the socket ends or the returned task is cancelled. The first event is
    /// ComfyUI's `status`, so the caller knows the socket is open before it posts.
    static func open(base: String, clientID: String, logger: Logger) -> (events: AsyncStream<Event>, task: Task<Void, Never>) {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(4096))
        let url = base.replacingOccurrences(of: "http://", with: "ws://").replacingOccurrences(of: "https://", with: "wss://")
            + "/ws?clientId=" + clientID
        let task = Task {
            do {
                var configuration = WebSocketClientConfiguration()
                configuration.maxFrameSize = maximumFrame
                try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: maximumFrame) {
                        switch message {
                        case .text(let text):
                            guard let frame = try? JSONParser.parse(text), let type = frame["type"]?.stringValue else { continue }
                            continuation.yield(.message(type: type, data: frame["data"] ?? .null))
                        case .binary(let buffer):
                            continuation.yield(.binary(buffer.readableBytes))
                        }
                    }
                }
                continuation.yield(.closed("the server closed the WebSocket"))
            } catch is CancellationError {
                continuation.yield(.closed("closed by Gaffer"))
            } catch {
                continuation.yield(.closed("the WebSocket failed: \(RemoteHTTP.describe(error))"))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return (events, task)
    }
}
