import Foundation
import GafferStore

/// Where a PostgreSQL store lives: `postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`
/// (`postgresql://` too), as `--store` and `GAFFER_STORE` give it.
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    public enum TLSMode: String, Hashable, Sendable {
        case disable
        case require
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String? = nil, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Whether `text` names a PostgreSQL store (rather than a SQLite file).
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a store URL; the error says what is wrong with it (the password is never echoed).
    public init(url text: String) throws(StoreError) {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw .unavailable("\(Self.redacted(text)) is not a postgres://user@host[:port]/database URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .unavailable("\(Self.redacted(text)): no host (postgres://user@host:5432/database)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .unavailable("\(Self.redacted(text)): no user (postgres://user@host:5432/database)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else {
            throw .unavailable("\(Self.redacted(text)): no database name after the host (postgres://user@host:5432/database)")
        }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value {
            case "disable", "allow", "prefer": tls = .disable
            case "require", "verify-ca", "verify-full": tls = .require
            default: throw .unavailable("\(Self.redacted(text)): sslmode \(item.value ?? "") is not one of disable, require")
            }
        }
        self.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database.removingPercentEncoding ?? database, tls: tls)
    }

    /// `postgres://user@host:port/database` — never the password.
    public var description: String { "postgres://\(username)@\(host):\(port)/\(database)" }

    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? text
    }
}
