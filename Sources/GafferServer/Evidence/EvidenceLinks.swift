import Foundation
import GafferLoop

/// URLs under `/evidence/` for files the page shows, given only when the file is there.
struct EvidenceLinks: Sendable {
    static let contactSheetName = "contact_sheet.jpg"

    let layout: SandboxLayout

    /// The contact sheet of one attempt, when it exists.
    func contactSheet(jobID: String, attemptID: String) -> String? {
        guard SandboxLayout.isSafeJobID(jobID), Self.isSafeSegment(attemptID) else { return nil }
        return link(forSandboxPath: "logs/\(jobID)/attempts/\(attemptID)/\(Self.contactSheetName)")
    }

    /// `/evidence/…` for a sandbox-relative path under `logs/` that names an existing file; nil otherwise.
    func link(forSandboxPath relative: String) -> String? {
        let segments = relative.split(separator: "/").map(String.init)
        guard segments.count >= 2, segments[0] == "logs", segments.allSatisfy(Self.isSafeSegment),
            FileManager.default.fileExists(atPath: layout.root + "/" + segments.joined(separator: "/"))
        else { return nil }
        return "/evidence/" + segments.dropFirst().map(HTMLEscaping.urlSegment).joined(separator: "/")
    }

    static func isSafeSegment(_ segment: String) -> Bool {
        !segment.isEmpty && segment != "." && segment != ".." && !segment.contains("/") && !segment.contains("\0")
    }
}
