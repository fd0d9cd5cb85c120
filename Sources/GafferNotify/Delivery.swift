import Crypto
import Foundation
import GafferContracts
import GafferStore

/// One notification as it goes out (pure): its stable id, its JSON body, its signature.
public struct Delivery: Sendable, Equatable {
    /// `<hook>-<event sequence>-<kind>`: the same for every retry of it, so a receiver drops duplicates.
    public var id: String
    public var kind: NotificationKind
    public var body: Data
    /// `sha256=<hex HMAC-SHA256 of the body>` when the hook has a secret.
    public var signature: String?

    public init(hook: NotifySettings.Hook, event: EventRecord, kind: NotificationKind) {
        id = "\(hook.name)-\(event.sequence ?? 0)-\(kind.rawValue)"
        self.kind = kind
        var members: [String: JSONValue] = [
            "delivery_id": .string(id), "event": .string(kind.rawValue), "job_id": .string(event.jobID), "at": .string(event.ts),
            "recorded_event": .string(event.event.rawValue), "sequence": .number(Double(event.sequence ?? 0)),
            "state": event.toState.map { .string($0.rawValue) } ?? .null, "stage": event.stage.map { .string($0.rawValue) } ?? .null,
            "attempt_id": event.attemptID.map(JSONValue.string) ?? .null,
        ]
        for key in ["escalation_id", "by", "note", "action", "reasoning", "cause", "escalation_reason", "platform", "post_url"] {
            if let value = event.details[key] { members[key] = value }
        }
        body = JSONValue.object(members).serialized(pretty: false)
        signature = hook.secret.map { Self.sign(body, secret: $0) }
    }

    /// A test delivery (`gaffer notify test`).
    public init(testFor hook: NotifySettings.Hook, at: String) {
        id = "\(hook.name)-test-\(UUID().uuidString.lowercased())"
        kind = .jobCompleted
        body = JSONValue.object([
            "delivery_id": .string(id), "event": "test", "at": .string(at), "note": "gaffer notify test: this hook is reachable",
        ]).serialized(pretty: false)
        signature = hook.secret.map { Self.sign(body, secret: $0) }
    }

    public static func sign(_ body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The deliveries one recorded event makes for `hook`.
    public static func of(_ event: EventRecord, for hook: NotifySettings.Hook) -> [Delivery] {
        NotificationKind.of(event: event.event, from: event.fromState, to: event.toState)
            .filter(hook.events.contains)
            .map { Delivery(hook: hook, event: event, kind: $0) }
    }
}
