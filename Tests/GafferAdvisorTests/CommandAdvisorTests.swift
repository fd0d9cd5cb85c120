import Foundation
import GafferContracts
import GafferSupervisor
import GafferTestSupport
import Testing

@testable import GafferAdvisor

/// SPEC §5.4 `{kind: command}`: the request JSON on stdin, the proposal on stdout, run by the supervised runner
/// with its own timeout and only the allow-listed environment.
struct CommandAdvisorTests {
    static func script(_ folder: TemporaryFolder, _ body: String) throws -> String {
        let path = try folder.write("advise.sh", "#!/bin/sh\n" + body + "\n")
        chmod(path, 0o755)
        return path
    }

    @Test func theRequestArrivesOnStdinAndTheProposalIsReadFromStdout() async throws {
        let folder = try TemporaryFolder("command-advisor")
        let copy = folder.path("request-seen.json")
        let path = try Self.script(folder, #"""
            cat > '\#(copy)'
            echo "thinking…" >&2
            echo "{\"action\": \"ESCALATE_USER\", \"reasoning\": \"seen $ADVISOR_MODE\"}"
            """#)
        setenv("ADVISOR_MODE", "test-mode", 1)
        setenv("GAFFER_NOT_PASSED", "leak", 1)
        let advisor = CommandAdvisor(argv: [path], environmentNames: ["ADVISOR_MODE"], timeoutSeconds: 5)
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(), asking: advisor)
        let record = try #require(outcome.decision.decision.advisor)
        #expect(record.outcome == .recorded && record.proposedAction == .escalateUser, "\(record)")
        #expect(record.source == "command:\(path)")
        #expect(record.proposal?.reasoning == "seen test-mode", "an allow-listed variable reaches the command")
        let seen = try JSONParser.parse(try String(contentsOfFile: copy, encoding: .utf8))
        #expect(seen["qc_report"]?["gates"]?.arrayValue?.isEmpty == false && seen["deterministic"]?["action"] == "RETRY_STAGE")
        #expect(seen["allowed_actions"] == ["RETRY_STAGE", "ESCALATE_USER"], "advisory mode's allow-list")
    }

    @Test func onlyAllowListedVariablesReachTheCommand() async throws {
        let folder = try TemporaryFolder("command-advisor-env")
        let path = try Self.script(folder, #"echo "{\"action\": \"ESCALATE_USER\", \"reasoning\": \"[$GAFFER_NOT_PASSED]\"}""#)
        setenv("GAFFER_NOT_PASSED", "leak", 1)
        let advisor = CommandAdvisor(argv: [path], timeoutSeconds: 5)
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(), asking: advisor)
        #expect(outcome.decision.decision.advisor?.proposal?.reasoning == "[]")
    }

    @Test func aHangingCommandIsKilledAtItsTimeout() async throws {
        let folder = try TemporaryFolder("command-advisor-hang")
        let path = try Self.script(folder, "sleep 120")
        let started = ContinuousClock.now
        let (outcome, _) = await AdvisorFixtures.decide(
            try AdvisorFixtures.input(consent: true), asking: CommandAdvisor(argv: [path], timeoutSeconds: 1))
        // Cut at the timeout, not after the command's 120 s (the bound is loose: a loaded test machine is slow).
        #expect(started.duration(to: .now) < .seconds(60))
        #expect(outcome.action == .retryStage)
        let record = try #require(outcome.decision.decision.advisor)
        #expect(record.outcome == .unavailable && record.note?.contains("killed") == true, "\(record)")
    }

    @Test func aFailingCommandIsUnavailableWithItsOutputKept() async throws {
        let folder = try TemporaryFolder("command-advisor-fail")
        let path = try Self.script(folder, "echo 'no model loaded' >&2; exit 3")
        let (outcome, _) = await AdvisorFixtures.decide(try AdvisorFixtures.input(), asking: CommandAdvisor(argv: [path], timeoutSeconds: 5))
        let record = try #require(outcome.decision.decision.advisor)
        #expect(record.outcome == .unavailable && record.note?.contains("exited 3") == true && record.raw?.contains("no model loaded") == true)
    }
}
