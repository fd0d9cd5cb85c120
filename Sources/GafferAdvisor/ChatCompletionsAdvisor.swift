import AsyncHTTPClient
import Foundation
import GafferContracts
import GafferLoop
import GafferSupervisor
import NIOCore
import NIOHTTP1

/// An advisor behind the OpenAI-compatible `POST {base_url}/chat/completions` (SPEC §5.4), the protocol OpenAI,
/// Gemini's OpenAI-compatible endpoint, vLLM, Ollama and llama.cpp's server speak. Asks for a JSON object with the
/// proposal's JSON Schema as `response_format` (and once more without it if the server refuses that field), reads
/// the answer leniently, retries 429 and 5xx with back-off — all within `timeoutSeconds`, after which the
/// deterministic decision stands.
public struct ChatCompletionsAdvisor: Advisor {
    public let baseURL: String
    public let model: String
    /// The key, read from the allow-listed variable at start; never logged or recorded.
    let apiKey: String?
    public let timeoutSeconds: Double
    public let promptVersion: String?
    let client: HTTPClient

    public var source: String { "openai:\(baseURL)" }

    /// The most a model's answer may be: past it the answer is cut off and taken as unparseable.
    static let answerLimit = 1 << 20

    public init(
        baseURL: String, model: String, apiKey: String?, timeoutSeconds: Double,
        promptVersion: String = AdvisorSettings.defaultPromptVersion, client: HTTPClient = .shared
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.promptVersion = promptVersion
        self.client = client
    }

    public func advise(_ request: AdvisorRequest) async -> AdvisorAdvice {
        let started = ContinuousClock.now
        let deadline = started.advanced(by: .milliseconds(Int64(timeoutSeconds * 1000)))
        func elapsed() -> Double { started.duration(to: .now).inSeconds }
        func unavailable(_ why: String, raw: String? = nil) -> AdvisorAdvice {
            .unavailable(source: source, model: model, latencySeconds: elapsed(), because: why, raw: raw)
        }
        var withSchema = true
        var attempt = 0
        while true {
            attempt += 1
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return unavailable("No answer within \(timeoutSeconds.formatted()) s (\(attempt - 1) tries).") }
            let answer: (status: UInt, body: String)
            do {
                answer = try await post(body(for: request, withSchema: withSchema), within: remaining)
            } catch is CancellationError {
                return unavailable("Not answered: the attempt was cancelled (shutdown or lost lease).")
            } catch {
                if Task.isCancelled { return unavailable("Not answered: the attempt was cancelled (shutdown or lost lease).") }
                if ContinuousClock.now >= deadline { return unavailable("No answer within \(timeoutSeconds.formatted()) s: \(Self.describe(error)).") }
                return unavailable("Unreachable: \(Self.describe(error)).")
            }
            switch answer.status {
            case 200..<300:
                return advice(from: answer.body, latency: elapsed())
            case 400 where withSchema && answer.body.localizedCaseInsensitiveContains("response_format"):
                withSchema = false  // an older server: ask again, and read the answer leniently
            case 429, 500..<600:
                let pause = Duration.milliseconds(Int64(min(8_000, 250 * (1 << min(attempt - 1, 5)))))
                guard ContinuousClock.now.advanced(by: pause) < deadline else {
                    return unavailable("HTTP \(answer.status) until the timeout (\(attempt) tries).", raw: answer.body)
                }
                do { try await Task.sleep(for: pause) } catch { return unavailable("Not answered: the attempt was cancelled.") }
            default:
                return unavailable("HTTP \(answer.status) from \(baseURL)/chat/completions.", raw: answer.body)
            }
        }
    }

    /// `advisor_proposal.v1`'s schema as a `response_format` carries it (no `$schema`, `$id`); the same every call.
    static let proposalSchema: JSONValue? = {
        guard let text = SchemaCatalog.bundledText(of: .advisorProposal), case .object(var schema)? = try? JSONParser.parse(text) else {
            return nil
        }
        schema.removeValue(forKey: "$schema")
        schema.removeValue(forKey: "$id")
        return .object(schema)
    }()

    /// The request body: the versioned system prompt, the request as the user message, the proposal's schema.
    func body(for request: AdvisorRequest, withSchema: Bool) -> Data {
        let prompt = BundledPrompts.byVersion[promptVersion ?? AdvisorSettings.defaultPromptVersion] ?? ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let user = (try? encoder.encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var object: [String: JSONValue] = [
            "model": .string(model),
            "temperature": 0,
            "messages": .array([
                .object(["role": "system", "content": .string(prompt)]),
                .object(["role": "user", "content": .string(user)]),
            ]),
        ]
        if withSchema, let schema = Self.proposalSchema {
            object["response_format"] = .object([
                "type": "json_schema",
                "json_schema": .object(["name": "advisor_proposal", "strict": false, "schema": schema]),
            ])
        }
        return JSONValue.object(object).serialized(pretty: false)
    }

    func post(_ body: Data, within remaining: Duration) async throws -> (status: UInt, body: String) {
        var request = HTTPClientRequest(url: baseURL + "/chat/completions")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let timeout = TimeAmount.milliseconds(max(1, Int64(remaining.inSeconds * 1000)))
        let response = try await client.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: Self.answerLimit)
        return (response.status.code, String(buffer: bytes))
    }

    /// The proposal in a chat-completions answer, and the tokens it cost.
    func advice(from body: String, latency: Double) -> AdvisorAdvice {
        guard let answer = try? JSONParser.parse(body) else {
            return .unavailable(source: source, model: model, latencySeconds: latency, because: "The server's answer is not JSON.", raw: body)
        }
        let usage = answer["usage"]
        let tokensIn = usage?["prompt_tokens"]?.doubleValue.map { Int($0) }
        let tokensOut = usage?["completion_tokens"]?.doubleValue.map { Int($0) }
        let answeredModel = answer["model"]?.stringValue ?? model
        guard let content = answer["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue else {
            var advice = AdvisorAdvice.unavailable(
                source: source, model: answeredModel, latencySeconds: latency,
                because: "The answer has no choices[0].message.content.", raw: body)
            advice.tokensIn = tokensIn
            advice.tokensOut = tokensOut
            return advice
        }
        return ProposalParser.advice(
            from: content, source: source, model: answeredModel, latencySeconds: latency, tokensIn: tokensIn, tokensOut: tokensOut)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout { return "timed out" }
            if error == .connectTimeout { return "connection timed out" }
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("connection refused") || text.contains("ECONNREFUSED") { return "connection refused" }
        return text
    }
}
