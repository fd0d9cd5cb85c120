import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferNotify

/// `gaffer notify test URL`: one signed test delivery, to check a receiver before relying on it (SPEC §7).
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Webhook notifications.", subcommands: [Test.self])

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Send one test delivery to URL (signed when --secret-env names the key's variable).",
            discussion: "Exit 0 when the receiver answered 2xx, 5 when it did not (the status or error is printed).")
        @Argument(help: "The receiver's http(s) URL.") var url: String
        @Option(name: .customLong("secret-env"), help: "The environment variable holding the HMAC-SHA256 key.") var secretEnv: String?

        func run() async throws {
            guard let target = URL(string: url), ["http", "https"].contains(target.scheme ?? ""), target.host != nil else {
                throw CommandFailure.invalid("\(url): an absolute http(s) URL is required")
            }
            var secret: String?
            if let secretEnv {
                guard let value = ProcessInfo.processInfo.environment[secretEnv], !value.isEmpty else {
                    throw CommandFailure.invalid("--secret-env \(secretEnv): the variable is not set")
                }
                secret = value
            }
            let hook = NotifySettings.Hook(name: "test", url: target, events: [], secret: secret)
            let delivery = Delivery(testFor: hook, at: Timestamp.now())
            switch await WebhookSender().send(delivery, to: target) {
            case .delivered(let status):
                Console.out("delivered \(delivery.id) to \(url): HTTP \(status)" + (secret == nil ? " (unsigned)" : " (signed X-Gaffer-Signature)"))
            case .failed(let why):
                throw CommandFailure(status: .busy, message: "not delivered to \(url): \(why)")
            }
        }
    }
}
