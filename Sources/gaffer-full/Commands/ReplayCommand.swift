import ArgumentParser
import Foundation
import GafferCLICore
import GafferContracts
import GafferLoop

/// `gaffer replay`: every recorded attempt of a sandbox judged again under another policy — the CI check of a
/// policy change.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-decide every recorded attempt under another policy and list what would change.",
        discussion: """
            Reads the store and each attempt's production_metrics.v1.json; writes nothing. One line per attempt, then \
            "N attempts, N would change, N skipped". Exit 0 when nothing would change, 3 when something would, \
            2 when the policy is invalid or an attempt cannot be judged (its job, workflow or metrics unreadable).
            """)

    @OptionGroup var sandbox: SandboxOptions
    @Option(help: "The QC policy to judge the recorded attempts under.") var policy: String
    @Option(help: "Workflows folder (default: <sandbox>/workflows).") var workflows: String?
    @Option(name: .customLong("max-retries"), help: "The retry cap the recorded run used, if it set one (default: the policy's).")
    var maxRetries: Int?
    @Option(name: .customLong("job"), help: "Only this job (repeatable).") var jobs: [String] = []
    @Flag(help: "Print only the attempts that would change, and the closing line.") var quiet = false
    @Flag(help: "One JSON object per attempt instead of text.") var json = false

    func run() async throws {
        let replayPolicy = try ContractDecoder.policy(from: InputFiles.read(policy), source: policy)
        let store = try await sandbox.openStore()
        let replay = PolicyReplay(
            layout: sandbox.layout, policy: replayPolicy, workflowsFolder: workflows, maxRetries: maxRetries)
        let result = try await replay.run(store: store, jobIDs: Set(jobs))
        for attempt in result.attempts where !quiet || attempt.changes {
            Console.out(json ? String(decoding: attempt.json.serialized(pretty: false), as: UTF8.self) : attempt.line)
        }
        for miss in result.unjudged {
            Console.error("\(miss.jobID)\(miss.attemptID.map { " \($0)" } ?? ""): cannot be judged: \(miss.reason)")
        }
        let skipped = result.attempts.filter { $0.skip != nil }.count
        Console.out("\(result.attempts.count) attempts, \(result.changed.count) would change under \(replayPolicy.policyID), \(skipped) skipped" + (result.unjudged.isEmpty ? "" : ", \(result.unjudged.count) cannot be judged"))
        if !result.unjudged.isEmpty { throw CommandFailure(status: .invalidInput, message: "the replay is incomplete: \(result.unjudged.count) cannot be judged") }
        if !result.changed.isEmpty { throw CommandFailure(status: .needsPerson, message: "\(result.changed.count) of \(result.attempts.count) attempts would be decided otherwise under \(policy)") }
    }
}
