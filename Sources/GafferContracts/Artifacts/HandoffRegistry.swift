/// The `handoff_registry.v1` ledger of platform posts (SPEC §3.6).
public struct HandoffRegistry: Codable, Hashable, Sendable {
    public static let version = "handoff_registry.v1"

    public var version: String = HandoffRegistry.version
    public var updatedAt: String
    public var entries: [Entry]

    public init(updatedAt: String, entries: [Entry] = []) {
        self.updatedAt = updatedAt
        self.entries = entries
    }

    enum CodingKeys: String, CodingKey {
        case version, entries
        case updatedAt = "updated_at"
    }

    /// One post. Unset optional fields are omitted, never null.
    public struct Entry: Codable, Hashable, Sendable {
        public var jobID: String
        public var platform: String
        public var postURL: String
        public var platformPostID: String?
        public var postedAt: String
        public var author: String?
        public var niche: String?
        public var lane: String?

        public init(
            jobID: String, platform: String, postURL: String, platformPostID: String? = nil, postedAt: String,
            author: String? = nil, niche: String? = nil, lane: String? = nil
        ) {
            self.jobID = jobID
            self.platform = platform
            self.postURL = postURL
            self.platformPostID = platformPostID
            self.postedAt = postedAt
            self.author = author
            self.niche = niche
            self.lane = lane
        }

        enum CodingKeys: String, CodingKey {
            case platform, author, niche, lane
            case jobID = "job_id"
            case postURL = "post_url"
            case platformPostID = "platform_post_id"
            case postedAt = "posted_at"
        }
    }
}
