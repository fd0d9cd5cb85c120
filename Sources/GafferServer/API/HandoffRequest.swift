import GafferContracts

/// The body of `POST /api/handoffs`: the ledger entry to record and whether it may replace a different URL.
struct HandoffRequest: Sendable, Equatable {
    static let members = ["job_id", "platform", "post_url", "platform_post_id", "author", "niche", "lane", "force"]

    var entry: HandoffRegistry.Entry
    var force: Bool

    init(_ body: JSONBody, postedAt: String) throws(APIError) {
        entry = HandoffRegistry.Entry(
            jobID: try body.requiredString("job_id"), platform: try body.requiredString("platform"),
            postURL: try body.requiredString("post_url"), platformPostID: try body.optionalString("platform_post_id"),
            postedAt: postedAt, author: try body.optionalString("author"), niche: try body.optionalString("niche"),
            lane: try body.optionalString("lane"))
        force = try body.optionalBool("force") ?? false
    }
}
