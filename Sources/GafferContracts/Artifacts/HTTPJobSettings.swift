/// An `http_job` stage's engine settings (SPEC §13.3): a hosted generation API driven by submit, poll, download and
/// cancel, declared rather than scripted.
///
/// Strings are templates: `${VAR}` comes from the workflow's `engine_env` allow-list (a token; never logged or
/// written), `{params.NAME}` from the attempt's parameters (a body string that is exactly one is replaced by the
/// parameter's JSON value), `{id}` is the provider's job id, `{job_id}`, `{attempt_id}` and `{stage}` Gaffer's.
public struct HTTPJobSettings: Codable, Hashable, Sendable {
    public struct Request: Codable, Hashable, Sendable {
        public var method: String
        public var url: String
        public var headers: [String: String]
        public var body: JSONValue?

        enum CodingKeys: String, CodingKey { case method, url, headers, body }

        public init(method: String = "GET", url: String, headers: [String: String] = [:], body: JSONValue? = nil) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            url = try c.decode(String.self, forKey: .url)
            body = try c.decodeIfPresent(JSONValue.self, forKey: .body)
            method = try c.decodeIfPresent(String.self, forKey: .method) ?? (body == nil ? "GET" : "POST")
            headers = try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        }
    }

    public struct Poll: Codable, Hashable, Sendable {
        public var url: String
        public var headers: [String: String]
        public var intervalSeconds: Double

        enum CodingKeys: String, CodingKey {
            case url, headers
            case intervalSeconds = "interval_seconds"
        }

        public init(url: String, headers: [String: String] = [:], intervalSeconds: Double = 5) {
            self.url = url
            self.headers = headers
            self.intervalSeconds = intervalSeconds
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            url = try c.decode(String.self, forKey: .url)
            headers = try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
            intervalSeconds = try c.decodeIfPresent(Double.self, forKey: .intervalSeconds) ?? 5
        }
    }

    public var submit: Request
    /// JSON pointer to the provider's job id in the submit answer.
    public var id: String
    public var poll: Poll
    /// JSON pointer to the job's status in a poll answer, and the values that end it.
    public var status: String
    public var succeeded: [String]
    public var failed: [String]
    /// JSON pointer to the output's URL in the answer that says it succeeded.
    public var outputURL: String
    /// Headers of the download (a provider whose files need the token too).
    public var downloadHeaders: [String: String]
    /// JSON pointer to the provider's error message when the job failed.
    public var error: String?
    public var cancel: Request?
    /// JSON pointer to the engine-reported cost, recorded in `engine_metrics.engine_reported.cost`.
    public var cost: String?
    /// The header carrying the idempotency key derived from the job and attempt.
    public var idempotencyHeader: String?
    /// The largest output accepted (default 2 GiB).
    public var maxDownloadBytes: Int

    enum CodingKeys: String, CodingKey {
        case submit, id, poll, status, succeeded, failed, error, cancel, cost
        case outputURL = "output_url"
        case downloadHeaders = "download_headers"
        case idempotencyHeader = "idempotency_header"
        case maxDownloadBytes = "max_download_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        submit = try c.decode(Request.self, forKey: .submit)
        id = try c.decode(String.self, forKey: .id)
        poll = try c.decode(Poll.self, forKey: .poll)
        status = try c.decode(String.self, forKey: .status)
        succeeded = try c.decode([String].self, forKey: .succeeded)
        failed = try c.decodeIfPresent([String].self, forKey: .failed) ?? []
        outputURL = try c.decode(String.self, forKey: .outputURL)
        downloadHeaders = try c.decodeIfPresent([String: String].self, forKey: .downloadHeaders) ?? [:]
        error = try c.decodeIfPresent(String.self, forKey: .error)
        cancel = try c.decodeIfPresent(Request.self, forKey: .cancel)
        cost = try c.decodeIfPresent(String.self, forKey: .cost)
        idempotencyHeader = try c.decodeIfPresent(String.self, forKey: .idempotencyHeader)
        maxDownloadBytes = try c.decodeIfPresent(Int.self, forKey: .maxDownloadBytes) ?? 2 << 30
    }
}
