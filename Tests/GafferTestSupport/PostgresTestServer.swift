import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A throw-away PostgreSQL cluster for the tests: `initdb` into a temporary folder, a server on a free loopback port,
/// trust authentication for the user `gaffer`, durability off (the tests kill nothing but their own processes).
/// One per test process, started on first use; a watchdog stops it and removes its folder when the test process
/// ends, however it ends. As root (CI), the server runs as the `postgres` system user: PostgreSQL refuses root.
/// When it cannot start, `shared()` throws with the server's log — the tests that need it fail, they do not skip.
public final class PostgresTestServer: Sendable {
    public let port: Int
    public let folder: String
    public static let user = "gaffer"

    private init(port: Int, folder: String) {
        self.port = port
        self.folder = folder
    }

    private static let started = Starting()

    /// The process's server (started by the first caller; later callers wait for it).
    /// How long a test's store may take to connect and migrate a fresh database: the whole suite runs beside it on two
    /// cores (ffmpeg, the ComfyUI and provider stand-ins, OpenCV), and a connect is not what these tests time.
    public static let connectTimeout: Duration = .seconds(90)

    public static func shared() async throws -> PostgresTestServer {
        try await started.server()
    }

    /// A new, empty database on the server; its `postgres://` URL.
    public func createDatabase(_ prefix: String = "gaffer_test") async throws -> String {
        let name = "\(prefix)_\(getpid())_\(Self.counter.next())_\(UInt32.random(in: 0 ... .max))"
        _ = try await psql("CREATE DATABASE \(name)", database: "postgres")
        return "postgres://\(Self.user)@127.0.0.1:\(port)/\(name)"
    }

    /// The database a `createDatabase` URL names.
    public static func database(of url: String) -> String { String(url.split(separator: "/").last ?? "") }

    /// Runs `psql -c sql` against `database`; its output (tuples only, unaligned).
    public func psql(_ sql: String, database: String) async throws -> String {
        let result = try await Self.onThread {
            try ChildProcess.run(
                URL(fileURLWithPath: Self.binary("psql")),
                ["-h", "127.0.0.1", "-p", "\(self.port)", "-U", Self.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql])
        }
        guard result.status == 0 else { throw ServerError("psql \(sql.prefix(60)) failed: \(result.stderr)") }
        return result.stdout
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    // MARK: - Starting

    private actor Starting {
        var task: Task<PostgresTestServer, any Error>?

        func server() async throws -> PostgresTestServer {
            if let task { return try await task.value }
            let task = Task { try await PostgresTestServer.onThread { try PostgresTestServer.start() } }
            self.task = task
            return try await task.value
        }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    private static let counter = Counter()

    /// The newest installed PostgreSQL's programs (Debian keeps them under /usr/lib/postgresql/<version>/bin).
    static func binary(_ name: String) -> String {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted()
        if let newest = versions.last { return "/usr/lib/postgresql/\(newest)/bin/\(name)" }
        return "/usr/bin/\(name)"
    }

    /// A server of the caller's own (not the shared one), which it may stop and start again: for tests of a
    /// database that goes away.
    public static func startPrivate() async throws -> PostgresTestServer {
        try await onThread { try start() }
    }

    /// Stops the server (fast shutdown: connections are cut, as when a database restarts) until `start()`.
    public func stop() async throws {
        try await Self.onThread {
            // The watchdog restarts a server that is gone unless this file says it was stopped on purpose.
            _ = FileManager.default.createFile(atPath: self.folder + "/stopped", contents: nil)
            let result = try Self.run(Self.runAs + [Self.binary("pg_ctl"), "-D", self.folder + "/data", "-m", "fast", "-w", "stop"])
            guard result.status == 0 else { throw ServerError("pg_ctl stop failed: \(result.stderr)") }
        }
    }

    /// Starts it again on the same port, with the same data; returns once it accepts connections.
    public func start() async throws {
        try await Self.onThread {
            try? FileManager.default.removeItem(atPath: self.folder + "/stopped")
            try self.waitUntilReady()
        }
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if try Self.run([Self.binary("pg_isready"), "-q", "-h", "127.0.0.1", "-p", "\(port)"]).status == 0 { return }
            usleep(100_000)
        }
        let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "(no log)"
        throw ServerError("the test PostgreSQL server did not start on 127.0.0.1:\(port): \(log.suffix(3000))")
    }

    /// As root the cluster belongs to the `postgres` user, and every program of it runs as that user.
    private static var runAs: [String] {
        getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : []
    }

    private static func start() throws -> PostgresTestServer {
        guard FileManager.default.isExecutableFile(atPath: binary("initdb")) else {
            throw ServerError("PostgreSQL is not installed (no initdb under /usr/lib/postgresql): run bash scripts/setup.sh")
        }
        var template = Array("/tmp/gaffer-pg-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw ServerError("cannot create a folder for the test cluster")
        }
        let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if getuid() == 0 {
            guard let account = getpwnam("postgres") else {
                throw ServerError("running as root, and there is no postgres user to run the test cluster as")
            }
            guard chown(folder, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
                throw ServerError("cannot hand \(folder) to the postgres user")
            }
        }
        let data = folder + "/data"
        let initdb = try run(runAs + [binary("initdb"), "-D", data, "-U", user, "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"])
        guard initdb.status == 0 else { throw ServerError("initdb failed: \(initdb.stderr)\(initdb.stdout)") }

        let port = try LoopbackPort.free()
        let server = (runAs + [
            binary("postgres"), "-D", data, "-h", "127.0.0.1", "-p", "\(port)", "-k", folder,
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
        ]).map(shellQuoted).joined(separator: " ")
        // The watchdog runs the server (not pg_ctl: a daemon that outlives its starter keeps Foundation's Process
        // from ever seeing the starter end) and starts it again unless it was stopped on purpose; once this test
        // process is gone, however it ended, it stops the server and removes the folder.
        let watchdog = """
            server=""
            while kill -0 \(getpid()) 2>/dev/null; do
              if [ ! -e \(shellQuoted(folder + "/stopped")) ] && { [ -z "$server" ] || ! kill -0 "$server" 2>/dev/null; }; then
                \(server) >> \(shellQuoted(folder + "/server.log")) 2>&1 &
                server=$!
              fi
              sleep 0.2
            done
            [ -n "$server" ] && kill -INT "$server" 2>/dev/null; wait 2>/dev/null; rm -rf \(shellQuoted(folder))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", watchdog]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = PostgresTestServer(port: port, folder: folder)
        try started.waitUntilReady()
        return started
    }

    private static func run(_ argv: [String]) throws -> ProcessResult {
        try ChildProcess.run(URL(fileURLWithPath: argv[0]), Array(argv.dropFirst()))
    }

    private static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }


    /// Blocking work on a thread of its own (not one of the few the Swift concurrency pool has).
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
