import Testing
@testable import GafferEngines

/// `PIDFloor`: when the older processes' /proc rows may be skipped in the check for an engine's leftovers.
@Suite("PIDFloor")
struct PIDFloorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let leader: Int32
        let elapsed: Duration
        let last: Int32
        let pidMax: Int32
        let floor: Int32?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a young engine, no wrap: its own pid", leader: 5000, elapsed: .milliseconds(20), last: 5100, pidMax: 4_194_304, floor: 5000),
        Case(name: "the newest pid is below the leader: the allocator wrapped", leader: 5000, elapsed: .milliseconds(20), last: 300, pidMax: 4_194_304, floor: nil),
        Case(name: "long enough to have gone all the way round", leader: 5000, elapsed: .seconds(10), last: 5100, pidMax: 4_194_304, floor: nil),
        Case(name: "a small pid space wraps quickly", leader: 5000, elapsed: .milliseconds(40), last: 5100, pidMax: 32_768, floor: nil),
        Case(name: "a small pid space, a very short attempt", leader: 5000, elapsed: .milliseconds(10), last: 5001, pidMax: 32_768, floor: 5000),
        Case(name: "never pid 1", leader: 1, elapsed: .milliseconds(1), last: 10, pidMax: 4_194_304, floor: nil),
    ]

    @Test(arguments: cases)
    func theFloorIsTheLeaderOnlyWhenNoWrapIsPossible(_ c: Case) {
        #expect(PIDFloor.floor(leader: c.leader, elapsed: c.elapsed, lastAllocated: c.last, pidMax: c.pidMax) == c.floor)
    }

    @Test func thisMachineReportsItsNewestPidAndItsPidSpace() throws {
        let last = try #require(ProcessTable.lastAllocatedPID())
        let pidMax = try #require(ProcessTable.pidMax)
        #expect(last > 1 && last <= pidMax)
    }
}
