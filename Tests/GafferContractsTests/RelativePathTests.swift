import Foundation
import GafferContracts
import Testing

/// The Foundation-free helpers the `gaffer` front relies on agree with what they replace: `NSString`'s path methods
/// and the id patterns as regular expressions.
@Suite("path and id checks without Foundation")
struct RelativePathTests {
    /// (corelibs' `NSString` traps on a path of one relative component, `a`: those are checked on their own below.)
    static let paths = ["/a/b", "/a/b/", "/a", "/", "a/b", "/a/b/c.job.json", "./x/../y", "/work/sandbox/jobs/x.job.json"]

    @Test(arguments: paths)
    func parentAndLastComponentAgreeWithNSString(_ path: String) {
        #expect(RelativePath.parent(of: path) == (path as NSString).deletingLastPathComponent, "parent of \(path)")
        #expect(RelativePath.lastComponent(of: path) == (path as NSString).lastPathComponent, "last component of \(path)")
    }

    @Test func aSingleRelativeComponentHasNoParent() {
        #expect(RelativePath.parent(of: "a") == "")
        #expect(RelativePath.lastComponent(of: "a") == "a")
        #expect(RelativePath.parent(of: "") == "")
    }

    @Test func joinAgreesWithNSString() {
        for (folder, relative) in [("/root", "repo/x.json"), ("/root/", "repo/x.json"), ("root", "x"), ("/", "x")] {
            #expect(RelativePath.join(folder, relative) == (folder as NSString).appendingPathComponent(relative), "\(folder) + \(relative)")
        }
    }

    @Test func staysInsideRefusesAbsolutePathsAndParentSteps() {
        #expect(RelativePath.staysInside("repo/shared/x.json"))
        #expect(RelativePath.staysInside("a..b/c"))
        #expect(!RelativePath.staysInside("/etc/passwd"))
        #expect(!RelativePath.staysInside("repo/../../x"))
        #expect(!RelativePath.staysInside(".."))
    }

    static let names = [
        "motion", "a", "frame_2", "a23456789012345678901234567890123", "a2345678901234567890123456789012", "Motion", "2d",
        "", "mo-tion", "mo tion", "é", "job-000001", "abcdef", "abcde", "-abcdef", "job_000001", "x" + String(repeating: "1", count: 63),
        "x" + String(repeating: "1", count: 64), "JOB-000001", "000000",
    ]

    @Test(arguments: names)
    func stageNamesAndJobIDsAreCheckedAsTheirPatternsSay(_ text: String) throws {
        #expect(StageName.isValid(text) == (text.wholeMatch(of: try Regex(StageName.pattern)) != nil), "stage \(text)")
        #expect(Job.isValidID(text) == (text.wholeMatch(of: try Regex(Job.idPattern)) != nil), "job id \(text)")
    }
}

extension RelativePathTests {
    static let relatives = ["", "a", "a/b", "..", "../a", "a/..", "a/../b", "a..b", ".../a", "a/.../b", "./a", "a//b", "/a", "/", ". .", "a/.."]

    /// The byte scan agrees with the plain rule it replaced: not absolute, no `..` component.
    @Test(arguments: relatives)
    func staysInsideAgreesWithSplittingOnSlashes(_ path: String) {
        let plain = !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
        #expect(RelativePath.staysInside(path) == plain, "\(path)")
    }
}
