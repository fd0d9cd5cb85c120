import ArgumentParser
import Foundation
import GafferCLICore
import GafferLoop
import GafferServer
import GafferStore
import Logging
import ServiceLifecycle

/// `--host`, `--port`, `--token-file`, `--tokens`: how the ops server listens and whom it lets change things.
struct ServeOptions: ParsableArguments {
    @Option(help: "Address to bind (loopback by default; anything else exposes the API).") var host: String = "127.0.0.1"
    @Option(help: "Port (0 picks a free one).") var port: Int = 8080
    @Option(name: .customLong("token-file"), help: "File holding the bearer token for requests that change something (else GAFFER_TOKEN, else one is generated into <sandbox>/.gaffer-token).")
    var tokenFile: String?
    @Option(help: "A tokens file of named operators, {\"tokens\": [{\"name\", \"sha256\", \"role\": viewer|operator|admin}]} (else GAFFER_TOKENS): `by` is then the token's name.")
    var tokens: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be in 0...65535") }
    }

    /// The token, and where it came from (for the operator's information, never the token itself unless generated).
    func token(layout: SandboxLayout) throws -> (token: String, origin: String) {
        if let tokenFile {
            guard let text = try? String(contentsOfFile: tokenFile, encoding: .utf8),
                case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty
            else { throw CommandFailure.invalid("--token-file \(tokenFile): cannot read a token from it") }
            return (token, "from \(tokenFile)")
        }
        if let token = ProcessInfo.processInfo.environment["GAFFER_TOKEN"], !token.isEmpty {
            return (token, "from GAFFER_TOKEN")
        }
        let path = layout.path(".gaffer-token")
        if let existing = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !existing.isEmpty {
            return (existing, "from \(path)")
        }
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        _ = FileManager.default.createFile(atPath: path, contents: Data((token + "\n").utf8), attributes: [.posixPermissions: 0o600])
        // Generated now: shown once on the terminal that started the server (never logged), and kept in the file.
        return (token, "generated: \(token) (kept in \(path))")
    }

    /// The named operators, when a tokens file is given; else the single token.
    func operators(layout: SandboxLayout) throws -> (tokens: OperatorTokens, origin: String) {
        if let file = tokens ?? ProcessInfo.processInfo.environment["GAFFER_TOKENS"].flatMap({ $0.isEmpty ? nil : $0 }) {
            do {
                let named = try OperatorTokens(file: file)
                return (named, "named operators from \(file): " + named.entries.map { "\($0.name ?? "?") (\($0.role.rawValue))" }.joined(separator: ", "))
            } catch {
                throw CommandFailure.invalid(error.description)
            }
        }
        let (token, origin) = try token(layout: layout)
        return (OperatorTokens(single: token), "token \(origin)")
    }

    /// The ops server as a service, announcing its address on stdout once it listens.
    func server(layout: SandboxLayout, store: any JobStore, logger: Logger, wakeup: Wakeup? = nil) throws -> some Service {
        let (tokens, origin) = try operators(layout: layout)
        let configuration = ServerConfiguration(
            host: host, port: port, tokens: tokens, layout: layout, version: Gaffer.configuration.version,
            extraPlatforms: Set((ProcessInfo.processInfo.environment["GAFFER_PLATFORMS"] ?? "").split(separator: ",").map(String.init)),
            wakeup: wakeup)
        let host = self.host
        return GafferServer.application(configuration: configuration, store: store, logger: logger) { port in
            Console.out("listening on http://\(host):\(port)  (review page: http://\(host):\(port)/ ; \(origin))")
        }
    }
}

