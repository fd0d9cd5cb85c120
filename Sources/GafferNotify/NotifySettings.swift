import Foundation
import GafferContracts
import Yams

/// The webhooks of a sandbox (SPEC §7 `notify:`), from a YAML file (`gaffer run --notify FILE`, else
/// `<sandbox>/notify.yaml` when it exists):
///
/// ```yaml
/// notify:
///   - name: ops                      # optional; the hook's name in delivery ids (default: hook-1, hook-2, …)
///     url: https://hooks.example/gaffer
///     events: [escalation_opened, approval_requested, job_completed, job_aborted]
///     secret_env: GAFFER_HOOK_SECRET # the HMAC-SHA256 key, read from this variable
/// ```
public struct NotifySettings: Sendable, Equatable {
    public struct Hook: Sendable, Equatable {
        public var name: String
        public var url: URL
        public var events: Set<NotificationKind>
        /// The signing key (from `secret_env`); nil: deliveries are not signed.
        public var secret: String?

        public init(name: String, url: URL, events: Set<NotificationKind>, secret: String?) {
            self.name = name
            self.url = url
            self.events = events
            self.secret = secret
        }
    }

    public var hooks: [Hook]

    public init(hooks: [Hook]) { self.hooks = hooks }

    public static func load(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ContractError) -> NotifySettings {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadable(source: path, reason: "cannot read the notify file")
        }
        return try parse(text, source: path, environment: environment)
    }

    public static func parse(_ text: String, source: String, environment: [String: String]) throws(ContractError) -> NotifySettings {
        func fault(_ path: JSONPointer, _ message: String) -> ContractError {
            .violations(source: source, [SchemaViolation(path: path, message: message)])
        }
        let document: JSONValue
        do { document = try YAMLDecoder().decode(JSONValue.self, from: text) } catch {
            throw .unreadable(source: source, reason: "not valid YAML: \(error)")
        }
        guard case .array(let list)? = document.objectValue?["notify"] else {
            throw fault(.root, "expected notify: [{url, events, secret_env}, …]")
        }
        var hooks: [Hook] = []
        for (index, item) in list.enumerated() {
            let at = JSONPointer.root.appending("notify").appending(index)
            guard let object = item.objectValue else { throw fault(at, "each hook is an object {url, events, secret_env}") }
            for key in object.keys.sorted() where !["name", "url", "events", "secret_env"].contains(key) {
                throw fault(at.appending(key), "unknown member; expected name, url, events, secret_env")
            }
            guard case .string(let text)? = object["url"], let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""),
                url.host != nil
            else { throw fault(at.appending("url"), "an absolute http(s) URL is required") }
            guard case .array(let names)? = object["events"], !names.isEmpty else {
                throw fault(at.appending("events"), "list the events: \(NotificationKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var events: Set<NotificationKind> = []
            for (position, name) in names.enumerated() {
                guard case .string(let raw) = name, let kind = NotificationKind(rawValue: raw) else {
                    throw fault(at.appending("events").appending(position), "one of \(NotificationKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                events.insert(kind)
            }
            var secret: String?
            if let value = object["secret_env"] {
                guard case .string(let variable) = value, !variable.isEmpty else { throw fault(at.appending("secret_env"), "the name of an environment variable") }
                guard let found = environment[variable], !found.isEmpty else {
                    throw fault(at.appending("secret_env"), "\(variable) is not set (it holds the signing key)")
                }
                secret = found
            }
            var name = "hook-\(index + 1)"
            if let value = object["name"] {
                guard case .string(let given) = value, given.range(of: "^[A-Za-z0-9_.-]{1,64}$", options: .regularExpression) != nil else {
                    throw fault(at.appending("name"), "letters, digits, . _ - (it is part of every delivery id)")
                }
                name = given
            }
            guard !hooks.contains(where: { $0.name == name }) else { throw fault(at.appending("name"), "\(name) is used twice") }
            hooks.append(Hook(name: name, url: url, events: events, secret: secret))
        }
        return NotifySettings(hooks: hooks)
    }
}
