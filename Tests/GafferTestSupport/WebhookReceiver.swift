import Foundation
import GafferContracts

/// `scripts/webhook_receiver.py` on a free loopback port: refuses the first `failFirst` deliveries (503), then
/// accepts; logs every request (delivery id, event, job, status, whether the signature checked out).
public final class WebhookReceiver: @unchecked Sendable {
    public let port: Int
    public let log: String
    public var url: String { "http://127.0.0.1:\(port)/hooks/gaffer" }
    private var process: Process?

    /// A port for a receiver that is not started yet: deliveries to it are refused at the socket, and nothing else
    /// can listen on it meanwhile (a port only looked up as free could be another test's server by then).
    public static func reservePort() throws -> LoopbackPort.Reservation { try LoopbackPort.Reservation() }

    public init(log: String, failFirst: Int = 0, secret: String, port reservation: LoopbackPort.Reservation? = nil) async throws {
        let reservation = try reservation ?? LoopbackPort.Reservation()
        self.port = reservation.port
        self.log = log
        reservation.release()
        // The secret goes to this child alone: setenv would change it under a receiver another test starts meanwhile.
        let process = try ChildProcess.start("/usr/bin/env", [
            "WEBHOOK_SECRET=\(secret)", "python3", RepositoryPaths.path("scripts/webhook_receiver.py"), "--port", "\(self.port)", "--log", log, "--fail-first", "\(failFirst)",
        ], stderrPath: log + ".stderr")
        self.process = process
        // Ready when THIS receiver answers (it names its pid: env execs python in place): another server that took the
        // port would answer too.
        for _ in 0..<100 {
            if let answer = try? await HTTP.request("GET", "http://127.0.0.1:\(self.port)/", timeout: 2), answer.status == 200,
               let identity = try? JSONValue.parse(String(decoding: answer.body, as: UTF8.self)),
               identity["receiver"]?.stringValue == "gaffer-webhook-test",
               identity["pid"]?.doubleValue == Double(process.processIdentifier) {
                return
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let stderr = (try? String(contentsOfFile: log + ".stderr", encoding: .utf8)) ?? ""
        throw ProcessLaunchError("the webhook receiver did not answer on port \(self.port) within 10 s\n\(stderr)")
    }

    deinit {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    public struct Request: Sendable, Equatable {
        public let deliveryID: String
        public let event: String
        public let jobID: String?
        public let status: Int
        public let signatureOK: Bool
        public let bodyMatchesHeader: Bool
    }

    /// Every request so far, in order.
    public func requests() -> [Request] {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONValue.parse(String(line)) else { return nil }
            return Request(
                deliveryID: entry["delivery_id"]?.stringValue ?? "", event: entry["event"]?.stringValue ?? "",
                jobID: entry["job_id"]?.stringValue, status: Int(entry["status"]?.doubleValue ?? 0),
                signatureOK: entry["signature_ok"] == .bool(true),
                bodyMatchesHeader: entry["delivery_id"] == entry["body_delivery_id"])
        }
    }
}
