import AsyncHTTPClient
import Foundation
import GafferContracts
import GafferEngines
import GafferLoop
import GafferStore
import Logging
import NIOCore
import NIOHTTP1

/// `engine: http_job` (SPEC §13.3): a hosted generation API (Replicate, fal, Runway, Luma…) as a supervised attempt.
///
/// Submit once — with an idempotency key derived from the attempt's key, the provider's id recorded durably before
/// the first poll, so the attempt after a restart polls instead of submitting — then poll until a terminal status,
/// and download the output (size-capped) into the attempt folder, where it is checked like any output. 429 and 5xx
/// on submit, or a provider that cannot be reached, snooze the attempt; other 4xx on submit are `invalid_input`.
/// Ending early (timeout, stall, cancellation) calls the provider's cancel. Secrets (`${VAR}`) never reach the log,
/// the metrics or an escalation.
public struct HTTPJobEngine: RemoteEngine {
    let http: HTTPClient

    public init(http: HTTPClient = .shared) {
        self.http = http
    }

    typealias Ending = RemoteEnding

    public func run(_ attempt: RemoteAttempt) async -> RemoteRun {
        let started = ContinuousClock.now
        let log = EngineLog(path: attempt.logPath, engine: "http_job")
        var facts: [String: JSONValue] = [:]
        let ending: Ending
        if let settings = attempt.stage.httpJob {
            ending = await hold(attempt, settings: settings, log: log, facts: &facts, started: started)
        } else {
            ending = .refused("the stage has no http_job settings")
        }
        return ending.run(wallSeconds: (ContinuousClock.now - started).inSeconds, facts: facts, log: log)
    }

    func hold(
        _ attempt: RemoteAttempt, settings: HTTPJobSettings, log: EngineLog, facts: inout [String: JSONValue],
        started: ContinuousClock.Instant
    ) async -> Ending {
        let journal = ProviderJournal(folder: attempt.journalFolder, key: attempt.key)
        var template = RequestTemplate(
            environment: attempt.environment, params: attempt.params,
            values: ["job_id": attempt.jobID, "attempt_id": attempt.attemptID, "stage": attempt.stage.name.rawValue])
        let idempotencyKey = "gaffer-" + ProviderJournal.digest(attempt.key)
        let providerID: String
        do {
            if let recorded = journal.recorded() {
                providerID = recorded
                log.line("the provider already has this attempt's job as \(recorded): polling it, not submitting again")
                facts["adopted"] = true
            } else {
                var headers = settings.submit.headers
                if let name = settings.idempotencyHeader { headers[name] = idempotencyKey }
                let body = try settings.submit.body.map { try template.fill(body: $0) }
                log.line("\(settings.submit.method) \(template.redacted(settings.submit.url)) (headers: \(headers.keys.sorted().joined(separator: ", ")))")
                let answer = try await send(settings.submit.method, try template.fill(settings.submit.url), headers: headers, template: template, body: body)
                log.line("submit answered HTTP \(answer.status)")
                if answer.status == 429 || answer.status >= 500 {
                    return .busy("the provider answered the submit with HTTP \(answer.status)\(Self.retryAfter(answer))")
                }
                guard (200..<300).contains(answer.status) else {
                    return .refused("the provider refused the submit: HTTP \(answer.status) \(answer.text.prefix(300))")
                }
                let reply = try answer.json()
                guard let id = Self.string(at: settings.id, in: reply) else {
                    return .failed("the submit answer has no job id at \(settings.id): \(answer.text.prefix(300))")
                }
                providerID = id
                // Durable before the first poll: a Gaffer killed from here on polls this id after its restart.
                try journal.record(id, submitURL: template.redacted(settings.submit.url))
                log.line("submitted: provider job \(id)")
            }
        } catch let missing as RequestTemplate.Missing {
            return .refused(missing.description)
        } catch let unreachable as RemoteHTTP.Unreachable {
            return .busy(unreachable.description)
        } catch is CancellationError {
            return .interrupted
        } catch {
            return .failed("\(error)")
        }
        facts["provider_id"] = .string(providerID)
        template.values["id"] = providerID
        if facts["adopted"] == nil {
            // A job submitted this instant is not done: the first poll waits one interval.
            do {
                try await Task.sleep(for: .milliseconds(Int64(settings.poll.intervalSeconds * 1000)))
            } catch {
                return await end(.interrupted, settings: settings, template: template, log: log)
            }
        }
        return await follow(attempt, settings: settings, template: template, log: log, facts: &facts, started: started)
    }

    /// Polls until the job ends, the attempt's time runs out, or it is cancelled.
    func follow(
        _ attempt: RemoteAttempt, settings: HTTPJobSettings, template: RequestTemplate, log: EngineLog,
        facts: inout [String: JSONValue], started: ContinuousClock.Instant
    ) async -> Ending {
        var interval = Duration.milliseconds(Int64(settings.poll.intervalSeconds * 1000))
        var lastAnswer = ContinuousClock.now
        var lastStatus: String?
        while true {
            if ContinuousClock.now - started > attempt.timeout { return await end(.timedOut, settings: settings, template: template, log: log) }
            if let stall = attempt.stall, ContinuousClock.now - lastAnswer > stall {
                return await end(.stalled, settings: settings, template: template, log: log)
            }
            do {
                let url = try template.fill(settings.poll.url)
                let answer = try await send("GET", url, headers: settings.poll.headers, template: template, body: nil)
                if answer.status == 429 || answer.status >= 500 {
                    log.line("poll answered HTTP \(answer.status)\(Self.retryAfter(answer)): backing off")
                    interval = min(interval * 2, .seconds(60))
                } else if !(200..<300).contains(answer.status) {
                    return .failed("the provider answered a poll of \(template.redacted(settings.poll.url)) with HTTP \(answer.status): \(answer.text.prefix(300))")
                } else {
                    lastAnswer = .now
                    interval = .milliseconds(Int64(settings.poll.intervalSeconds * 1000))
                    let reply = try answer.json()
                    let status = Self.string(at: settings.status, in: reply) ?? "?"
                    if status != lastStatus {
                        log.line("status \(status)")
                        lastStatus = status
                    }
                    if let cost = settings.cost.flatMap({ try? JSONPointer(parsing: $0) })?.resolve(in: reply), cost != .null {
                        facts["cost"] = cost
                    }
                    if settings.succeeded.contains(status) {
                        return await download(reply, attempt: attempt, settings: settings, template: template, log: log, facts: &facts)
                    }
                    if settings.failed.contains(status) {
                        let message = settings.error.flatMap { Self.text(at: $0, in: reply) }
                        return .failed("the provider's job \(template.values["id"] ?? "?") ended \(status)\(message.map { ": \($0)" } ?? "")")
                    }
                }
            } catch let unreachable as RemoteHTTP.Unreachable {
                // Gone mid-job: snooze; the journal keeps the id, the next attempt polls it.
                return .busy(unreachable.description)
            } catch is CancellationError {
                return await end(.interrupted, settings: settings, template: template, log: log)
            } catch {
                return .failed("\(error)")
            }
            do {
                try await Task.sleep(for: min(interval, max(.milliseconds(50), attempt.timeout - (ContinuousClock.now - started))))
            } catch {
                return await end(.interrupted, settings: settings, template: template, log: log)
            }
        }
    }

    func download(
        _ reply: JSONValue, attempt: RemoteAttempt, settings: HTTPJobSettings, template: RequestTemplate, log: EngineLog,
        facts: inout [String: JSONValue]
    ) async -> Ending {
        guard let url = Self.string(at: settings.outputURL, in: reply) else {
            return .failed("the provider's job succeeded without an output URL at \(settings.outputURL)")
        }
        do {
            var headers: [String: String] = [:]
            for (name, value) in settings.downloadHeaders { headers[name] = try template.fill(value) }
            let answer = try await send("GET", url, headers: headers, template: template, body: nil, limit: settings.maxDownloadBytes)
            guard answer.status == 200 else { return .failed("downloading the output answered HTTP \(answer.status)") }
            try AtomicFile.write(Data(answer.body.readableBytesView), to: attempt.outputPath)
            facts["output_bytes"] = .number(Double(answer.body.readableBytes))
            log.line("downloaded the output (\(answer.body.readableBytes) bytes) → \((attempt.outputPath as NSString).lastPathComponent)")
            return .succeeded
        } catch is RemoteHTTP.TooLarge {
            return .failed("the output is larger than max_download_bytes (\(settings.maxDownloadBytes)): not downloaded")
        } catch let unreachable as RemoteHTTP.Unreachable {
            return .busy(unreachable.description)
        } catch {
            return .failed("downloading the output: \(error)")
        }
    }

    /// Cancels the provider's job before the attempt ends early, outside the (possibly cancelled) attempt task.
    func end(_ ending: Ending, settings: HTTPJobSettings, template: RequestTemplate, log: EngineLog) async -> Ending {
        guard let cancel = settings.cancel else { return ending }
        let engine = self
        await Task {
            do {
                let answer = try await engine.send(cancel.method, try template.fill(cancel.url), headers: cancel.headers, template: template,
                                                   body: try cancel.body.map { try template.fill(body: $0) })
                log.line("\(cancel.method) \(template.redacted(cancel.url)) (\(ending)): HTTP \(answer.status)")
            } catch {
                log.line("could not cancel the provider's job: \(error)")
            }
        }.value
        return ending
    }

    func send(
        _ method: String, _ url: String, headers: [String: String], template: RequestTemplate, body: JSONValue?, limit: Int = 16 << 20
    ) async throws -> RemoteHTTP.Answer {
        var filled: [String: String] = [:]
        for (name, value) in headers { filled[name] = try template.fill(value) }
        return try await RemoteHTTP.request(http, method: HTTPMethod(rawValue: method), url: url, headers: filled, json: body, limit: limit)
    }

    static func string(at pointer: String, in document: JSONValue) -> String? {
        guard let value = (try? JSONPointer(parsing: pointer))?.resolve(in: document) else { return nil }
        return value.stringValue ?? value.doubleValue.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }
    }

    static func text(at pointer: String, in document: JSONValue) -> String? {
        guard let value = (try? JSONPointer(parsing: pointer))?.resolve(in: document), value != .null else { return nil }
        return value.stringValue ?? value.compactText
    }

    static func retryAfter(_ answer: RemoteHTTP.Answer) -> String {
        answer.retryAfter.map { " (Retry-After: \($0))" } ?? ""
    }
}
