import Foundation
import GafferContracts
import GafferStore

/// Registers platform posts (SPEC §8): the ledger entry, the platform state file and the job's move to POSTED.
public struct HandoffDesk: Sendable {
    public static let knownPlatforms: Set<String> = ["youtube", "tiktok", "instagram", "x", "validation"]

    public let layout: SandboxLayout
    public let store: any JobStore
    public let platforms: Set<String>

    public init(layout: SandboxLayout, store: any JobStore, extraPlatforms: Set<String> = []) {
        self.layout = layout
        self.store = store
        platforms = Self.knownPlatforms.union(extraPlatforms)
    }

    public enum Outcome: Sendable, Equatable {
        case registered
        /// The same post was already registered: nothing changed.
        case unchanged
        /// `--force` replaced a different URL; the correction is recorded.
        case corrected(previousURL: String)
    }

    public enum Refusal: Error, Sendable, CustomStringConvertible {
        case unknownJob(String)
        case notCompleted(String, JobState)
        case badURL(String)
        case unknownPlatform(String, known: [String])
        case conflicting(existing: String)
        /// The job names the platforms it is for, and this is not one of them.
        case notTheJobsPlatform(String, listed: [String])

        public var description: String {
            switch self {
            case .unknownJob(let id): "--job-id \(id): no such job in this sandbox"
            case .notCompleted(let id, let state): "--job-id \(id): the job is \(state.rawValue); only COMPLETED (or POSTED) jobs can be posted"
            case .badURL(let url): "--post-url \(url): must be an absolute http(s) URL"
            case .unknownPlatform(let platform, let known): "--platform \(platform): unknown; known: \(known.joined(separator: ", "))"
            case .conflicting(let existing): "already registered with \(existing); pass --force to record a correction"
            case .notTheJobsPlatform(let platform, let listed):
                "--platform \(platform): the job is for \(listed.joined(separator: ", ")) only; pass --force to register it anyway (recorded)"
            }
        }
    }

    public static func isPostURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return !text.contains(where: \.isWhitespace)
    }

    public func register(_ entry: HandoffRegistry.Entry, force: Bool, runID: String) async throws -> Outcome {
        guard Self.isPostURL(entry.postURL) else { throw Refusal.badURL(entry.postURL) }
        guard platforms.contains(entry.platform) else { throw Refusal.unknownPlatform(entry.platform, known: platforms.sorted()) }
        let lock = try FileLock(path: layout.handoffLockPath)
        defer { withExtendedLifetime(lock) {} }

        guard SandboxLayout.isSafeJobID(entry.jobID), var job = try await store.job(entry.jobID) else { throw Refusal.unknownJob(entry.jobID) }
        guard job.state == .completed || job.state == .posted else { throw Refusal.notCompleted(entry.jobID, job.state) }
        // The job's own `platforms`, as admitted: a post on another platform is refused unless forced, and a forced
        // one says so in its event.
        let listed = job.content.flatMap { try? ContractDecoder.job(from: Data($0.utf8), source: job.sourcePath).platforms } ?? []
        let unlisted = !listed.isEmpty && !listed.contains(entry.platform)
        if unlisted && !force { throw Refusal.notTheJobsPlatform(entry.platform, listed: listed) }
        var registry = try loadRegistry()
        var outcome = Outcome.registered
        if let index = registry.entries.firstIndex(where: { $0.jobID == entry.jobID && $0.platform == entry.platform }) {
            let existing = registry.entries[index]
            if existing.postURL == entry.postURL { return .unchanged }
            guard force else { throw Refusal.conflicting(existing: existing.postURL) }
            outcome = .corrected(previousURL: existing.postURL)
            registry.entries[index] = entry
        } else {
            registry.entries.append(entry)
        }
        registry.updatedAt = Timestamp.now()
        try AtomicFile.write(Self.encode(registry), to: layout.registryPath)

        var state: [String: JSONValue] = [
            "status": "POSTED", "job_id": .string(entry.jobID), "platform": .string(entry.platform),
            "post_url": .string(entry.postURL), "posted_at": .string(entry.postedAt),
        ]
        if let id = entry.platformPostID { state["platform_post_id"] = .string(id) }
        try FileManager.default.createDirectory(atPath: layout.distFolder(entry.jobID), withIntermediateDirectories: true)
        try AtomicFile.write(JSONValue.object(state).serialized(), to: layout.distFolder(entry.jobID) + "/\(entry.platform).state.json")

        let transition = outcome == .registered || job.state == .completed
            ? try job.apply(.posted(platform: entry.platform))
            : try job.apply(.postCorrected(platform: entry.platform))
        job.updatedAt = registry.updatedAt
        job.reason = "posted on \(entry.platform)"
        var details: [String: JSONValue] = ["platform": .string(entry.platform), "post_url": .string(entry.postURL)]
        if case .corrected(let previous) = outcome { details["corrects"] = .string(previous) }
        if unlisted { details["forced"] = .string("the job lists \(listed.joined(separator: ", ")), not \(entry.platform)") }
        try await store.recordHandoff(entry, job: job, transition: transition, event: EventRecord(
            transition, jobID: job.jobID, ts: job.updatedAt, runID: runID, details: details))
        try await ViewWriter(layout: layout, store: store).refresh(job.jobID)
        return outcome
    }

    /// The ledger as it is on disk (validated), or an empty one.
    ///
    /// The original's ledger is kept whole (SPEC §8): its `null` optional fields are read as absent (and dropped
    /// on rewrite), and its entries with a URL that is not http(s) (`file://…`) are kept as they are — the only
    /// fault tolerated; `legacyEntries` names them, and `gaffer validate` still reports them.
    public func loadRegistry() throws -> HandoffRegistry {
        guard let data = FileManager.default.contents(atPath: layout.registryPath) else {
            return HandoffRegistry(updatedAt: Timestamp.now())
        }
        let source = layout.registryPath
        guard case .object(var document) = try ContractDecoder.parse(data, source: source) else {
            return try ContractDecoder.load(HandoffRegistry.self, kind: .handoffRegistry, from: data, source: source)
        }
        if let entries = document["entries"]?.arrayValue {
            document["entries"] = .array(entries.map { entry in
                guard case .object(let fields) = entry else { return entry }
                return .object(fields.filter { $0.value != .null })
            })
        }
        let value = JSONValue.object(document)
        let violations = SchemaCatalog.validator(for: .handoffRegistry).validate(value) + SemanticChecks.of(value, as: .handoffRegistry)
        let faults = violations.filter { !Self.isLegacyURL($0) }
        if !faults.isEmpty { throw ContractError.violations(source: source, faults) }
        return try ContractDecoder.decode(HandoffRegistry.self, from: value, source: source)
    }

    /// Entries whose post URL is not http(s): kept from the original's ledger, flagged by `gaffer handoff list`.
    public static func legacyEntries(_ registry: HandoffRegistry) -> Set<Int> {
        Set(registry.entries.indices.filter { index in
            let url = registry.entries[index].postURL.lowercased()
            return !(url.hasPrefix("http://") || url.hasPrefix("https://"))
        })
    }

    /// A violation that only says a post URL is not http(s) (the original's `file://` entries).
    static func isLegacyURL(_ violation: SchemaViolation) -> Bool {
        let tokens = violation.path.tokens
        return tokens.count == 3 && tokens[0] == "entries" && tokens[2] == "post_url"
    }

    /// The ledger's bytes: validated like every artifact, but for the legacy URLs it was read with.
    public static func encode(_ registry: HandoffRegistry) throws -> Data {
        do {
            return try ContractEncoder.encode(registry, as: .handoffRegistry)
        } catch let error {
            guard case .violations(_, let violations) = error, violations.allSatisfy(isLegacyURL) else { throw error }
            return try JSONParser.parse(try JSONEncoder().encode(registry)).serialized(pretty: true, sortedKeys: true)
        }
    }
}
